# The README's commands. `make test` and `make check` run nox sessions (noxfile.py, antsibull-nox.toml),
# each in its own virtual environment under .nox/, reused by the next run. Nothing needs root.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The newest Python that ansible-core 2.21 runs on: found by running candidates, not by
# looking them up (pyenv shims exist on PATH but fail for inactive versions).
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null)
NEW_CANDIDATES := python3.13 $(wildcard $(PYENV_ROOT_DIR)/versions/3.13*/bin/python3) python3.12 $(wildcard $(PYENV_ROOT_DIR)/versions/3.12*/bin/python3) python3
runs = $(firstword $(foreach p,$(1),$(shell $(p) -c 'import sys; sys.exit(not ($(2)))' >/dev/null 2>&1 && echo $(p))))
PYTHON ?= $(or $(call runs,$(NEW_CANDIDATES),sys.version_info >= (3, 12)),python3)

# Nothing is written to the home directory: the tools get build/home as theirs (Ansible's state, temp and
# galaxy cache, ansible-test's environments, antsibull's log, pip's cache). They still read the user's
# configuration (pip, git) from XDG_CONFIG_HOME, pyenv's Pythons, and Playwright's browsers.
ifneq ($(HOME),$(CURDIR)/build/home)
export XDG_CONFIG_HOME ?= $(HOME)/.config
export PLAYWRIGHT_BROWSERS_PATH ?= $(HOME)/.cache/ms-playwright
export PYENV_ROOT ?= $(PYENV_ROOT_DIR)
endif
export HOME := $(CURDIR)/build/home
export ANSIBLE_HOME := $(HOME)/.ansible
export ANSIBLE_LOCAL_TEMP := $(ANSIBLE_HOME)/tmp
export ANSIBLE_REMOTE_TEMP := $(ANSIBLE_HOME)/tmp
export ANSIBLE_GALAXY_CACHE_DIR := $(ANSIBLE_HOME)/galaxy_cache
export XDG_CACHE_HOME := $(HOME)/.cache

VENV_NOX := .venv-nox
VENV_DEMO := .venv-demo
NOX := $(VENV_NOX)/bin/python -m nox --reuse-existing-virtualenvs
SESSIONS := $(VENV_NOX)/bin/python tests/tools/sessions.py
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: help test check test-matrix readme-times demo units integration awx sanity lint changelog docs build ee oldest bench bench-bulk bench-account soak fuzz release clean

help: $(VENV_NOX)/.installed
	@echo 'make demo    run the example playbook against the bundled emulator of the Cloudflare API'
	@echo 'make test    every gate: the nox sessions of tests/tools/sessions.py (MAKE_TEST), with the time of each'
	@echo 'make check   the inner loop: unit tests and one family'\''s integration tests (FAMILY=trusted_domains; under 2 minutes)'
	@echo 'make test-matrix   unit and integration tests on ansible-core 2.16, 2.19, 2.20; ansible-test sanity of 2.16 to 2.20'
	@echo 'make readme-times  make test, and its table of session times written into README.md'
	@echo 'make docs    the HTML docsite (build/docsite/build/html), checked in headless Chromium; antsibull-docs lint'
	@echo 'make release REPOSITORY_URL=https://...   the tarball to publish, with its public links (build/release)'
	@echo 'make bench | bench-bulk | bench-account | soak | fuzz   measurements and long random tests (see README)'
	@echo 'make units | integration | awx | sanity | lint | changelog | build | ee | oldest   one gate'
	@echo 'One nox session: $(VENV_NOX)/bin/nox -r -s NAME [-- pytest arguments]. The sessions:'
	@$(VENV_NOX)/bin/nox --list 2>/dev/null | grep '^[*-] '

$(VENV_NOX)/.installed: nox-requirements.txt
	rm -rf $(VENV_NOX)
	$(PYTHON) -m venv $(VENV_NOX)
	$(VENV_NOX)/bin/pip install $(PIP_FLAGS) -r nox-requirements.txt
	touch $@

$(VENV_DEMO)/.installed: requirements.txt
	rm -rf $(VENV_DEMO)
	$(PYTHON) -m venv $(VENV_DEMO)
	$(VENV_DEMO)/bin/pip install $(PIP_FLAGS) ansible-core -r requirements.txt
	touch $@

