# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""allow_policies and allow_policy_info as a user sees them: ansible-playbook runs against the emulator,
each checked with the emulator's request log."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parents[2] / 'docs' / 'examples'
ID_FORMATS = ('uuid', 'integer')  # the emulator answers ids as UUID strings, or as JSON integers as real accounts did
FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)

SET = [
    dict(pattern='partner.example', pattern_type='DOMAIN', verify_sender=True, is_acceptable_sender=True, comments='Partner mail'),
    dict(pattern='soc@example.com', pattern_type='EMAIL', is_exempt_recipient=True),
    dict(pattern='203.0.114.0/24', pattern_type='IP', is_trusted_sender=True, verify_sender=True, comments='Relay'),
]


def full(policy):
    """A policy as the emulator seeds it: every flag explicit."""
    return dict(dict(FLAGS, comments=None), **policy)


def requests_summary(emulator):
    return [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.requests()]


def by_pattern(emulator):
    return dict((p['pattern'], p) for p in emulator.policies())


def diff_lines(run):
    """The lines of the --diff output of a run."""
    return [line for line in run.stdout.splitlines() if line.startswith(('---', '+++', '@@', '+', '-', ' '))]


def apply(playbook, policies, args=(), **switches):
    return playbook('allow_policies.yml', dict(policies=policies, **switches), args=args)


@pytest.fixture
def previewed(check_then_real):
    """``apply`` through check_then_real: the change is previewed first, and the preview proven right."""

    def run(policies, **switches):
        return check_then_real('allow_policies.yml', dict(policies=policies, **switches))

    return run


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
def test_create_a_set_in_one_batch_then_a_rerun_is_one_request(emulator, playbook, previewed, id_format):
    run = previewed(SET)
    assert run.returncode == 0, run.output
    assert run.result['changed'] is True
    assert run.result['msg'] == 'Plan: 3 to create, 0 to update, 0 to delete, 0 unchanged'
    # After creates, one more read: a run that raced another into duplicates converges (see the concurrency tests).
    assert requests_summary(emulator) == [('GET', 'allow_policies'), ('POST', 'batch'), ('GET', 'allow_policies')]
    batch = emulator.requests()[1]['body']
    assert batch['deletes'] == [] and batch['patches'] == [] and batch['puts'] == []
    assert batch['posts'][0] == dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True,
                                     is_trusted_sender=False, is_acceptable_sender=True, is_exempt_recipient=False, comments='Partner mail')
    assert len(emulator.policies()) == 3
    assert sorted(entry['id'] for entry in run.result['created']) == sorted(p['id'] for p in emulator.policies())
    assert all(isinstance(entry['id'], int if id_format == 'integer' else str) for entry in run.result['created'])
    assert [p['pattern'] for p in run.result['policies']] == ['partner.example', 'soc@example.com', '203.0.114.0/24']

    emulator.clear_requests()
    again = apply(playbook, SET)
    assert again.returncode == 0, again.output
    assert again.result['changed'] is False
    assert again.result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 3 unchanged'
    assert requests_summary(emulator) == [('GET', 'allow_policies')]
    assert emulator.requests()[0]['query'] == dict(page='1', per_page='1000', order='created_at', direction='asc')


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
def test_changes_go_in_one_batch_of_minimal_patches(emulator, previewed, id_format):
    seeded = dict((p['pattern'], p) for p in emulator.seed([full(p) for p in SET]))
    wanted = [dict(SET[0], comments='Renewed'), dict(SET[1], is_acceptable_sender=True), SET[2]]
    run = previewed(wanted)
    assert run.returncode == 0, run.output
    assert run.result['summary'] == dict(create=0, update=2, delete=0, unchanged=1)
    assert requests_summary(emulator) == [('GET', 'allow_policies'), ('POST', 'batch')]
    assert emulator.requests()[1]['body']['patches'] == [
        dict(id=seeded['partner.example']['id'], comments='Renewed'),
        dict(id=seeded['soc@example.com']['id'], is_acceptable_sender=True)]
    assert run.result['updated'][0]['before'] == dict(comments='Partner mail')
    assert run.result['updated'][0]['after'] == dict(comments='Renewed')
    assert by_pattern(emulator)['partner.example']['comments'] == 'Renewed'
    # One diff entry per changed policy, sorted by key, each with a header that names it.
    assert 'allow policy {0} DOMAIN partner.example'.format(seeded['partner.example']['id']) in run.stdout
    assert run.stdout.index('DOMAIN partner.example') < run.stdout.index('EMAIL soc@example.com')


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
def test_purge_deletes_what_the_list_does_not_name_and_check_mode_predicts_it(emulator, previewed, id_format):
    emulator.seed([full(p) for p in SET] + [full(dict(pattern='old.example', pattern_type='DOMAIN'))])
    wanted = [SET[0], dict(pattern='new.example', pattern_type='DOMAIN', is_acceptable_sender=True)]
    real = previewed(wanted, purge=True)
    preview = real.preview
    assert real.returncode == 0, real.output
    assert requests_summary(emulator) == [('GET', 'allow_policies'), ('POST', 'batch'), ('GET', 'allow_policies')]
    assert sorted(p['pattern'] for p in emulator.policies()) == ['new.example', 'partner.example']
    assert real.result['msg'] == preview.result['msg'] == 'Plan: 1 to create, 0 to update, 3 to delete, 1 unchanged'
    assert sorted(d['reason'] for d in real.result['deleted']) == ['purge', 'purge', 'purge']
    # Check mode and the real run agree on everything but the new policy's id.
    for name in ('changed', 'summary', 'updated', 'deleted', 'policies'):
        assert preview.result[name] == real.result[name], name
    assert diff_lines(preview) == diff_lines(real) and len(diff_lines(real)) > 10
    assert [dict(e, id=None) for e in real.result['created']] == [dict(e, id=None) for e in preview.result['created']]
    assert 'id' not in preview.result['created'][0] and real.result['created'][0]['id']


