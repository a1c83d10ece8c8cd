# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""allow_policy as a user sees it: ansible-playbook runs against the emulator, checked with its request log."""

from __future__ import annotations

import re

import pytest

PARTNER = dict(pattern='partner.example', pattern_type='DOMAIN', verify_sender=True, is_acceptable_sender=True, comments='Partner mail')


def credentials(emulator):
    return dict(account_id=emulator.account_id, api_email=emulator.api_email, api_key=emulator.api_key)


def recap(run):
    match = re.search(r'localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', run.stdout)
    assert match, run.output
    return dict(zip(('ok', 'changed', 'unreachable', 'failed'), map(int, match.groups())))


def seeded(emulator, **fields):
    policy = dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True, is_trusted_sender=False,
                  is_acceptable_sender=True, is_exempt_recipient=False, comments='Partner mail')
    policy.update(fields)
    return emulator.seed([policy])[0]


def test_create_then_the_same_play_is_ok_with_one_read(emulator, playbook):
    first = playbook('allow_policy.yml', PARTNER)
    assert first.returncode == 0, first.output
    assert recap(first)['changed'] == 1
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.requests()] == [('GET', 'allow_policies'), ('POST', 'allow_policies')]
    post = emulator.requests()[1]['body']
    assert post == dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True, is_trusted_sender=False,
                        is_acceptable_sender=True, is_exempt_recipient=False, comments='Partner mail')
    created = emulator.policies()
    assert len(created) == 1 and first.result['policy']['id'] == created[0]['id']
    assert 'is_sender' not in first.result['policy']

    emulator.clear_requests()
    second = playbook('allow_policy.yml', PARTNER)
    assert second.returncode == 0, second.output
    assert recap(second) == dict(ok=1, changed=0, unreachable=0, failed=0)
    log = emulator.requests()
    assert [r['method'] for r in log] == ['GET']
    assert log[0]['query'] == dict(pattern_type='DOMAIN', page='1', per_page='1000', order='created_at', direction='asc')


def test_one_changed_flag_sends_a_patch_with_only_that_flag(emulator, playbook):
    policy = seeded(emulator)
    run = playbook('allow_policy.yml', dict(PARTNER, is_trusted_sender=True))
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    writes = emulator.writes()
    assert [(w['method'], w['path'].rsplit('/', 1)[-1], w['body']) for w in writes] == [('PATCH', policy['id'], {'is_trusted_sender': True})]
    assert len(emulator.requests()) == 2
    assert run.result['policy']['is_trusted_sender'] is True


def test_check_mode_reports_the_change_and_writes_nothing(emulator, playbook):
    seeded(emulator)
    before = emulator.policies()
    run = playbook('allow_policy.yml', dict(PARTNER, comments='Renewed contract'), args=['--check'])
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    assert emulator.writes() == []
    assert emulator.policies() == before
    assert run.result['policy']['comments'] == 'Renewed contract'


def test_check_diff_preview_equals_the_real_run(emulator, playbook):
    seeded(emulator)
    wanted = dict(PARTNER, comments='Renewed contract', is_trusted_sender=True)
    preview = playbook('allow_policy.yml', wanted, args=['--check', '--diff'])
    assert preview.returncode == 0, preview.output
    assert emulator.writes() == []
    real = playbook('allow_policy.yml', wanted, args=['--diff'])
    assert real.returncode == 0, real.output
    assert [w['method'] for w in emulator.writes()] == ['PATCH']

    def diff_text(run):
        return run.stdout[run.stdout.index('TASK [Apply the allow policy]'):run.stdout.index('PLAY RECAP')]

    assert diff_text(preview) == diff_text(real)
    text = diff_text(real)
    assert '-    "comments": "Partner mail",' in text and '+    "comments": "Renewed contract",' in text
    assert '-    "is_trusted_sender": false,' in text and '+    "is_trusted_sender": true,' in text
    assert '--- before: allow policy' in text and 'DOMAIN partner.example' in text
    assert preview.result['changed'] is real.result['changed'] is True
    assert preview.result['policy'] == dict(real.result['policy'], modified_at=preview.result['policy']['modified_at'])


def test_check_diff_of_a_creation(emulator, playbook):
    run = playbook('allow_policy.yml', PARTNER, args=['--check', '--diff'])
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    assert emulator.writes() == [] and emulator.policies() == []
    assert '--- before: no allow policy' in run.stdout
    assert '+++ after: allow policy DOMAIN partner.example' in run.stdout


def test_removal_then_removal_again(emulator, playbook):
    policy = seeded(emulator)
    first = playbook('allow_policy.yml', dict(pattern='PARTNER.example', pattern_type='DOMAIN', state='absent'))
    assert first.returncode == 0, first.output
    assert recap(first)['changed'] == 1
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in emulator.writes()] == [('DELETE', policy['id'])]
    assert emulator.policies() == []
    emulator.clear_requests()
    second = playbook('allow_policy.yml', dict(pattern='partner.example', pattern_type='DOMAIN', state='absent'))
    assert second.returncode == 0, second.output
    assert recap(second)['changed'] == 0
    assert [r['method'] for r in emulator.requests()] == ['GET']


def test_update_of_the_pattern_itself_by_id(emulator, playbook):
    policy = seeded(emulator)
    run = playbook('allow_policy.yml', dict(policy_id=policy['id'], pattern='partner-mail.example'))
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    log = emulator.requests()
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in log] == [('GET', policy['id']), ('PATCH', policy['id'])]
    assert log[1]['body'] == {'pattern': 'partner-mail.example'}
    assert emulator.policies()[0]['pattern'] == 'partner-mail.example'


