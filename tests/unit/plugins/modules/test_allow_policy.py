# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""allow_policy, with every HTTP call scripted: what it reads, what it writes, what it returns."""

from __future__ import annotations

import json

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.plugins.module_utils import _connection

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API, COLLECTION, TOKEN, warnings_of

URL = API + COLLECTION
POLICY_ID = '5e1f1a8a-1c5e-4a52-9d47-6f3c3b1e2a10'


def envelope(result, **extra):
    body = dict(success=True, errors=[], messages=[], result=result)
    body.update(extra)
    return body


def failure(status_code, code, message):
    return dict(status=status_code, json=dict(success=False, errors=[{'code': code, 'message': message}], messages=[], result=None))


def policy(**fields):
    base = dict(id=POLICY_ID, pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True,
                is_trusted_sender=False, is_acceptable_sender=True, is_exempt_recipient=False, comments='partner',
                created_at='2026-11-01T10:00:00Z', modified_at='2026-11-01T10:00:00Z', last_modified='2026-11-01T10:00:00Z')
    base.update(fields)
    base.update(is_sender=base['is_trusted_sender'], is_spoof=base['is_acceptable_sender'], is_recipient=base['is_exempt_recipient'])
    return base


def public(obj):
    return dict((k, v) for k, v in obj.items() if k not in ('is_sender', 'is_spoof', 'is_recipient', 'last_modified'))


def list_query(pattern_type):
    return matchers.query_param_matcher(dict(pattern_type=pattern_type, page='1', per_page='1000', order='created_at', direction='asc'))


def expect_list(api, items, pattern_type='DOMAIN'):
    api.get(URL, json=envelope(items, result_info=dict(count=len(items), page=1, per_page=1000, total_count=len(items))),
            match=[list_query(pattern_type)])


WANTED = dict(pattern='partner.example', pattern_type='DOMAIN', verify_sender=True, is_acceptable_sender=True, comments='partner')


def test_create_sends_every_required_field(api, run_module):
    expect_list(api, [])
    created = policy()
    api.post(URL, status=201, json=envelope(created), match=[matchers.json_params_matcher(dict(
        pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True, is_trusted_sender=False,
        is_acceptable_sender=True, is_exempt_recipient=False, comments='partner'))])
    result = run_module('allow_policy', WANTED, diff=True)
    assert result['changed'] is True
    assert result['policy'] == public(created)
    assert json.loads(result['diff']['before']) == {}
    assert json.loads(result['diff']['after']) == dict(
        pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True, is_trusted_sender=False, is_acceptable_sender=True,
        is_exempt_recipient=False, comments='partner')
    assert result['diff']['after_header'] == 'allow policy DOMAIN partner.example'


def test_unchanged_policy_is_one_read(api, run_module):
    expect_list(api, [policy(pattern='Partner.Example', comments=None), policy(id='other', pattern='other.example')])
    result = run_module('allow_policy', dict(WANTED, pattern='partner.EXAMPLE', comments=''))
    assert result['changed'] is False
    assert result['policy']['id'] == POLICY_ID
    assert 'is_sender' not in result['policy'] and 'last_modified' not in result['policy']
    assert len(api.calls) == 1


def test_one_changed_flag_patches_only_that_flag(api, run_module):
    expect_list(api, [policy()])
    api.patch(URL + '/' + POLICY_ID, json=envelope(policy(is_trusted_sender=True)), match=[matchers.json_params_matcher({'is_trusted_sender': True})])
    result = run_module('allow_policy', dict(WANTED, is_trusted_sender=True), diff=True)
    assert result['changed'] is True
    assert result['policy']['is_trusted_sender'] is True
    assert json.loads(result['diff']['before'])['is_trusted_sender'] is False
    assert json.loads(result['diff']['after'])['is_trusted_sender'] is True
    assert result['diff']['before_header'] == 'allow policy {0} DOMAIN partner.example'.format(POLICY_ID)


def test_unset_options_are_not_managed(api, run_module):
    expect_list(api, [policy(is_trusted_sender=True, comments='kept')])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN'))
    assert result['changed'] is False


