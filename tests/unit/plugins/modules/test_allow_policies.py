# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""allow_policies and allow_policy_info, with every HTTP call scripted."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import API, COLLECTION, hooked, warnings_of

URL = API + COLLECTION
BATCH = URL + '/batch'
FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def refusal(status, code, message, pointer=None):
    error = dict(code=code, message=message)
    if pointer:
        error['source'] = dict(pointer=pointer)
    return dict(status=status, json=dict(success=False, errors=[error], messages=[], result=None))


def policy(number, **fields):
    base = dict(FLAGS, id='p{0}'.format(number), pattern='s{0}.example'.format(number), pattern_type='DOMAIN', comments=None,
                created_at='2026-11-0{0}T00:00:00Z'.format(number), modified_at='2026-11-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def expect_list(api, items):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(dict(page='1', per_page='1000', order='created_at', direction='asc'))])


def item(number, **fields):
    return dict(dict(pattern='s{0}.example'.format(number), pattern_type='DOMAIN'), **fields)


def test_a_set_is_planned_written_in_one_batch_and_reported(api, run_module):
    expect_list(api, [policy(1), policy(2), policy(3)])
    api.post(BATCH, json=envelope(dict(deletes=[{'id': 'p3'}], patches=[policy(2, comments='new')], puts=[],
                                       posts=[policy(4)])),
             match=[matchers.json_params_matcher(dict(deletes=[{'id': 'p3'}], patches=[{'id': 'p2', 'comments': 'new'}], puts=[],
                                                      posts=[dict(FLAGS, pattern='s4.example', pattern_type='DOMAIN')]))])
    expect_list(api, [policy(1), policy(2, comments='new'), policy(4)])
    result = run_module('allow_policies', dict(policies=[item(1), item(2, comments='new'), item(4), item(3, state='absent')]), diff=True)
    assert result['changed'] is True
    assert result['msg'] == 'Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged'
    assert result['created'] == [dict(FLAGS, id='p4', item=3, pattern='s4.example', pattern_type='DOMAIN', comments='')]
    assert result['updated'] == [dict(id='p2', item=2, pattern='s2.example', pattern_type='DOMAIN', is_regex=False,
                                      before=dict(comments=''), after=dict(comments='new'))]
    assert result['deleted'] == [dict(id='p3', item=4, pattern='s3.example', pattern_type='DOMAIN', is_regex=False, reason='absent')]
    assert [p['pattern'] for p in result['policies']] == ['s1.example', 's2.example', 's4.example']
    headers = ['allow policy p2 DOMAIN s2.example', 'allow policy p3 DOMAIN s3.example', 'no allow policy']
    assert [d['before_header'] for d in result['diff']] == headers


def test_check_mode_writes_nothing_and_returns_what_the_real_run_returns(api, run_module):
    args = dict(policies=[item(1, comments='new'), item(4)], purge=True)
    expect_list(api, [policy(1), policy(2)])
    checked = run_module('allow_policies', args, check_mode=True, diff=True)
    assert len(api.calls) == 1
    api.reset()
    expect_list(api, [policy(1), policy(2)])
    api.post(BATCH, json=envelope(dict(deletes=[{'id': 'p2'}], patches=[policy(1, comments='new')], puts=[], posts=[policy(4)])))
    expect_list(api, [policy(1, comments='new'), policy(4)])
    real = run_module('allow_policies', args, diff=True)
    for name in ('changed', 'msg', 'summary', 'updated', 'deleted', 'policies', 'diff'):
        assert checked[name] == real[name], name
    assert checked['created'] == [dict((k, v) for k, v in real['created'][0].items() if k != 'id')]


def test_updates_alone_are_not_read_again(api, run_module):
    expect_list(api, [policy(1)])
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[policy(1, comments='x')], puts=[], posts=[])))
    result = run_module('allow_policies', dict(policies=[item(1, comments='x')]))
    assert result['changed'] is True and result['policies'][0]['comments'] == 'x'
    assert len(api.calls) == 2