def test_deprecated_alias_works_and_warns(emulator, playbook):
    run = playbook('deprecated_alias.yml')
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    assert "Alias 'is_sender' is deprecated" in run.output
    assert emulator.policies()[0]['is_trusted_sender'] is True


def test_module_defaults_through_the_action_group_without_environment(emulator, playbook):
    run = playbook('module_defaults.yml', credentials(emulator), credentials=None)
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    assert emulator.policies()[0]['pattern'] == 'soc@example.com'


@pytest.mark.parametrize('wanted, message', [
    (dict(pattern='not-an-address', pattern_type='EMAIL'), "pattern 'not-an-address' is not an email address"),
    (dict(pattern='x.example', pattern_type='UNKNOWN'), 'pattern_type UNKNOWN is deprecated and cannot be set'),
    (dict(pattern='x.example'), 'Set both pattern and pattern_type'),
    (dict(pattern='(open', pattern_type='EMAIL', is_regex=True), 'is not a valid regular expression'),
    (dict(pattern='10.0.0.300', pattern_type='IP'), 'is not an IPv4 or IPv6 address'),
    (dict(pattern='x.example', pattern_type='DOMAIN', comments='c' * 1025), 'comments must be at most 1024 characters'),
])
def test_bad_input_fails_clearly_and_sends_nothing(emulator, playbook, wanted, message):
    run = playbook('allow_policy.yml', wanted)
    assert run.returncode == 2, run.output
    assert recap(run)['failed'] == 1
    assert message in run.output
    assert 'Traceback' not in run.output
    assert emulator.requests() == []


def test_missing_credentials_name_the_environment_variable(emulator, playbook):
    run = playbook('allow_policy.yml', PARTNER, credentials=None, env={'CLOUDFLARE_ACCOUNT_ID': emulator.account_id})
    assert run.returncode == 2
    assert 'No credentials: set api_token (or the environment variable CLOUDFLARE_API_TOKEN)' in run.output
    assert emulator.requests() == []


def test_rate_limit_is_retried_with_a_warning(emulator, playbook):
    emulator.fault(method='GET', count=1, status=429, retry_after='1')
    run = playbook('allow_policy.yml', PARTNER)
    assert run.returncode == 0, run.output
    assert 'failed with HTTP 429; retry 1 of 3 in 1.0 s' in run.output
    assert [(r['method'], r['status']) for r in emulator.requests()] == [('GET', 429), ('GET', 200), ('POST', 201)]


def test_a_create_is_not_repeated_after_a_server_error(emulator, playbook):
    emulator.fault(method='POST', count=1, status=502)
    run = playbook('allow_policy.yml', PARTNER)
    assert run.returncode == 2
    assert 'Cloudflare refused POST' in run.output and 'HTTP 502' in run.output
    assert 'Cloudflare may or may not have applied this POST' in run.output
    assert [r['method'] for r in emulator.writes()] == ['POST']


def test_a_legacy_entry_keeps_working(emulator, playbook):
    legacy = seeded(emulator, pattern='legacy entry', pattern_type='UNKNOWN')
    run = playbook('allow_policy.yml', dict(policy_id=legacy['id'], comments='Reviewed in 2026', is_trusted_sender=True))
    assert run.returncode == 0, run.output
    assert [(w['method'], w['body']) for w in emulator.writes()] == [('PATCH', {'comments': 'Reviewed in 2026', 'is_trusted_sender': True})]
    emulator.clear_requests()
    removal = playbook('allow_policy.yml', dict(pattern='legacy entry', pattern_type='UNKNOWN', state='absent'))
    assert removal.returncode == 0, removal.output
    assert [w['method'] for w in emulator.writes()] == ['DELETE']
    assert emulator.policies() == []


def test_a_long_rate_limit_block_fails_at_once_and_says_how_long(emulator, playbook):
    emulator.fault(method='GET', count=5, status=429, retry_after='300')
    run = playbook('allow_policy.yml', PARTNER)
    assert run.returncode == 2
    assert 'HTTP 429' in run.output and 'Cloudflare asks to wait 300 seconds' in run.output
    assert len(emulator.requests()) == 1


def test_wrong_account_says_which_permission_is_needed(emulator, playbook):
    run = playbook('allow_policy.yml', PARTNER, env={'CLOUDFLARE_ACCOUNT_ID': 'ffffffffffffffffffffffffffffffff'})
    assert run.returncode == 2
    assert 'HTTP 403' in run.output and 'Cloud Email Security: Read' in run.output
    assert 'no Email Security subscription' in run.output


def test_no_secret_in_any_output_at_any_verbosity(emulator, playbook):
    runs = [
        playbook('allow_policy.yml', PARTNER, args=['-vvvv', '--diff']),
        playbook('allow_policy.yml', dict(PARTNER, comments='changed'), args=['-vvvv', '--check', '--diff']),
        playbook('allow_policy.yml', PARTNER, args=['-vvvv'], env={'CLOUDFLARE_ACCOUNT_ID': 'ffffffffffffffffffffffffffffffff'}),
        playbook('module_defaults.yml', credentials(emulator), args=['-vvvv'], credentials=None),
        playbook('module_defaults.yml', dict(credentials(emulator), api_key='wrong-SECRET-key-000'), args=['-vvvv'], credentials=None),
    ]
    assert [run.returncode for run in runs] == [0, 0, 2, 0, 2]
    for run in runs:
        for secret in (emulator.api_token, emulator.api_key, 'wrong-SECRET-key-000'):
            assert secret not in run.output
            assert secret not in str(run.result)
    assert 'Authorization' not in str(emulator.requests())