@pytest.mark.parametrize('args, existing, action', [
    (dict(WANTED), [], 'create'),
    (dict(WANTED, comments='new note'), [policy()], 'update'),
    (dict(WANTED, state='absent'), [policy()], 'delete'),
])
def test_check_mode_writes_nothing_and_predicts_the_real_run(api, run_module, args, existing, action):
    expect_list(api, existing)
    checked = run_module('allow_policy', args, check_mode=True, diff=True)
    assert len(api.calls) == 1 and api.calls[0].request.method == 'GET'

    api.reset()
    expect_list(api, existing)
    if action == 'create':
        api.post(URL, status=201, json=envelope(policy()))
    elif action == 'update':
        api.patch(URL + '/' + POLICY_ID, json=envelope(policy(comments='new note')))
    else:
        api.delete(URL + '/' + POLICY_ID, json=envelope({'id': POLICY_ID}))
    real = run_module('allow_policy', args, diff=True)

    assert checked['changed'] is real['changed'] is True
    assert checked['diff'] == real['diff']
    # The prediction is the real result, but for what only the server knows: a new policy's id and timestamps,
    # the modified_at of an update.
    server_assigned = {'create': ('id', 'created_at', 'modified_at'), 'update': ('modified_at',)}.get(action, ())
    expected = dict((k, v) for k, v in real['policy'].items() if k not in server_assigned)
    assert checked['policy'] == expected


def test_delete_by_natural_key(api, run_module):
    expect_list(api, [policy()])
    api.delete(URL + '/' + POLICY_ID, json=envelope({'id': POLICY_ID}))
    result = run_module('allow_policy', dict(pattern='PARTNER.example', pattern_type='DOMAIN', state='absent'), diff=True)
    assert result['changed'] is True
    assert result['policy'] == {}
    assert json.loads(result['diff']['after']) == {} and result['diff']['after_header'] == 'no allow policy'


def test_delete_of_a_missing_policy_is_ok(api, run_module):
    expect_list(api, [policy(pattern='other.example')])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN', state='absent'))
    assert result['changed'] is False and result['policy'] == {} and 'failed' not in result


def test_delete_raced_by_someone_else_counts_as_done(api, run_module):
    expect_list(api, [policy()])
    api.delete(URL + '/' + POLICY_ID, **failure(404, 1002, 'Not found'))
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN', state='absent'))
    assert result['changed'] is True and 'failed' not in result


def test_update_of_the_pattern_by_id(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy()))
    expect_list(api, [policy()])  # a new key: its holders are read (none, but the policy itself)
    api.patch(URL + '/' + POLICY_ID, json=envelope(policy(pattern='partner-mail.example')),
              match=[matchers.json_params_matcher({'pattern': 'partner-mail.example'})])
    result = run_module('allow_policy', dict(id=POLICY_ID, pattern='partner-mail.example', pattern_type='DOMAIN'))
    assert result['changed'] is True
    assert result['policy']['pattern'] == 'partner-mail.example'


def test_integer_id_is_accepted_as_a_string(api, run_module):
    api.get(URL + '/42', json=envelope(policy(id='42')))
    result = run_module('allow_policy', dict(policy_id=42))
    assert result['changed'] is False and result['policy']['id'] == '42'


def test_unknown_id_with_state_present_fails_instead_of_creating(api, run_module):
    api.get(URL + '/' + POLICY_ID, **failure(404, 1002, 'Not found'))
    result = run_module('allow_policy', dict(id=POLICY_ID, comments='x'))
    assert result['failed'] is True
    assert 'No allow policy has id ' + POLICY_ID in result['msg']
    assert len(api.calls) == 1


def test_unknown_id_with_state_absent_is_ok(api, run_module):
    api.get(URL + '/' + POLICY_ID, **failure(404, 1002, 'Not found'))
    result = run_module('allow_policy', dict(id=POLICY_ID, state='absent'))
    assert result['changed'] is False and result['policy'] == {}


def test_unknown_route_is_not_mistaken_for_a_missing_policy(api, run_module):
    api.get(URL + '/' + POLICY_ID, **failure(404, 7003, 'No route for the URI'))
    result = run_module('allow_policy', dict(id=POLICY_ID, state='absent'))
    assert result['failed'] is True
    assert result['status'] == 404 and result['errors'][0]['code'] == 7003


def test_several_matches_fail_and_list_their_ids(api, run_module):
    expect_list(api, [policy(id='b-id'), policy(id='a-id', pattern='PARTNER.example')])
    result = run_module('allow_policy', WANTED)
    assert result['failed'] is True
    assert 'matches 2 existing objects (a-id, b-id): set id to choose one' in result['msg']


@pytest.mark.parametrize('wanted, existing_pattern, existing_regex, found', [
    (dict(pattern='192.0.2.1', pattern_type='IP'), '192.0.2.1/32', False, True),
    (dict(pattern='2001:DB8::/32', pattern_type='IP'), '2001:db8::/32', False, True),
    (dict(pattern='192.0.2.0/24', pattern_type='IP'), '192.0.2.0/25', False, False),
    (dict(pattern='User@Example.COM', pattern_type='EMAIL'), 'user@example.com', False, True),
    (dict(pattern='.*@Example\\.com', pattern_type='EMAIL', is_regex=True), '.*@example\\.com', True, False),
    (dict(pattern='.*@example\\.com', pattern_type='EMAIL', is_regex=True), '.*@example\\.com', True, True),
])
def test_natural_key_matching(api, run_module, wanted, existing_pattern, existing_regex, found):
    pattern_type = wanted['pattern_type']
    expect_list(api, [policy(pattern=existing_pattern, pattern_type=pattern_type, is_regex=existing_regex)], pattern_type)
    result = run_module('allow_policy', dict(wanted, state='absent'), check_mode=True)
    assert result['changed'] is found


