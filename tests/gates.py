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

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import yaml

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / 'build'
COLLECTIONS = BUILD / 'collections'
LAYOUT = COLLECTIONS / 'ansible_collections' / 'cloudflare_one' / 'email_security'
BIN = Path(sys.executable).parent
FQCN = 'cloudflare_one.email_security'
TOOLS = REPO / 'tests' / 'tools'
sys.path.insert(0, str(TOOLS))
import build_collection  # noqa: E402 pylint: disable=import-error,wrong-import-position

PLACEHOLDER_LINKS = dict(repository='https://example.invalid/cloudflare_one/email_security',
                         documentation='https://example.invalid/cloudflare_one/email_security/docs',
                         issues='https://example.invalid/cloudflare_one/email_security/issues')


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


def run(command, cwd=LAYOUT, run_env=None, **extra):
    print('$ ' + ' '.join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], cwd=cwd, env=run_env or env(**extra), check=False).returncode


def plain_env(**extra):
    """The environment of someone who just cloned the project: the venv's tools on PATH, no collection path set."""
    run_env = env(**extra)
    for name in ('ANSIBLE_COLLECTIONS_PATH', 'PYTHONPATH'):
        if name not in extra:
            run_env.pop(name, None)
    return run_env


def offline(command):
    """The command without network access (a new, empty network namespace) where the machine allows it."""
    if shutil.which('unshare') and subprocess.run(['unshare', '-n', 'true'], capture_output=True, check=False).returncode == 0:
        return ['unshare', '-n'] + list(command)
    print('(unshare -n is not available here: running with the network the machine has)')
    return list(command)


def galaxy_version():
    return yaml.safe_load((LAYOUT / 'galaxy.yml').read_text())['version']


def modules():
    """The modules the collection has, found in plugins/modules (other changes add more)."""
    return sorted(path.stem for path in (LAYOUT / 'plugins' / 'modules').glob('*.py') if not path.name.startswith('_'))


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


# The integration tests spend part of their time waiting (the emulator's latency, the waits of the race tests): pytest-xdist
# runs them on one worker more than there are cores, at most 5 (each worker has its own emulator). On 2 cores, 3 workers
# took 350 s where 2 kept the cores busy only 1.24 of the time (measured 2026-12-03).
PARALLEL = ['-n', str(min((os.cpu_count() or 1) + 1, 5))]


def gate_integration():
    return pytest_gate('integration', ['tests/integration'], options=PARALLEL)


# What the oldest gate runs of the integration suite: the tests of what ansible-core does with the modules (options,
# aliases and module_defaults, check mode and diff as ansible-playbook shows them, warnings and their line wrapping,
# no_log at every verbosity, AWX jobs through ansible-runner). The other files test the collection's own logic against the
# emulator, which is the same Python on every ansible-core; `make test-matrix` runs them on 2.16 too.
OLDEST_INTEGRATION = ['tests/integration/' + name for name in (
    'test_allow_policy_playbooks.py', 'test_secrets_playbooks.py', 'test_sibling_warnings_playbooks.py', 'test_awx_jobs.py',
    'test_many_accounts_guide.py')]


def gate_oldest():
    """Unit tests and the ansible-facing integration tests (:data:`OLDEST_INTEGRATION`) again with the oldest ansible-core
    that meta/runtime.yml claims."""
    python = os.environ.get('OLDEST_PYTHON')
    if not python:
        print('OLDEST_PYTHON is not set: run this gate through `make test`.')
        return 1
    version = subprocess.run([python, '-c', 'import ansible; print(ansible.__version__)'], capture_output=True, text=True, check=False)
    print('ansible-core {0} on {1}'.format(version.stdout.strip(), python), flush=True)
    return pytest_gate('oldest', ['tests/unit'] + OLDEST_INTEGRATION, python=python, options=PARALLEL)


# Tests that need tools of the main venv (ansible-lint): not run again on the other ansible-core versions.
MAIN_VENV_ONLY = ['--ignore', 'tests/integration/test_awx_credential_type.py']


def gate_matrix():
    """Unit and integration tests on each ansible-core of the tested matrix (make test-matrix)."""
    pythons = os.environ.get('MATRIX_PYTHONS', '').split()
    if not pythons:
        print('MATRIX_PYTHONS is not set: run this gate through `make test-matrix`.')
        return 1
    failed = 0
    for python in pythons:
        version = subprocess.run([python, '-c', 'import ansible, sys; print(ansible.__version__, "on Python", sys.version.split()[0])'],
                                 capture_output=True, text=True, check=False).stdout.strip()
        print('\n--- ansible-core {0} ---'.format(version), flush=True)
        begin = time.monotonic()
        code = pytest_gate('matrix-' + version.split()[0], ['tests/unit', 'tests/integration'], python=python,
                           options=MAIN_VENV_ONLY + PARALLEL)
        MATRIX_RESULTS.append((version, code, time.monotonic() - begin))
        failed = failed or code
    return failed


