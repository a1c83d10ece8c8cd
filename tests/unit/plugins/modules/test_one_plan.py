# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One plan, one outcome: a run never leaves two objects with one key, a key beside an id must be the object's own,
a batch of patches is retried like a PATCH, and a failure after some writes says what was written. Every HTTP call
is scripted; a refusal is the same in check mode and in a real run, and sends no write."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API, COLLECTION

URL = API + COLLECTION
BATCH = URL + '/batch'
REGISTRY = API + '/accounts/{0}/email-security/settings/impersonation_registry'.format(ACCOUNT)
FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)
LIST_QUERY = dict(page='1', per_page='1000', order='created_at', direction='asc')


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def refusal(status, code=1000, message='Emulated'):
    return dict(status=status, json=dict(success=False, errors=[dict(code=code, message=message)], messages=[], result=None))


def policy(number, **fields):
    return dict(dict(FLAGS, id='p{0}'.format(number), pattern='s{0}.example'.format(number), pattern_type='DOMAIN', comments=None,
                     created_at='2026-11-0{0}T00:00:00Z'.format(number), modified_at='2026-11-0{0}T00:00:00Z'.format(number)), **fields)


def entry(number, **fields):
    return dict(dict(id='e{0}'.format(number), email='p{0}@example.com'.format(number), is_email_regex=False, name='Person {0}'.format(number),
                     comments=None, directory_id=None, provenance='A1S_INTERNAL', created_at='2026-11-0{0}T00:00:00Z'.format(number)), **fields)


def expect_list(api, items, url=URL, **query):
    api.get(url, json=envelope(items), match=[matchers.query_param_matcher(dict(LIST_QUERY, **query))])


def item(number, **fields):
    return dict(dict(pattern='s{0}.example'.format(number), pattern_type='DOMAIN'), **fields)


def both_modes(api, run_module, module, args, reads):
    """Run ``module`` in check mode, then for real, ``reads`` (a function that scripts the reads) before each; both must
    fail the same way with nothing written. Returns the real run's result."""
    results = []
    for check_mode in (True, False):
        api.reset()
        reads(api)
        results.append(run_module(module, args, check_mode=check_mode))
        assert [call.request.method for call in api.calls if call.request.method != 'GET'] == []
    preview, real = results
    assert real['failed'] is True and real['changed'] is False
    assert preview['msg'] == real['msg']
    return real


# ----- an item that renames by id onto the key another item declares --------------------------------------------------

def test_an_id_renaming_onto_the_key_of_another_item_is_refused_before_any_request(api, run_module):
    items = [dict(id='p1', pattern='s2.example', pattern_type='DOMAIN', is_regex=False, comments='renamed'), item(2, comments='kept')]
    result = both_modes(api, run_module, 'allow_policies', dict(policies=items), lambda api: None)
    assert result['msg'] == ("Items 1 and 2 both declare an allow policy pattern='s2.example', pattern_type='DOMAIN', is_regex=false, "
                             "item 1 by id (p1): the run would leave that key on two objects, or on one that both items change. "
                             "Keep one of the items, or give each its own key.")
    assert len(api.calls) == 0


def test_a_key_declared_absent_and_set_by_id_on_another_item_is_refused_before_any_request(api, run_module):
    items = [item(2, state='absent'), dict(id='p1', pattern='S2.example', pattern_type='DOMAIN', is_regex=False)]
    result = both_modes(api, run_module, 'allow_policies', dict(policies=items), lambda api: None)
    assert result['msg'].startswith("Items 1 and 2 both declare an allow policy pattern='s2.example', pattern_type='DOMAIN', "
                                    "is_regex=false, item 2 by id (p1)")
    assert len(api.calls) == 0


