# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The quality gates behind ``make test``, run one after another, with a summary at the end.

Usage: ``python tests/gates.py [gate ...]`` from the repository root, with the project's
virtual environment active (the Makefile does it). Each gate runs in a fresh copy of the
repository laid out as ``build/collections/ansible_collections/cloudflare_one/email_security``,
as ansible-test and ansible-playbook expect. Exits non-zero if any gate fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / 'build'
COLLECTIONS = BUILD / 'collections'
LAYOUT = COLLECTIONS / 'ansible_collections' / 'cloudflare_one' / 'email_security'
BIN = Path(sys.executable).parent
FQCN = 'cloudflare_one.email_security'


def lay_out():
    """Copy what git tracks (and new files it does not ignore) into the collection tree; make it a git repo."""
    files = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=REPO,
                           check=True, capture_output=True).stdout.decode().split('\0')
    if LAYOUT.exists():
        shutil.rmtree(LAYOUT)
    LAYOUT.mkdir(parents=True)
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            target = LAYOUT / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git = ['git', '-c', 'user.name=gates', '-c', 'user.email=gates@localhost', '-c', 'init.defaultBranch=main']
    subprocess.run(git + ['init', '-q'], cwd=LAYOUT, check=True)
    subprocess.run(git + ['add', '-A'], cwd=LAYOUT, check=True)
    subprocess.run(git + ['commit', '-q', '-m', 'layout'], cwd=LAYOUT, check=True)


def env(**extra):
    run_env = dict(os.environ)
    run_env['PATH'] = str(BIN) + os.pathsep + run_env.get('PATH', '')
    run_env['ANSIBLE_COLLECTIONS_PATH'] = str(COLLECTIONS)
    run_env['PYTHONPATH'] = str(COLLECTIONS)
    run_env.pop('PYENV_VERSION', None)
    run_env.update(extra)
    return run_env


def run(command, cwd=LAYOUT, **extra):
    print('$ ' + ' '.join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env(**extra), check=False).returncode


class Counts:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add_junit(self, path):
        if not path.exists():
            self.failed += 1
            return
        for suite in ET.parse(path).getroot().iter('testsuite'):
            errors = int(suite.get('errors', 0)) + int(suite.get('failures', 0))
            skipped = int(suite.get('skipped', 0))
            self.failed += errors
            self.skipped += skipped
            self.passed += int(suite.get('tests', 0)) - errors - skipped


COUNTS = Counts()