MATRIX_RESULTS = []


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
    """ansible-lint as a contributor or the ansible-lint GitHub action runs it: at the root of a plain clone.

    No collection path is set and nothing is laid out by hand: ansible-lint installs the
    collection it stands in by itself (.ansible-lint must not say `offline: true` for that).
    HOME is empty, and the run has no network at all.
    """
    clone = BUILD / 'clone' / 'email_security-clone'
    if clone.exists():
        shutil.rmtree(clone)
    clone.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(['git', 'clone', '-q', str(LAYOUT), str(clone)], check=True)
    with tempfile.TemporaryDirectory() as home:
        linted = run(offline(['ansible-lint']), cwd=clone, run_env=plain_env(HOME=home))
    # The RETURN keys that tests/update_docs.py writes from the descriptors are what they make.
    return linted or run([sys.executable, 'tests/update_docs.py', '--lint'], cwd=REPO)


def gate_changelog():
    """The fragments lint, and releasing the version of galaxy.yml makes a CHANGELOG.md that lints and lists every new module."""
    code = run(['antsibull-changelog', 'lint']) or run(['antsibull-changelog', 'lint-changelog-yaml', '--strict', 'changelogs/changelog.yaml'])
    if code:
        return code
    version = galaxy_version()
    release = BUILD / 'release-preview' / 'ansible_collections' / 'cloudflare_one' / 'email_security'
    if release.parent.parent.exists():
        shutil.rmtree(release.parent.parent)
    release.parent.mkdir(parents=True)
    # A clone, as a maintainer releases from one (antsibull-changelog copies what git tracks to find the plugins).
    subprocess.run(['git', 'clone', '-q', str(LAYOUT), str(release)], check=True)
    fragments = sorted((release / 'changelogs' / 'fragments').glob('*.y*ml'))
    code = (run(['antsibull-changelog', 'release', '--version', version], cwd=release, run_env=plain_env())
            or run(['antsibull-changelog', 'lint'], cwd=release, run_env=plain_env())
            or run(['antsibull-changelog', 'lint-changelog-yaml', '--strict', 'changelogs/changelog.yaml'], cwd=release, run_env=plain_env()))
    if code:
        return code
    changelog = (release / 'CHANGELOG.md').read_text() if (release / 'CHANGELOG.md').is_file() else ''
    released = yaml.safe_load((release / 'changelogs' / 'changelog.yaml').read_text())['releases'].get(version, {})
    new_modules = sorted(module['name'] for module in released.get('modules', []))
    expected = [name for name in modules() if "version_added: {0}".format(version) in (LAYOUT / 'plugins' / 'modules' / (name + '.py')).read_text()]
    problems = []
    if '## v' + re.sub(r'([_.])', r'\\\1', version) not in changelog:
        problems.append('CHANGELOG.md has no section for v{0}'.format(version))
    if new_modules != expected:
        problems.append('new modules of {0}: {1}, but the modules that say version_added {0} are {2}'.format(version, new_modules, expected))
    # CHANGELOG.md escapes Markdown's special characters: cloudflare\\_one\\.email\\_security\\.allow\\_policy
    problems += ['CHANGELOG.md does not name the new module {0}'.format(name) for name in expected
                 if re.sub(r'([_.])', r'\\\1', '{0}.{1}'.format(FQCN, name)) not in changelog]
    if not fragments or any(fragment.exists() for fragment in fragments):
        problems.append('the release did not take in the fragments')
    print('\n'.join(problems) or 'antsibull-changelog release {0}: CHANGELOG.md ({1} lines) from {2} fragments, new modules {3}'.format(
        version, len(changelog.splitlines()), len(fragments), ', '.join(new_modules)))
    return 1 if problems else 0


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


# What galaxy-importer's own container runs (galaxy_importer/ansible_test/container/entrypoint.sh),
# with the ansible-core its Dockerfile installs (2.16, our .venv-oldest).
IMPORTER_SANITY = ['sanity', '--skip-test', 'import', '--skip-test', 'validate-modules', '--skip-test', 'pslint',
                   '--skip-test', 'ansible-doc', '--color', 'no']
IMPORTER_FINDING = re.compile(r'^(WARNING|ERROR|CRITICAL):', re.MULTILINE)