def test_a_rename_that_only_the_stored_object_reveals_is_refused_after_the_read(api, run_module):
    # is_regex is not set: whether the key is the other item's depends on the stored policy, read first.
    items = [dict(id='p1', pattern='s2.example', pattern_type='DOMAIN'), item(2)]
    result = both_modes(api, run_module, 'allow_policies', dict(policies=items), lambda api: expect_list(api, [policy(1), policy(2)]))
    assert result['msg'].startswith("Items 1 and 2 both declare an allow policy pattern='s2.example', pattern_type='DOMAIN', "
                                    "is_regex=false, item 1 by id (p1)")
    assert result['item_numbers'] == [1, 2]


def test_two_ids_renamed_onto_one_key_are_refused(api, run_module):
    items = [dict(id='p1', pattern='new.example'), dict(id='p2', pattern='NEW.example')]
    result = both_modes(api, run_module, 'allow_policies', dict(policies=items), lambda api: expect_list(api, [policy(1), policy(2)]))
    assert result['msg'].startswith("Items 1 and 2 both declare an allow policy pattern='NEW.example', pattern_type='DOMAIN', "
                                    "is_regex=false, item 2 by id (p2)")


def test_a_regex_policy_renamed_by_id_onto_a_plain_key_is_not_the_same_key(api, run_module):
    # p1 is a regex: is_regex unset keeps it, so its new key is not the plain pattern of item 2.
    expect_list(api, [policy(1, is_regex=True, pattern='s1\\.example'), policy(2)])
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[policy(1, is_regex=True)], puts=[], posts=[])),
             match=[matchers.json_params_matcher(dict(deletes=[], patches=[dict(id='p1', pattern='s2.example')], puts=[], posts=[]))])
    result = run_module('allow_policies', dict(policies=[dict(id='p1', pattern='s2.example', pattern_type='DOMAIN'), item(2)]))
    assert result['changed'] is True and 'failed' not in result


# ----- an item that renames by id onto the key of an object the run keeps ---------------------------------------------

KEPT = ("item 1 (s2.example): id p1 would rename allow policy DOMAIN s1.example to pattern='s2.example', pattern_type='DOMAIN', "
        "is_regex=false, the key of allow policy p2, which this run keeps: the run would leave that key on two objects. "
        "Delete p2 in the same run (an item with state=absent, or purge), or choose another key.")


def test_a_set_item_renaming_onto_the_key_of_a_kept_policy_is_refused_naming_it(api, run_module):
    result = both_modes(api, run_module, 'allow_policies', dict(policies=[dict(id='p1', pattern='s2.example')]),
                        lambda api: expect_list(api, [policy(1), policy(2), policy(3)]))
    assert result['msg'] == KEPT
    assert result['holder'] == 'p2' and result['id'] == 'p1'


def test_a_single_rename_onto_the_key_of_another_policy_reads_its_holders_and_is_refused(api, run_module):
    def reads(api):
        api.get(URL + '/p1', json=envelope(policy(1)))
        expect_list(api, [policy(1), policy(2)], pattern_type='DOMAIN')

    result = both_modes(api, run_module, 'allow_policy', dict(id='p1', pattern='S2.example'), reads)
    assert result['msg'] == KEPT[len('item 1 (s2.example): '):].replace("'s2.example'", "'S2.example'")
    assert 'item' not in result


@pytest.mark.parametrize('how', ['purge', 'absent by id'])
def test_a_rename_onto_the_key_of_a_policy_the_run_deletes_is_written(api, run_module, how):
    expect_list(api, [policy(1), policy(2)])
    api.post(BATCH, json=envelope(dict(deletes=[dict(id='p2')], patches=[policy(1, pattern='s2.example')], puts=[], posts=[])),
             match=[matchers.json_params_matcher(dict(deletes=[dict(id='p2')], patches=[dict(id='p1', pattern='s2.example')], puts=[], posts=[]))])
    items = [dict(id='p1', pattern='s2.example')]
    if how == 'absent by id':
        items.append(dict(id='p2', state='absent'))
    result = run_module('allow_policies', dict(policies=items, purge=how == 'purge'))
    assert result['changed'] is True and 'failed' not in result, result
    assert [p['pattern'] for p in result['policies']] == ['s2.example']


