# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The playbook that creates the AWX credential type with awx.awx.credential_type (shown in guide_awx).

No AWX server is contacted: the playbook must pass ``ansible-playbook --syntax-check`` and
ansible-lint (production profile, which checks the task's options against the real module),
with the awx.awx collection that the ``ansible`` package of test-requirements-awx.txt ships,
and must define the same credential type as docs/awx/credential_type.yml and the guide.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
BUILD = COLLECTION_ROOT.parents[3]
PLAYBOOK = COLLECTION_ROOT / 'tests' / 'integration' / 'playbooks' / 'awx_credential_type.yml'
CREDENTIAL_TYPE = COLLECTION_ROOT / 'docs' / 'awx' / 'credential_type.yml'
GUIDE = COLLECTION_ROOT / 'docs' / 'docsite' / 'rst' / 'guide_awx.rst'
REQUIREMENTS = COLLECTION_ROOT / 'test-requirements-awx.txt'
TOOLS = Path(sys.executable).parent


class UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Reads Ansible's ``!unsafe`` tag as the plain string it marks."""


UnsafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


@pytest.fixture(scope='session')
def awx_collections():
    """A collections path with awx.awx, unpacked from the pinned ``ansible`` wheel (kept under build/awx)."""
    pin = [line.strip() for line in REQUIREMENTS.read_text().splitlines() if line.strip() and not line.startswith('#')]
    assert len(pin) == 1 and pin[0].startswith('ansible=='), pin
    target = BUILD / 'awx' / pin[0].split('==')[1]
    manifest = target / 'ansible_collections' / 'awx' / 'awx' / 'MANIFEST.json'
    if not manifest.is_file():
        wheels = BUILD / 'awx' / 'wheels'
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '-d', str(wheels), pin[0]],
                       check=True)
        wheel = next(wheels.glob('ansible-{0}-*.whl'.format(pin[0].split('==')[1])))
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target, [name for name in archive.namelist() if name.startswith('ansible_collections/awx/awx/')])
    assert manifest.is_file()
    return target


# The production profile, plus the `args` rule (experimental in ansible-lint 26, so opt-in, and
# only a warning unless taken off the warn list): it checks the task's options against the
# module's argument spec.
LINT_CONFIG = '---\nprofile: production\noffline: true\nenable_list: [args]\nwarn_list: []\n'


def run_env(awx_collections):
    env = {key: value for key, value in os.environ.items() if not key.startswith(('ANSIBLE_', 'CONTROLLER_', 'TOWER_'))}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(awx_collections), ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='0', PATH=os.pathsep.join([str(TOOLS), os.environ.get('PATH', '')]))
    env.pop('PYTHONPATH', None)
    return env


def test_playbook_defines_the_documented_credential_type():
    task = yaml.load(PLAYBOOK.read_text(), Loader=UnsafeLoader)[0]['tasks'][0]['awx.awx.credential_type']  # nosec - SafeLoader subclass
    documented = yaml.safe_load(CREDENTIAL_TYPE.read_text())
    assert {key: task[key] for key in ('name', 'description', 'kind', 'inputs', 'injectors')} == {
        key: documented[key] for key in ('name', 'description', 'kind', 'inputs', 'injectors')}
    # Each injector is marked !unsafe, so that Ansible passes it on for AWX to render.
    assert len(re.findall(r'!unsafe "\{\{', PLAYBOOK.read_text())) == len(documented['injectors']['env'])


def test_guide_shows_this_playbook():
    guide = GUIDE.read_text()
    start = guide.index('.. code-block:: yaml+jinja\n\n  ---\n  - name: Create the Cloudflare API token credential type')
    block = guide[start:].split('\n\n', 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith('  '):
            break
        lines.append(line)
    assert textwrap.dedent('\n'.join(lines)).strip() == PLAYBOOK.read_text().strip()


def test_syntax_check_with_awx_awx(awx_collections):
    done = subprocess.run([str(TOOLS / 'ansible-playbook'), '--syntax-check', str(PLAYBOOK)], env=run_env(awx_collections),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'playbook: ' in done.stdout


def test_ansible_lint_production_with_awx_awx(awx_collections, tmp_path):
    config = tmp_path / 'ansible-lint.yml'
    # The project's .ansible-lint mocks awx.awx.credential_type for clones without awx.awx; not this one.
    config.write_text(LINT_CONFIG)
    done = subprocess.run([str(TOOLS / 'ansible-lint'), '-c', str(config), '--nocolor', str(PLAYBOOK)], cwd=COLLECTION_ROOT,
                          env=run_env(awx_collections), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Profile 'production' was required, and it passed" in done.stdout + done.stderr


def test_ansible_lint_catches_a_wrong_option(awx_collections, tmp_path):
    """The lint above checks the options against awx.awx's real module: a misspelt one fails."""
    broken = tmp_path / 'broken.yml'
    broken.write_text(PLAYBOOK.read_text().replace('        kind: cloud\n', '        kindd: cloud\n'))
    config = tmp_path / 'ansible-lint.yml'
    config.write_text(LINT_CONFIG)
    done = subprocess.run([str(TOOLS / 'ansible-lint'), '-c', str(config), '--nocolor', str(broken)], cwd=tmp_path,
                          env=run_env(awx_collections), capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert 'Unsupported parameters for (basic.py) module: kindd' in done.stdout + done.stderr