def prepare_ansible_test(python):
    """Put the offline get-pip stand-in where the ansible-test of this Python's venv looks for it."""
    pip_version = subprocess.run(
        [python, '-c', 'import sys, types; from ansible_test._internal.python_requirements import get_venv_packages as g; '
                       'print(g(types.SimpleNamespace(version="%d.%d" % sys.version_info[:2]))["pip"])'],
        capture_output=True, text=True, check=True).stdout.strip()
    cache = Path.home() / '.ansible' / 'test' / 'cache'
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copy(TOOLS / 'get_pip_offline.py', cache / 'get_pip_{0}.py'.format(pip_version.replace('.', '_')))


def gate_galaxy():
    """galaxy-importer on the tarball, as Galaxy imports it: no error, no warning.

    The tarball is built from a copy whose galaxy.yml links to https://example.invalid/...
    (the project has no public home yet; `make release REPOSITORY_URL=...` builds the real one).
    The importer's ansible-test sanity step needs a container engine, so the gate runs the
    command of the importer's container itself, on the extracted tarball, with ansible-core 2.16.
    """
    work = BUILD / 'galaxy'
    if work.exists():
        shutil.rmtree(work)
    tarball = build_collection.build(PLACEHOLDER_LINKS, work, source=LAYOUT, ansible_galaxy=str(BIN / 'ansible-galaxy'), allow_placeholder=True)
    importer_env = plain_env(GALAXY_IMPORTER_CONFIG=str(LAYOUT / 'tests' / 'galaxy-importer.cfg'))
    command = [BIN / 'python', '-m', 'galaxy_importer.main', tarball]
    print('$ ' + ' '.join(str(part) for part in command), flush=True)
    imported = subprocess.run([str(part) for part in command], cwd=work, env=importer_env, capture_output=True, text=True, check=False)
    print(imported.stdout, imported.stderr)
    findings = IMPORTER_FINDING.findall(imported.stdout + imported.stderr)
    if imported.returncode or findings or 'Importer processing completed successfully' not in imported.stdout:
        print('galaxy-importer: exit code {0}, {1} warning or error line(s)'.format(imported.returncode, len(findings)))
        return imported.returncode or 1
    result = json.loads((work / 'importer_result.json').read_text())
    imported_modules = sorted(item['name'] for item in result['contents'] if item['content_type'] == 'module')
    if imported_modules != modules() or result['metadata']['repository'] != PLACEHOLDER_LINKS['repository']:
        print('galaxy-importer saw modules {0} (expected {1}), repository {2}'.format(imported_modules, modules(), result['metadata']['repository']))
        return 1
    print('galaxy-importer: no warning, no error; modules {0}; docs rendered for {1} plugin(s)'.format(
        ', '.join(imported_modules), len(result['docs_blob']['contents'])))
    python = os.environ.get('OLDEST_PYTHON')
    if not python:
        print('OLDEST_PYTHON is not set: run this gate through `make test` (ansible-test sanity as the importer runs it).')
        return 1
    extracted = work / 'sanity' / 'ansible_collections' / 'cloudflare_one' / 'email_security'
    extracted.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        tar.extractall(extracted, filter='data')
    prepare_ansible_test(python)
    oldest_bin = Path(python).parent
    sanity_env = plain_env(PATH=os.pathsep.join([str(oldest_bin), os.environ.get('PATH', '')]))
    python_version = subprocess.run([python, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                                    capture_output=True, text=True, check=True).stdout.strip()
    return run([oldest_bin / 'ansible-test'] + IMPORTER_SANITY + ['--python', python_version], cwd=extracted, run_env=sanity_env)


def gate_ee():
    """docs/ee/execution-environment.yml: ansible-builder makes a build context with this collection's tarball and requests.

    Building the image needs a container engine, which these machines lack; the gate also asks
    ansible-builder's introspection (what runs inside the image build) what the installed
    tarball requires.
    """
    work = BUILD / 'ee'
    if work.exists():
        shutil.rmtree(work)
    source = work / 'source'
    for name in build_collection.tracked_files(LAYOUT):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(LAYOUT / name, target)
    code = run(['ansible-galaxy', 'collection', 'build', '--output-path', source], cwd=source, run_env=plain_env())
    tarball = source / 'cloudflare_one-email_security-{0}.tar.gz'.format(galaxy_version())
    if code or not tarball.is_file():
        print('no tarball {0}'.format(tarball.name))
        return code or 1
    context = work / 'context'
    code = run(['ansible-builder', 'create', '-f', 'docs/ee/execution-environment.yml', '--context', context, '--output-filename', 'Containerfile'],
               cwd=source, run_env=plain_env())
    if code:
        return code
    problems = []
    build_dir = context / '_build'
    requirements = (build_dir / 'requirements.txt').read_text() if (build_dir / 'requirements.txt').is_file() else ''
    if not re.search(r'^requests\b', requirements, re.MULTILINE):
        problems.append('the context\'s requirements.txt does not hold requests: {0!r}'.format(requirements))
    shipped = list(build_dir.rglob(tarball.name))
    if not shipped:
        problems.append('the context does not hold {0}'.format(tarball.name))
    galaxy_requirements = yaml.safe_load((build_dir / 'requirements.yml').read_text()) if (build_dir / 'requirements.yml').is_file() else {}
    entries = [entry for entry in (galaxy_requirements or {}).get('collections', []) if str(entry.get('name', '')).endswith(tarball.name)]
    if not entries or entries[0].get('type') != 'file':
        problems.append('requirements.yml does not install the tarball as a file: {0}'.format(galaxy_requirements))
    containerfile = (context / 'Containerfile').read_text()
    if 'ansible-galaxy collection install' not in containerfile and 'install-from-bindep' not in containerfile:
        problems.append('the Containerfile installs no collection')
    installed = work / 'installed'
    code = run(['ansible-galaxy', 'collection', 'install', '--offline', '-p', installed, tarball], cwd=work, run_env=plain_env())
    introspected = subprocess.run([str(BIN / 'ansible-builder'), 'introspect', '--sanitize', str(installed)], capture_output=True, text=True,
                                  env=plain_env(), check=False)
    print(introspected.stdout[-1500:], introspected.stderr[-1500:])
    if code or introspected.returncode or not re.search(r'requests.*cloudflare_one\.email_security', introspected.stdout):
        problems.append('ansible-builder introspect does not find requests from cloudflare_one.email_security in the installed tarball')
    print('\n'.join(problems) or 'ansible-builder create: context with {0} and requests; introspection of the installed tarball finds requests'.format(
        tarball.name))
    return 1 if problems else 0


def gate_docs():
    """The HTML docsite (make docs), checked in headless Chromium, and antsibull-docs' lint of the collection docs."""
    code = run([BIN / 'python', TOOLS / 'docsite.py', '--collections', COLLECTIONS, '--dest', BUILD / 'docsite'], cwd=REPO, run_env=plain_env())
    if code:
        return code
    code = pytest_gate('docs', ['tests/docs'])
    lint = run(['antsibull-docs', 'lint-collection-docs', '--plugin-docs', '.'], run_env=plain_env(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS)))
    return code or lint