def test_nothing_to_do_is_one_request(api, run_module):
    expect_list(api, [policy(1)])
    result = run_module('allow_policies', dict(policies=[item(1, comments='')], fail_on_drift=True))
    assert result['changed'] is False and result['summary'] == dict(create=0, update=0, delete=0, unchanged=1)
    assert len(api.calls) == 1


def test_drift_fails_and_writes_nothing(api, run_module):
    expect_list(api, [policy(1)])
    result = run_module('allow_policies', dict(policies=[], purge=True, allow_empty=True, fail_on_drift=True))
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('Drift from the declared policies (fail_on_drift is set, nothing was written). Plan: 0 to create')
    assert result['deleted'][0]['reason'] == 'purge'


@pytest.mark.parametrize('args, message', [
    (dict(policies=[], purge=True), 'policies is empty and purge is true, which would delete every allow policy: set allow_empty'),
    (dict(policies=[item(1), dict(pattern='a b', pattern_type='EMAIL')]), 'item 2 (EMAIL a b): pattern'),
    (dict(policies=[dict(id=True)]), 'item 1: id must be'),
    (dict(policies=[item(1), item(2), dict(pattern='S1.EXAMPLE', pattern_type='DOMAIN')]),
     'Items 1 and 3 both designate allow policy DOMAIN S1.EXAMPLE: keep one of them.'),
    (dict(policies=[dict(id='p1'), dict(id='P1', state='absent')]), 'Items 1 and 2 both designate allow policy P1'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('allow_policies', args)
    assert result['failed'] is True
    assert message in result['msg']
    assert len(api.calls) == 0


@pytest.mark.parametrize('args, message', [
    (dict(policies=[item(1), 'example.com']), "policies item 2 is a string, not a mapping: 'example.com'."),
    (dict(policies=[None, item(1), 7]), 'policies item 1 is empty (null), not a mapping: None. policies item 3 is a number, not a mapping: 7.'),
    (dict(policies=[['example.com']]), "policies item 1 is a list, not a mapping: ['example.com']."),
    (dict(policies='example.com'), "policies is a string, not a list: write each item as a mapping in a list (such as \"policies: [{...}]\"), "
                                   "even a single one; got 'example.com'."),
    (dict(policies=dict(pattern='x.example', pattern_type='DOMAIN')), 'policies is a mapping, not a list'),
])
def test_a_list_item_that_is_not_a_mapping_is_named(api, run_module, args, message):
    result = run_module('allow_policies', dict(args, api_token='SECRET-token'))
    assert result['failed'] is True
    assert message in result['msg'] and 'dictionary requested' not in result['msg']
    assert 'SECRET-token' not in str(result)
    assert len(api.calls) == 0


def test_a_list_item_given_as_key_value_text_is_still_read_as_ansible_reads_it(api, run_module):
    api.get(URL, json=dict(success=True, errors=[], messages=[], result=[], result_info=dict(page=1, per_page=1000, count=0, total_count=0)))
    result = run_module('allow_policies', dict(policies=['pattern=x.example, pattern_type=DOMAIN, state=absent']))
    assert 'failed' not in result, result['msg']


def test_an_item_by_id_and_one_by_key_for_the_same_policy_are_refused_after_the_read(api, run_module):
    expect_list(api, [policy(1)])
    result = run_module('allow_policies', dict(policies=[dict(id='p1', comments='x'), item(1)]))
    assert result['failed'] is True and 'Items 1 and 2 both designate allow policy p1' in result['msg']
    assert result['item_numbers'] == [1, 2]


def test_an_update_to_a_bad_pattern_by_id_is_refused_before_writing(api, run_module):
    expect_list(api, [policy(1)])
    result = run_module('allow_policies', dict(policies=[dict(id='p1', pattern_type='IP')]))
    assert result['failed'] is True and result['msg'].startswith('item 1 (IP s1.example): pattern')


def test_a_failed_read_is_reported(api, run_module):
    api.get(URL, **refusal(403, 10000, 'Forbidden'))
    result = run_module('allow_policies', dict(policies=[item(1)]))
    assert result['failed'] is True and result['status'] == 403 and result['changed'] is False


def test_a_failed_batch_names_the_item_and_applies_nothing(api, run_module):
    expect_list(api, [policy(1)])
    api.post(BATCH, **refusal(400, 1001, 'must be public', '/posts/1/pattern'))
    result = run_module('allow_policies', dict(policies=[item(5), dict(pattern='198.51.100.7', pattern_type='IP'), item(1, state='absent')]))
    assert result['failed'] is True and result['changed'] is False
    assert result['applied'] == []
    assert result['failed_changes'] == [dict(FLAGS, item=2, pattern='198.51.100.7', pattern_type='IP', comments='', action='create')]
    assert [e.get('pattern') for e in result['not_applied']] == ['s1.example', 's5.example']
    assert 'Nothing of the failed batch was applied (a batch is atomic). Applied: 0 of 3 changes. ' \
           'The error is about item 2 (IP 198.51.100.7).' in result['msg']


def test_a_batch_of_unknown_outcome_is_read_again_and_reported_as_it_is(api, run_module):
    expect_list(api, [policy(1), policy(2)])
    api.post(BATCH, **refusal(502, 1000, 'Bad gateway'))
    result = run_module('allow_policies', dict(policies=[item(2, comments='x')], purge=True))
    assert result['failed'] is True and result['may_have_applied'] is False and result['changed'] is False
    assert 'Read again after it: 0 of the 2 changes of the failed batch took effect, 2 did not' in result['msg']
    assert [e['id'] for e in result['failed_changes']] == ['p1', 'p2'] and result['applied'] == []
    assert len(api.calls) == 3


def test_a_batch_of_unknown_outcome_that_took_effect_is_a_success(api, run_module):
    expect_list(api, [policy(1)])
    api.post(BATCH, **refusal(504, 1000, 'Gateway timeout'))
    expect_list(api, [policy(1, comments='x'), policy(5)])
    result = run_module('allow_policies', dict(policies=[item(1, comments='x'), item(5)]))
    assert result['changed'] is True and 'failed' not in result
    assert 'reading again shows that it took effect' in warnings_of(result)[0]
    assert [p['pattern'] for p in result['policies']] == ['s1.example', 's5.example']
    assert result['created'][0]['id'] == 'p5'  # found by the read that settled the outcome


def test_a_batch_of_unknown_outcome_that_cannot_be_read_again(api, run_module):
    expect_list(api, [policy(1)])
    api.post(BATCH, **refusal(502, 1000, 'Bad gateway'))
    api.get(URL, **refusal(403, 10000, 'Forbidden'))
    result = run_module('allow_policies', dict(policies=[], purge=True, allow_empty=True))
    assert result['failed'] is True and result['may_have_applied'] is True
    assert 'It is not known whether Cloudflare applied the last batch' in result['msg']


def test_racing_creates_converge_on_the_oldest(api, run_module):
    expect_list(api, [])
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[], puts=[], posts=[policy(5, id='mine'), policy(6, id='alone')])))
    theirs = policy(4, id='theirs', pattern='s5.example', is_trusted_sender=True)
    expect_list(api, [theirs, policy(5, id='mine'), policy(6, id='alone')])
    api.post(BATCH, json=envelope({}), match=[matchers.json_params_matcher(dict(
        deletes=[{'id': 'mine'}], patches=[{'id': 'theirs', 'is_trusted_sender': False}], puts=[], posts=[]))])
    expect_list(api, [policy(4, id='theirs', pattern='s5.example'), policy(6, id='alone')])
    result = run_module('allow_policies', dict(policies=[item(5, is_trusted_sender=False), item(6)]))
    assert result['changed'] is True
    expected = ('allow policy DOMAIN s5.example: another run created the same allow policy at the same time. This run '
                'keeps the older one (theirs), updated to what it wants, and deletes the one it created (mine).')
    assert [w for w in warnings_of(result) if 'another run' in w] == [expected]
    assert [p['pattern'] for p in result['policies']] == ['s5.example', 's6.example']