def test_fail_on_drift_fails_with_the_plan_and_writes_nothing(emulator, playbook):
    emulator.seed([full(p) for p in SET])
    drifted = [dict(SET[0], comments='Changed by hand?'), SET[1], SET[2]]
    for args in (['--check'], []):
        emulator.clear_requests()
        run = apply(playbook, drifted, args=args, fail_on_drift=True)
        assert run.returncode == 2, run.output
        assert run.result['changed'] is False
        assert 'Plan: 0 to create, 1 to update, 0 to delete, 2 unchanged' in run.result['msg']
        assert run.result['updated'][0]['after'] == dict(comments='Changed by hand?')
        assert emulator.writes() == []
    emulator.clear_requests()
    calm = apply(playbook, SET, fail_on_drift=True, purge=True)
    assert calm.returncode == 0 and calm.result['changed'] is False, calm.output
    assert len(emulator.requests()) == 1


def test_an_empty_list_with_purge_is_refused_unless_allowed(emulator, playbook):
    emulator.seed([full(p) for p in SET])
    refused = apply(playbook, [], purge=True)
    assert refused.returncode == 2
    assert 'allow_empty' in refused.result['msg']
    assert emulator.requests() == []
    allowed = apply(playbook, [], purge=True, allow_empty=True)
    assert allowed.returncode == 0, allowed.output
    assert emulator.policies() == []


def test_bad_items_are_refused_before_any_request_naming_the_item(emulator, playbook):
    run = apply(playbook, [SET[0], dict(pattern='not an address', pattern_type='EMAIL'), dict(pattern='x.example')])
    assert run.returncode == 2
    assert 'item 2 (EMAIL not an address): ' in run.result['msg']
    assert 'item 3 (' in run.result['msg'] and 'pattern_type' in run.result['msg']
    twins = apply(playbook, [dict(pattern='8.8.8.8', pattern_type='IP'), dict(pattern='Partner.Example', pattern_type='DOMAIN'),
                             dict(pattern='8.8.8.8/32', pattern_type='IP', comments='same network')])
    assert twins.returncode == 2
    assert 'Items 1 and 3 both designate allow policy IP 8.8.8.8/32' in twins.result['msg']
    assert emulator.requests() == []


