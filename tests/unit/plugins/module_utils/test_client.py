# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared client, with HTTP faked by ``responses`` (headers, envelopes, paging, errors)
and the retry rules checked on urllib3's own ``Retry`` machinery."""

from __future__ import annotations

import email.utils
import json
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import responses
from responses import matchers

from ansible_collections.cloudflare_one.email_security.plugins.module_utils import _client
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import (
    CloudflareClient,
    CloudflareError,
    make_retry,
)

BASE = 'https://api.example.test/client/v4'
TOKEN = 'tok-SECRET-0123456789'
KEY = 'key-SECRET-9876543210'
PATH = '/accounts/acc/email-security/settings/allow_policies'


def envelope(result=None, success=True, errors=None, **extra):
    body = dict(success=success, errors=errors or [], messages=[], result=result)
    body.update(extra)
    return body


@pytest.fixture
def client():
    return CloudflareClient(api_url=BASE + '/', api_token=TOKEN, max_retries=0)


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def test_version_matches_galaxy_yml():
    galaxy = Path(__file__).parents[4] / 'galaxy.yml'
    version = [line.split(':', 1)[1].strip() for line in galaxy.read_text().splitlines() if line.startswith('version:')]
    assert version == [_client.COLLECTION_VERSION]


def test_bearer_token_and_user_agent(client, mocked):
    mocked.get(BASE + PATH + '/x', json=envelope({'id': 'x'}), match=[matchers.header_matcher({
        'Authorization': 'Bearer ' + TOKEN,
        'User-Agent': 'cloudflare_one.email_security/0.1.0 (community Ansible collection)',
        'Accept': 'application/json',
    })])
    assert client.get(PATH + '/x') == {'id': 'x'}
    assert 'X-Auth-Key' not in mocked.calls[0].request.headers


def test_legacy_email_and_key(mocked):
    legacy = CloudflareClient(api_url=BASE, api_email='ops@example.com', api_key=KEY, max_retries=0)
    mocked.get(BASE + PATH, json=envelope([]), match=[matchers.header_matcher({'X-Auth-Email': 'ops@example.com', 'X-Auth-Key': KEY})])
    legacy.get(PATH)
    assert 'Authorization' not in mocked.calls[0].request.headers


def test_json_body_and_201(client, mocked):
    mocked.post(BASE + PATH, status=201, json=envelope({'id': 'new'}), match=[matchers.json_params_matcher({'pattern': 'a@b.example'})])
    assert client.post(PATH, {'pattern': 'a@b.example'}) == {'id': 'new'}


def test_error_envelope_is_carried_whole(client, mocked):
    errors = [{'code': 1001, 'message': 'pattern is invalid', 'source': {'pointer': '/pattern'}}]
    mocked.post(BASE + PATH, status=400, json=envelope(None, success=False, errors=errors), headers={'cf-ray': '8abc-LHR'})
    with pytest.raises(CloudflareError) as info:
        client.post(PATH, {'pattern': 'x'})
    err = info.value
    assert (err.method, err.path, err.status, err.cf_ray) == ('POST', PATH, 400, '8abc-LHR')
    assert err.errors == errors
    assert 'pattern is invalid (code 1001) at /pattern' in err.message
    assert err.to_dict() == {'method': 'POST', 'api_path': PATH, 'status': 400, 'errors': errors, 'cf_ray': '8abc-LHR', 'may_have_applied': False}


@pytest.mark.parametrize('status, method, expected', [
    (401, 'GET', 'CLOUDFLARE_API_TOKEN'),
    (403, 'GET', 'Cloud Email Security: Read'),
    (403, 'PATCH', 'Cloud Email Security: Write'),
    (403, 'GET', 'no Email Security subscription'),
    (429, 'GET', 'rate-limited'),
])
def test_auth_errors_say_what_to_fix(client, mocked, status, method, expected):
    mocked.add(method, BASE + PATH, status=status, json=envelope(None, success=False, errors=[{'code': 10000, 'message': 'Authentication error'}]))
    with pytest.raises(CloudflareError) as info:
        client.request(method, PATH)
    assert expected in info.value.message
    assert info.value.status == status