def test_a_failed_read_after_the_write_says_the_changes_were_written(api, run_module):
    expect_list(api, [])
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[], puts=[], posts=[policy(5)])))
    api.get(URL, **refusal(403, 10000, 'Forbidden'))
    result = run_module('allow_policies', dict(policies=[item(5)]))
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('The changes were written, but reading the policies again afterwards')


def test_the_per_request_fallback_reports_what_was_applied(api, run_module):
    expect_list(api, [policy(1), policy(2)])
    api.post(BATCH, **refusal(405, 10405, 'Method not allowed'))
    api.delete(URL + '/p2', json=envelope({'id': 'p2'}))
    api.patch(URL + '/p1', **refusal(400, 1001, 'Invalid'))

    result = run_module('allow_policies', dict(policies=[item(1, comments='x')], purge=True))
    assert result['failed'] is True and result['changed'] is True
    assert [e['id'] for e in result['applied']] == ['p2']
    assert result['failed_changes'][0]['id'] == 'p1'
    assert 'The failed request was not applied. Applied: 1 of 2 changes. The error is about item 1 (DOMAIN s1.example).' in result['msg']


def test_a_failure_on_a_purged_policy_names_it(api, run_module):
    expect_list(api, [policy(1)])
    api.post(BATCH, **refusal(404, 7003, 'No route'))
    api.delete(URL + '/p1', **refusal(403, 10000, 'Forbidden'))
    result = run_module('allow_policies', dict(policies=[], purge=True, allow_empty=True))
    assert 'The error is about allow policy p1.' in result['msg']


