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
from pathlib import Path

import pytest
import requests

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS_PATH = COLLECTION_ROOT.parents[2]
EMULATOR = COLLECTION_ROOT / 'tests' / 'emulator' / 'cloudflare_emulator.py'
PLAYBOOKS = Path(__file__).resolve().parent / 'playbooks'
ACCOUNT_ID = '0123456789abcdef0123456789abcdef'
API_TOKEN = 'integration-SECRET-token-4f9a2c'
API_EMAIL = 'ops@example.com'
API_KEY = 'integration-SECRET-key-77b1d0'


class EmulatorControl:
    """The emulator's test controls (request log, reset, seed, faults)."""

    account_id = ACCOUNT_ID
    api_token = API_TOKEN
    api_email = API_EMAIL
    api_key = API_KEY

    def __init__(self, url):
        self.url = url
        self.control = url.split('/client/v4')[0] + '/__emulator__'

    def requests(self):
        return requests.get(self.control + '/requests', timeout=10).json()['requests']

    def writes(self):
        return [req for req in self.requests() if req['method'] != 'GET']

    def clear_requests(self):
        requests.delete(self.control + '/requests', timeout=10).raise_for_status()

    def reset(self):
        requests.post(self.control + '/reset', timeout=10).raise_for_status()

    def seed(self, policies):
        response = requests.post(self.control + '/seed', json={'policies': policies}, timeout=10)
        response.raise_for_status()
        self.clear_requests()
        return response.json()['policies']

    def policies(self):
        return requests.get(self.control + '/policies', timeout=10).json()['policies']

    def fault(self, **fault):
        requests.post(self.control + '/faults', json=fault, timeout=10).raise_for_status()

    def configure(self, **config):
        requests.post(self.control + '/config', json=config, timeout=10).raise_for_status()


@pytest.fixture(scope='session')
def emulator_process():
    if not (COLLECTIONS_PATH.name == 'ansible_collections' or (COLLECTIONS_PATH / 'ansible_collections').is_dir()):
        pytest.fail('Run the integration tests from a tree laid out as ansible_collections/cloudflare_one/email_security (make test does it).')
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, str(EMULATOR), '--port', '0', '--account-id', ACCOUNT_ID, '--api-token', API_TOKEN,
         '--api-email', API_EMAIL, '--api-key', API_KEY],
        stdout=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    if not url.startswith('http://'):
        process.kill()
        pytest.fail('The emulator did not start: {0!r}'.format(url))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def emulator(emulator_process):
    control = EmulatorControl(emulator_process)
    control.reset()
    return control


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

    def run(name, extra_vars=None, args=(), env=None, credentials='env'):
        run_env = dict(os.environ)
        for var in ('CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_BASE_URL'):
            run_env.pop(var, None)
        tree = tmp_path / 'tree'
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
        vars_file = tmp_path / 'vars.json'
        vars_file.write_text(json.dumps(dict(extra_vars or {}, emulator_url=emulator.url)))
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), str(PLAYBOOKS / name), '-e', '@' + str(vars_file)]
        completed = subprocess.run(command + list(args), env=run_env, capture_output=True, text=True, timeout=300, check=False)
        result_file = tree / 'localhost'
        result = json.loads(result_file.read_text()) if result_file.exists() else None
        return PlaybookRun(completed, result)

    return run