def test_success_false_with_2xx_is_an_error(client, mocked):
    mocked.get(BASE + PATH, json=envelope(None, success=False, errors=[{'code': 1000, 'message': 'odd'}]))
    with pytest.raises(CloudflareError, match='HTTP 200 but success is not true: odd'):
        client.get(PATH)


@pytest.mark.parametrize('status', [200, 502])
def test_body_that_is_not_json_is_an_error(client, mocked, status):
    mocked.get(BASE + PATH, status=status, body='<html>Bad gateway</html>', content_type='text/html')
    with pytest.raises(CloudflareError, match='not a JSON object') as info:
        client.get(PATH)
    assert info.value.status == status


def test_json_that_is_not_an_object_is_an_error(client, mocked):
    mocked.get(BASE + PATH, json=[1, 2])
    with pytest.raises(CloudflareError, match='not a JSON object'):
        client.get(PATH)


def test_paging_builds_each_query_afresh_and_stops_on_a_short_page(client, mocked):
    pages = {1: [{'id': str(i)} for i in range(3)], 2: [{'id': str(i)} for i in range(3, 6)], 3: [{'id': '6'}]}
    for page, items in pages.items():
        mocked.get(BASE + PATH, json=envelope(items, result_info={'count': len(items), 'page': page, 'per_page': 3, 'total_count': 99}),
                   match=[matchers.query_param_matcher({'pattern_type': 'EMAIL', 'page': str(page), 'per_page': '3',
                                                        'order': 'created_at', 'direction': 'asc'})])
    items = client.list_all(PATH, params={'pattern_type': 'EMAIL'}, per_page=3, order='created_at')
    assert [item['id'] for item in items] == [str(i) for i in range(7)]
    assert len(mocked.calls) == 3
    for call in mocked.calls:
        assert call.request.url.count('page=') == 2  # page= and per_page=, once each


def page_of(page, items, per_page=2, total_count=None):
    """A mocked list answer for page ``page``, with a real ``result_info`` (total_count: None leaves it out)."""
    info = dict(count=len(items), page=page, per_page=per_page)
    if total_count is not None:
        info['total_count'] = total_count
    return dict(json=envelope(items, result_info=info), match=[matchers.query_param_matcher({'page': str(page), 'per_page': '2'})])


def test_a_read_is_complete_once_page_times_per_page_reaches_total_count(client, mocked):
    # An account of exactly one full page: one GET, not a second, empty one.
    mocked.get(BASE + PATH, **page_of(1, [{'id': '1'}, {'id': '2'}], total_count=2))
    assert len(client.list_all(PATH, per_page=2)) == 2
    assert len(mocked.calls) == 1
    mocked.reset()
    mocked.get(BASE + PATH, **page_of(1, [{'id': '1'}, {'id': '2'}], total_count=4))
    mocked.get(BASE + PATH, **page_of(2, [{'id': '3'}, {'id': '4'}], total_count=4))
    assert len(client.list_all(PATH, per_page=2)) == 4
    assert len(mocked.calls) == 2


def test_a_filtered_read_goes_on_while_total_count_which_counts_without_filters_is_not_reached(client, mocked):
    # total_count counts every object, not the filtered ones: a full page below it is not the end.
    mocked.get(BASE + PATH, **page_of(1, [{'id': '1'}, {'id': '2'}], total_count=9))
    mocked.get(BASE + PATH, **page_of(2, [], total_count=9))
    assert len(client.list_all(PATH, per_page=2)) == 2
    assert len(mocked.calls) == 2


@pytest.mark.parametrize('result_info', [None, {}, {'per_page': 2}, {'total_count': '2'}, {'total_count': True}, {'total_count': -1}],
                         ids=['none', 'empty', 'no_total_count', 'string', 'bool', 'negative'])
def test_without_a_total_count_a_read_goes_on_until_an_empty_or_short_page(client, mocked, result_info):
    extra = {} if result_info is None else {'result_info': result_info}
    for page, items in ((1, [{'id': '1'}, {'id': '2'}]), (2, [{'id': '3'}, {'id': '4'}]), (3, [])):
        mocked.get(BASE + PATH, json=envelope(items, **extra), match=[matchers.query_param_matcher({'page': str(page), 'per_page': '2'})])
    assert len(client.list_all(PATH, per_page=2)) == 4
    assert len(mocked.calls) == 3


