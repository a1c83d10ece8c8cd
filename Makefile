# The README's two commands: `make demo` and `make test`. Both create their own virtual
# environments and install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The newest Python that ansible-core 2.21 runs on: found by running candidates, not by
# looking them up (pyenv shims exist on PATH but fail for inactive versions).
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null)
NEW_CANDIDATES := python3.13 $(wildcard $(PYENV_ROOT_DIR)/versions/3.13*/bin/python3) python3.12 $(wildcard $(PYENV_ROOT_DIR)/versions/3.12*/bin/python3) python3
OLD_CANDIDATES := python3.11 $(wildcard $(PYENV_ROOT_DIR)/versions/3.11*/bin/python3) python3.12 $(wildcard $(PYENV_ROOT_DIR)/versions/3.12*/bin/python3) python3
runs = $(firstword $(foreach p,$(1),$(shell $(p) -c 'import sys; sys.exit(not ($(2)))' >/dev/null 2>&1 && echo $(p))))
PYTHON ?= $(or $(call runs,$(NEW_CANDIDATES),sys.version_info >= (3, 12)),python3)
# ansible-core 2.16, the oldest that meta/runtime.yml claims, runs on Python 3.10 to 3.12.
OLDEST_PYTHON ?= $(or $(call runs,$(OLD_CANDIDATES),(3, 10) <= sys.version_info < (3, 13)),python3)
# The version matrix (make test-matrix): 2.16 is .venv-oldest, 2.21 is .venv; 2.19 runs on
# Python 3.11 (it supports 3.11 to 3.13), 2.20 on 3.12 (it needs 3.12 or newer).
PYTHON_2.19 ?= $(or $(call runs,$(OLD_CANDIDATES),sys.version_info[:2] == (3, 11)),python3)
PYTHON_2.20 ?= $(or $(call runs,$(NEW_CANDIDATES) $(OLD_CANDIDATES),sys.version_info[:2] == (3, 12)),python3)
MATRIX_VENVS := .venv-oldest .venv-core-2.19 .venv-core-2.20 .venv

VENV := .venv
VENV_DEMO := .venv-demo
VENV_OLDEST := .venv-oldest
# Debian's Chromium, for the docs gate (headless); installed when missing.
CHROMIUM := /usr/bin/chromium
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: help test test-matrix demo units integration sanity lint changelog shellcheck build galaxy ee docs oldest bench bench-bulk soak fuzz release clean

help:
	@echo 'make demo    run the example playbook against the bundled emulator of the Cloudflare API'
	@echo 'make test    every quality gate: unit, emulator and integration tests, sanity, lint, changelog, build'
	@echo 'make bench   request counts and wall time of the module against a bare HTTP request'
	@echo 'make test-matrix   unit and integration tests on ansible-core 2.16, 2.19, 2.20 and 2.21'
	@echo 'make docs    the HTML docsite (build/docsite/build/html), checked in headless Chromium'
	@echo 'make release REPOSITORY_URL=https://...   the tarball to publish, with its public links (build/release)'
	@echo 'make bench-bulk   a set of policies: allow_policies against a loop and hand-written uri, 8 accounts; writes docs/benchmarks.md'
	@echo 'make soak    load: allow_policy_info reads 20,000 policies, allow_policies purges 5,000; times and peak RSS'
	@echo 'make fuzz    make units with 5,000 random option sets and 30,000 random account states and tasks (make units runs fewer)'
	@echo 'make units | integration | sanity | lint | changelog | build | galaxy | ee | docs | oldest   one gate'

$(VENV)/.installed: test-requirements.txt requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install $(PIP_FLAGS) -r test-requirements.txt
	touch $@

$(VENV_OLDEST)/.installed: test-requirements-oldest.txt requirements.txt
	rm -rf $(VENV_OLDEST)
	$(OLDEST_PYTHON) -m venv $(VENV_OLDEST)
	$(VENV_OLDEST)/bin/pip install $(PIP_FLAGS) -r test-requirements-oldest.txt
	touch $@

$(VENV_DEMO)/.installed: requirements.txt
	rm -rf $(VENV_DEMO)
	$(PYTHON) -m venv $(VENV_DEMO)
	$(VENV_DEMO)/bin/pip install $(PIP_FLAGS) ansible-core -r requirements.txt
	touch $@

.venv-core-%/.installed: tests/matrix/ansible-core-%.txt requirements.txt
	rm -rf $(@D)
	$(PYTHON_$*) -m venv $(@D)
	$(@D)/bin/pip install $(PIP_FLAGS) -r $<
	touch $@

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

test: $(VENV)/.installed $(VENV_OLDEST)/.installed $(CHROMIUM)
	OLDEST_PYTHON=$(abspath $(VENV_OLDEST))/bin/python $(VENV)/bin/python tests/gates.py

test-matrix: $(VENV)/.installed $(addsuffix /.installed,$(MATRIX_VENVS))
	MATRIX_PYTHONS="$(foreach venv,$(MATRIX_VENVS),$(abspath $(venv))/bin/python)" $(VENV)/bin/python tests/gates.py matrix

units integration sanity lint changelog shellcheck build ee: $(VENV)/.installed
	$(VENV)/bin/python tests/gates.py $@

docs: $(VENV)/.installed $(CHROMIUM)
	$(VENV)/bin/python tests/gates.py docs

oldest galaxy: $(VENV)/.installed $(VENV_OLDEST)/.installed
	OLDEST_PYTHON=$(abspath $(VENV_OLDEST))/bin/python $(VENV)/bin/python tests/gates.py $@

release: $(VENV)/.installed
	@test -n "$(REPOSITORY_URL)" || { echo 'make release needs the public home of the collection: make release REPOSITORY_URL=https://...'; exit 2; }
	$(VENV)/bin/python tests/tools/build_collection.py --repository '$(REPOSITORY_URL)' --output-path build/release

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

soak: $(VENV_DEMO)/.installed
	@mkdir -p build/demo/ansible_collections/cloudflare_one
	@ln -sfn $(CURDIR) build/demo/ansible_collections/cloudflare_one/email_security
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/demo $(VENV_DEMO)/bin/python tests/tools/soak.py

fuzz: $(VENV)/.installed
	FUZZ_EXAMPLES=5000 MODEL_EXAMPLES=30000 $(VENV)/bin/python tests/gates.py units

clean:
	rm -rf build $(VENV) $(VENV_DEMO) $(VENV_OLDEST) .venv-core-*