@pytest.mark.parametrize('policies, message', [
    ([SET[0], 'example.com'], "policies item 2 is a string, not a mapping: 'example.com'."),
    ('example.com', "policies is a string, not a list: write each item as a mapping in a list"),
    (dict(pattern='x.example', pattern_type='DOMAIN'), 'policies is a mapping, not a list'),
])
def test_an_item_that_is_not_a_mapping_is_named_with_its_position(emulator, playbook, policies, message):
    run = apply(playbook, policies)
    assert run.returncode == 2, run.output
    assert message in run.result['msg'] and 'dictionary requested' not in run.output
    assert emulator.requests() == []


def test_null_in_an_item_means_unset(emulator, check_then_real, tmp_path):
    emulator.seed([full(SET[0])])
    vars_file = tmp_path / 'set.yml'
    vars_file.write_text('allow_policies:\n  - pattern: partner.example\n    pattern_type: DOMAIN\n    comments: null\n'
                         '    is_trusted_sender: null\n    verify_sender: true\n')
    run = check_then_real('allow_policies.yml', dict(policies='{{ allow_policies }}'), args=['-e', '@' + str(vars_file)])
    assert run.returncode == 0, run.output
    assert run.result['changed'] is False
    assert emulator.writes() == []


def test_duplicates_fail_without_purge_and_converge_on_the_oldest_with_it(emulator, playbook, previewed):
    dupes = emulator.seed([full(dict(pattern='race@example.com', pattern_type='EMAIL')),
                           full(dict(pattern='RACE@example.com', pattern_type='EMAIL'))])
    oldest = min(dupes, key=lambda p: (p['created_at'], p['id']))
    other = [p for p in dupes if p is not oldest][0]
    wanted = [dict(pattern='race@example.com', pattern_type='EMAIL', comments='kept')]
    refused = apply(playbook, wanted)
    assert refused.returncode == 2
    assert oldest['id'] in refused.result['msg'] and other['id'] in refused.result['msg']
    assert emulator.writes() == []

    run = previewed(wanted, purge=True)
    assert run.returncode == 0, run.output
    assert run.result['deleted'] == [dict(id=other['id'], pattern=other['pattern'], pattern_type='EMAIL', is_regex=False,
                                          reason='duplicate of {0}'.format(oldest['id']))]
    assert [(p['id'], p['comments']) for p in emulator.policies()] == [(oldest['id'], 'kept')]


def test_an_account_of_exactly_1000_policies_is_read_in_one_request(emulator, playbook, previewed):
    # result_info's total_count (1000) says that the full first page is all: no second, empty GET.
    wanted = [dict(pattern='sender{0}@example.com'.format(n), pattern_type='EMAIL') for n in range(1000)]
    emulator.seed([full(p) for p in wanted[:999]])
    run = previewed(wanted, purge=True)
    assert run.returncode == 0, run.output
    assert requests_summary(emulator) == [('GET', 'allow_policies'), ('POST', 'batch'), ('GET', 'allow_policies')]
    emulator.clear_requests()
    again = apply(playbook, wanted, purge=True)
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert [r['query']['page'] for r in emulator.requests()] == ['1']
    emulator.reset()
    emulator.seed([full(p) for p in wanted] + [full(dict(p, pattern_type='DOMAIN', pattern='s{0}.example'.format(n))) for n, p in enumerate(wanted)])
    twice = apply(playbook, wanted + [dict(pattern='s{0}.example'.format(n), pattern_type='DOMAIN') for n in range(1000)], purge=True)
    assert twice.returncode == 0 and twice.result['changed'] is False, twice.output
    assert [r['query']['page'] for r in emulator.requests()] == ['1', '2']


def test_1500_policies_page_and_go_in_two_batches(emulator, playbook, previewed):
    wanted = [dict(pattern='sender{0}@example.com'.format(n), pattern_type='EMAIL', is_acceptable_sender=True) for n in range(1500)]
    run = previewed(wanted)
    assert run.returncode == 0, run.output
    assert requests_summary(emulator) == [('GET', 'allow_policies'), ('POST', 'batch'), ('POST', 'batch'),
                                          ('GET', 'allow_policies'), ('GET', 'allow_policies')]
    # as the guide states it
    guide = ' '.join((Path(__file__).resolve().parents[2] / 'docs' / 'docsite' / 'rst' / 'guide_policy_sets.rst').read_text().split())
    assert '* - 1,500 policies created in an empty account - 1 list page + 2 batches (1000 and 500) + 2 list pages' in guide
    assert [len(r['body']['posts']) for r in emulator.requests()[1:3]] == [1000, 500]
    assert len(emulator.policies()) == 1500

    emulator.clear_requests()
    again = apply(playbook, wanted, purge=True)
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert [r['query']['page'] for r in emulator.requests()] == ['1', '2']