def test_deprecated_alias_works_and_warns(api, run_module):
    expect_list(api, [policy()])
    api.patch(URL + '/' + POLICY_ID, json=envelope(policy(is_trusted_sender=True)), match=[matchers.json_params_matcher({'is_trusted_sender': True})])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN', is_sender=True))
    assert result['changed'] is True
    assert "Alias 'is_sender' is deprecated" in json.dumps(result['deprecations'])


def test_missing_flags_in_a_response_read_as_false(api, run_module):
    sparse = dict(id=POLICY_ID, pattern='partner.example', pattern_type='DOMAIN', created_at='2026-11-01T10:00:00Z', last_modified='2026-11-01T10:00:00Z')
    expect_list(api, [sparse])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=False, comments=''))
    assert result['changed'] is False


def test_old_responses_with_only_deprecated_flags_are_understood(api, run_module):
    old = dict(id=POLICY_ID, pattern='partner.example', pattern_type='DOMAIN', is_sender=True, created_at='x', last_modified='x')
    expect_list(api, [old])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN', is_trusted_sender=True))
    assert result['changed'] is False and 'failed' not in result and len(api.calls) == 1


@pytest.mark.parametrize('args, message', [
    (dict(pattern='x.example', pattern_type='UNKNOWN'), 'pattern_type UNKNOWN is deprecated and cannot be set'),
    (dict(pattern='x.example'), 'Set both pattern and pattern_type'),
    (dict(pattern_type='DOMAIN'), 'Set both pattern and pattern_type'),
    (dict(pattern='', pattern_type='DOMAIN'), 'pattern must be 1 to 1024 characters long (it has 0)'),
    (dict(pattern='a' * 1020 + '.com1', pattern_type='DOMAIN'), 'pattern must be 1 to 1024 characters long (it has 1025)'),
    (dict(pattern='x.example', pattern_type='DOMAIN', comments='c' * 1025), 'comments must be at most 1024 characters long'),
    (dict(pattern='not-an-address', pattern_type='EMAIL'), "pattern 'not-an-address' is not an email address"),
    (dict(pattern='exa mple.com', pattern_type='DOMAIN'), 'is not a domain name'),
    (dict(pattern='300.1.1.1', pattern_type='IP'), 'is not an IPv4 or IPv6 address'),
    (dict(pattern='(unclosed', pattern_type='EMAIL', is_regex=True), 'is not a valid regular expression'),
    (dict(id=['a'], comments='x'), 'id must be the identifier of an allow policy'),
    (dict(id=True, comments='x'), 'id must be the identifier of an allow policy'),
    (dict(pattern='x.example', pattern_type='DOMAIN', max_retries=11), 'max_retries must be between 0 and 10'),
    (dict(pattern='x.example', pattern_type='DOMAIN', timeout=0), 'timeout must be a number of seconds greater than 0'),
    (dict(pattern='x.example', pattern_type='DOMAIN', api_url='api.cloudflare.com'), 'api_url must start with https://'),
    (dict(pattern='x.example', pattern_type='DOMAIN', account_id='my-account/x'),
     "account_id must be the account identifier shown in the Cloudflare dashboard (32 hexadecimal characters, such as "
     "0123456789abcdef0123456789abcdef), not a name or URL: 'm' (character 1) is not a hexadecimal digit."),
    (dict(pattern='x.example', pattern_type='DOMAIN', account_id='0123456789abcdef0123456789abcdeg'), "'g' (character 32) is not a hexadecimal digit"),
])
def test_bad_input_fails_before_any_request(api, run_module, args, message):
    result = run_module('allow_policy', args)
    assert result['failed'] is True
    assert message in result['msg']
    assert len(api.calls) == 0


def test_unknown_type_may_remove_a_legacy_entry(api, run_module):
    expect_list(api, [policy(pattern='legacy', pattern_type='UNKNOWN')], 'UNKNOWN')
    api.delete(URL + '/' + POLICY_ID, json=envelope({'id': POLICY_ID}))
    result = run_module('allow_policy', dict(pattern='legacy', pattern_type='UNKNOWN', state='absent'))
    assert result['changed'] is True


def test_pattern_form_is_checked_against_the_existing_policy_when_addressed_by_id(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern='a@b.example', pattern_type='EMAIL')))
    result = run_module('allow_policy', dict(id=POLICY_ID, pattern='not an address'))
    assert result['failed'] is True and 'is not an email address' in result['msg']
    assert len(api.calls) == 1