def test_paging_detects_a_server_that_ignores_page(client, mocked):
    mocked.get(BASE + PATH, json=envelope([{'id': '1'}, {'id': '2'}]))
    with pytest.raises(CloudflareError, match='ignores paging'):
        client.list_all(PATH, per_page=2)


def test_paging_refuses_a_result_that_is_not_a_list(client, mocked):
    mocked.get(BASE + PATH, json=envelope({'id': '1'}))
    with pytest.raises(CloudflareError, match='not a list'):
        client.list_all(PATH)


def test_default_per_page_is_the_maximum(client, mocked):
    mocked.get(BASE + PATH, json=envelope([]), match=[matchers.query_param_matcher({'page': '1', 'per_page': '1000'})])
    assert client.list_all(PATH) == []


def test_read_timeout_on_create_says_it_may_have_applied(client, mocked):
    mocked.post(BASE + PATH, body=requests.exceptions.ReadTimeout('read timed out'))
    with pytest.raises(CloudflareError) as info:
        client.post(PATH, {})
    assert info.value.may_have_applied
    assert 'may or may not have applied this POST' in info.value.message


def test_read_timeout_on_read_is_plain(client, mocked):
    mocked.get(BASE + PATH, body=requests.exceptions.ReadTimeout('read timed out'))
    with pytest.raises(CloudflareError, match='GET .* timed out after 1 try: Cloudflare did not answer within') as info:
        client.get(PATH)
    assert not info.value.may_have_applied


def test_other_request_errors_are_wrapped(client, mocked):
    mocked.get(BASE + PATH, body=requests.exceptions.InvalidURL('bad url'))
    with pytest.raises(CloudflareError, match='GET .* failed: bad url'):
        client.get(PATH)


def test_no_secret_in_any_error(mocked):
    """Every failure path: the token and the key appear in no message and no structured field."""
    for kwargs in ({'api_token': TOKEN}, {'api_email': 'ops@example.com', 'api_key': KEY}):
        cli = CloudflareClient(api_url=BASE, max_retries=0, **kwargs)
        failures = [
            dict(status=401, json=envelope(None, success=False, errors=[{'code': 10000, 'message': 'Authentication error'}])),
            dict(status=403, json=envelope(None, success=False, errors=[{'code': 9109, 'message': 'Unauthorized'}])),
            dict(status=500, body='<html>oops</html>'),
            dict(body=requests.exceptions.ReadTimeout('timed out')),
            dict(body=requests.exceptions.ConnectionError('boom')),
        ]
        for failure in failures:
            mocked.reset()
            mocked.post(BASE + PATH, **failure)
            with pytest.raises(CloudflareError) as info:
                cli.post(PATH, {'pattern': 'x'})
            text = info.value.message + json.dumps(info.value.to_dict()) + repr(info.value)
            assert TOKEN not in text and KEY not in text


# The retry rules, on urllib3's Retry itself (responses replays status retries but never sleeps).

def fake_response(status, retry_after=None):
    headers = {'Retry-After': retry_after} if retry_after is not None else {}
    return SimpleNamespace(status=status, headers=headers, get_redirect_location=lambda: None)


@pytest.mark.parametrize('method, status, retried', [
    ('GET', 429, True), ('GET', 502, True), ('GET', 503, True), ('GET', 504, True), ('GET', 500, False), ('GET', 404, False),
    ('PATCH', 503, True), ('DELETE', 502, True),
    ('POST', 429, True), ('POST', 502, False), ('POST', 503, False), ('POST', 504, False),
])
def test_which_statuses_are_retried(method, status, retried):
    assert make_retry(3).is_retry(method, status, has_retry_after=False) is retried


def test_no_retry_when_max_retries_is_zero():
    assert make_retry(0).is_retry('GET', 503) is False