test: $(VENV_NOX)/.installed
	$(SESSIONS)

readme-times: $(VENV_NOX)/.installed
	$(SESSIONS) --readme

# The inner loop: the unit tests with fewer random cases than make units (600 option sets, 2,000 account states), no
# coverage, on 2 workers; then one family's integration tests (FAMILY: block_senders, trusted_domains, impersonation_registry,
# url_ignore_patterns, content_policies, sending_domain_restrictions, domains; -k matches substrings: domains also selects
# trusted_domains and sending_domain_restrictions).
FAMILY ?= trusted_domains
check: $(VENV_NOX)/.installed
	FUZZ_EXAMPLES=120 MODEL_EXAMPLES=400 $(NOX) -s units -- --no-cov -n 2 tests/unit
	$(NOX) -s integration -- tests/integration/test_sibling_playbooks.py -k $(FAMILY)

test-matrix: $(VENV_NOX)/.installed
	$(SESSIONS) matrix-2.16 matrix-2.19 matrix-2.20 ansible-test-sanity-2.16 ansible-test-sanity-2.17 ansible-test-sanity-2.18 ansible-test-sanity-2.19 ansible-test-sanity-2.20

units integration awx changelog ee oldest: $(VENV_NOX)/.installed
	$(NOX) -s $@
sanity: $(VENV_NOX)/.installed
	$(NOX) -s ansible-test-sanity-2.21
lint: $(VENV_NOX)/.installed
	$(NOX) -s lint ansible-lint extra-checks license-check shellcheck workflows
docs: $(VENV_NOX)/.installed
	$(NOX) -s docs-check docs-browser
build: $(VENV_NOX)/.installed
	$(NOX) -s build-import-check galaxy

release: $(VENV_NOX)/.installed
	@test -n "$(REPOSITORY_URL)" || { echo 'make release needs the public home of the collection: make release REPOSITORY_URL=https://...'; exit 2; }
	$(NOX) -s release -- '$(REPOSITORY_URL)'

demo: $(VENV_DEMO)/.installed
	@mkdir -p build/demo/ansible_collections/cloudflare_one
	@ln -sfn $(CURDIR) build/demo/ansible_collections/cloudflare_one/email_security
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/demo $(VENV_DEMO)/bin/python tests/tools/demo.py

bench: $(VENV_DEMO)/.installed
	@mkdir -p build/demo/ansible_collections/cloudflare_one
	@ln -sfn $(CURDIR) build/demo/ansible_collections/cloudflare_one/email_security
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/demo $(VENV_DEMO)/bin/python tests/tools/bench.py

$(VENV_DEMO)/.bench-installed: $(VENV_DEMO)/.installed tests/tools/bench-requirements.txt
	$(VENV_DEMO)/bin/pip install $(PIP_FLAGS) -r tests/tools/bench-requirements.txt
	touch $@

bench-bulk: $(VENV_DEMO)/.bench-installed
	@mkdir -p build/demo/ansible_collections/cloudflare_one
	@ln -sfn $(CURDIR) build/demo/ansible_collections/cloudflare_one/email_security
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/demo $(VENV_DEMO)/bin/python tests/tools/bench_bulk.py $(BENCH_ARGS)

bench-account: $(VENV_DEMO)/.installed
	@mkdir -p build/demo/ansible_collections/cloudflare_one
	@ln -sfn $(CURDIR) build/demo/ansible_collections/cloudflare_one/email_security
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/demo $(VENV_DEMO)/bin/python tests/tools/bench_account.py $(BENCH_ARGS)

soak: $(VENV_DEMO)/.installed
	@mkdir -p build/demo/ansible_collections/cloudflare_one
	@ln -sfn $(CURDIR) build/demo/ansible_collections/cloudflare_one/email_security
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/demo $(VENV_DEMO)/bin/python tests/tools/soak.py

fuzz: $(VENV_NOX)/.installed
	FUZZ_EXAMPLES=5000 MODEL_EXAMPLES=30000 $(NOX) -s units

clean:
	rm -rf build .nox $(VENV_NOX) $(VENV_DEMO)