@pytest.mark.parametrize('env, message', [
    ({}, 'No credentials: set api_token (or the environment variable CLOUDFLARE_API_TOKEN)'),
    ({'CLOUDFLARE_API_TOKEN': 'env-token-value'}, 'account_id is required: set the option account_id or the environment variable CLOUDFLARE_ACCOUNT_ID'),
    ({'CLOUDFLARE_ACCOUNT_ID': 'a', 'CLOUDFLARE_EMAIL': 'ops@example.com'}, 'api_email and api_key go together'),
])
def test_missing_connection_settings_name_option_and_variable(api, run_module, monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN'), connection=False)
    assert result['failed'] is True and message in result['msg']
    assert len(api.calls) == 0


@pytest.mark.parametrize('name', ['api_token', 'api_email', 'api_key', 'account_id'])
@pytest.mark.parametrize('value', ['', ' \n'])
def test_an_empty_connection_option_is_named_and_never_replaced_by_the_environment(api, run_module, monkeypatch, name, value):
    for variable, env_value in (('CLOUDFLARE_API_TOKEN', 'env-token-value'), ('CLOUDFLARE_ACCOUNT_ID', ACCOUNT)):
        monkeypatch.setenv(variable, env_value)
    variable = dict(api_token='CLOUDFLARE_API_TOKEN', api_email='CLOUDFLARE_EMAIL', api_key='CLOUDFLARE_API_KEY', account_id='CLOUDFLARE_ACCOUNT_ID')[name]
    result = run_module('allow_policy', {'pattern': 'x.example', 'pattern_type': 'DOMAIN', 'api_url': API, name: value}, connection=False)
    assert result['failed'] is True
    assert result['msg'] == ('{0} is empty: set it, or leave the option out to use the environment variable {1} (an empty option is not '
                             'replaced by the environment).'.format(name, variable))
    assert len(api.calls) == 0


@pytest.mark.parametrize('variable, value, message', [
    ('CLOUDFLARE_API_TOKEN', '', 'No credentials: set api_token'),
    ('CLOUDFLARE_API_TOKEN', 'tok\nen', 'CLOUDFLARE_API_TOKEN holds characters that cannot be sent in an HTTP header'),
    ('CLOUDFLARE_ACCOUNT_ID', ' ', 'account_id is required: set the option account_id or the environment variable CLOUDFLARE_ACCOUNT_ID.'),
    ('CLOUDFLARE_ACCOUNT_ID', 'my-account', "CLOUDFLARE_ACCOUNT_ID must be the account identifier shown in the Cloudflare dashboard"),
    ('CLOUDFLARE_BASE_URL', 'http://api.example/client/v4', 'CLOUDFLARE_BASE_URL must use https://'),
])
def test_a_message_about_a_variable_names_it_and_an_empty_one_counts_as_unset(api, run_module, monkeypatch, variable, value, message):
    connection = dict(CLOUDFLARE_API_TOKEN='env-token-value', CLOUDFLARE_ACCOUNT_ID=ACCOUNT)
    connection[variable] = value
    for name, env_value in connection.items():
        monkeypatch.setenv(name, env_value)
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN'), connection=False)
    assert result['failed'] is True
    assert message in result['msg'], result['msg']
    assert len(api.calls) == 0


def test_an_empty_base_url_variable_counts_as_unset(api, run_module, monkeypatch):
    monkeypatch.setenv('CLOUDFLARE_BASE_URL', '')
    api.get('https://api.cloudflare.com/client/v4' + COLLECTION, json=envelope([]))
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent', account_id=ACCOUNT, api_token='token-value'),
                        connection=False)
    assert 'failed' not in result, result.get('msg')


def test_connection_settings_from_the_environment(api, run_module, monkeypatch):
    monkeypatch.setenv('CLOUDFLARE_ACCOUNT_ID', '0123456789abcdef0123456789abcdef')
    monkeypatch.setenv('CLOUDFLARE_EMAIL', 'ops@example.com')
    monkeypatch.setenv('CLOUDFLARE_API_KEY', 'legacy-SECRET-key')
    monkeypatch.setenv('CLOUDFLARE_BASE_URL', API)
    legacy_headers = matchers.header_matcher({'X-Auth-Email': 'ops@example.com', 'X-Auth-Key': 'legacy-SECRET-key'})
    api.get(URL, json=envelope([]), match=[list_query('DOMAIN'), legacy_headers])
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent'), connection=False)
    assert result['changed'] is False
    assert 'legacy-SECRET-key' not in json.dumps(result)


