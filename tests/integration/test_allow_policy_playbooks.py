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


def test_create_then_the_same_play_is_ok_with_one_read(emulator, playbook, check_then_real):
    first = check_then_real('allow_policy.yml', PARTNER)
    assert first.returncode == 0, first.output
    assert recap(first)['changed'] == 1
    # After a create, one more read: runs that raced each other into duplicates converge on the oldest.
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.requests()] == [
        ('GET', 'allow_policies'), ('POST', 'allow_policies'), ('GET', 'allow_policies')]
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


def test_one_changed_flag_sends_a_patch_with_only_that_flag(emulator, check_then_real):
    policy = seeded(emulator)
    run = check_then_real('allow_policy.yml', dict(PARTNER, is_trusted_sender=True))
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    writes = emulator.writes()
    assert [(w['method'], w['path'].rsplit('/', 1)[-1], w['body']) for w in writes] == [('PATCH', policy['id'], {'is_trusted_sender': True})]
    assert len(emulator.requests()) == 2
    assert run.result['policy']['is_trusted_sender'] is True


def test_check_mode_reports_the_change_and_writes_nothing(emulator, check_then_real):
    seeded(emulator)
    before = emulator.policies()
    run = check_then_real('allow_policy.yml', dict(PARTNER, comments='Renewed contract'))
    preview = run.preview
    assert preview.returncode == 0, preview.output
    assert recap(preview)['changed'] == 1
    assert preview.result['policy']['comments'] == 'Renewed contract'
    # check_then_real asserted that the check run wrote nothing; the real run then made the one change it reported
    assert [w['method'] for w in emulator.writes()] == ['PATCH']
    assert [(p['id'], p['comments']) for p in emulator.policies()] == [(before[0]['id'], 'Renewed contract')]


def test_check_diff_preview_equals_the_real_run(emulator, check_then_real):
    seeded(emulator)
    wanted = dict(PARTNER, comments='Renewed contract', is_trusted_sender=True)
    real = check_then_real('allow_policy.yml', wanted)
    preview = real.preview
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
    real_policy = dict(real.result['policy'])
    real_policy.pop('modified_at')  # set by the server on the write: check mode leaves it out
    assert preview.result['policy'] == real_policy


def test_check_diff_of_a_creation(emulator, check_then_real):
    run = check_then_real('allow_policy.yml', PARTNER).preview
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    assert '--- before: no allow policy' in run.stdout
    assert '+++ after: allow policy DOMAIN partner.example' in run.stdout
    assert len(emulator.policies()) == 1


def test_removal_then_removal_again(emulator, playbook, check_then_real):
    policy = seeded(emulator)
    first = check_then_real('allow_policy.yml', dict(pattern='PARTNER.example', pattern_type='DOMAIN', state='absent'))
    assert first.returncode == 0, first.output
    assert recap(first)['changed'] == 1
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in emulator.writes()] == [('DELETE', policy['id'])]
    assert emulator.policies() == []
    emulator.clear_requests()
    second = playbook('allow_policy.yml', dict(pattern='partner.example', pattern_type='DOMAIN', state='absent'))
    assert second.returncode == 0, second.output
    assert recap(second)['changed'] == 0
    assert [r['method'] for r in emulator.requests()] == ['GET']


def test_update_of_the_pattern_itself_by_id(emulator, check_then_real):
    policy = seeded(emulator)
    run = check_then_real('allow_policy.yml', dict(policy_id=policy['id'], pattern='partner-mail.example'))
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    log = emulator.requests()
    # A new key: the policies of its type are read (one page), to refuse a duplicate key before the write.
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in log] == [('GET', policy['id']), ('GET', 'allow_policies'), ('PATCH', policy['id'])]
    assert log[2]['body'] == {'pattern': 'partner-mail.example'}
    assert emulator.policies()[0]['pattern'] == 'partner-mail.example'


def test_deprecated_alias_works_and_warns(emulator, check_then_real):
    run = check_then_real('deprecated_alias.yml')
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    assert "Alias 'is_sender' is deprecated" in run.output
    assert emulator.policies()[0]['is_trusted_sender'] is True


def test_module_defaults_through_the_action_group_without_environment(emulator, check_then_real):
    run = check_then_real('module_defaults.yml', credentials(emulator), credentials=None)
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


def test_an_empty_credential_option_is_an_error_even_with_credentials_in_the_environment(emulator, playbook):
    run = playbook('module_defaults.yml', dict(account_id=emulator.account_id, api_email='', api_key=''))
    assert run.returncode == 2, run.output
    assert 'api_email is empty: set it, or leave the option out to use the environment variable CLOUDFLARE_EMAIL' in run.output
    assert 'api_key is empty' in run.output
    assert emulator.requests() == []


