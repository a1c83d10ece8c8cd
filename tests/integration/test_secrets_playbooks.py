# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every playbook of the suite at -vvvv with --diff, with a token and with an API key and email, succeeding
and failing: neither secret shows in the output, the result or the emulator's log.

The ``playbook`` fixture checks the output and result of every run of the whole suite (see conftest),
and the ``emulator`` fixture the request log after every test; these runs add the highest verbosity,
both kinds of credentials, and a failure that comes from the API for each playbook.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PLAYBOOKS = HERE / 'playbooks'
PARTNER = dict(pattern='partner.example', pattern_type='DOMAIN', is_acceptable_sender=True, comments='Partner mail')
VARS = {
    'allow_policy.yml': PARTNER,
    'allow_policies.yml': dict(policies=[PARTNER, dict(pattern='soc@example.com', pattern_type='EMAIL', is_exempt_recipient=True)],
                               purge=True),
    'allow_policy_info.yml': {},
    'deprecated_alias.yml': {},
    'loop_with_nulls.yml': dict(allow_policies=[dict(PARTNER, comments=None), dict(pattern='soc@example.com', pattern_type='EMAIL')]),
    'block_senders.yml': dict(set_items=[dict(pattern='spam.example', pattern_type='DOMAIN')], purge=True),
    'trusted_domains.yml': dict(set_items=[dict(pattern='partner-mail.example', is_recent=True)], purge=True),
    'impersonation_registry.yml': dict(set_items=[dict(email='ceo@example.com', name='The CEO')], purge=True),
    'url_ignore_patterns.yml': dict(set_items=[dict(pattern='https://tracker\\.example/.*')], purge=True),
    'content_policies.yml': dict(set_items=[dict(name='Invoice fraud', pattern='wire', targets=['BODY'], enabled=True)], purge=True),
    'sending_domain_restrictions.yml': dict(set_items=[dict(domain='example.com', exclude=[])], purge=True),
    'domains.yml': dict(set_items=[dict(domain='example.com', allowed_delivery_modes=['DIRECT'], drop_dispositions=[], ip_restrictions=[],
                                        regions=['GLOBAL'])], purge=True, allow_offboard=True),
}
# The sibling playbooks hold one task per module, each run by its tag.
SIBLING_PLAYBOOKS = ('block_senders.yml', 'trusted_domains.yml', 'impersonation_registry.yml', 'url_ignore_patterns.yml', 'content_policies.yml',
                     'sending_domain_restrictions.yml', 'domains.yml')
TAGS = dict((name, name[:-len('.yml')]) for name in SIBLING_PLAYBOOKS)
# module_defaults.yml has tests of its own below; awx_credential_type.yml talks to AWX, not to Cloudflare (test_awx_credential_type.py).
NOT_HERE = ['awx_credential_type.yml', 'module_defaults.yml']
CREDENTIALS = ('env', 'key')


def test_every_playbook_of_the_suite_is_covered():
    assert sorted(list(VARS) + NOT_HERE) == sorted(path.name for path in PLAYBOOKS.glob('*.yml'))


def secrets_of(run, emulator, *extra):
    """The places a secret must not be: output, result, and the emulator's log."""
    return [run.output, str(run.result), str(emulator.requests())] + list(extra)


@pytest.mark.parametrize('credentials', CREDENTIALS)
@pytest.mark.parametrize('name', sorted(VARS))
@pytest.mark.parametrize('outcome', ['succeeding', 'failing'])
def test_no_secret_at_vvvv_with_diff(emulator, playbook, name, credentials, outcome):
    emulator.seed([dict(pattern='old.example', pattern_type='DOMAIN', is_regex=False, verify_sender=False, is_trusted_sender=False,
                        is_acceptable_sender=False, is_exempt_recipient=False, comments=None)])
    if outcome == 'failing':
        # The API refuses the credentials at the first request: the path where a client is most tempted to echo them.
        emulator.fault(status=401, count=50, message='Unable to authenticate request')
    tags = ['--tags', TAGS[name]] if name in TAGS else []
    run = playbook(name, VARS[name], args=['-vvvv', '--diff'] + tags, credentials=credentials)
    assert run.returncode == (0 if outcome == 'succeeding' else 2), run.output
    assert 'ESTABLISH LOCAL CONNECTION' in run.output  # the verbosity took effect
    for place in secrets_of(run, emulator):
        assert emulator.api_token not in place and emulator.api_key not in place


@pytest.mark.parametrize('api_key, outcome', [(None, 0), ('wrong-SECRET-key-000', 2)])
def test_no_secret_with_credentials_on_the_task_at_vvvv(emulator, playbook, api_key, outcome):
    api_key = api_key or emulator.api_key
    credentials = dict(account_id=emulator.account_id, api_email=emulator.api_email, api_key=api_key)
    run = playbook('module_defaults.yml', credentials, args=['-vvvv', '--diff'], credentials=None)
    assert run.returncode == outcome, run.output
    for place in secrets_of(run, emulator):
        assert api_key not in place and emulator.api_key not in place


def test_a_secret_in_the_output_would_be_found(emulator, playbook):
    """The check itself can fail: a playbook that prints the token is caught by the suite's check."""
    with pytest.raises(AssertionError, match='a credential appears in the output'):
        playbook(str(HERE / 'secret_leak' / 'echo_token.yml'))