def test_api_errors_are_reported_with_their_fields_and_without_secrets(api, run_module):
    expect_list(api, [])
    api.post(URL, headers={'cf-ray': '8f00-AMS'}, **failure(403, 9109, 'Unauthorized to access requested resource'))
    result = run_module('allow_policy', WANTED)
    assert result['failed'] is True and result['changed'] is False
    assert result['status'] == 403 and result['method'] == 'POST' and result['cf_ray'] == '8f00-AMS'
    assert result['may_have_applied'] is False
    assert result['errors'] == [{'code': 9109, 'message': 'Unauthorized to access requested resource'}]
    assert 'Cloud Email Security: Write' in result['msg']
    assert TOKEN not in json.dumps(result)


def test_missing_requests_library_is_reported(api, run_module, monkeypatch):
    monkeypatch.setattr(_connection, 'HAS_REQUESTS', False)
    monkeypatch.setattr(_connection, 'REQUESTS_IMPORT_ERROR', 'Traceback: No module named requests')
    result = run_module('allow_policy', WANTED)
    assert result['failed'] is True
    assert 'Failed to import the required Python library (requests)' in result['msg']


def test_a_legacy_entry_can_have_its_comment_changed_by_id(api, run_module):
    legacy = policy(pattern='anything goes', pattern_type='UNKNOWN')
    api.get(URL + '/' + POLICY_ID, json=envelope(legacy))
    api.patch(URL + '/' + POLICY_ID, json=envelope(dict(legacy, comments='reviewed')), match=[matchers.json_params_matcher({'comments': 'reviewed'})])
    result = run_module('allow_policy', dict(id=POLICY_ID, comments='reviewed'))
    assert result['changed'] is True and 'failed' not in result


def test_a_legacy_policy_given_by_id_as_stored_is_kept_with_a_warning_and_a_changed_value_is_checked(api, run_module):
    legacy = policy(pattern='10.0.0.1', pattern_type='IP')
    stored = dict(id=POLICY_ID, pattern='10.0.0.1', pattern_type='IP', is_regex=False, verify_sender=True, is_acceptable_sender=True)
    api.get(URL + '/' + POLICY_ID, json=envelope(legacy))
    kept = run_module('allow_policy', stored, check_mode=True)
    assert kept['changed'] is False and 'failed' not in kept
    assert [w for w in warnings_of(kept) if w.startswith('allow policy {0} IP 10.0.0.1 is legacy data'.format(POLICY_ID))]
    api.reset()
    api.get(URL + '/' + POLICY_ID, json=envelope(legacy))
    refused = run_module('allow_policy', dict(stored, pattern='10.0.0.2'))
    assert refused['failed'] is True and refused['msg'].startswith("pattern '10.0.0.2' is not a public IPv4 or IPv6 address")
    assert len(api.calls) == 1
    api.reset()
    refused = run_module('allow_policy', dict(stored, id=None))  # without an id: before any request, as before
    assert refused['failed'] is True and len(api.calls) == 0


def test_changing_a_pattern_by_id_checks_its_form_against_the_existing_type(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern='old.example', pattern_type='DOMAIN')))
    result = run_module('allow_policy', dict(id=POLICY_ID, is_regex=False, pattern='not a domain'))
    assert result['failed'] is True and 'is not a domain name' in result['msg']


def test_an_id_in_another_case_is_the_same_policy(api, run_module):
    api.get(URL + '/' + POLICY_ID.upper(), json=envelope(policy()))
    result = run_module('allow_policy', dict(id=POLICY_ID.upper(), state='absent'), check_mode=True)
    assert result['changed'] is True


@pytest.mark.parametrize('answer', [None, [], {'pattern': 'no id'}])
def test_a_get_answered_without_an_object_fails_clearly(api, run_module, answer):
    api.get(URL + '/' + POLICY_ID, json=envelope(answer))
    result = run_module('allow_policy', dict(id=POLICY_ID, state='absent'))
    assert result['failed'] is True and 'not an object with an id' in result['msg']


def test_a_listed_policy_without_pattern_type_is_still_found(api, run_module):
    sparse = dict(id=POLICY_ID, pattern='partner.example', created_at='x', last_modified='x')
    expect_list(api, [sparse])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN'))
    assert result['changed'] is False and result['policy']['id'] == POLICY_ID


@pytest.mark.parametrize('is_regex, matched', [(True, 'regex-id'), (False, 'plain-id'), (None, 'plain-id')])
def test_is_regex_chooses_between_a_plain_and_a_regex_policy_and_unset_means_plain(api, run_module, is_regex, matched):
    expect_list(api, [policy(id='plain-id', pattern='partner.example'), policy(id='regex-id', pattern='partner.example', is_regex=True)])
    args = dict(pattern='partner.example', pattern_type='DOMAIN', state='absent')
    if is_regex is not None:
        args['is_regex'] = is_regex
    result = run_module('allow_policy', args, check_mode=True, diff=True)
    assert json.loads(result['diff']['before'])['id'] == matched


