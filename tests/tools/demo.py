# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make demo``: the example playbook of docs/examples against the bundled emulator.

Starts the emulator, applies docs/examples/policies.yml, applies it again (all ok), previews
docs/examples/policies-v2.yml with --check --diff, applies it, checks the same set as one
allow_policies task with purge (docs/examples/apply_allow_policies.yml: ok, one request), then
applies a block list and a trusted domain (docs/examples/sender_settings.yml) twice, previews and
runs the onboarding of a domain (docs/examples/onboard_domain.yml: the emulator keeps a new domain
pending for two reads of its verification record), prints a summary, stops the emulator.
Expects ANSIBLE_COLLECTIONS_PATH to hold this collection (the Makefile sets it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from emulator_process import ACCOUNT_ID, API_TOKEN, control, emulator_process  # pylint: disable=import-error

EXAMPLES = Path(__file__).resolve().parents[2] / 'docs' / 'examples'
PLAYBOOK = EXAMPLES / 'allow_policies.yml'
SENDER_SETTINGS = EXAMPLES / 'sender_settings.yml'
SET_PLAYBOOK = EXAMPLES / 'apply_allow_policies.yml'
ONBOARD = EXAMPLES / 'onboard_domain.yml'
STEPS = (
    ('create the policies', PLAYBOOK, ['-e', 'policies_file=policies.yml']),
    ('run the same playbook again', PLAYBOOK, ['-e', 'policies_file=policies.yml']),
    ('preview the reviewed set (--check --diff)', PLAYBOOK, ['-e', 'policies_file=policies-v2.yml', '--check', '--diff']),
    ('apply the reviewed set', PLAYBOOK, ['-e', 'policies_file=policies-v2.yml']),
    ('one allow_policies task (purge, drift)', SET_PLAYBOOK,
     ['-e', 'policies_file=policies-v2.yml', '-e', 'purge=true', '-e', 'fail_on_drift=true', '--check']),
    ('block list and a trusted domain', SENDER_SETTINGS, ['--diff']),
    ('run the block list playbook again', SENDER_SETTINGS, []),
    ('preview onboarding a domain (--check)', ONBOARD, ['-e', 'onboard_domain=example.com', '--check']),
    ('onboard it, wait until it is verified', ONBOARD, ['-e', 'onboard_domain=example.com', '-e', 'verify_delay=1']),
)


def main():
    rows = []
    with emulator_process() as url:
        run_env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_BASE_URL=url,
                       ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
        print('Emulator of the Cloudflare API listening at {0}\n'.format(url), flush=True)
        control(url, 'config', method='POST', body={'domain_verification_reads': 2})
        for title, playbook, args in STEPS:
            print('#' * 100 + '\n# {0}: ansible-playbook {1} {2}\n'.format(title, os.path.relpath(playbook), ' '.join(args)), flush=True)
            control(url, 'requests', method='DELETE')
            started = time.monotonic()
            completed = subprocess.run([str(Path(sys.executable).parent / 'ansible-playbook'), str(playbook)] + args,
                                       env=run_env, check=False, capture_output=True, text=True)
            seconds = time.monotonic() - started
            print(completed.stdout + completed.stderr, flush=True)
            if completed.returncode:
                print('The playbook failed (exit {0}).'.format(completed.returncode))
                return completed.returncode
            log = control(url, 'requests')['requests']
            # One line per item of a loop, or per task without a loop.
            changed = len(re.findall(r'^changed: \[localhost\]', completed.stdout, re.M))
            unchanged = len(re.findall(r'^ok: \[localhost\]', completed.stdout, re.M))
            writes = sum(1 for request in log if request['method'] != 'GET')
            rows.append((title, changed, unchanged, len(log) - writes, writes, seconds))
        policies = control(url, 'policies')['policies']
        blocked = control(url, 'block_senders')['block_senders']
        trusted = control(url, 'trusted_domains')['trusted_domains']
        domains = control(url, 'domains')['domains']
    print('Summary (requests counted by the emulator):')
    print('  {0:<43} {1:>7} {2:>4} {3:>6} {4:>7} {5:>8}'.format('step', 'changed', 'ok', 'reads', 'writes', 'seconds'))
    for row in rows:
        print('  {0:<43} {1:>7} {2:>4} {3:>6} {4:>7} {5:>8.1f}'.format(*row))
    print('  Policies in the account now: ' + ', '.join(sorted('{pattern_type} {pattern}'.format(**p) for p in policies)))
    print('  Block senders: ' + ', '.join(sorted('{pattern_type} {pattern}'.format(**b) for b in blocked)))
    print('  Trusted domains: ' + ', '.join(sorted(t['pattern'] for t in trusted)))
    print('  Domains: ' + ', '.join(sorted('{domain} ({status})'.format(**d) for d in domains)))
    print('\nThe same playbook runs against Cloudflare itself with CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID set '
          '(and CLOUDFLARE_BASE_URL unset).')
    return 0


if __name__ == '__main__':
    sys.exit(main())