def test_info_reads_every_policy_filters_and_exports(api, run_module):
    expect_list(api, [policy(2), policy(1, pattern='DUP@example.com', pattern_type='EMAIL', is_sender=True),
                      policy(3, pattern='dup@example.com', pattern_type='EMAIL'), policy(4, is_trusted_sender=True)])
    result = run_module('allow_policy_info', dict())
    assert result['changed'] is False
    assert [p['pattern'] for p in result['policies']] == ['s2.example', 's4.example', 'DUP@example.com', 'dup@example.com']
    assert result['policies'][0] == dict(FLAGS, pattern='s2.example', pattern_type='DOMAIN', comments='')
    assert result['duplicates'] == [dict(pattern_type='EMAIL', pattern='DUP@example.com', is_regex=False, ids=['p1', 'p3'])]
    # Their key cannot address them: they carry their id, so that the export applies again as it is.
    assert [p.get('id') for p in result['policies']] == [None, None, 'p1', 'p3']

    api.reset()
    api.get(URL, json=envelope([policy(2), policy(4, is_trusted_sender=True)]),
            match=[matchers.query_param_matcher(dict(pattern_type='DOMAIN', page='1', per_page='1000', order='created_at', direction='asc'))])
    trusted = run_module('allow_policy_info', dict(pattern_type='DOMAIN', is_trusted_sender=True, include_ids=True))
    # The id and the fields: never the read-only timestamps, which allow_policies does not take.
    assert trusted['policies'] == [dict(FLAGS, id='p4', pattern='s4.example', pattern_type='DOMAIN', is_trusted_sender=True, comments='')]


def test_info_by_id_is_one_request(api, run_module):
    api.get(URL + '/p1', json=envelope(policy(1)))
    assert [p['pattern'] for p in run_module('allow_policy_info', dict(id='p1'))['policies']] == ['s1.example']
    api.reset()
    api.get(URL + '/p9', **refusal(404, 1002, 'Not found'))
    assert run_module('allow_policy_info', dict(policy_id='p9'))['policies'] == []
    api.reset()
    api.get(URL + '/p9', **refusal(403, 10000, 'Forbidden'))
    failed = run_module('allow_policy_info', dict(id='p9'))
    assert failed['failed'] is True and failed['status'] == 403


@pytest.mark.parametrize('bad_id', ['', True, ['p1'], dict(id='p1'), 1.5])
def test_info_refuses_an_id_that_is_not_one_before_any_request(api, run_module, bad_id):
    # Found by test_fuzz_options (id: '' sent GET .../allow_policies/, which lists nothing the user asked for).
    failed = run_module('allow_policy_info', dict(id=bad_id))
    assert failed['failed'] is True
    assert failed['msg'] == 'id must be the identifier of an allow policy (a UUID string, or an integer), got {0!r}.'.format(bad_id)
    assert len(api.calls) == 0


