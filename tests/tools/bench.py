# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench``: what one unchanged allow_policy task costs, against a bare HTTP request.

Runs, alternately, a playbook with one unchanged allow_policy task and the same playbook
doing one ansible.builtin.uri GET of the same list endpoint, both against the emulator
(with a per-request latency that models the network round trip), and prints request counts,
the median whole-process wall time of each, and their ratio. It prints figures; it asserts
nothing, since timings on a shared machine are not a test.

Options: ``--runs N`` (pairs, default 15), ``--latency-ms N`` (default 50), ``--policies N``
(policies of the same type already in the account, default 200).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from emulator_process import ACCOUNT_ID, API_TOKEN, control, emulator_process  # pylint: disable=import-error

PLAYBOOKS = Path(__file__).resolve().parent / 'playbooks'


def timed_run(playbook, run_env):
    started = time.monotonic()
    completed = subprocess.run([str(Path(sys.executable).parent / 'ansible-playbook'), str(PLAYBOOKS / playbook)],
                               env=run_env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if completed.returncode or 'changed=0' not in completed.stdout:
        raise RuntimeError('{0} did not run unchanged:\n{1}{2}'.format(playbook, completed.stdout, completed.stderr))
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=15)
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--policies', type=int, default=200)
    args = parser.parse_args()

    with emulator_process() as url:
        policies = [dict(pattern='sender{0}.example'.format(i), pattern_type='DOMAIN', is_regex=False, verify_sender=False,
                         is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False) for i in range(args.policies - 1)]
        policies.append(dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=False,
                             is_trusted_sender=False, is_acceptable_sender=True, is_exempt_recipient=False))
        control(url, 'seed', method='POST', body={'policies': policies})
        control(url, 'config', method='POST', body={'latency_ms': args.latency_ms})
        run_env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_BASE_URL=url,
                       ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')

        counts = {}
        for playbook in ('bench_module.yml', 'bench_uri.yml'):
            control(url, 'requests', method='DELETE')
            timed_run(playbook, run_env)  # warm-up, and the request count of one run
            counts[playbook] = [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in control(url, 'requests')['requests']]

        times = {'bench_module.yml': [], 'bench_uri.yml': []}
        for index in range(args.runs):
            order = ('bench_module.yml', 'bench_uri.yml') if index % 2 == 0 else ('bench_uri.yml', 'bench_module.yml')
            for playbook in order:
                times[playbook].append(timed_run(playbook, run_env))

    module = statistics.median(times['bench_module.yml'])
    bare = statistics.median(times['bench_uri.yml'])
    print('Benchmark: {0} alternating pairs, emulator latency {1} ms per request, {2} DOMAIN policies in the account'.format(
        args.runs, args.latency_ms, args.policies))
    print('  requests of one unchanged allow_policy run: {0}'.format(counts['bench_module.yml']))
    print('  requests of one bare uri run:               {0}'.format(counts['bench_uri.yml']))
    print('  allow_policy playbook: median {0:.3f} s (min {1:.3f}, max {2:.3f})'.format(
        module, min(times['bench_module.yml']), max(times['bench_module.yml'])))
    print('  bare uri playbook:     median {0:.3f} s (min {1:.3f}, max {2:.3f})'.format(
        bare, min(times['bench_uri.yml']), max(times['bench_uri.yml'])))
    print('  ratio of medians (module / bare request): {0:.3f} (target: at most 1.15)'.format(module / bare))
    return 0


if __name__ == '__main__':
    sys.exit(main())