def test_legacy_duplicates_that_the_run_does_not_rename_are_left_alone(api, run_module):
    twins = [policy(1), policy(2, pattern='S1.example')]
    expect_list(api, twins)
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[policy(1, comments='a'), policy(2, comments='b')], puts=[], posts=[])))
    result = run_module('allow_policies', dict(policies=[dict(id='p1', comments='a'), dict(id='p2', comments='b')]))
    assert result['changed'] is True and 'failed' not in result, result


# ----- state=absent with an id and a key that is not the object's ------------------------------------------------------

def test_a_single_delete_by_id_with_another_key_is_refused_showing_the_key(api, run_module):
    result = both_modes(api, run_module, 'allow_policy', dict(id='p1', pattern='other.example', state='absent'),
                        lambda api: api.get(URL + '/p1', json=envelope(policy(1))))
    assert result['msg'] == ("state=absent with id p1 would delete the allow policy whose key is pattern='s1.example', pattern_type='DOMAIN', "
                             "is_regex=false, not the pattern given (pattern='other.example'): correct the key, or leave it out and let the "
                             "id alone say which allow policy to delete.")
    assert 'item' not in result


def test_a_set_item_deleting_by_id_with_another_key_is_refused_naming_the_item(api, run_module):
    result = both_modes(api, run_module, 'impersonation_registry', dict(entries=[dict(id='e1', email='p2@example.com', state='absent')]),
                        lambda api: expect_list(api, [entry(1), entry(2)], url=REGISTRY))
    assert result['msg'].startswith("item 1 (p2@example.com): state=absent with id e1 would delete the impersonation registry entry whose "
                                    "key is email='p1@example.com', not the email given (email='p2@example.com')")


def test_a_delete_by_id_with_its_own_key_in_another_case_is_sent(api, run_module):
    api.get(URL + '/p1', json=envelope(policy(1)))
    api.delete(URL + '/p1', json=envelope(dict(id='p1')))
    result = run_module('allow_policy', dict(id='p1', pattern='S1.EXAMPLE', pattern_type='DOMAIN', is_regex=False, state='absent'))
    assert result['changed'] is True and 'failed' not in result


# ----- a batch of patches is retried like a PATCH ---------------------------------------------------------------------

@pytest.mark.parametrize('status', [429, 502, 503, 504])
def test_a_batch_of_patches_is_retried_on_the_answers_a_patch_is(api, run_module, status):
    # (responses calls urllib3's Retry but not its sleep: the waits and warnings are shown against the emulator.)
    expect_list(api, [policy(1), policy(2)])
    api.post(BATCH, **refusal(status))
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[policy(1, comments='x'), policy(2, comments='y')], puts=[], posts=[])))
    result = run_module('allow_policies', dict(policies=[item(1, comments='x'), item(2, comments='y')]))
    assert result['changed'] is True and 'failed' not in result, result
    assert [call.request.method for call in api.calls] == ['GET', 'POST', 'POST']


@pytest.mark.parametrize('extra', [dict(purge=True), dict(create=True)])
def test_a_batch_with_deletes_or_creates_is_not_repeated_after_a_503(api, run_module, extra):
    expect_list(api, [policy(1), policy(2)])
    api.post(BATCH, **refusal(503))
    expect_list(api, [policy(1), policy(2)])
    items = [item(1, comments='x')] + ([item(3)] if extra.pop('create', False) else [])
    result = run_module('allow_policies', dict(policies=items, **extra))
    assert result['failed'] is True and result['changed'] is False
    assert [call.request.method for call in api.calls] == ['GET', 'POST', 'GET']


# ----- a failure after some writes says what was written -----------------------------------------------------------------

