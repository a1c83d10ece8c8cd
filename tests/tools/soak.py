# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make soak``: the load of the issue, measured: allow_policy_info reads 20,000 policies (20 pages of
1,000), then allow_policies purges 5,000 (5 batches of deletes), against the emulator.

The module process runs under tests/tools/rss_python.py, which records its peak resident set size
and wall time. Prints the figures; fails (exit 1) if a run fails, a count is wrong, or the module
process passes the budget of 256 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from emulator_process import ACCOUNT_ID, API_TOKEN, control, emulator_process  # pylint: disable=import-error

HERE = Path(__file__).resolve().parent
BUDGET_KIB = 256 * 1024


def policies(count, prefix):
    return [dict(pattern='{0}{1}@example.com'.format(prefix, n), pattern_type='EMAIL', is_regex=False, verify_sender=False,
                 is_trusted_sender=False, is_acceptable_sender=n % 2 == 0, is_exempt_recipient=False, comments='soak {0}'.format(n))
            for n in range(count)]


def measured(playbook, expected, url, workdir):
    rss_log = workdir / (playbook + '.rss')
    interpreter = workdir / 'python'
    interpreter.write_text('#!/bin/sh\nexec "{0}" "{1}" "$@"\n'.format(sys.executable, HERE / 'rss_python.py'))
    interpreter.chmod(0o755)
    run_env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_BASE_URL=url,
                   SOAK_RSS_LOG=str(rss_log), ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    control(url, 'requests', method='DELETE')
    started = time.monotonic()
    completed = subprocess.run([str(Path(sys.executable).parent / 'ansible-playbook'), str(HERE / 'playbooks' / playbook),
                                '-e', json.dumps(dict(soak_interpreter=str(interpreter), soak_expected=expected))],
                               env=run_env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if completed.returncode:
        raise RuntimeError('{0} failed:\n{1}{2}'.format(playbook, completed.stdout, completed.stderr))
    module = [json.loads(line) for line in rss_log.read_text().splitlines()]
    log = control(url, 'requests')['requests']
    return dict(playbook=playbook, seconds=seconds, module_seconds=sum(m['seconds'] for m in module),
                peak_rss_kib=max(m['peak_rss_kib'] for m in module),
                requests=len(log), writes=len([r for r in log if r['method'] != 'GET']))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--read', type=int, default=20000)
    parser.add_argument('--purge', type=int, default=5000)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp, emulator_process() as url:
        workdir = Path(tmp)
        control(url, 'seed', method='POST', body={'policies': policies(args.read, 'read')})
        results.append(measured('soak_info.yml', args.read, url, workdir))
        control(url, 'reset', method='POST', body={})
        control(url, 'seed', method='POST', body={'policies': policies(args.purge, 'purge')})
        results.append(measured('soak_purge.yml', args.purge, url, workdir))
        left = len(control(url, 'policies')['policies'])
    failed = left != 0
    for result, what in zip(results, ('allow_policy_info read of {0} policies'.format(args.read),
                                      'allow_policies purge of {0} policies'.format(args.purge))):
        over = result['peak_rss_kib'] > BUDGET_KIB
        failed = failed or over
        print('{0}: {1} requests ({2} writes); playbook {3:.1f} s, module process {4:.1f} s; module peak RSS {5:.1f} MiB{6}'.format(
            what, result['requests'], result['writes'], result['seconds'], result['module_seconds'], result['peak_rss_kib'] / 1024.0,
            ' OVER THE 256 MiB BUDGET' if over else ' (budget 256 MiB)'))
    print('policies left after the purge: {0}'.format(left))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