def test_retry_after_seconds_is_honoured_and_warned():
    slept, warnings = [], []
    retry = make_retry(3, on_retry=warnings.append, sleeper=slept.append)
    retry = retry.increment('GET', BASE + PATH + '?page=1', response=fake_response(429, '7'))
    retry.sleep(fake_response(429, '7'))
    assert slept == [7]
    assert warnings == ['Cloudflare API: GET /client/v4' + PATH + ' failed with HTTP 429; retry 1 of 3 in 7.0 s.']


def test_retry_after_http_date_is_honoured():
    slept = []
    retry = make_retry(3, sleeper=slept.append)
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    retry = retry.increment('GET', BASE, response=fake_response(429, when))
    retry.sleep(fake_response(429, when))
    assert 15 <= slept[0] <= 21


def test_a_retry_after_longer_than_the_bound_is_not_waited_for():
    from urllib3.exceptions import MaxRetryError
    slept = []
    retry = make_retry(3, sleeper=slept.append)
    with pytest.raises(MaxRetryError, match='Retry-After of 300 s is longer than 60 s'):
        retry.increment('GET', BASE, response=fake_response(429, '300'))
    assert slept == []


def test_an_invalid_retry_after_falls_back_to_backoff():
    slept = []
    retry = make_retry(3, sleeper=slept.append)
    retry = retry.increment('GET', BASE, response=fake_response(429, 'soon'))
    retry.sleep(fake_response(429, 'soon'))
    assert _client.BACKOFF_FACTOR <= slept[0] <= 2 * _client.BACKOFF_FACTOR


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    slept = []
    retry = make_retry(8, sleeper=slept.append)
    for _index in range(6):
        retry = retry.increment('GET', BASE, response=fake_response(503))
        retry.sleep(fake_response(503))
    factor = _client.BACKOFF_FACTOR
    for attempt, delay in enumerate(slept[:4]):
        assert factor * 2 ** attempt <= delay <= factor * 2 ** attempt + factor
    assert slept[4] == slept[5] == _client.BACKOFF_MAX


def test_retries_are_bounded():
    from urllib3.exceptions import MaxRetryError
    retry = make_retry(2)
    retry = retry.increment('GET', BASE, response=fake_response(503))
    retry = retry.increment('GET', BASE, response=fake_response(503))
    with pytest.raises(MaxRetryError):
        retry.increment('GET', BASE, response=fake_response(503))


def test_read_errors_are_retried_only_for_idempotent_methods():
    from urllib3.exceptions import ProtocolError
    retry = make_retry(3)
    assert retry.increment('GET', BASE, error=ProtocolError('reset')).history
    with pytest.raises(ProtocolError):
        retry.increment('POST', BASE, error=ProtocolError('reset'))


def test_refused_connections_are_retried_for_every_method():
    from urllib3.exceptions import NewConnectionError
    retry = make_retry(3)
    retry = retry.increment('POST', BASE, error=NewConnectionError(None, 'refused'))
    assert retry.history[-1].method == 'POST'


def test_status_retries_on_a_session(client):
    """responses replays urllib3 status retries: a 503 then a 200 is one successful call."""
    retrying = CloudflareClient(api_url=BASE, api_token=TOKEN, max_retries=2, sleeper=lambda s: None)
    with responses.RequestsMock() as rsps:
        rsps.get(BASE + PATH, status=503, json=envelope(None, success=False, errors=[{'code': 1000, 'message': 'busy'}]))
        rsps.get(BASE + PATH, json=envelope([]))
        assert retrying.get(PATH) == []
        assert len(rsps.calls) == 2
    with responses.RequestsMock() as rsps:
        rsps.post(BASE + PATH, status=503, json=envelope(None, success=False, errors=[{'code': 1000, 'message': 'busy'}]))
        with pytest.raises(CloudflareError) as info:
            retrying.post(PATH, {})
        assert info.value.status == 503
        assert len(rsps.calls) == 1