def test_a_failure_after_requests_that_wrote_lists_them_with_the_ids_of_creates_and_their_diff(api, run_module):
    expect_list(api, [entry(1), entry(2)], url=REGISTRY)
    api.delete(REGISTRY + '/e2', json=envelope(dict(id='e2')))
    api.post(REGISTRY, json=envelope(entry(5)))
    api.post(REGISTRY, **refusal(400, 1001, 'bad'))
    entries = [dict(email='p1@example.com'), dict(email='p2@example.com', state='absent'), dict(email='p5@example.com', name='Person 5'),
               dict(email='p6@example.com', name='Person 6')]
    result = run_module('impersonation_registry', dict(entries=entries), diff=True)
    assert result['failed'] is True and result['changed'] is True
    assert result['applied'] == [dict(id='e2', item=2, email='p2@example.com', reason='absent', action='delete'),
                                 dict(id='e5', item=3, email='p5@example.com', is_email_regex=False, name='Person 5', comments='', action='create')]
    assert result['failed_changes'] == [dict(item=4, email='p6@example.com', is_email_regex=False, name='Person 6', comments='', action='create')]
    assert [(d['before_header'], d['after_header']) for d in result['diff']] == [
        ('impersonation registry entry e2 p2@example.com', 'no impersonation registry entry'),
        ('no impersonation registry entry', 'impersonation registry entry p5@example.com')]


def test_a_failure_after_a_first_batch_lists_what_it_wrote(api, run_module, monkeypatch):
    from ansible_collections.cloudflare_one.email_security.plugins.module_utils import _store
    monkeypatch.setattr(_store, 'MAX_BATCH_ITEMS', 1)
    monkeypatch.setattr(_store.batches, '__defaults__', (1, _store.ALL_ARRAYS))
    expect_list(api, [policy(1)])
    api.post(BATCH, json=envelope(dict(deletes=[dict(id='p1')], patches=[], puts=[], posts=[policy(4)])))
    api.post(BATCH, **refusal(400, 1001, 'bad'))
    result = run_module('allow_policies', dict(policies=[item(4), item(5)], purge=True), diff=True)
    assert result['failed'] is True and result['changed'] is True
    assert [(e['action'], e.get('id'), e['pattern']) for e in result['applied']] == [('delete', 'p1', 's1.example'), ('create', 'p4', 's4.example')]
    assert [d['after_header'] for d in result['diff']] == ['no allow policy', 'allow policy DOMAIN s4.example']


def test_a_failure_after_the_write_lists_what_was_written(api, run_module):
    expect_list(api, [])
    api.post(BATCH, json=envelope(dict(deletes=[], patches=[], puts=[], posts=[policy(5)])))
    api.get(URL, **refusal(403, 10000, 'Forbidden'))
    result = run_module('allow_policies', dict(policies=[item(5)]), diff=True)
    assert result['failed'] is True and result['changed'] is True and result['status'] == 403
    assert [(e['action'], e['id']) for e in result['applied']] == [('create', 'p5')]
    assert [d['after_header'] for d in result['diff']] == ['allow policy DOMAIN s5.example']


def test_a_single_create_whose_follow_up_fails_says_it_was_created(api, run_module):
    expect_list(api, [], pattern_type='DOMAIN')
    api.post(URL, json=envelope(policy(5, id='mine')))
    theirs = policy(4, id='theirs', pattern='s5.example')
    expect_list(api, [theirs, policy(5, id='mine')], pattern_type='DOMAIN')
    api.delete(URL + '/mine', json=envelope(dict(id='mine')))
    api.patch(URL + '/theirs', **refusal(403, 10000, 'Forbidden'))
    result = run_module('allow_policy', dict(pattern='s5.example', pattern_type='DOMAIN', comments='x'), diff=True)
    assert result['failed'] is True and result['changed'] is True and result['status'] == 403
    assert result['msg'].startswith('The allow policy was created (mine), but reading it again afterwards (or removing a duplicate')
    assert [(e['action'], e.get('id')) for e in result['applied']] == [('create', 'mine'), ('delete', 'mine')]
    assert result['diff']['after_header'] == 'allow policy DOMAIN s5.example'
