# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Integration tests: real ``ansible-playbook`` processes against the emulator over real HTTP.

Scenarios that change something go through :func:`check_then_real` (the fixture ``check_then_real``):
it runs the playbook first with ``--check --diff``, then for real with ``--diff``, asserts that the
check run sent no write, and that both runs agree on the return code, ``changed``, the returned
policy or set, the messages and the diff (new ids and timestamps aside); it returns the real run,
with the preview as ``.preview``. Use it for every new scenario that makes a change, and
``playbook`` only where the point is a failure, a fault that the check run would consume, or a
behaviour of one mode alone.

Every playbook run is checked for the credentials: no output, result or emulator log entry may hold
the token or the key (see ``_assert_no_secret``).

The collection must be laid out as ``.../ansible_collections/cloudflare_one/email_security``
(``make test`` does it); the tests point ``ANSIBLE_COLLECTIONS_PATH`` at that tree.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
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

    def seed(self, policies, clear=True):
        seeded = control(self.url, 'seed', method='POST', body={'policies': policies})['policies']
        if clear:
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

    def stored(self):
        """Everything the emulator stores: the policies and the records of each sibling resource."""
        return dict(policies=self.policies(), **{resource: self.records(resource) for resource in SIBLING_RESOURCES})

    def fault(self, **fault):
        control(self.url, 'faults', method='POST', body=fault)

    def latency(self, milliseconds):
        control(self.url, 'config', method='POST', body={'latency_ms': milliseconds})

    def id_format(self, id_format):
        """Give new objects UUID strings ('uuid', the default) or increasing JSON integers ('integer'), as real accounts
        answered in 2025; every answer then carries ids of that form. ``reset`` keeps the format."""
        assert control(self.url, 'config', method='POST', body={'id_format': id_format})['id_format'] == id_format

    def verification_reads(self, reads):
        """A domain created from now on is pending verification for ``reads`` reads of its verification record (0: verified
        at once, the default); ``reset`` keeps the setting."""
        assert control(self.url, 'config', method='POST', body={'domain_verification_reads': reads})['domain_verification_reads'] == reads

    def when(self, predicate, action, timeout=120):
        """Call ``action()`` once a request of the log satisfies ``predicate(request)``, from a thread; return the thread
        (join it after the run). With a latency, a fault can so be placed on the second of several requests alike."""

        def watch():
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if any(predicate(request) for request in self.requests()):
                    action()
                    return
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        return watcher

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


SIBLING_RESOURCES = ('block_senders', 'trusted_domains', 'impersonation_registry')
SECRETS = (API_TOKEN, API_KEY)
COUNTS = dict(secret_checks=0, playbook_runs=0, check_equals_real=0)


def _assert_no_secret(where, text):
    COUNTS['secret_checks'] += 1
    for secret in SECRETS:
        assert secret not in text, 'a credential appears in {0}'.format(where)


@pytest.fixture
def id_format(request, emulator):
    """The emulator's id format for one test, parametrized with ``@pytest.mark.parametrize('id_format', ('uuid', 'integer'),
    indirect=True)``; back to UUIDs afterwards."""
    emulator.id_format(request.param)
    yield request.param
    emulator.id_format('uuid')


@pytest.fixture
def emulator(emulator_process):
    controls = EmulatorControl(emulator_process)
    controls.reset()
    yield controls
    # Whatever the test did: the credentials never reach the request log (headers are not logged, bodies could be).
    _assert_no_secret('the emulator\'s request log', json.dumps(controls.requests()))


def pytest_sessionfinish(session):
    """Under pytest-xdist, a worker hands its counts to the controller, which prints the summary."""
    workeroutput = getattr(session.config, 'workeroutput', None)
    if workeroutput is not None:
        workeroutput['integration_counts'] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):  # pylint: disable=unused-argument
    """pytest-xdist: add up the counts of a worker that finished."""
    for name, count in getattr(node, 'workeroutput', {}).get('integration_counts', {}).items():
        COUNTS[name] += count


def pytest_terminal_summary(terminalreporter):
    if COUNTS['playbook_runs']:
        terminalreporter.write_line('integration: {playbook_runs} playbook runs, {secret_checks} secret checks, {check_equals_real} '
                                    'scenarios through check_then_real'.format(**COUNTS))


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
        """``credentials``: 'env' (the token in CLOUDFLARE_API_TOKEN), 'key' (CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) or None."""
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
        elif credentials == 'key':
            run_env.update(CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_EMAIL=API_EMAIL, CLOUDFLARE_API_KEY=API_KEY, CLOUDFLARE_BASE_URL=emulator.url)
        run_env.update(env or {})
        vars_file = workdir / 'vars.json'
        vars_file.write_text(json.dumps(dict(extra_vars or {}, emulator_url=emulator.url)))
        # A collection's playbook by its name (cloudflare_one.email_security.apply), else a path (under PLAYBOOKS when relative).
        target = name if name.startswith('cloudflare_one.') else str(PLAYBOOKS / name)
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), target, '-e', '@' + str(vars_file)]
        completed = subprocess.run(command + list(args), env=run_env, capture_output=True, text=True, timeout=300, check=False)
        result_file = tree / 'localhost'
        result_text = result_file.read_text() if result_file.exists() else ''
        COUNTS['playbook_runs'] += 1
        # Every run of the suite, failing or succeeding, at whatever verbosity: no credential in its output or result.
        _assert_no_secret('the output of {0}'.format(name), completed.stdout + completed.stderr)
        _assert_no_secret('the result of {0}'.format(name), result_text)
        return PlaybookRun(completed, json.loads(result_text) if result_text else None)

    return run


