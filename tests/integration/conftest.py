# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Integration tests: real ``ansible-playbook`` processes against the emulator over real HTTP.

The collection must be laid out as ``.../ansible_collections/cloudflare_one/email_security``
(``make test`` does it); the tests point ``ANSIBLE_COLLECTIONS_PATH`` at that tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS_PATH = COLLECTION_ROOT.parents[2]
PLAYBOOKS = Path(__file__).resolve().parent / 'playbooks'
ACCOUNT_ID = '0123456789abcdef0123456789abcdef'
API_TOKEN = 'integration-SECRET-token-4f9a2c'
API_EMAIL = 'ops@example.com'
API_KEY = 'integration-SECRET-key-77b1d0'

sys.path.insert(0, str(COLLECTION_ROOT / 'tests' / 'tools'))
from emulator_process import control, emulator_process as start_emulator  # noqa: E402 pylint: disable=import-error,wrong-import-position


class EmulatorControl:
    """The emulator's test controls (request log, reset, seed, faults)."""

    account_id = ACCOUNT_ID
    api_token = API_TOKEN
    api_email = API_EMAIL
    api_key = API_KEY

    def __init__(self, url):
        self.url = url

    def requests(self):
        return control(self.url, 'requests')['requests']

    def writes(self):
        return [req for req in self.requests() if req['method'] != 'GET']

    def clear_requests(self):
        control(self.url, 'requests', method='DELETE')

    def reset(self):
        control(self.url, 'reset', method='POST', body={})

    def seed(self, policies):
        seeded = control(self.url, 'seed', method='POST', body={'policies': policies})['policies']
        self.clear_requests()
        return seeded

    def policies(self):
        return control(self.url, 'policies')['policies']

    def seed_records(self, resource, records):
        """Seed the records of one sibling resource (``block_senders``, ``trusted_domains``, ``impersonation_registry``);
        return them as the API shows them. The request log is cleared."""
        seeded = control(self.url, 'seed', method='POST', body={resource: records})[resource]
        self.clear_requests()
        return seeded

    def records(self, resource):
        """Every stored record of a sibling resource, in creation order."""
        return control(self.url, resource)[resource]

    def fault(self, **fault):
        control(self.url, 'faults', method='POST', body=fault)

    def latency(self, milliseconds):
        control(self.url, 'config', method='POST', body={'latency_ms': milliseconds})

    def post_policy(self, body):
        """POST a policy to the emulator's API directly (not through the module); return the status and the envelope."""
        request = urllib.request.Request('{0}/accounts/{1}/email-security/settings/allow_policies'.format(self.url, self.account_id),
                                         data=json.dumps(body).encode(), method='POST',
                                         headers={'Content-Type': 'application/json', 'Authorization': 'Bearer ' + self.api_token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # nosec - loopback only
                return dict(status=response.status, envelope=json.loads(response.read().decode()))
        except urllib.error.HTTPError as exc:
            return dict(status=exc.code, envelope=json.loads(exc.read().decode()))


@pytest.fixture(scope='session')
def emulator_process():
    if not (COLLECTIONS_PATH.name == 'ansible_collections' or (COLLECTIONS_PATH / 'ansible_collections').is_dir()):
        pytest.fail('Run the integration tests from a tree laid out as ansible_collections/cloudflare_one/email_security (make test does it).')
    with start_emulator('--account-id', ACCOUNT_ID, '--api-token', API_TOKEN, '--api-email', API_EMAIL, '--api-key', API_KEY) as url:
        yield url


@pytest.fixture
def emulator(emulator_process):
    controls = EmulatorControl(emulator_process)
    controls.reset()
    return controls


class PlaybookRun:
    def __init__(self, completed, result):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.result = result

    @property
    def output(self):
        return self.stdout + self.stderr


@pytest.fixture
def playbook(emulator, tmp_path):
    """Run one of tests/integration/playbooks with the given variables; return output and last task result."""

    def run(name, extra_vars=None, args=(), env=None, credentials='env', workdir=None):
        workdir = workdir or tmp_path
        workdir.mkdir(parents=True, exist_ok=True)
        run_env = dict(os.environ)
        for var in ('CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_BASE_URL'):
            run_env.pop(var, None)
        tree = workdir / 'tree'
        run_env.update(
            ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH),
            ANSIBLE_CALLBACKS_ENABLED='ansible.builtin.tree',
            ANSIBLE_CALLBACK_TREE_DIR=str(tree),
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_RETRY_FILES_ENABLED='0',
            ANSIBLE_LOCALHOST_WARNING='0',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
        )
        if credentials == 'env':
            run_env.update(CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_BASE_URL=emulator.url)
        run_env.update(env or {})
        vars_file = workdir / 'vars.json'
        vars_file.write_text(json.dumps(dict(extra_vars or {}, emulator_url=emulator.url)))
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), str(PLAYBOOKS / name), '-e', '@' + str(vars_file)]
        completed = subprocess.run(command + list(args), env=run_env, capture_output=True, text=True, timeout=300, check=False)
        result_file = tree / 'localhost'
        result = json.loads(result_file.read_text()) if result_file.exists() else None
        return PlaybookRun(completed, result)

    return run