def test_without_a_batch_endpoint_one_request_per_change(emulator, previewed):
    emulator.seed([full(p) for p in SET])
    emulator.fault(method='POST', path='/batch$', status=404, code=7003, message='No route for that URI')
    wanted = [dict(SET[0], comments='Renewed'), SET[1], dict(pattern='new.example', pattern_type='DOMAIN')]
    run = previewed(wanted, purge=True)
    assert run.returncode == 0, run.output
    assert requests_summary(emulator)[:2] == [('GET', 'allow_policies'), ('POST', 'batch')]
    assert [r['method'] for r in emulator.requests()[2:]] == ['DELETE', 'PATCH', 'POST', 'GET']
    assert sorted(p['pattern'] for p in emulator.policies()) == ['new.example', 'partner.example', 'soc@example.com']


def test_without_a_batch_endpoint_a_failure_says_what_was_applied(emulator, playbook):
    emulator.seed([full(p) for p in SET])
    emulator.fault(method='POST', path='/batch$', status=405, code=10405, message='Method not allowed')
    emulator.fault(method='PATCH', status=400, code=1001, message='Invalid input')
    wanted = [dict(SET[0], comments='Renewed'), dict(pattern='new.example', pattern_type='DOMAIN')]
    run = apply(playbook, wanted, purge=True)
    assert run.returncode == 2
    assert run.result['changed'] is True
    assert [e['reason'] for e in run.result['applied']] == ['purge', 'purge']
    assert run.result['failed_changes'][0]['item'] == 1 and run.result['failed_changes'][0]['pattern'] == 'partner.example'
    assert run.result['not_applied'][0]['pattern'] == 'new.example'
    assert 'Applied: 2 of 4 changes' in run.result['msg']
    assert sorted(p['pattern'] for p in emulator.policies()) == ['partner.example']


def test_a_batch_failing_on_one_item_applies_nothing_and_names_the_item(emulator, playbook):
    emulator.seed([full(p) for p in SET])
    # A Java-only regular expression is left to the API to judge (the local check cannot); the emulator,
    # which checks with Python's re, refuses it, as the API refuses a pattern that Java does not accept.
    java = '\\p{Alpha}+@example\\.com'
    wanted = [dict(SET[0], comments='Renewed'), dict(pattern='new.example', pattern_type='DOMAIN'),
              dict(pattern=java, pattern_type='EMAIL', is_regex=True)]
    run = apply(playbook, wanted, purge=True)
    assert run.returncode == 2, run.output
    assert run.result['changed'] is False and run.result['applied'] == []
    assert run.result['failed_changes'] == [dict(item=3, **dict(FLAGS, pattern=java, pattern_type='EMAIL', is_regex=True, comments='', action='create'))]
    assert 'item 3 (EMAIL {0})'.format(java) in run.result['msg'] and 'Nothing of the failed batch was applied' in run.result['msg']
    assert '/posts/1/pattern' in run.result['msg']
    assert len(emulator.policies()) == 3 and by_pattern(emulator)['partner.example']['comments'] == 'Partner mail'


@pytest.mark.parametrize('filters, expected', [
    (dict(), ['partner.example', 'soc@example.com', '203.0.114.0/24']),
    (dict(pattern_type='EMAIL'), ['soc@example.com']),
    (dict(is_trusted_sender=True), ['203.0.114.0/24']),
    (dict(pattern='PARTNER.example', pattern_type='DOMAIN'), ['partner.example']),
])
def test_info_filters_and_sorts(emulator, playbook, filters, expected):
    emulator.seed([full(p) for p in SET])
    run = playbook('allow_policy_info.yml', filters)
    assert run.returncode == 0, run.output
    assert run.result['changed'] is False
    assert [p['pattern'] for p in run.result['policies']] == expected
    assert all('id' not in p and 'is_sender' not in p for p in run.result['policies'])


