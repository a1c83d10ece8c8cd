# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One plan, one outcome, as a user sees it: ansible-playbook runs against the emulator.

A run never leaves two objects with one key: a rename by id onto a key that another item declares, or that an object
the run keeps holds, is refused the same way in check mode and in the real run, with no write in the emulator's log.
A key beside an id with state=absent must be the object's own. A batch of patches is retried like a PATCH, and a
failure after some writes lists them with their diff.
"""

from __future__ import annotations

FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)
ONE = dict(pattern='one.example', pattern_type='DOMAIN')
TWO = dict(pattern='two.example', pattern_type='DOMAIN')


def seed(emulator, *policies):
    """Store ``policies`` (every flag explicit); return their ids, in order."""
    return [p['id'] for p in emulator.seed([dict(FLAGS, comments=None, **p) for p in policies])]


def stored(emulator):
    return sorted((p['pattern'], p['id']) for p in emulator.policies())


def methods(emulator):
    return [(r['method'], r.get('status')) for r in emulator.requests()]


def test_a_rename_onto_the_key_of_another_item_is_refused_before_any_request(emulator, check_then_real):
    one, two = seed(emulator, ONE, TWO)
    before = stored(emulator)
    run = check_then_real('allow_policies.yml', dict(policies=[dict(TWO, id=one, is_regex=False, comments='moved'), dict(TWO, comments='kept')]))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert run.result['msg'] == (
        "Items 1 and 2 both declare an allow policy pattern='two.example', pattern_type='DOMAIN', is_regex=false, item 1 by id ({0}): "
        "the run would leave that key on two objects, or on one that both items change. Keep one of the items, or give each "
        "its own key.".format(one))
    assert emulator.requests() == [] and stored(emulator) == before and two not in run.result['msg']


def test_two_ids_renamed_onto_one_key_are_refused_after_one_read(emulator, check_then_real):
    one, two = seed(emulator, ONE, TWO)
    run = check_then_real('allow_policies.yml', dict(policies=[dict(id=one, pattern='three.example'), dict(id=two, pattern='Three.example')]))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert run.result['msg'].startswith("Items 1 and 2 both declare an allow policy pattern='Three.example'")
    assert run.result['item_numbers'] == [1, 2]
    assert [r['method'] for r in emulator.requests()] == ['GET']


def test_a_set_rename_onto_the_key_of_a_kept_policy_is_refused_naming_it(emulator, check_then_real):
    one, two = seed(emulator, ONE, TWO)
    run = check_then_real('allow_policies.yml', dict(policies=[dict(id=one, pattern='two.example')]))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert run.result['msg'] == (
        "item 1 (two.example): id {0} would rename allow policy DOMAIN one.example to pattern='two.example', pattern_type='DOMAIN', "
        "is_regex=false, the key of allow policy {1}, which this run keeps: the run would leave that key on two objects. "
        "Delete {1} in the same run (an item with state=absent, or purge), or choose another key.".format(one, two))
    assert emulator.writes() == []


def test_a_single_rename_onto_the_key_of_another_policy_is_refused_naming_it(emulator, check_then_real):
    one, two = seed(emulator, ONE, TWO)
    run = check_then_real('allow_policy.yml', dict(policy_id=one, pattern='TWO.example'))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert 'the key of allow policy {0}, which this run keeps'.format(two) in run.result['msg']
    assert [r['method'] for r in emulator.requests()] == ['GET', 'GET']


def test_a_rename_onto_the_key_of_a_policy_that_the_run_deletes_is_written(emulator, check_then_real):
    one, _two = seed(emulator, ONE, TWO)
    run = check_then_real('allow_policies.yml', dict(policies=[dict(id=one, pattern='two.example', comments='moved')], purge=True))
    assert run.returncode == 0 and run.result['changed'] is True, run.output
    assert run.result['msg'] == 'Plan: 0 to create, 1 to update, 1 to delete, 0 unchanged'
    assert stored(emulator) == [('two.example', one)]


def test_a_delete_by_id_with_another_key_is_refused_showing_the_key(emulator, check_then_real):
    (one,) = seed(emulator, ONE)
    run = check_then_real('allow_policy.yml', dict(policy_id=one, pattern='two.example', pattern_type='DOMAIN', state='absent'))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert run.result['msg'] == (
        "state=absent with id {0} would delete the allow policy whose key is pattern='one.example', pattern_type='DOMAIN', "
        "is_regex=false, not the pattern and pattern_type given (pattern='two.example', pattern_type='DOMAIN'): correct the key, or "
        "leave it out and let the id alone say which allow policy to delete.".format(one))
    assert emulator.writes() == [] and stored(emulator) == [('one.example', one)]


def test_a_set_delete_by_id_with_another_key_is_refused_naming_the_item(emulator, check_then_real):
    (one,) = seed(emulator, ONE)
    run = check_then_real('allow_policies.yml', dict(policies=[dict(id=one, pattern='ONE.example.org', state='absent')]))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert run.result['msg'].startswith("item 1 (ONE.example.org): state=absent with id {0} would delete".format(one))
    assert emulator.writes() == []


def test_a_batch_of_patches_answered_503_is_retried_and_succeeds(emulator, playbook):
    # Not through check_then_real: the fault is on the write, which the check run does not send.
    seed(emulator, ONE, TWO)
    emulator.fault(method='POST', path='batch$', status=503)
    run = playbook('allow_policies.yml', dict(policies=[dict(ONE, comments='a'), dict(TWO, comments='b')]))
    assert run.returncode == 0 and run.result['changed'] is True, run.output
    assert methods(emulator) == [('GET', 200), ('POST', 503), ('POST', 200)]
    assert 'failed with HTTP 503; retry 1 of 3' in ' '.join(run.output.split())
    assert sorted(p['comments'] for p in emulator.policies()) == ['a', 'b']


def test_a_batch_with_a_create_answered_503_is_not_sent_again(emulator, playbook):
    seed(emulator, ONE)
    emulator.fault(method='POST', path='batch$', status=503)
    run = playbook('allow_policies.yml', dict(policies=[dict(ONE, comments='a'), TWO]))
    assert run.returncode == 2 and run.result['changed'] is False, run.output
    assert methods(emulator) == [('GET', 200), ('POST', 503), ('GET', 200)]


def test_a_failure_after_writes_lists_them_with_ids_and_the_diff_the_preview_showed(emulator, playbook):
    # The fault hits the second create of the registry (one request per change), once the first has been answered.
    # The preview is the check run; the real run fails, so the two cannot agree on the outcome (check_then_real).
    # Ansible shows no diff of a failed task, and its result file keeps the diff only at -vvv (a task can register it).
    emulator.seed_records('impersonation_registry', [dict(email='old@example.com', is_email_regex=False, name='Old', comments=None)])
    entries = [dict(email='old@example.com', state='absent'), dict(email='new1@example.com', name='New 1'), dict(email='new2@example.com', name='New 2')]
    args = ['--tags', 'impersonation_registry', '-vvv']
    preview = playbook('impersonation_registry.yml', dict(set_items=entries), args=args + ['--check', '--diff'])
    assert preview.returncode == 0 and emulator.writes() == [], preview.output
    emulator.clear_requests()
    emulator.latency(600)
    watcher = emulator.when(lambda r: r['method'] == 'POST' and r.get('status') in (200, 201),
                            lambda: emulator.fault(method='POST', path='impersonation_registry$', status=400, code=1001, message='refused'))
    run = playbook('impersonation_registry.yml', dict(set_items=entries), args=args + ['--diff'])
    watcher.join()
    assert run.returncode == 2 and run.result['changed'] is True, run.output
    created = [r for r in emulator.records('impersonation_registry') if r['email'] == 'new1@example.com']
    assert len(created) == 1
    assert [(e['action'], e['email']) for e in run.result['applied']] == [('delete', 'old@example.com'), ('create', 'new1@example.com')]
    assert run.result['applied'][1]['id'] == created[0]['id']
    assert [(e['action'], e['email']) for e in run.result['failed_changes']] == [('create', 'new2@example.com')]
    assert run.result['diff'] == [d for d in preview.result['diff'] if 'new2' not in d['after_header']]
    assert [r['email'] for r in emulator.records('impersonation_registry')] == ['new1@example.com']