def test_is_regex_set_does_not_rewrite_a_plain_policy_into_a_regex(api, run_module):
    expect_list(api, [policy(pattern='Partner.Example')])
    api.post(URL, status=201, json=envelope(policy(id='new', is_regex=True)), match=[matchers.json_params_matcher(dict(
        pattern='partner.example', pattern_type='DOMAIN', is_regex=True, verify_sender=False, is_trusted_sender=False,
        is_acceptable_sender=False, is_exempt_recipient=False))])
    result = run_module('allow_policy', dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=True))
    assert result['changed'] is True


def test_java_only_regex_syntax_is_left_to_the_api(api, run_module):
    expect_list(api, [], 'EMAIL')
    api.post(URL, status=201, json=envelope(policy(pattern='\\p{Alnum}+@example\\.com', pattern_type='EMAIL', is_regex=True)))
    result = run_module('allow_policy', dict(pattern='\\p{Alnum}+@example\\.com', pattern_type='EMAIL', is_regex=True))
    assert result['changed'] is True


@pytest.mark.parametrize('task, env, header', [
    (dict(api_token='task-token'), {'CLOUDFLARE_API_KEY': 'env-key', 'CLOUDFLARE_EMAIL': 'e@example.com'}, {'Authorization': 'Bearer task-token'}),
    (dict(api_email='t@example.com', api_key='task-key'), {'CLOUDFLARE_API_TOKEN': 'env-token'}, {'X-Auth-Key': 'task-key'}),
    ({}, {'CLOUDFLARE_API_TOKEN': 'env-token', 'CLOUDFLARE_API_KEY': 'env-key', 'CLOUDFLARE_EMAIL': 'e@example.com'},
     {'Authorization': 'Bearer env-token'}),
    ({}, {'CLOUDFLARE_API_TOKEN': 'env-token-with-newline\n'}, {'Authorization': 'Bearer env-token-with-newline'}),
])
def test_credential_precedence(api, run_module, monkeypatch, task, env, header):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    api.get(URL, json=envelope([]), match=[list_query('DOMAIN'), matchers.header_matcher(header)])
    args = dict(task, account_id='0123456789abcdef0123456789abcdef', api_url=API, pattern='x.example', pattern_type='DOMAIN', state='absent')
    result = run_module('allow_policy', args, connection=False)
    assert result['changed'] is False and 'failed' not in result
    sent = api.calls[0].request.headers
    assert ('Authorization' in sent) != ('X-Auth-Key' in sent)


@pytest.mark.parametrize('args, message', [
    (dict(api_token='tok\u00e9n-value'), 'api_token holds characters that cannot be sent in an HTTP header'),
    (dict(api_token='tok en-value'), 'api_token holds characters that cannot be sent in an HTTP header'),
    (dict(api_url='http://api.example.test/client/v4'), 'api_url must use https://'),
])
def test_connection_settings_that_cannot_work(api, run_module, args, message):
    result = run_module('allow_policy', dict(args, pattern='x.example', pattern_type='DOMAIN'))
    assert result['failed'] is True and message in result['msg']
    assert 'tok' not in result['msg'].replace('api_token', '')
    assert len(api.calls) == 0


def test_a_failed_write_reports_the_api_path_not_a_file(api, run_module):
    expect_list(api, [])
    api.post(URL, **failure(400, 1001, 'bad'))
    result = run_module('allow_policy', WANTED)
    assert result['api_path'] == COLLECTION
    assert 'path' not in result and 'state' not in result


def test_a_create_of_unknown_outcome_is_read_again_and_reported_as_not_applied(api, run_module):
    expect_list(api, [])
    api.post(URL, **failure(502, 1000, 'Bad gateway'))
    result = run_module('allow_policy', WANTED)
    assert result['failed'] is True and result['may_have_applied'] is False and result['applied'] == []
    assert 'Reading again shows that it did not take effect: nothing was written, and running the task again is safe.' in result['msg']
    assert len(api.calls) == 3


def test_a_create_of_unknown_outcome_that_took_effect_is_a_success(api, run_module):
    expect_list(api, [policy(id='old-other', pattern='other.example')])
    api.post(URL, **failure(504, 1000, 'Gateway timeout'))
    expect_list(api, [policy(id='old-other', pattern='other.example'), policy()])
    result = run_module('allow_policy', WANTED)
    assert result['changed'] is True and result['policy']['id'] == POLICY_ID
    assert any('reading again shows that it took effect' in w for w in warnings_of(result))
    assert [c.request.method for c in api.calls] == ['GET', 'POST', 'GET', 'GET']


