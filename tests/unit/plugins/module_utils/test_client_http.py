# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The client's retry rules over real HTTP: the in-process emulator injects the faults, and
urllib3's own connection pool and Retry do the rest. Sleeps are recorded, never waited."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import CloudflareClient, CloudflareError

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / 'emulator'))
from cloudflare_emulator import Emulator  # noqa: E402 pylint: disable=import-error,wrong-import-position

ACCOUNT = '0123456789abcdef0123456789abcdef'
TOKEN = 'http-test-SECRET-token'
PATH = '/accounts/{0}/email-security/settings/allow_policies'.format(ACCOUNT)
BODY = dict(pattern='a@b.example', pattern_type='EMAIL', is_regex=False, verify_sender=False, is_trusted_sender=False,
            is_acceptable_sender=False, is_exempt_recipient=False)


@pytest.fixture(scope='module')
def server():
    emulator = Emulator(account_id=ACCOUNT, api_token=TOKEN)
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator(server):
    server.reset()
    return server


class Recorder:
    def __init__(self):
        self.sleeps = []
        self.warnings = []


@pytest.fixture
def recorder():
    return Recorder()


def client_for(url, recorder, max_retries=3, timeout=5):
    return CloudflareClient(api_url=url, api_token=TOKEN, max_retries=max_retries, timeout=timeout,
                            on_retry=recorder.warnings.append, sleeper=recorder.sleeps.append)


def statuses(emulator):
    return [(r['method'], r['status']) for r in emulator.requests]


def test_429_is_retried_after_retry_after_for_a_create(emulator, recorder):
    emulator.add_fault(method='POST', count=1, status=429, retry_after='2')
    created = client_for(emulator.url, recorder).post(PATH, BODY)
    assert created['pattern'] == 'a@b.example'
    assert statuses(emulator) == [('POST', 429), ('POST', 201)]
    assert recorder.sleeps == [2]
    assert recorder.warnings == ['Cloudflare API: POST /client/v4{0} failed with HTTP 429; retry 1 of 3 in 2.0 s.'.format(PATH)]


@pytest.mark.parametrize('status', [502, 503, 504])
def test_gateway_errors_are_retried_for_reads(emulator, recorder, status):
    emulator.add_fault(method='GET', count=2, status=status)
    assert client_for(emulator.url, recorder).get(PATH) == []
    assert statuses(emulator) == [('GET', status), ('GET', status), ('GET', 200)]
    assert len(recorder.warnings) == 2


@pytest.mark.parametrize('status', [502, 503, 504])
def test_gateway_errors_are_not_retried_for_a_create(emulator, recorder, status):
    emulator.add_fault(method='POST', count=1, status=status)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder).post(PATH, BODY)
    assert info.value.status == status
    assert statuses(emulator) == [('POST', status)]
    assert recorder.warnings == []


def test_retries_are_bounded_and_the_error_says_so(emulator, recorder):
    emulator.add_fault(method='GET', count=10, status=503)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder, max_retries=2).get(PATH)
    assert info.value.status == 503
    assert 'after 2 retries' in info.value.message
    assert len(emulator.requests) == 3


def test_a_dropped_connection_is_retried_for_a_read(emulator, recorder):
    emulator.add_fault(method='GET', count=1, drop=True)
    assert client_for(emulator.url, recorder).get(PATH) == []
    assert [r['method'] for r in emulator.requests] == ['GET', 'GET']
    assert len(recorder.warnings) == 1


def test_a_dropped_connection_is_not_retried_for_a_create_and_says_it_may_have_applied(emulator, recorder):
    emulator.add_fault(method='POST', count=1, drop=True)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder).post(PATH, BODY)
    assert info.value.may_have_applied and info.value.status is None
    assert 'may or may not have applied this POST' in info.value.message
    assert [r['method'] for r in emulator.requests] == ['POST']


def test_an_answer_slower_than_the_timeout(emulator, recorder):
    emulator.add_fault(method='POST', count=1, delay_seconds=1.5)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder, timeout=0.3).post(PATH, BODY)
    assert 'did not answer POST' in info.value.message and 'within 0.3 s' in info.value.message
    assert info.value.may_have_applied
    assert len(emulator.requests) == 1


def test_a_body_that_is_not_json(emulator, recorder):
    emulator.add_fault(method='GET', count=1, non_json=True)
    with pytest.raises(CloudflareError, match='not a JSON object'):
        client_for(emulator.url, recorder).get(PATH)


def test_a_refused_connection_is_retried_even_for_a_create(recorder):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    with pytest.raises(CloudflareError) as info:
        client_for('http://127.0.0.1:{0}/client/v4'.format(port), recorder, max_retries=2).post(PATH, BODY)
    assert info.value.message.startswith('Could not connect to http://127.0.0.1:{0}/client/v4 for POST'.format(port))
    assert not info.value.may_have_applied
    assert len(recorder.warnings) == 2


def test_paging_over_real_pages(emulator, recorder):
    emulator.seed([dict(BODY, pattern='user{0}@b.example'.format(i)) for i in range(7)])
    items = client_for(emulator.url, recorder).list_all(PATH, params={'pattern_type': 'EMAIL'}, per_page=3, order='pattern')
    assert [item['pattern'] for item in items] == sorted('user{0}@b.example'.format(i) for i in range(7))
    assert [r['query']['page'] for r in emulator.requests] == ['1', '2', '3']


def test_one_retry_is_singular(emulator):
    emulator.add_fault(method='GET', count=5, status=503)
    cli = CloudflareClient(api_url=emulator.url, api_token=TOKEN, max_retries=1, sleeper=lambda s: None)
    with pytest.raises(CloudflareError) as info:
        cli.get(PATH)
    assert 'after 1 retry.' in info.value.message or 'after 1 retry:' in info.value.message