def test_errors_that_are_not_a_list_and_failures_without_errors(client, mocked):
    mocked.get(BASE + PATH, status=400, json={'success': False, 'errors': 'bad request', 'result': None})
    with pytest.raises(CloudflareError) as info:
        client.get(PATH)
    assert info.value.errors == [{'message': 'bad request'}]
    mocked.reset()
    mocked.get(BASE + PATH, status=500, json={'success': False, 'result': None})
    with pytest.raises(CloudflareError) as info:
        client.get(PATH)
    assert info.value.message == 'Cloudflare answered GET {0} with HTTP 500, a server error.'.format(PATH)
    assert info.value.may_have_applied is False  # a read applies nothing


def test_retry_warning_names_a_path_whatever_url_form_urllib3_gives():
    assert _client._path_of(None) == ''
    assert _client._path_of('https://api.example.test/client/v4/x?page=2') == '/client/v4/x'
    assert _client._path_of('/client/v4/x?page=2') == '/client/v4/x'
    assert _client._path_of('https://api.example.test/client/v4/x?page=2', '/client/v4') == '/x'
    assert _client._path_of('https://api.example.test/client/v4x', '/client/v4') == '/client/v4x'


def test_redirects_are_not_followed(client, mocked):
    mocked.post(BASE + PATH, status=301, headers={'Location': 'https://elsewhere.example/'})
    with pytest.raises(CloudflareError, match="redirect \\(HTTP 301\\) to 'https://elsewhere.example/', which is not followed: check api_url"):
        client.post(PATH, {})
    assert len(mocked.calls) == 1


@pytest.mark.parametrize('failure', [
    dict(status=502, json=envelope(None, success=False, errors=[{'code': 1000, 'message': 'bad gateway'}])),
    dict(status=504, body='<html>Gateway timeout</html>', content_type='text/html'),
])
def test_a_create_answered_with_a_server_error_may_have_applied(client, mocked, failure):
    mocked.post(BASE + PATH, **failure)
    with pytest.raises(CloudflareError) as info:
        client.post(PATH, {})
    assert info.value.may_have_applied
    assert 'may or may not have applied this POST' in info.value.message


def test_a_client_error_is_certainly_not_applied(client, mocked):
    mocked.post(BASE + PATH, status=400, body='bad', content_type='text/plain')
    with pytest.raises(CloudflareError, match='The request was not applied') as info:
        client.post(PATH, {})
    assert not info.value.may_have_applied


def test_a_tls_failure_says_nothing_was_sent(client, mocked):
    mocked.post(BASE + PATH, body=requests.exceptions.SSLError('certificate verify failed'))
    with pytest.raises(CloudflareError, match='TLS with .* failed for POST .*, so nothing was sent: certificate verify failed') as info:
        client.post(PATH, {})
    assert not info.value.may_have_applied


def test_rate_limit_error_says_how_long_to_wait(client, mocked):
    mocked.get(BASE + PATH, status=429, headers={'Retry-After': '300'},
               json=envelope(None, success=False, errors=[{'code': 971, 'message': 'Please wait'}]))
    with pytest.raises(CloudflareError, match='Cloudflare asks to wait 300 seconds'):
        client.get(PATH)


@pytest.mark.parametrize('kwargs', [
    {'api_token': 'SECRET-token-with-newline\n'},
    {'api_email': 'ops@example.com', 'api_key': 'SECRET-key\r\n'},
])
def test_credentials_that_cannot_be_sent_are_not_shown(mocked, kwargs):
    cli = CloudflareClient(api_url=BASE, max_retries=0, **kwargs)
    mocked.add_passthru(BASE)
    with pytest.raises(CloudflareError) as info:
        cli.get(PATH)
    assert 'holds characters that cannot go in an HTTP header' in info.value.message
    for secret in kwargs.values():
        assert secret.strip() not in info.value.message and repr(secret)[1:-1] not in info.value.message


def test_paging_follows_the_page_size_the_server_serves(client, mocked):
    mocked.get(BASE + PATH, json=envelope([{'id': '1'}, {'id': '2'}], result_info={'per_page': 2}),
               match=[matchers.query_param_matcher({'page': '1', 'per_page': '1000'})])
    mocked.get(BASE + PATH, json=envelope([{'id': '3'}], result_info={'per_page': 2}),
               match=[matchers.query_param_matcher({'page': '2', 'per_page': '1000'})])
    assert [item['id'] for item in client.list_all(PATH)] == ['1', '2', '3']


