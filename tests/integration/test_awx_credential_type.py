# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The playbooks of awx.awx tasks: the AWX credential type (shown in guide_awx) and the reviewed workflow of an account.

No AWX server is contacted: the playbook must pass ``ansible-playbook --syntax-check`` and
ansible-lint (production profile, which checks the task's options against the real module),
with the awx.awx collection that the ``ansible`` package of test-requirements-awx.txt ships,
and must define the same credential type as docs/awx/credential_type.yml and the guide. The same holds for
docs/examples/awx_account_workflow.yml (credential type, credential, project, job templates Check and Run, workflow
with an approval node between them).
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
WORKFLOW = COLLECTION_ROOT / 'docs' / 'examples' / 'awx_account_workflow.yml'
AWX_PLAYBOOKS = pytest.mark.parametrize('playbook', [PLAYBOOK, WORKFLOW], ids=['credential_type', 'account_workflow'])
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


@AWX_PLAYBOOKS
def test_syntax_check_with_awx_awx(awx_collections, playbook):
    done = subprocess.run([str(TOOLS / 'ansible-playbook'), '--syntax-check', str(playbook)], env=run_env(awx_collections),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'playbook: ' in done.stdout


@AWX_PLAYBOOKS
def test_ansible_lint_production_with_awx_awx(awx_collections, tmp_path, playbook):
    config = tmp_path / 'ansible-lint.yml'
    # The project's .ansible-lint mocks the awx.awx modules for clones without awx.awx; not this one.
    config.write_text(LINT_CONFIG)
    done = subprocess.run([str(TOOLS / 'ansible-lint'), '-c', str(config), '--nocolor', str(playbook)], cwd=COLLECTION_ROOT,
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


def test_ansible_lint_catches_a_wrong_workflow_option(awx_collections, tmp_path):
    broken = tmp_path / 'broken.yml'
    broken.write_text(WORKFLOW.read_text().replace('        workflow_nodes:\n', '        workflow_node:\n'))
    config = tmp_path / 'ansible-lint.yml'
    config.write_text(LINT_CONFIG)
    done = subprocess.run([str(TOOLS / 'ansible-lint'), '-c', str(config), '--nocolor', str(broken)], cwd=tmp_path,
                          env=run_env(awx_collections), capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert 'Unsupported parameters for (basic.py) module: workflow_node' in done.stdout + done.stderr


def undocumented(value, options, where):
    """The keys of value that the documented suboptions do not have (the module's argument spec leaves the nodes unchecked)."""
    if isinstance(value, list):
        return [wrong for element in value for wrong in undocumented(element, options, where)]
    wrong = []
    for key, sub in value.items():
        if key not in options:
            wrong.append(where + key)
        elif 'suboptions' in options[key]:
            wrong.extend(undocumented(sub, options[key]['suboptions'], where + key + '.'))
    return wrong


def test_workflow_nodes_use_documented_suboptions_only(awx_collections):
    """ansible-lint does not look inside workflow_nodes (a list of dicts to awx.awx's argument spec): its documentation does."""
    module = (awx_collections / 'ansible_collections' / 'awx' / 'awx' / 'plugins' / 'modules' / 'workflow_job_template.py').read_text()
    options = yaml.safe_load(module.split("DOCUMENTATION = '''", 1)[1].split("'''", 1)[0])['options']
    tasks = yaml.load(WORKFLOW.read_text(), Loader=UnsafeLoader)[0]['tasks']  # nosec - SafeLoader subclass
    nodes = next(task for task in tasks if 'awx.awx.workflow_job_template' in task)['awx.awx.workflow_job_template']['workflow_nodes']
    assert undocumented(nodes, options['workflow_nodes']['suboptions'], '') == []
    assert undocumented([dict(nodes[3], related=dict(success_node=[]))], options['workflow_nodes']['suboptions'], '') == [
        'related.success_node']


def test_workflow_defines_the_documented_credential_type_check_run_and_approval():
    """The credential type is docs/awx/credential_type.yml itself (a file lookup); project sync -> Check -> approval -> Run
    on success, the project not updated on launch (both jobs run the commit of the sync)."""
    play = yaml.load(WORKFLOW.read_text(), Loader=UnsafeLoader)[0]  # nosec - SafeLoader subclass
    tasks = {next(key for key in task if key.startswith('awx.awx.')): task for task in play['tasks']}
    assert "lookup('ansible.builtin.file', playbook_dir + '/../awx/credential_type.yml')" in play['vars']['credential_type']
    assert (WORKFLOW.parent / '..' / 'awx' / 'credential_type.yml').resolve() == CREDENTIAL_TYPE
    templates = [task['awx.awx.job_template'] for task in play['tasks'] if 'awx.awx.job_template' in task]
    assert [(t['name'], t['job_type'], t['diff_mode'], t['playbook'], t['extra_vars']) for t in templates] == [
        ('Email Security - Check', 'check', True, 'apply_account.yml', '{{ job_variables }}'),
        ('Email Security - Run', 'run', True, 'apply_account.yml', '{{ job_variables }}'),
        ('Email Security - Drift alarm', 'check', True, 'apply_account.yml', "{{ job_variables | combine({'email_security_fail_on_drift': true}) }}")]
    assert tasks['awx.awx.schedule']['awx.awx.schedule']['unified_job_template'] == 'Email Security - Drift alarm'
    assert (WORKFLOW.parent / 'apply_account.yml').is_file()
    assert tasks['awx.awx.project']['awx.awx.project']['scm_update_on_launch'] is False
    nodes = tasks['awx.awx.workflow_job_template']['awx.awx.workflow_job_template']['workflow_nodes']
    graph = [(node['identifier'], node['unified_job_template']['type'], node['unified_job_template']['name'],
              [child['identifier'] for child in node.get('related', {}).get('success_nodes', [])]) for node in nodes]
    assert graph == [('sync', 'project', 'Email Security settings', ['check']),
                     ('check', 'job_template', 'Email Security - Check', ['approve']),
                     ('approve', 'workflow_approval', 'Approve the Email Security plan', ['run']),
                     ('run', 'job_template', 'Email Security - Run', [])]