def test_info_by_id_with_ids_and_duplicates(emulator, playbook):
    seeded = emulator.seed([full(p) for p in SET] + [full(dict(SET[1], pattern='SOC@example.com'))])
    run = playbook('allow_policy_info.yml', dict(policy_id=seeded[0]['id'], include_ids=True))
    assert run.returncode == 0, run.output
    # The id and the fields, as allow_policies takes them: no read-only timestamps.
    assert run.result['policies'] == [dict(id=seeded[0]['id'], **full(SET[0]))]
    assert [r['path'].rsplit('/', 1)[-1] for r in emulator.requests()] == [seeded[0]['id']]
    every = playbook('allow_policy_info.yml')
    assert every.result['duplicates'] == [dict(pattern_type='EMAIL', pattern='soc@example.com', is_regex=False,
                                               ids=[seeded[1]['id'], seeded[3]['id']])]


def export(playbook, tmp_path):
    exported = tmp_path / 'exported.yml'
    run = playbook(str(EXAMPLES / 'export_allow_policies.yml'), dict(export_file=str(exported)))
    assert run.returncode == 0, run.output
    return exported


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
def test_export_reapplied_with_purge_is_ok_with_zero_writes(emulator, playbook, tmp_path, id_format):
    seeded = emulator.seed([full(p) for p in SET] + [full(dict(pattern='.*@alerts\\.example\\.net', pattern_type='EMAIL', is_regex=True,
                                                               comments='Ünïcode note')),
                                                     full(dict(pattern='legacy entry', pattern_type='UNKNOWN'))])
    exported = export(playbook, tmp_path)
    data = yaml.safe_load(exported.read_text())
    assert len(data['allow_policies']) == 5
    # A legacy entry, which only its id addresses, carries it.
    assert data['allow_policies'][-1] == dict(FLAGS, id=seeded[-1]['id'], pattern='legacy entry', pattern_type='UNKNOWN', comments='')
    emulator.clear_requests()
    run = playbook(str(EXAMPLES / 'apply_allow_policies.yml'), dict(policies_file=str(exported), purge=True))
    assert run.returncode == 0, run.output
    assert run.result['changed'] is False
    assert emulator.writes() == [] and len(emulator.requests()) == 1


def test_export_applied_to_an_empty_account_recreates_the_set(emulator, playbook, check_then_real, tmp_path):
    emulator.seed([full(p) for p in SET])
    before = sorted((p['pattern'], p['pattern_type'], p['is_trusted_sender'], p['comments'] or '') for p in emulator.policies())
    exported = export(playbook, tmp_path)
    emulator.reset()
    run = check_then_real(str(EXAMPLES / 'apply_allow_policies.yml'), dict(policies_file=str(exported)))
    assert run.returncode == 0, run.output
    assert run.result['summary']['create'] == 3
    after = sorted((p['pattern'], p['pattern_type'], p['is_trusted_sender'], p['comments'] or '') for p in emulator.policies())
    assert after == before


@pytest.mark.parametrize('count', [2, 5])
def test_concurrent_runs_with_overlapping_sets_converge_on_one_policy_per_key(emulator, at_once, count):
    # Every request waits, so that the runs read the empty account before any of them writes.
    emulator.latency(5000)
    shared = dict(pattern='race@example.com', pattern_type='EMAIL', is_acceptable_sender=True)
    runs = [('allow_policies.yml', dict(policies=[shared, dict(pattern='own{0}.example'.format(n), pattern_type='DOMAIN')]))
            for n in range(count)]
    results = at_once(runs)
    assert [run.returncode for run in results] == [0] * count, [run.output for run in results]
    creating = [r for r in emulator.requests() if r['method'] == 'POST' and any(p['pattern'] == 'race@example.com' for p in r['body']['posts'])]
    assert len(creating) == count, 'the runs did not overlap: {0} of {1} created the shared policy'.format(len(creating), count)
    patterns = sorted(p['pattern'] for p in emulator.policies())
    assert patterns == sorted(['race@example.com'] + ['own{0}.example'.format(n) for n in range(count)])
    warned = [run for run in results if 'another run created the same allow policy at the same time' in ' '.join(run.output.split())]
    assert len(warned) == count - 1
