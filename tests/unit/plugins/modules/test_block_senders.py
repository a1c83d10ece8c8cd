# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""block_sender, block_senders and block_sender_info, with every HTTP call scripted."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API

URL = API + '/accounts/{0}/email-security/settings/block_senders'.format(ACCOUNT)
LIST_QUERY = dict(page='1', per_page='1000', order='created_at', direction='asc')


def warnings_of(result):
    """The warning texts of a result (structured events on ansible-core 2.19 and later, gathered for the whole process,
    so a test looks for its own among them)."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def sender(number, **fields):
    base = dict(id='b{0}'.format(number), pattern='s{0}.example'.format(number), pattern_type='DOMAIN', is_regex=False, comments=None,
                created_at='2026-11-0{0}T00:00:00Z'.format(number), modified_at='2026-11-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def item(number, **fields):
    return dict(dict(pattern='s{0}.example'.format(number), pattern_type='DOMAIN'), **fields)


def expect_list(api, items, **query):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(dict(LIST_QUERY, **query))])


def test_one_block_sender_is_created_with_is_regex_false_then_left_alone(api, run_module):
    expect_list(api, [], pattern_type='DOMAIN')
    api.post(URL, json=envelope(sender(1)), match=[matchers.json_params_matcher(dict(pattern='s1.example', pattern_type='DOMAIN', is_regex=False))])
    expect_list(api, [sender(1)], pattern_type='DOMAIN')
    result = run_module('block_sender', item(1), diff=True)
    assert result['changed'] is True and result['block_sender']['id'] == 'b1'
    assert result['diff']['after_header'] == 'block sender DOMAIN s1.example'
    api.reset()
    expect_list(api, [sender(1)], pattern_type='DOMAIN')
    again = run_module('block_sender', item(1, pattern='S1.Example', comments=''))
    assert again['changed'] is False and len(api.calls) == 1
    assert any('spelled differently' in str(w) for w in again.get('warnings', []))


def test_a_regex_entry_is_not_designated_by_a_plain_item(api, run_module):
    expect_list(api, [sender(1, pattern='.*@s1\\.example', pattern_type='EMAIL', is_regex=True)], pattern_type='EMAIL')
    result = run_module('block_sender', dict(pattern='.*@s1\\.example', pattern_type='EMAIL', is_regex=True, state='absent'), check_mode=True)
    assert result['changed'] is True and len(api.calls) == 1


@pytest.mark.parametrize('args, message', [
    (dict(pattern='s1.example'), 'Set both pattern and pattern_type to identify the block sender, or set id.'),
    (dict(pattern='10.0.0.1', pattern_type='IP'), "pattern '10.0.0.1' is not a public IPv4 or IPv6 address"),
    (dict(pattern='a b', pattern_type='EMAIL'), "pattern 'a b' is not an email address"),
    (dict(pattern='x.example', pattern_type='UNKNOWN'), 'pattern_type UNKNOWN is deprecated and cannot be set'),
    (dict(id=True), 'id must be the identifier of a block sender (a UUID string, or an integer), got True.'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('block_sender', args)
    assert result['failed'] is True and message in result['msg']
    assert len(api.calls) == 0


def test_an_unknown_id_names_the_key_to_create_from(api, run_module):
    api.get(URL + '/b9', status=404, json=dict(success=False, errors=[dict(code=1002, message='not found')], messages=[], result=None))
    result = run_module('block_sender', dict(id='b9', comments='x'))
    assert result['failed'] is True
    assert result['msg'] == 'No block sender has id b9: it may have been deleted. Remove id to create a new one from pattern and pattern_type.'


def test_a_set_is_written_in_one_batch_and_keeps_legacy_entries(api, run_module):
    legacy = sender(3, pattern='old', pattern_type='UNKNOWN')
    expect_list(api, [sender(1), sender(2), legacy])
    api.post(URL + '/batch', json=envelope(dict(deletes=[{'id': 'b2'}], patches=[sender(1, comments='x')], puts=[], posts=[sender(4)])),
             match=[matchers.json_params_matcher(dict(deletes=[{'id': 'b2'}], patches=[{'id': 'b1', 'comments': 'x'}], puts=[],
                                                      posts=[dict(pattern='s4.example', pattern_type='DOMAIN', is_regex=False)]))])
    expect_list(api, [sender(1, comments='x'), legacy, sender(4)])
    result = run_module('block_senders', dict(purge=True, block_senders=[
        item(1, comments='x'), item(4), dict(pattern='old', pattern_type='UNKNOWN', is_regex=False, comments='')]))
    assert result['msg'] == 'Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged'
    assert result['deleted'] == [dict(id='b2', pattern='s2.example', pattern_type='DOMAIN', is_regex=False, reason='purge')]
    assert [b['pattern'] for b in result['block_senders']] == ['s1.example', 's4.example', 'old']


def test_a_set_item_cannot_create_a_legacy_entry(api, run_module):
    expect_list(api, [])
    result = run_module('block_senders', dict(block_senders=[dict(pattern='old', pattern_type='UNKNOWN')]))
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('item 1 (UNKNOWN old): pattern_type UNKNOWN is deprecated: an existing legacy entry may be kept')


def test_info_exports_in_input_shape(api, run_module):
    expect_list(api, [sender(2), sender(1, comments='c')], pattern_type='DOMAIN')
    result = run_module('block_sender_info', dict(pattern_type='DOMAIN', is_regex=False))
    assert result['block_senders'] == [dict(pattern='s1.example', pattern_type='DOMAIN', is_regex=False, comments='c'),
                                       dict(pattern='s2.example', pattern_type='DOMAIN', is_regex=False, comments='')]
    assert result['duplicates'] == []


def test_the_warnings_and_refusals_name_a_block_sender(api, run_module):
    expect_list(api, [sender(1, pattern='198.51.100.7', pattern_type='IP')], pattern_type='IP')
    result = run_module('block_sender', dict(pattern='198.51.100.7/32', pattern_type='IP', comments='x', state='absent'), check_mode=True)
    assert result['changed'] is True
    assert 'state=absent deletes the block sender: comments is ignored (they only matter with state=present).' in warnings_of(result)
    api.reset()
    expect_list(api, [sender(1, pattern='198.51.100.7', pattern_type='IP')], pattern_type='IP')
    kept = run_module('block_sender', dict(pattern='198.51.100.7/32', pattern_type='IP'))
    assert kept['changed'] is False
    assert ("pattern '198.51.100.7/32' is the stored '198.51.100.7' spelled differently (IP patterns compare as "
            "networks), so it was not sent and the block sender keeps '198.51.100.7'. Write the pattern as stored to "
            "silence this; to store another spelling, remove the block sender (state=absent) and create it again.") in warnings_of(kept)
    api.reset()
    api.get(URL + '/b1', json=envelope(sender(1, pattern='s1.example', pattern_type='DOMAIN')))
    refused = run_module('block_sender', dict(id='b1', pattern='10.0.0.1', pattern_type='IP'))
    assert refused['failed'] is True and 'Cloudflare refuses in a block sender' in refused['msg']


@pytest.mark.parametrize('args, message', [
    (dict(pattern='a,b@example.com', pattern_type='EMAIL'), 'one address per block sender, without spaces'),
    (dict(pattern='fe80::1%eth0', pattern_type='IP'), 'which a block sender cannot use'),
])
def test_pattern_messages_name_a_block_sender(api, run_module, args, message):
    result = run_module('block_sender', args)
    assert result['failed'] is True and message in result['msg'] and 'polic' not in result['msg']


def test_info_refuses_a_bad_id_naming_a_block_sender(api, run_module):
    result = run_module('block_sender_info', dict(id=''))
    assert result['failed'] is True and result['msg'] == "id must be the identifier of a block sender (a UUID string, or an integer), got ''."


LEGACY = [sender(1, pattern='Example.com'), sender(2, pattern='example.com'), sender(3, pattern='10.0.0.1', pattern_type='IP'),
          sender(4, pattern='bad_domain'), sender(5, pattern='(unclosed', pattern_type='EMAIL', is_regex=True),
          sender(6, pattern='old', pattern_type='UNKNOWN'), sender(7)]


@pytest.mark.parametrize('include_ids', [False, True])
def test_an_export_of_legacy_data_applies_again_with_purge_without_a_write(api, run_module, include_ids):
    expect_list(api, LEGACY)
    exported = run_module('block_sender_info', dict(include_ids=include_ids))['block_senders']
    assert sorted(s['id'] for s in exported if 'id' in s) == ['b{0}'.format(n) for n in range(1, 7 + include_ids)]
    assert all('created_at' not in s for s in exported)
    api.reset()
    expect_list(api, LEGACY)
    result = run_module('block_senders', dict(block_senders=exported, purge=True), check_mode=True)
    assert result['changed'] is False and result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 7 unchanged'
    assert len(api.calls) == 1
    found = warnings_of(result)
    expected = ['b{0}'.format(n) for n in range(1, 7)]
    assert len(found) == len(expected) and all(any(' {0} '.format(n) in w for w in found) for n in expected), found
    assert all('is legacy data' in w for w in found)
    api.reset()
    expect_list(api, LEGACY)
    changed = run_module('block_senders', dict(block_senders=[dict(s, pattern='10.0.0.2') if s.get('id') == 'b3' else s for s in exported]))
    assert changed['failed'] is True and changed['msg'].startswith("item 6 (IP 10.0.0.2): pattern '10.0.0.2' is not a public")
    assert len(api.calls) == 1
