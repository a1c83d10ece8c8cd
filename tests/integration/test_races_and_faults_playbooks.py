# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Races and writes of unknown outcome, as a user sees them: ansible-playbook runs against the emulator.

Every fault is injected on the write itself; each test asserts the policies stored afterwards, the
task's result, and that running the task again leaves exactly one policy per key.
"""

from __future__ import annotations

import pytest

RACE = dict(pattern='race@example.com', pattern_type='EMAIL', is_acceptable_sender=True)
SET = [RACE, dict(pattern='partner.example', pattern_type='DOMAIN', verify_sender=True)]
FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)

# How each fault is injected on a write (the emulator never applies a faulted request), and the
# playbook variables that go with it: a read timeout is a fault delay longer than the task's timeout.
FAULTS = {
    '502': (dict(status=502), {}),
    'dropped connection': (dict(drop=True), {}),
    'read timeout': (dict(delay_seconds=4), dict(timeout=1, max_retries=0)),
}


def patterns(emulator):
    return sorted(p['pattern'] for p in emulator.policies())


def methods(emulator):
    return [r['method'] for r in emulator.requests()]


def in_effect_meanwhile(emulator, method, path_end, policies):
    """While the write ``method`` on a path ending in ``path_end`` is held by a fault, store ``policies``
    as if the write had taken effect and only its answer were lost."""
    return emulator.when(lambda r: r['method'] == method and r['path'].endswith(path_end),
                         lambda: emulator.seed([dict(FLAGS, comments=None, **p) for p in policies], clear=False))


@pytest.mark.parametrize('count', [2, 5])
def test_concurrent_allow_policy_runs_creating_one_policy_converge_on_it(emulator, at_once, count):
    # Every request waits, so that the runs read the empty account before any of them writes.
    emulator.latency(5000)
    results = at_once([('allow_policy.yml', RACE)] * count)
    assert [run.returncode for run in results] == [0] * count, [run.output for run in results]
    creates = [r for r in emulator.requests() if r['method'] == 'POST']
    assert len(creates) == count, 'the runs did not overlap: {0} of {1} created the policy'.format(len(creates), count)
    stored = emulator.policies()
    assert [p['pattern'] for p in stored] == ['race@example.com']
    # Every run reports the one policy that is left, and all but one say that they deleted their own.
    assert [run.result['policy']['id'] for run in results] == [stored[0]['id']] * count
    assert all(run.result['changed'] is True for run in results)
    warned = [run for run in results if 'another run created the same allow policy at the same time' in ' '.join(run.output.split())]
    assert len(warned) == count - 1
    assert sorted(methods(emulator)) == sorted(['GET', 'POST', 'GET'] * count + ['DELETE'] * (count - 1))


def test_a_create_costs_one_more_read_and_an_unchanged_run_one_request(emulator, playbook):
    created = playbook('allow_policy.yml', RACE)
    assert created.returncode == 0, created.output
    assert methods(emulator) == ['GET', 'POST', 'GET']
    emulator.clear_requests()
    again = playbook('allow_policy.yml', RACE)
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert methods(emulator) == ['GET']


@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_a_create_of_unknown_outcome_is_read_again_and_reported_as_not_applied(emulator, playbook, fault):
    injected, options = FAULTS[fault]
    emulator.fault(method='POST', path='allow_policies$', **injected)
    run = playbook('allow_policy.yml', dict(RACE, **options))
    assert run.returncode == 2, run.output
    assert run.result['applied'] == [] and run.result['may_have_applied'] is False and run.result['changed'] is False
    assert 'Reading again shows that it did not take effect: nothing was written, and running the task again is safe.' in run.result['msg']
    assert 'Traceback' not in run.output
    assert methods(emulator) == ['GET', 'POST', 'GET']
    assert emulator.policies() == []
    emulator.clear_requests()
    again = playbook('allow_policy.yml', RACE)
    assert again.returncode == 0 and again.result['changed'] is True, again.output
    assert patterns(emulator) == ['race@example.com']


@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_a_create_that_took_effect_without_an_answer_succeeds_with_a_warning(emulator, playbook, fault):
    injected, options = FAULTS[fault]
    # Held long enough for the watcher to store the policy before the module reads again.
    emulator.fault(method='POST', path='allow_policies$', **dict(injected, delay_seconds=max(injected.get('delay_seconds', 0), 1.5)))
    watcher = in_effect_meanwhile(emulator, 'POST', 'allow_policies', [RACE])
    run = playbook('allow_policy.yml', dict(RACE, **options))
    watcher.join()
    assert run.returncode == 0, run.output
    assert run.result['changed'] is True
    stored = emulator.policies()
    assert len(stored) == 1 and run.result['policy']['id'] == stored[0]['id']
    assert 'but reading again shows that it took effect' in ' '.join(run.output.split())
    emulator.clear_requests()
    again = playbook('allow_policy.yml', RACE)
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert methods(emulator) == ['GET'] and len(emulator.policies()) == 1


@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_a_batch_of_unknown_outcome_is_read_again_and_reported_as_not_applied(emulator, playbook, fault):
    injected, options = FAULTS[fault]
    emulator.fault(method='POST', path='/batch$', **injected)
    run = playbook('allow_policies.yml', dict(policies=SET, **options))
    assert run.returncode == 2, run.output
    assert run.result['changed'] is False and run.result['applied'] == [] and run.result['may_have_applied'] is False
    assert 'Read again after it: 0 of the 2 changes of the failed batch took effect, 2 did not' in run.result['msg']
    assert 'Applied: 0 of 2 changes.' in run.result['msg']
    assert [c['pattern'] for c in run.result['failed_changes']] == ['race@example.com', 'partner.example']
    assert 'Traceback' not in run.output
    assert methods(emulator) == ['GET', 'POST', 'GET']
    assert emulator.policies() == []
    emulator.clear_requests()
    again = playbook('allow_policies.yml', dict(policies=SET))
    assert again.returncode == 0 and again.result['summary']['create'] == 2, again.output
    assert patterns(emulator) == ['partner.example', 'race@example.com']


@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_a_batch_that_took_effect_without_an_answer_succeeds_with_a_warning(emulator, playbook, fault):
    injected, options = FAULTS[fault]
    emulator.fault(method='POST', path='/batch$', **dict(injected, delay_seconds=max(injected.get('delay_seconds', 0), 1.5)))
    watcher = in_effect_meanwhile(emulator, 'POST', '/batch', SET)
    run = playbook('allow_policies.yml', dict(policies=SET, **options))
    watcher.join()
    assert run.returncode == 0, run.output
    assert run.result['changed'] is True
    assert 'but reading again shows that it took effect' in ' '.join(run.output.split())
    assert patterns(emulator) == ['partner.example', 'race@example.com']
    emulator.clear_requests()
    again = playbook('allow_policies.yml', dict(policies=SET, purge=True))
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert methods(emulator) == ['GET'] and len(emulator.policies()) == 2


def test_a_batch_that_partly_took_effect_says_which_and_a_rerun_finishes_without_duplicates(emulator, playbook):
    emulator.fault(method='POST', path='/batch$', drop=True, delay_seconds=1.5)
    watcher = in_effect_meanwhile(emulator, 'POST', '/batch', SET[:1])
    run = playbook('allow_policies.yml', dict(policies=SET))
    watcher.join()
    assert run.returncode == 2, run.output
    assert 'Read again after it: 1 of the 2 changes of the failed batch took effect, 1 did not' in run.result['msg']
    assert [c['pattern'] for c in run.result['applied']] == ['race@example.com']
    assert [c['pattern'] for c in run.result['failed_changes']] == ['partner.example']
    emulator.clear_requests()
    again = playbook('allow_policies.yml', dict(policies=SET))
    assert again.returncode == 0 and again.result['summary'] == dict(create=1, update=0, delete=0, unchanged=1), again.output
    assert patterns(emulator) == ['partner.example', 'race@example.com']