def test_a_message_about_a_variable_names_it(emulator, playbook):
    run = playbook('allow_policy.yml', PARTNER, env={'CLOUDFLARE_API_TOKEN': 'pasted\ntwice'})
    assert run.returncode == 2, run.output
    assert 'CLOUDFLARE_API_TOKEN holds characters that cannot be sent in an HTTP header' in run.output
    assert emulator.requests() == []


def test_rate_limit_is_retried_with_a_warning(emulator, playbook):
    emulator.fault(method='GET', count=1, status=429, retry_after='1')
    run = playbook('allow_policy.yml', PARTNER)
    assert run.returncode == 0, run.output
    assert 'failed with HTTP 429; retry 1 of 3 in 1.0 s' in run.output
    # The last read is the one after every create, which makes racing runs converge.
    assert [(r['method'], r['status']) for r in emulator.requests()] == [('GET', 429), ('GET', 200), ('POST', 201), ('GET', 200)]


def test_a_create_is_not_repeated_after_a_server_error(emulator, playbook):
    emulator.fault(method='POST', count=1, status=502)
    run = playbook('allow_policy.yml', PARTNER)
    assert run.returncode == 2
    assert 'Cloudflare answered POST' in run.output and 'HTTP 502' in run.output and 'refused' not in run.output
    assert 'Reading again shows that it did not take effect: nothing was written, and running the task again is safe.' in run.output
    assert run.result['applied'] == [] and run.result['may_have_applied'] is False
    assert [r['method'] for r in emulator.writes()] == ['POST']
    assert emulator.policies() == []


def test_a_legacy_entry_keeps_working(emulator, check_then_real):
    legacy = seeded(emulator, pattern='legacy entry', pattern_type='UNKNOWN')
    run = check_then_real('allow_policy.yml', dict(policy_id=legacy['id'], comments='Reviewed in 2026', is_trusted_sender=True))
    assert run.returncode == 0, run.output
    assert [(w['method'], w['body']) for w in emulator.writes()] == [('PATCH', {'comments': 'Reviewed in 2026', 'is_trusted_sender': True})]
    emulator.clear_requests()
    removal = check_then_real('allow_policy.yml', dict(pattern='legacy entry', pattern_type='UNKNOWN', state='absent'))
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


# A preview that passes means the apply passes: what the API refuses, the module refuses first, in check mode too.
@pytest.mark.parametrize('wanted, message', [
    (dict(pattern='partner.example.com.', pattern_type='DOMAIN'), "it ends with a dot: write 'partner.example.com'"),
    (dict(pattern='mail_out.example.com', pattern_type='DOMAIN'), "the label 'mail_out' holds '_'"),
    (dict(pattern='1.1.1.1/24', pattern_type='IP'), "it has host bits set: write the network '1.1.1.0/24'"),
    (dict(pattern='a,b@example.com', pattern_type='EMAIL'), "the part before the @ holds ','"),
    (dict(pattern='x\\', pattern_type='EMAIL', is_regex=True), 'is not a valid regular expression (bad escape (end of pattern)'),
    (dict(pattern='192.168.10.0/24', pattern_type='IP'), 'it is or includes 192.168.0.0/16'),
    (dict(pattern='::ffff:10.0.0.1', pattern_type='IP'), '(the IPv6 form of 10.0.0.0/8), a private'),
    (dict(pattern='::ffff:c0a8:101', pattern_type='IP'), '(the IPv6 form of 192.168.0.0/16), a private'),
    (dict(pattern='192.0.2.1', pattern_type='DOMAIN'), "is an IP address, not a domain name: for an IP sender, use pattern_type IP"),
    (dict(pattern='[2001:db8::1]', pattern_type='DOMAIN'), "use pattern_type IP with the pattern '2001:db8::1'"),
])
def test_what_the_api_refuses_the_preview_refuses_before_any_request(emulator, check_then_real, wanted, message):
    run = check_then_real('allow_policy.yml', wanted)
    assert run.preview.returncode == 2, run.preview.output
    assert message in run.preview.output and message in run.output
    assert emulator.requests() == []
    # the emulator, which implements the API's rules, refuses the same pattern
    body = dict(pattern=wanted['pattern'], pattern_type=wanted['pattern_type'], is_regex=wanted.get('is_regex', False),
                verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)
    refused = emulator.post_policy(body)
    assert refused['status'] == 400


def test_the_real_run_refuses_as_the_preview_does(emulator, playbook):
    run = playbook('allow_policy.yml', dict(pattern='partner.example.com.', pattern_type='DOMAIN'))
    assert run.returncode == 2, run.output
    assert "it ends with a dot: write 'partner.example.com'" in run.output
    assert emulator.requests() == []


