# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Opt-in: the same lifecycle against a real Cloudflare account.

Runs only when CLOUDFLARE_LIVE_TEST=1, CLOUDFLARE_LIVE_API_TOKEN and CLOUDFLARE_LIVE_ACCOUNT_ID
are set (a token with "Cloud Email Security: Write"); otherwise it is reported as skipped. It
creates one allow policy with a pattern unique to the run, checks idempotence and check mode,
and deletes it again.
"""

from __future__ import annotations

import os
import uuid

import pytest

LIVE = os.environ.get('CLOUDFLARE_LIVE_TEST') == '1' and os.environ.get('CLOUDFLARE_LIVE_API_TOKEN') and os.environ.get('CLOUDFLARE_LIVE_ACCOUNT_ID')

REASON = 'live test against Cloudflare: set CLOUDFLARE_LIVE_TEST=1, CLOUDFLARE_LIVE_API_TOKEN and CLOUDFLARE_LIVE_ACCOUNT_ID to run it'
pytestmark = pytest.mark.skipif(not LIVE, reason=REASON)


def test_lifecycle_against_cloudflare(playbook):
    env = {'CLOUDFLARE_API_TOKEN': os.environ.get('CLOUDFLARE_LIVE_API_TOKEN', ''),
           'CLOUDFLARE_ACCOUNT_ID': os.environ.get('CLOUDFLARE_LIVE_ACCOUNT_ID', ''),
           'CLOUDFLARE_BASE_URL': os.environ.get('CLOUDFLARE_LIVE_BASE_URL', 'https://api.cloudflare.com/client/v4')}
    wanted = dict(pattern='ansible-live-{0}@example.com'.format(uuid.uuid4().hex[:12]), pattern_type='EMAIL',
                  is_acceptable_sender=True, comments='cloudflare_one.email_security live test; safe to delete')
    try:
        steps = [
            (wanted, ['--check'], True),
            (wanted, [], True),
            (wanted, [], False),
            (dict(wanted, comments='updated'), ['--check'], True),
            (dict(wanted, comments='updated'), [], True),
        ]
        for extra_vars, args, changed in steps:
            run = playbook('allow_policy.yml', extra_vars, args=args, env=env)
            assert run.returncode == 0, run.output
            assert run.result['changed'] is changed, (extra_vars, args, run.output)
    finally:
        removal = playbook('allow_policy.yml', dict(pattern=wanted['pattern'], pattern_type='EMAIL', state='absent'), env=env)
    assert removal.returncode == 0 and removal.result['changed'] is True, removal.output
    again = playbook('allow_policy.yml', dict(pattern=wanted['pattern'], pattern_type='EMAIL', state='absent'), env=env)
    assert again.returncode == 0 and again.result['changed'] is False, again.output