def test_an_update_of_unknown_outcome_is_read_again(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy()))
    api.patch(URL + '/' + POLICY_ID, **failure(500, 1000, 'Internal error'))
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(comments='new')))
    result = run_module('allow_policy', dict(id=POLICY_ID, comments='new', max_retries=0))
    assert result['changed'] is True and result['policy']['comments'] == 'new'


def test_a_create_that_raced_another_run_converges_on_the_oldest(api, run_module):
    expect_list(api, [])
    mine = policy(id='mine', created_at='2026-11-02T00:00:00Z', is_trusted_sender=False)
    theirs = policy(id='theirs', created_at='2026-11-01T00:00:00Z', is_trusted_sender=True)
    api.post(URL, status=201, json=envelope(mine))
    expect_list(api, [theirs, mine])
    api.delete(URL + '/mine', json=envelope({'id': 'mine'}))
    api.patch(URL + '/theirs', json=envelope(policy(id='theirs', is_trusted_sender=False)),
              match=[matchers.json_params_matcher({'is_trusted_sender': False})])
    result = run_module('allow_policy', dict(WANTED, is_trusted_sender=False))
    assert result['changed'] is True and result['policy']['id'] == 'theirs'
    assert any('This run keeps the older one (theirs), updated to what it wants, and deletes the one it created (mine).' in w
               for w in warnings_of(result))


def test_a_create_that_raced_an_identical_one_only_deletes_its_own(api, run_module):
    expect_list(api, [])
    mine = policy(id='mine', created_at='2026-11-02T00:00:00Z')
    theirs = policy(id='theirs', created_at='2026-11-01T00:00:00Z')
    api.post(URL, status=201, json=envelope(mine))
    expect_list(api, [theirs, mine])
    api.delete(URL + '/mine', json=envelope({'id': 'mine'}))
    result = run_module('allow_policy', WANTED)
    assert result['changed'] is True and result['policy']['id'] == 'theirs'


# Boundaries, editing by id, diff values (written from mutants that the tests above let through).

def test_an_account_id_longer_than_32_is_refused(api, run_module):
    result = run_module('allow_policy', dict(WANTED, account_id='a' * 33))
    assert result['failed'] is True and '(32 hexadecimal characters' in result['msg'] and 'it has 33 characters.' in result['msg']
    assert len(api.calls) == 0


def test_an_env_token_ignores_a_broken_env_key(api, run_module, monkeypatch):
    monkeypatch.setenv('CLOUDFLARE_API_TOKEN', 'env-token')
    monkeypatch.setenv('CLOUDFLARE_API_KEY', 'stale key\n')
    api.get(URL, json=envelope([]), match=[matchers.header_matcher({'Authorization': 'Bearer env-token'})])
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent', account_id=ACCOUNT, api_url=API),
                        connection=False)
    assert 'failed' not in result and result['changed'] is False


@pytest.mark.parametrize('env, secret', [({'CLOUDFLARE_API_TOKEN': 'env-SECRET-token'}, 'env-SECRET-token'),
                                         ({'CLOUDFLARE_EMAIL': 'o@example.com', 'CLOUDFLARE_API_KEY': 'env-SECRET-key'}, 'env-SECRET-key')])
def test_credentials_from_the_environment_are_masked_in_api_errors(api, run_module, monkeypatch, env, secret):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    api.get(URL, **failure(400, 1001, 'invalid credential ' + secret))
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent', account_id=ACCOUNT, api_url=API),
                        connection=False)
    assert result['failed'] is True
    assert secret not in json.dumps(result)


@pytest.mark.parametrize('api_url', ['http://[::1]:8080/client/v4', 'http://localhost:8080/client/v4'])
def test_http_is_accepted_for_loopback_with_a_port(api, run_module, api_url):
    api.get(api_url + COLLECTION, json=envelope([]))
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent', api_url=api_url))
    assert 'failed' not in result, result.get('msg')


def test_max_retries_zero_is_accepted(api, run_module):
    expect_list(api, [], 'DOMAIN')
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent', max_retries=0))
    assert 'failed' not in result


def test_the_account_id_is_trimmed_like_the_credentials(api, run_module):
    api.get(URL, json=envelope([]))
    result = run_module('allow_policy', dict(pattern='x.example', pattern_type='DOMAIN', state='absent', account_id=' ' + ACCOUNT + '\n'))
    assert 'failed' not in result


def test_api_token_and_api_key_are_mutually_exclusive(api, run_module):
    result = run_module('allow_policy', dict(WANTED, api_key='k', api_email='e@example.com'))
    assert result['failed'] is True and 'mutually exclusive' in result['msg']
    assert len(api.calls) == 0