def test_info_takes_a_legacy_integer_id_as_a_string(api, run_module):
    api.get(URL + '/42', json=envelope(policy(1, id='42')))
    assert [p['pattern'] for p in run_module('allow_policy_info', dict(id=42))['policies']] == ['s1.example']


def test_a_legacy_entry_can_stay_in_the_set_but_not_be_created(api, run_module):
    legacy = policy(1, pattern='anything at all', pattern_type='UNKNOWN')
    expect_list(api, [legacy])
    kept = run_module('allow_policies', dict(policies=[dict(FLAGS, pattern='anything at all', pattern_type='UNKNOWN', comments='')],
                                             purge=True))
    assert kept['changed'] is False and kept['policies'][0]['pattern_type'] == 'UNKNOWN'
    api.reset()
    expect_list(api, [])
    created = run_module('allow_policies', dict(policies=[dict(pattern='anything at all', pattern_type='UNKNOWN')]))
    assert created['failed'] is True
    assert created['msg'].startswith('item 1 (UNKNOWN anything at all): pattern_type UNKNOWN is deprecated: an existing legacy entry')
    api.reset()
    expect_list(api, [policy(2)])
    changed = run_module('allow_policies', dict(policies=[dict(id='p2', pattern_type='UNKNOWN')]))
    assert changed['failed'] is True and changed['msg'].startswith('item 1 (UNKNOWN): pattern_type UNKNOWN is deprecated and cannot be set')
    assert len(api.calls) == 1  # checked against the stored policy, which it would change: refused before any write


def test_the_plan_line_counts_what_purge_leaves_alone(monkeypatch, api, run_module):
    from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY
    locked = hooked(ALLOW_POLICY, locked=lambda obj: 'synced' if obj['id'] == 'p2' else None)
    monkeypatch.setattr('ansible_collections.cloudflare_one.email_security.plugins.modules.allow_policies.ALLOW_POLICY', locked)
    expect_list(api, [policy(1), policy(2)])
    result = run_module('allow_policies', dict(policies=[item(1)], purge=True), check_mode=True)
    assert result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged, 1 left alone (synced)'
    assert result['changed'] is False


def test_items_get_the_warnings_of_allow_policy(api, run_module):
    expect_list(api, [policy(1), policy(2)])
    result = run_module('allow_policies', dict(policies=[item(1, pattern='S1.example'), item(3, state='absent', comments='x')], purge=True),
                        check_mode=True)
    found = warnings_of(result)
    assert any(w.startswith("item 1 (DOMAIN S1.example): pattern 'S1.example' is the stored 's1.example' spelled differently") for w in found)
    assert 'item 2 (DOMAIN s3.example): state=absent deletes the policy: comments is ignored (they only matter with state=present).' in found


def test_an_ambiguous_key_is_read_again_before_failing_and_a_race_that_converged_passes(api, run_module, no_waits):
    expect_list(api, [policy(1), policy(2, pattern='S1.example')])
    expect_list(api, [policy(1)])
    result = run_module('allow_policies', dict(policies=[item(1)]))
    assert result['changed'] is False and no_waits == [1.0]
    api.reset()
    no_waits.clear()
    expect_list(api, [policy(1), policy(2, pattern='S1.example')])
    failed = run_module('allow_policies', dict(policies=[item(1)]))
    assert failed['failed'] is True and 'matches 2 existing objects (p1, p2)' in failed['msg']
    assert no_waits == [1.0, 2.0, 4.0] and len(api.calls) == 4


# Legacy data: what the API accepted once and the current rules refuse.
LEGACY = [policy(1, pattern='Example.com'), policy(2, pattern='example.com'), policy(3, pattern='10.0.0.1', pattern_type='IP'),
          policy(4, pattern='bad_domain'), policy(5, pattern='a@example.com, b@example.com', pattern_type='EMAIL'),
          policy(6, pattern='(unclosed', pattern_type='EMAIL', is_regex=True), policy(7, pattern='anything goes', pattern_type='UNKNOWN'),
          policy(8, pattern='partner.example')]