GATES = {
    'units': gate_units,
    'integration': gate_integration,
    'sanity': gate_sanity,
    'lint': gate_lint,
    'changelog': gate_changelog,
    'shellcheck': gate_shellcheck,
    'build': gate_build,
    'galaxy': gate_galaxy,
    'ee': gate_ee,
    'docs': gate_docs,
    'oldest': gate_oldest,
}
# Run only when named (make test-matrix), not by make test.
EXTRA_GATES = {
    'matrix': gate_matrix,
}


def main(names):
    gates = dict(GATES, **EXTRA_GATES)
    unknown = [name for name in names if name not in gates]
    if unknown:
        print('unknown gate(s): {0}; known: {1}'.format(', '.join(unknown), ', '.join(gates)))
        return 2
    started = time.monotonic()
    lay_out()
    outcomes = []
    for name in names or list(GATES):
        print('\n=== gate: {0} ==='.format(name), flush=True)
        begin = time.monotonic()
        code = gates[name]()
        outcomes.append((name, code, time.monotonic() - begin))
        if name not in ('units', 'integration', 'oldest', 'matrix'):
            if code:
                COUNTS.failed += 1
            else:
                COUNTS.passed += 1
    print('\n=== summary ===')
    for name, code, seconds in outcomes:
        print('{0:<12} {1:<6} {2:7.1f} s'.format(name, 'FAILED' if code else 'ok', seconds))
    for version, code, seconds in MATRIX_RESULTS:
        print('  {0:<30} {1:<6} {2:7.1f} s'.format('ansible-core ' + version, 'FAILED' if code else 'ok', seconds))
    print('{0:<12} {1:<6} {2:7.1f} s'.format('total', '', time.monotonic() - started))
    print('checks: {0} passed, {1} failed, {2} skipped'.format(COUNTS.passed, COUNTS.failed, COUNTS.skipped))
    return 1 if any(code for _name, code, _seconds in outcomes) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