def test_a_pattern_turned_regex_by_id_is_compared_exactly(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern='Partner.Example')))
    expect_list(api, [policy(pattern='Partner.Example')])
    api.patch(URL + '/' + POLICY_ID, json=envelope(policy(pattern='partner\\.example', is_regex=True)),
              match=[matchers.json_params_matcher({'pattern': 'partner.example', 'is_regex': True})])
    result = run_module('allow_policy', dict(id=POLICY_ID, pattern='partner.example', is_regex=True))
    assert result['changed'] is True and 'failed' not in result


def test_diff_shows_the_server_spelling_of_unchanged_fields(api, run_module):
    expect_list(api, [policy(pattern='Partner.Example')])
    result = run_module('allow_policy', dict(WANTED, pattern='partner.EXAMPLE'), check_mode=True, diff=True)
    assert result['changed'] is False and json.loads(result['diff']['after']) == json.loads(result['diff']['before'])
    api.reset()
    expect_list(api, [policy(pattern='Partner.Example')])
    result = run_module('allow_policy', dict(WANTED, pattern='partner.EXAMPLE', comments='new'), check_mode=True, diff=True)
    assert json.loads(result['diff']['after'])['pattern'] == 'Partner.Example'
    assert json.loads(result['diff']['after'])['comments'] == 'new'


def test_pattern_type_compares_without_case(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern_type='domain')))
    result = run_module('allow_policy', dict(id=POLICY_ID, pattern_type='DOMAIN'))
    assert result['changed'] is False and 'failed' not in result


def test_by_id_a_regex_policy_takes_a_new_regex_without_is_regex(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern='.*@old\\.example', pattern_type='EMAIL', is_regex=True)))
    expect_list(api, [], pattern_type='EMAIL')
    api.patch(URL + '/' + POLICY_ID, json=envelope(policy(pattern='.*@new\\.example', pattern_type='EMAIL', is_regex=True)),
              match=[matchers.json_params_matcher({'pattern': '.*@new\\.example'})])
    result = run_module('allow_policy', dict(id=POLICY_ID, pattern='.*@new\\.example', pattern_type='EMAIL'))
    assert result['changed'] is True and 'failed' not in result


def test_absent_removes_a_malformed_entry(api, run_module):
    expect_list(api, [policy(pattern='not a domain')])
    api.delete(URL + '/' + POLICY_ID, json=envelope({'id': POLICY_ID}))
    result = run_module('allow_policy', dict(pattern='not a domain', pattern_type='DOMAIN', state='absent'))
    assert result['changed'] is True and 'failed' not in result


def test_comments_of_1024_characters_are_accepted(api, run_module):
    expect_list(api, [policy(comments='c' * 1024)])
    result = run_module('allow_policy', dict(WANTED, comments='c' * 1024))
    assert 'failed' not in result and result['changed'] is False


def test_turning_a_regex_into_a_plain_pattern_checks_its_form(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern='.*@x\\.example', pattern_type='EMAIL', is_regex=True)))
    result = run_module('allow_policy', dict(id=POLICY_ID, is_regex=False))
    assert result['failed'] is True and 'is not an email address' in result['msg']
    assert len(api.calls) == 1


def test_a_legacy_regex_may_change_without_a_python_check(api, run_module):
    api.get(URL + '/' + POLICY_ID, json=envelope(policy(pattern='a', pattern_type='UNKNOWN', is_regex=True)))
    expect_list(api, [], pattern_type='UNKNOWN')
    api.patch(URL + '/' + POLICY_ID, json=envelope(policy(pattern='(?<x', pattern_type='UNKNOWN', is_regex=True)))
    result = run_module('allow_policy', dict(id=POLICY_ID, pattern='(unclosed'))
    assert 'failed' not in result


def test_no_diff_without_diff_mode(api, run_module):
    expect_list(api, [policy()])
    result = run_module('allow_policy', WANTED)
    assert 'diff' not in result


def test_plan_errors_return_their_details(api, run_module):
    expect_list(api, [policy(id='b-id'), policy(id='a-id')])
    result = run_module('allow_policy', WANTED)
    assert result['ids'] == 'a-id, b-id'
    api.reset()
    api.get(URL + '/' + POLICY_ID, **failure(404, 1002, 'Not found'))
    result = run_module('allow_policy', dict(id=POLICY_ID, comments='x'))
    assert result['id'] == POLICY_ID


def test_validate_certs_false_warns(api, run_module):
    expect_list(api, [policy(pattern='partner.example', comments='partner')])
    result = run_module('allow_policy', dict(WANTED, validate_certs=False))
    assert result['changed'] is False
    assert ('validate_certs is false: the TLS certificate of {0} is not checked, so anyone on the path can read the credentials '
            'and change what is sent. Use it only for a test endpoint.'.format(API)) in warnings_of(result)