def pytest_gate(name, paths, python=None, options=()):
    junit = BUILD / 'junit-{0}.xml'.format(name)
    if junit.exists():
        junit.unlink()
    code = run([python or sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', '--junitxml', junit] + list(options) + paths)
    COUNTS.add_junit(junit)
    return code


def gate_units():
    """Unit tests of the plugins (every line and branch covered) and the emulator's own tests."""
    coverage = ['--cov', 'ansible_collections.{0}.plugins'.format(FQCN), '--cov-config', 'tests/coverage.ini', '--cov-fail-under', '100']
    return pytest_gate('units', ['tests/unit', 'tests/emulator'], options=coverage)


def gate_integration():
    return pytest_gate('integration', ['tests/integration'])


def gate_oldest():
    """Unit and integration tests again with the oldest ansible-core that meta/runtime.yml claims."""
    python = os.environ.get('OLDEST_PYTHON')
    if not python:
        print('OLDEST_PYTHON is not set: run this gate through `make test`.')
        return 1
    version = subprocess.run([python, '-c', 'import ansible; print(ansible.__version__)'], capture_output=True, text=True, check=False)
    print('ansible-core {0} on {1}'.format(version.stdout.strip(), python), flush=True)
    return pytest_gate('oldest', ['tests/unit', 'tests/integration'], python=python)


def gate_sanity():
    """Every sanity test of ansible-test, offline, no ignore file.

    ansible-test downloads get-pip.py to bootstrap its test environments; our stand-in takes its
    place in the cache. The Pythons that pyenv has installed are put on PATH ahead of its shims
    (which fail for inactive versions) so that compile and import cover every Python the modules
    claim (tests/config.yml) that this machine has; without pyenv, this venv's Python alone.
    """
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel,import-error
    python = '{0}.{1}'.format(*sys.version_info[:2])
    pip_version = get_venv_packages(SimpleNamespace(version=python))['pip']
    cache = Path.home() / '.ansible' / 'test' / 'cache'
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / 'tests' / 'tools' / 'get_pip_offline.py', cache / 'get_pip_{0}.py'.format(pip_version.replace('.', '_')))
    pyenv_versions = sorted(Path(os.environ.get('PYENV_ROOT', Path.home() / '.pyenv')).glob('versions/3.*/bin'))
    if not pyenv_versions:
        return run(['ansible-test', 'sanity', '--python', python, '--color', 'no'])
    path = os.pathsep.join([str(BIN)] + [str(version) for version in pyenv_versions] + [os.environ.get('PATH', '')])
    return run(['ansible-test', 'sanity', '--color', 'no'], PATH=path)


def gate_lint():
    return run(['ansible-lint', '--offline', '--profile', 'production'])


def gate_changelog():
    return run(['antsibull-changelog', 'lint']) or run(['antsibull-changelog', 'lint-changelog-yaml', '--strict', 'changelogs/changelog.yaml'])


def gate_shellcheck():
    return run(['shellcheck', '.ci/run'])


def gate_build():
    """The collection builds, the tarball installs, and ansible-doc shows the shared options."""
    with tempfile.TemporaryDirectory() as tmp:
        code = run(['ansible-galaxy', 'collection', 'build', '--output-path', tmp])
        tarballs = list(Path(tmp).glob('*.tar.gz'))
        if code or len(tarballs) != 1:
            return code or 1
        with tarfile.open(tarballs[0]) as tar:
            shipped = tar.getnames()
        unwanted = [name for name in shipped if name.startswith(('tests/output', 'build/', '.venv')) or '__pycache__' in name]
        if unwanted:
            print('The tarball ships build or test output: {0}'.format(unwanted[:5]))
            return 1
        installed = Path(tmp) / 'installed'
        # Away from the laid-out tree, which ansible-galaxy would take for an installed copy.
        code = run(['ansible-galaxy', 'collection', 'install', '--offline', '-p', installed, tarballs[0]], cwd=tmp,
                   ANSIBLE_COLLECTIONS_PATH=str(installed), PYTHONPATH='')
        if code or not (installed / 'ansible_collections' / 'cloudflare_one' / 'email_security' / 'MANIFEST.json').is_file():
            print('The tarball did not install.')
            return code or 1
        doc = subprocess.run([BIN / 'ansible-doc', '-t', 'module', FQCN + '.allow_policy'], capture_output=True, text=True, cwd=tmp,
                             env=env(ANSIBLE_COLLECTIONS_PATH=str(installed), PYTHONPATH=''), check=False)
        missing = [option for option in ('account_id', 'api_token', 'api_key', 'api_email', 'api_url', 'max_retries',
                                         'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID') if option not in doc.stdout]
        if doc.returncode or missing:
            print(doc.stdout[-2000:], doc.stderr[-2000:])
            print('ansible-doc of the installed collection lacks: {0}'.format(missing))
            return 1
        print('built {0} ({1} files), installed it, ansible-doc shows the shared options'.format(tarballs[0].name, len(shipped)))
    return 0


GATES = {
    'units': gate_units,
    'integration': gate_integration,
    'sanity': gate_sanity,
    'lint': gate_lint,
    'changelog': gate_changelog,
    'shellcheck': gate_shellcheck,
    'build': gate_build,
    'oldest': gate_oldest,
}


def main(names):
    unknown = [name for name in names if name not in GATES]
    if unknown:
        print('unknown gate(s): {0}; known: {1}'.format(', '.join(unknown), ', '.join(GATES)))
        return 2
    started = time.monotonic()
    lay_out()
    outcomes = []
    for name in names or list(GATES):
        print('\n=== gate: {0} ==='.format(name), flush=True)
        begin = time.monotonic()
        code = GATES[name]()
        outcomes.append((name, code, time.monotonic() - begin))
        if name not in ('units', 'integration', 'oldest'):
            if code:
                COUNTS.failed += 1
            else:
                COUNTS.passed += 1
    print('\n=== summary ===')
    for name, code, seconds in outcomes:
        print('{0:<12} {1:<6} {2:7.1f} s'.format(name, 'FAILED' if code else 'ok', seconds))
    print('{0:<12} {1:<6} {2:7.1f} s'.format('total', '', time.monotonic() - started))
    print('checks: {0} passed, {1} failed, {2} skipped'.format(COUNTS.passed, COUNTS.failed, COUNTS.skipped))
    return 1 if any(code for _name, code, _seconds in outcomes) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