def test_a_range_with_host_bits_does_not_touch_the_network(emulator, playbook):
    network = seeded(emulator, pattern='1.1.1.0/24', pattern_type='IP')
    for state in ('present', 'absent'):
        run = playbook('allow_policy.yml', dict(pattern='1.1.1.77/24', pattern_type='IP', comments='x', state=state))
        assert emulator.writes() == []
        assert emulator.policies() == [network]
        assert run.returncode == (2 if state == 'present' else 0), run.output


def test_the_issues_patterns_pass_the_preview_and_the_apply_once_corrected(emulator, check_then_real):
    for wanted in (dict(pattern='partner.example.com', pattern_type='DOMAIN'), dict(pattern='1.1.1.0/24', pattern_type='IP'),
                   dict(pattern='x\\\\', pattern_type='EMAIL', is_regex=True), dict(pattern='\\p{Alpha}+@example\\.com', pattern_type='EMAIL',
                                                                                    is_regex=True, state='absent')):
        real = check_then_real('allow_policy.yml', wanted)
        preview = real.preview
        assert real.returncode == 0, real.output
        assert preview.result['changed'] is real.result['changed']


def test_unset_is_regex_matches_plain_policies_only(emulator, playbook, check_then_real):
    regex = seeded(emulator, pattern='soc@example.com', pattern_type='EMAIL', is_regex=True, comments='regex')
    run = check_then_real('allow_policy.yml', dict(pattern='soc@example.com', pattern_type='EMAIL', comments='plain'))
    assert run.returncode == 0, run.output
    assert [w['method'] for w in emulator.writes()] == ['POST']
    assert emulator.writes()[0]['body']['is_regex'] is False
    stored = dict((p['id'], p) for p in emulator.policies())
    assert stored[regex['id']] == regex  # the regex policy is untouched
    emulator.clear_requests()
    again = playbook('allow_policy.yml', dict(pattern='SOC@example.com', pattern_type='EMAIL', comments='plain'))
    assert again.returncode == 0 and recap(again)['changed'] == 0, again.output
    by_regex = playbook('allow_policy.yml', dict(pattern='soc@example.com', pattern_type='EMAIL', is_regex=True, comments='regex'))
    assert by_regex.returncode == 0 and recap(by_regex)['changed'] == 0, by_regex.output
    assert emulator.writes() == []


def test_a_change_of_case_alone_is_not_sent_and_says_so(emulator, check_then_real):
    policy = seeded(emulator)
    for wanted in (dict(policy_id=policy['id'], pattern='Partner.Example'), dict(pattern='PARTNER.example', pattern_type='DOMAIN')):
        run = check_then_real('allow_policy.yml', wanted)
        assert run.returncode == 0, run.output
        assert recap(run)['changed'] == 0
        assert "is the stored 'partner.example' spelled differently (DOMAIN patterns compare without regard to case), so it was not " \
               "sent" in ' '.join(run.output.split())
    assert emulator.writes() == []
    assert emulator.policies()[0]['pattern'] == 'partner.example'


def test_state_absent_warns_that_flags_are_ignored(emulator, check_then_real):
    seeded(emulator)
    run = check_then_real('allow_policy.yml', dict(pattern='partner.example', pattern_type='DOMAIN', state='absent', is_trusted_sender=True,
                                                   comments='gone'))
    assert run.returncode == 0, run.output
    assert 'state=absent deletes the policy: is_trusted_sender, comments are ignored' in ' '.join(run.output.split())
    assert [w['method'] for w in emulator.writes()] == ['DELETE']


@pytest.mark.parametrize('account_id, message', [
    ('My Account', "not a name or URL: 'M' (character 1) is not a hexadecimal digit"),
    ('0123456789abcdef0123456789abcde', 'it has 31 characters'),
])
def test_an_account_id_that_is_not_32_hex_characters_names_the_wrong_character(emulator, playbook, account_id, message):
    run = playbook('allow_policy.yml', PARTNER, env={'CLOUDFLARE_ACCOUNT_ID': account_id})
    assert run.returncode == 2
    assert message in run.output and '403' not in run.output
    assert emulator.requests() == []


def test_a_pasted_account_id_is_trimmed(emulator, check_then_real):
    run = check_then_real('allow_policy.yml', PARTNER, env={'CLOUDFLARE_ACCOUNT_ID': ' {0}\n'.format(emulator.account_id)})
    assert run.returncode == 0, run.output
    assert len(emulator.policies()) == 1


