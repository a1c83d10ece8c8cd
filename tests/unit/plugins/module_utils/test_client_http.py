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
    # The same path form as in a failure's message and api_path: relative to api_url.
    assert recorder.warnings == ['Cloudflare API: POST {0} failed with HTTP 429; retry 1 of 3 in 2.0 s.'.format(PATH)]


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


@pytest.mark.parametrize('fault', [dict(status=503), dict(drop=True)])
def test_a_repeatable_post_is_retried_like_a_patch(emulator, recorder, fault):
    created = client_for(emulator.url, recorder).post(PATH, BODY)
    emulator.add_fault(method='POST', count=1, **fault)
    batch = dict(deletes=[], patches=[dict(id=created['id'], comments='x')], puts=[], posts=[])
    client = client_for(emulator.url, recorder)
    result = client.post(PATH + '/batch', batch, repeatable=True)
    assert result['patches'][0]['comments'] == 'x'
    assert [r['method'] for r in emulator.requests] == ['POST', 'POST', 'POST']
    assert len(recorder.sleeps) == 1 and 'POST {0}/batch failed with'.format(PATH) in recorder.warnings[0]
    # The next POST of the same client is not repeatable.
    emulator.add_fault(method='POST', count=1, status=503)
    with pytest.raises(CloudflareError):
        client.post(PATH + '/batch', batch)
    assert [r['method'] for r in emulator.requests][3:] == ['POST']


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
    assert 'POST {0} timed out after 1 try: Cloudflare did not answer within 0.3 s. Raise the option timeout'.format(PATH) in info.value.message
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


def test_a_read_that_times_out_every_time_says_how_many_tries_and_names_the_option(emulator, recorder):
    emulator.add_fault(method='GET', count=3, delay_seconds=1.0)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder, max_retries=2, timeout=0.2).get(PATH)
    assert info.value.message.startswith('GET {0} timed out after 3 tries: Cloudflare did not answer within 0.2 s each time. '
                                         'Raise the option timeout (now 0.2 s)'.format(PATH))
    assert not info.value.may_have_applied
    assert [r['method'] for r in emulator.requests] == ['GET'] * 3
    assert recorder.warnings[0].startswith('Cloudflare API: GET {0} failed with ReadTimeoutError; retry 1 of 2'.format(PATH))


def test_an_update_that_times_out_may_have_applied(emulator, recorder):
    policy_id = emulator.seed([BODY])[0]['id']
    emulator.add_fault(method='PATCH', count=2, delay_seconds=1.0)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder, max_retries=1, timeout=0.2).patch(PATH + '/' + policy_id, {'comments': 'x'})
    assert 'timed out after 2 tries' in info.value.message and 'option timeout' in info.value.message
    assert info.value.may_have_applied is True
    assert 'Cloudflare may or may not have applied this PATCH: run the task again' in info.value.message


def test_a_dropped_connection_on_every_try_says_how_many_tries(emulator, recorder):
    emulator.add_fault(method='DELETE', count=4, drop=True)
    with pytest.raises(CloudflareError) as info:
        client_for(emulator.url, recorder).delete(PATH + '/some-id')
    assert 'before an answer came, 4 tries:' in info.value.message
    assert info.value.may_have_applied is True and 'may or may not have applied this DELETE' in info.value.message
    assert len(emulator.requests) == 4


@pytest.mark.parametrize('method, status, may_have_applied', [
    ('PATCH', 500, True), ('DELETE', 500, True), ('POST', 500, True), ('GET', 500, False), ('PATCH', 400, False),
])
def test_may_have_applied_for_every_method(emulator, recorder, method, status, may_have_applied):
    emulator.add_fault(method=method, count=1, status=status)
    cli = client_for(emulator.url, recorder)
    call = dict(GET=lambda: cli.get(PATH), POST=lambda: cli.post(PATH, BODY), PATCH=lambda: cli.patch(PATH + '/x', {'comments': 'x'}),
                DELETE=lambda: cli.delete(PATH + '/x'))[method]
    with pytest.raises(CloudflareError) as info:
        call()
    assert info.value.may_have_applied is may_have_applied
    message = info.value.message
    assert ('may or may not have applied' in message) is may_have_applied
    assert not ('refused' in message and 'may or may not' in message)
    assert ('Cloudflare refused' in message) is (status < 500)


def test_no_route_says_to_check_api_url(emulator, recorder):
    wrong = emulator.url.rsplit('/v4', 1)[0]  # .../client, without /v4
    with pytest.raises(CloudflareError) as info:
        client_for(wrong, recorder).get(PATH)
    assert info.value.status == 404 and info.value.errors[0]['code'] == 7003
    assert 'check api_url (CLOUDFLARE_BASE_URL), now {0}; it must end in /client/v4'.format(wrong) in info.value.message