@pytest.mark.parametrize('include_ids', [False, True])
def test_an_export_of_legacy_data_applies_again_with_purge_without_a_write(api, run_module, include_ids):
    expect_list(api, LEGACY)
    exported = run_module('allow_policy_info', dict(include_ids=include_ids))['policies']
    assert sorted(p.get('id') for p in exported if 'id' in p) == ['p{0}'.format(n) for n in range(1, 8 + include_ids)]
    for check_mode in (True, False):
        api.reset()
        expect_list(api, LEGACY)
        result = run_module('allow_policies', dict(policies=exported, purge=True), check_mode=check_mode)
        assert result['changed'] is False, result
        assert result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 8 unchanged'
        assert len(api.calls) == 1
        found = warnings_of(result)
        assert len(found) == 7
        for number in range(1, 8):
            assert any('allow policy p{0} '.format(number) in w and ' is legacy data ' in w for w in found), (number, found)
        assert "item 7 (IP 10.0.0.1): allow policy p3 IP 10.0.0.1 is legacy data (the API accepted it once; the current rules would not): " \
               "pattern '10.0.0.1' is not a public IPv4" in ''.join(found)
        assert 'allow policy p1 DOMAIN Example.com is legacy data (the API accepted it once; the current rules would not): Its key is held ' \
               'by allow policy p2 DOMAIN example.com too: only the id tells them apart.' in ''.join(found)
        # What the set module returns applies again too: the export without include_ids (only p8, not legacy, has no id).
        assert result['policies'] == [dict((k, v) for k, v in p.items() if k != 'id' or v != 'p8') for p in exported]


def test_the_set_module_returns_legacy_objects_with_their_id(api, run_module):
    expect_list(api, LEGACY)
    result = run_module('allow_policies', dict(policies=[dict(FLAGS, id='p3', pattern='10.0.0.1', pattern_type='IP', comments='')]),
                        check_mode=True)
    assert result['changed'] is False
    assert [p.get('id') for p in result['policies']] == ['p1', 'p4', 'p2', None, 'p6', 'p5', 'p3', 'p7']


def test_a_legacy_value_that_changes_is_refused_after_the_read_and_other_fields_may_change(api, run_module):
    legacy = dict(FLAGS, id='p3', pattern='10.0.0.1', pattern_type='IP', comments='')
    expect_list(api, LEGACY)
    refused = run_module('allow_policies', dict(policies=[dict(legacy, pattern='10.0.0.2')]))
    assert refused['failed'] is True and refused['changed'] is False
    assert refused['msg'].startswith("item 1 (IP 10.0.0.2): pattern '10.0.0.2' is not a public IPv4 or IPv6 address or CIDR range")
    assert len(api.calls) == 1
    # Without an id, the same item is refused before any request, as before.
    api.reset()
    refused = run_module('allow_policies', dict(policies=[dict(legacy, id=None)]))
    assert refused['failed'] is True and "item 1 (IP 10.0.0.1): pattern '10.0.0.1' is not a public" in refused['msg']
    assert len(api.calls) == 0

    api.reset()
    expect_list(api, LEGACY)
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[dict(LEGACY[2], comments='Reviewed')], puts=[], posts=[])),
             match=[matchers.json_params_matcher(dict(deletes=[], patches=[{'id': 'p3', 'comments': 'Reviewed'}], puts=[], posts=[]))])
    changed = run_module('allow_policies', dict(policies=[dict(legacy, comments='Reviewed')]))
    assert changed['changed'] is True and changed['updated'][0]['after'] == dict(comments='Reviewed')
    assert any('allow policy p3 IP 10.0.0.1 is legacy data' in w for w in warnings_of(changed))

    # A legacy value made valid is no longer legacy: no warning.
    api.reset()
    expect_list(api, LEGACY)
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[dict(LEGACY[3], pattern='good.example')], puts=[], posts=[])),
             match=[matchers.json_params_matcher(dict(deletes=[], patches=[{'id': 'p4', 'pattern': 'good.example'}], puts=[], posts=[]))])
    fixed = run_module('allow_policies', dict(policies=[dict(FLAGS, id='p4', pattern='good.example', pattern_type='DOMAIN', comments='')]))
    assert fixed['changed'] is True and warnings_of(fixed) == []