@pytest.fixture
def at_once(playbook, tmp_path):
    """Start the given ``(playbook, vars)`` runs at the same moment; return their results in order."""

    def start(runs):
        with ThreadPoolExecutor(max_workers=len(runs)) as pool:
            futures = [pool.submit(playbook, name, extra_vars, workdir=tmp_path / 'run{0}'.format(n)) for n, (name, extra_vars) in enumerate(runs)]
            return [future.result() for future in futures]

    return start


UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', re.I)
TIMESTAMP = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?')
# What only the real run can know: the id and timestamps the server gives a new or changed object, and what derives
# from a new id (a new impersonation registry entry's external_directory_node_id). The other directory fields of a
# new registry entry (directory_id 0, directory_node_id null, provenance A1S_INTERNAL, as the recorded real answer
# and the emulator give them) are predicted, so they are compared.
# A new domain's read-only fields (its status, authorization, ...) are the server's too.
SERVER_FIELDS = ('id', 'created_at', 'modified_at', 'external_directory_node_id', 'status', 'authorization', 'spf_status', 'dmarc_status',
                 'emails_processed', 'inbox_provider', 'o365_tenant_id')
# The optional fields of a domain that a create leaves out: the server answers them, as null or with a default no source
# documents (lookback_hops and transport, which the SDKs say are never null). Missing or null in the check run.
SERVER_DEFAULTS = ('lookback_hops', 'transport', 'folder', 'integration_id', 'require_tls_inbound', 'require_tls_outbound')
# What differs between the runs by nature: the arguments echoed back (check mode is one of them).
NOT_COMPARED = ('invocation',)


def _differences(preview, real, where='result'):
    """Where ``preview`` and ``real`` disagree, server-given ids and timestamps aside."""
    if isinstance(preview, dict) and isinstance(real, dict):
        found = []
        for key in sorted(set(preview) | set(real), key=str):
            if key in NOT_COMPARED or (key in SERVER_FIELDS and key not in preview) or (key in SERVER_DEFAULTS and preview.get(key) is None):
                continue
            if key not in preview or key not in real:
                found.append('{0}.{1} only in the {2} run'.format(where, key, 'check' if key in preview else 'real'))
            else:
                found.extend(_differences(preview[key], real[key], '{0}.{1}'.format(where, key)))
        return found
    if isinstance(preview, list) and isinstance(real, list):
        if len(preview) != len(real):
            return ['{0}: {1} items in the check run, {2} in the real run'.format(where, len(preview), len(real))]
        return [found for n, (one, other) in enumerate(zip(preview, real)) for found in _differences(one, other, '{0}[{1}]'.format(where, n))]
    if isinstance(preview, str) and isinstance(real, str):
        preview, real = (TIMESTAMP.sub('<time>', UUID.sub('<id>', text)) for text in (preview, real))
    return [] if preview == real else ['{0}: {1!r} in the check run, {2!r} in the real run'.format(where, preview, real)]


def _shown_diff(run):
    """The --diff lines of a run's output, new ids and timestamps aside."""
    lines = [line for line in run.stdout.splitlines() if line.startswith(('---', '+++', '@@', '+', '-'))]
    return [TIMESTAMP.sub('<time>', UUID.sub('<id>', line)) for line in lines if not re.search(r'"(id|created_at|modified_at)"', line)]


@pytest.fixture
def check_then_real(playbook, emulator):
    """Run a scenario with ``--check --diff``, then for real with ``--diff``; prove that the preview told the truth.

    Asserts that the check run wrote nothing (its request log holds only reads, the stored
    policies and records are the same after it), and that both runs agree on the return code, ``changed``,
    every returned field (the policy or the set, ``created``/``updated``/``deleted``, ``msg``,
    warnings) and the diff shown, except the ids and timestamps the server gives. Returns the
    real run; the check run is its ``preview``. The request log then holds the real run's requests.
    """

    def run(name, extra_vars=None, args=(), **kwargs):
        before = emulator.stored()
        emulator.clear_requests()
        preview = playbook(name, extra_vars, args=['--check', '--diff'] + list(args), **kwargs)
        assert [r['method'] for r in emulator.requests() if r['method'] != 'GET'] == [], 'the check run wrote'
        assert emulator.stored() == before, 'the check run changed what is stored'
        emulator.clear_requests()
        real = playbook(name, extra_vars, args=['--diff'] + list(args), **kwargs)
        assert preview.returncode == real.returncode, (preview.output, real.output)
        assert preview.result is not None and real.result is not None, (preview.output, real.output)
        differences = _differences(preview.result, real.result)
        assert not differences, differences
        assert _shown_diff(preview) == _shown_diff(real)
        COUNTS['check_equals_real'] += 1
        real.preview = preview
        return real

    return run