# Boundaries and secrets (written from mutants that the tests above let through).

def test_rate_limit_hint_ignores_an_http_date(client, mocked):
    mocked.get(BASE + PATH, status=429, headers={'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT'},
               json=dict(success=False, errors=[], messages=[], result=None))
    with pytest.raises(CloudflareError) as info:
        client.get(PATH)
    assert 'rate-limited' in info.value.message and 'asks to wait' not in info.value.message


def test_a_retry_after_of_exactly_the_bound_is_waited_for():
    slept = []
    retry = make_retry(3, sleeper=slept.append)
    retry = retry.increment('GET', BASE, response=fake_response(429, '60'))
    retry.sleep(fake_response(429, '60'))
    assert slept == [60]


def test_backoff_adds_jitter(monkeypatch):
    monkeypatch.setattr(_client.random, 'uniform', lambda low, high: high / 2)
    slept = []
    retry = make_retry(3, sleeper=slept.append)
    retry = retry.increment('GET', BASE, response=fake_response(503))
    retry.sleep(fake_response(503))
    assert slept == [_client.BACKOFF_FACTOR * 1.5]


def test_validate_certs_false_reaches_the_session():
    assert CloudflareClient(api_url=BASE, api_token=TOKEN, validate_certs=False).session.verify is False
    assert CloudflareClient(api_url=BASE, api_token=TOKEN).session.verify is True


@pytest.mark.parametrize('kwargs, secret', [({'api_token': TOKEN}, TOKEN),
                                            ({'api_email': 'o@example.com', 'api_key': KEY}, KEY),
                                            ({'api_token': 'tok\\SECRET'}, 'tok\\SECRET')])
def test_a_secret_echoed_in_an_exception_is_scrubbed(mocked, kwargs, secret):
    cli = CloudflareClient(api_url=BASE, max_retries=0, **kwargs)
    mocked.get(BASE + PATH, body=requests.exceptions.InvalidURL('proxy said {0} / {0!r}'.format(secret)))
    with pytest.raises(CloudflareError) as info:
        cli.get(PATH)
    text = info.value.message + repr(info.value)
    assert secret not in text and repr(secret)[1:-1] not in text and '********' in text


def test_a_create_answered_500_may_have_applied(client, mocked):
    mocked.post(BASE + PATH, status=500, json=dict(success=False, errors=[], messages=[], result=None))
    with pytest.raises(CloudflareError) as info:
        client.post(PATH, {})
    assert info.value.may_have_applied is True


def test_a_300_is_a_redirect(client, mocked):
    mocked.get(BASE + PATH, status=300, headers={'Location': 'https://elsewhere.example/'})
    with pytest.raises(CloudflareError, match='redirect \\(HTTP 300\\)'):
        client.get(PATH)


def test_success_must_be_the_boolean_true(client, mocked):
    mocked.get(BASE + PATH, json=dict(success='false', errors=[], messages=[], result=[]))
    with pytest.raises(CloudflareError, match='success is not true'):
        client.get(PATH)


def test_a_broken_read_does_not_say_it_may_have_applied(client, mocked):
    mocked.get(BASE + PATH, body=requests.exceptions.ReadTimeout('read timed out'))
    with pytest.raises(CloudflareError) as info:
        client.get(PATH)
    assert 'may or may not' not in info.value.message


def test_a_secret_echoed_by_the_api_is_scrubbed_from_its_errors(mocked):
    cli = CloudflareClient(api_url=BASE, api_token=TOKEN, max_retries=0)
    mocked.get(BASE + PATH, status=400, json=envelope(None, success=False, errors=[{'code': 1001, 'message': 'bad token ' + TOKEN}, 'odd', {'code': 1000}]))
    with pytest.raises(CloudflareError) as info:
        cli.get(PATH)
    assert info.value.errors == [{'code': 1001, 'message': 'bad token ********'}, {'message': 'odd'}, {'code': 1000}]
    assert TOKEN not in info.value.message