def test_nulls_in_a_list_leave_fields_unset_with_the_guides_loop(emulator, check_then_real):
    policy = seeded(emulator)
    items = [dict(pattern='partner.example', pattern_type='DOMAIN', comments=None, is_trusted_sender=None, verify_sender=True),
             dict(pattern='soc@example.com', pattern_type='EMAIL', comments=None, is_exempt_recipient=True, is_trusted_sender=None)]
    run = check_then_real('loop_with_nulls.yml', dict(allow_policies=items))
    assert run.returncode == 0, run.output
    assert recap(run)['changed'] == 1
    stored = dict((p['pattern'], p) for p in emulator.policies())
    assert stored['partner.example'] == policy  # comments: null did not clear the comment
    assert [w['method'] for w in emulator.writes()] == ['POST']
    assert stored['soc@example.com']['comments'] is None and stored['soc@example.com']['is_exempt_recipient'] is True


def test_a_read_timeout_says_how_many_tries_and_names_the_timeout_option(emulator, playbook):
    emulator.fault(method='GET', count=2, delay_seconds=2)
    run = playbook('allow_policy.yml', dict(PARTNER, timeout=0.5, max_retries=1))
    assert run.returncode == 2
    text = ' '.join(run.output.split())
    assert 'timed out after 2 tries: Cloudflare did not answer within 0.5 s each time. Raise the option timeout' in text
    assert run.result['may_have_applied'] is False


def test_a_wrong_api_url_says_it_must_end_in_client_v4(emulator, playbook):
    wrong = emulator.url.rsplit('/client/v4', 1)[0] + '/v4'
    run = playbook('allow_policy.yml', PARTNER, env={'CLOUDFLARE_BASE_URL': wrong})
    assert run.returncode == 2
    assert 'check api_url (CLOUDFLARE_BASE_URL), now {0}; it must end in /client/v4'.format(wrong) in ' '.join(run.output.split())


def test_an_update_answered_500_is_read_again_and_reported_as_not_applied(emulator, playbook):
    policy = seeded(emulator)
    emulator.fault(method='PATCH', count=1, status=500)
    run = playbook('allow_policy.yml', dict(PARTNER, comments='new'))
    assert run.returncode == 2
    assert run.result['may_have_applied'] is False and run.result['applied'] == [] and run.result['changed'] is False
    assert 'Cloudflare answered PATCH' in run.result['msg'] and 'refused' not in run.result['msg']
    assert 'Reading again shows that it did not take effect: nothing was written, and running the task again is safe.' in run.result['msg']
    assert [r['method'] for r in emulator.requests()] == ['GET', 'PATCH', 'GET']
    assert emulator.policies() == [policy]


def test_retry_warnings_and_the_failure_show_the_same_path(emulator, playbook):
    emulator.fault(method='GET', count=2, status=503)
    run = playbook('allow_policy.yml', dict(PARTNER, max_retries=1))
    assert run.returncode == 2
    path = run.result['api_path']
    assert path.startswith('/accounts/')
    # ansible-core 2.16 wraps warnings, also after a hyphen of the path
    assert 'Cloudflare API: GET {0} failed with HTTP 503; retry 1 of 1'.format(path) in ' '.join(run.output.split()).replace('- ', '-')
    assert 'GET {0} with HTTP 503'.format(path) in run.result['msg']


def test_check_mode_does_not_predict_the_modified_at_of_an_update(emulator, check_then_real):
    seeded(emulator)
    run = check_then_real('allow_policy.yml', dict(PARTNER, comments='new'))
    preview = run.preview
    assert preview.returncode == 0 and preview.result['changed'] is True
    assert 'modified_at' not in preview.result['policy'] and preview.result['policy']['created_at']
    assert run.result['policy']['modified_at']


# ansible-core writes a diff given as a mapping in JSON with \u escapes by default (the yaml format writes the text):
# the modules give it as text, so every format shows what the user wrote.
@pytest.mark.parametrize('result_format', [None, 'json', 'yaml'])
@pytest.mark.parametrize('name, extra_vars', [
    ('allow_policy.yml', dict(PARTNER, comments='\u00fcn\u00efcode \u2713')),
    ('allow_policies.yml', dict(policies=[dict(PARTNER, comments='\u00fcn\u00efcode \u2713')])),
])
def test_non_ascii_text_in_the_diff_is_shown_as_text(emulator, check_then_real, result_format, name, extra_vars):
    seeded(emulator)
    env = {'ANSIBLE_CALLBACK_RESULT_FORMAT': result_format} if result_format else {}
    run = check_then_real(name, extra_vars, env=env)
    for each in (run.preview, run):
        assert each.returncode == 0, each.output
        shown = [line for line in each.stdout.splitlines() if 'comments' in line]
        assert shown == ['-    "comments": "Partner mail",', '+    "comments": "\u00fcn\u00efcode \u2713",'], each.stdout
        assert '\\u' not in each.stdout
