# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Faults in the middle of long work: a listing of several pages and a set written in several batches.

A latency holds every request, so that a fault can be placed on page 2 (or batch 2) once page 1
(batch 1) has been answered: the emulator takes a fault after its latency. Each run ends in success
or in a failure that says what was applied, and nothing is duplicated.
"""

from __future__ import annotations

FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)


def many(count, prefix='sender'):
    return [dict(pattern='{0}{1}@example.com'.format(prefix, n), pattern_type='EMAIL') for n in range(count)]


def seeded(emulator, count):
    return emulator.seed([dict(FLAGS, comments=None, **p) for p in many(count, 'stored')])


def answered(method, path_end):
    """A predicate: a ``method`` request on a path ending in ``path_end`` has been answered."""
    return lambda r: r['method'] == method and r['path'].endswith(path_end) and r['status'] is not None


def pages(emulator):
    return [(r['query'].get('page'), r['status']) for r in emulator.requests() if r['method'] == 'GET']


def test_a_429_with_retry_after_and_a_502_on_page_2_of_a_listing_are_retried(emulator, playbook):
    seeded(emulator, 2500)
    emulator.latency(700)
    watcher = emulator.when(answered('GET', 'allow_policies'), lambda: (
        emulator.fault(method='GET', status=429, retry_after='1'), emulator.fault(method='GET', status=502)))
    run = playbook('allow_policy_info.yml')
    watcher.join()
    assert run.returncode == 0, run.output
    assert len(run.result['policies']) == 2500
    assert pages(emulator) == [('1', 200), ('2', 429), ('2', 502), ('2', 200), ('3', 200)]
    text = ' '.join(run.output.split())
    assert 'failed with HTTP 429; retry 1 of 3 in 1.0 s' in text and 'failed with HTTP 502; retry 2 of 3' in text


def test_a_429_whose_wait_exceeds_the_budget_on_page_2_fails_at_once_and_writes_nothing(emulator, playbook):
    seeded(emulator, 1500)
    emulator.latency(700)
    watcher = emulator.when(answered('GET', 'allow_policies'), lambda: emulator.fault(method='GET', status=429, retry_after='300', count=5))
    run = playbook('allow_policies.yml', dict(policies=many(2)))
    watcher.join()
    assert run.returncode == 2, run.output
    assert pages(emulator) == [('1', 200), ('2', 429)]
    assert emulator.writes() == []
    assert run.result['changed'] is False and run.result['may_have_applied'] is False
    assert 'Cloudflare rate-limited the requests' in run.result['msg'] and 'Cloudflare asks to wait 300 seconds' in run.result['msg']
    assert len(emulator.policies()) == 1500


def test_a_dropped_connection_on_the_second_batch_says_what_was_applied_and_a_rerun_finishes(emulator, playbook):
    wanted = many(1500)
    emulator.latency(700)
    watcher = emulator.when(answered('POST', '/batch'), lambda: emulator.fault(method='POST', path='/batch$', drop=True))
    run = playbook('allow_policies.yml', dict(policies=wanted))
    watcher.join()
    assert run.returncode == 2, run.output
    assert [(len(r['body']['posts']), r['status']) for r in emulator.writes()] == [(1000, 200), (500, None)]
    assert 'Read again after it: 0 of the 500 changes of the failed batch took effect, 500 did not' in run.result['msg']
    assert 'Applied: 1000 of 1500 changes.' in run.result['msg']
    assert run.result['changed'] is True and len(run.result['applied']) == 1000 and len(run.result['failed_changes']) == 500
    assert len(emulator.policies()) == 1000
    # What the first batch wrote, with the ids Cloudflare gave the new policies.
    assert sorted(e['id'] for e in run.result['applied']) == sorted(p['id'] for p in emulator.policies())
    assert set(e['action'] for e in run.result['applied'] + run.result['failed_changes']) == {'create'}
    emulator.latency(0)
    emulator.clear_requests()
    again = playbook('allow_policies.yml', dict(policies=wanted, purge=True))
    assert again.returncode == 0, again.output
    assert again.result['summary'] == dict(create=500, update=0, delete=0, unchanged=1000)
    stored = [p['pattern'] for p in emulator.policies()]
    assert len(stored) == len(set(stored)) == 1500
