# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench-account``: a whole account as code, timed on the emulator.

Seeds the emulator with COUNT objects in each of the eight families, then runs the collection's playbooks: the export,
the apply of that export to the same account (nothing to change), the apply to an emptied account (everything created)
and a check run of a change in three families. Prints, per step, the requests the emulator logged (reads, writes) and the
median wall time of RUNS runs (the unchanged apply; the others once each). Expects ANSIBLE_COLLECTIONS_PATH to hold this
collection (the Makefile sets it). Usage: bench_account.py [COUNT] [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from emulator_process import ACCOUNT_ID, API_TOKEN, control, emulator_process  # pylint: disable=import-error

FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)


def records(count):
    """COUNT valid objects of each family, by seed key."""
    numbers = range(count)
    return dict(
        policies=[dict(FLAGS, pattern='p{0}.example'.format(n), pattern_type='DOMAIN', comments=None) for n in numbers],
        block_senders=[dict(pattern='b{0}.example'.format(n), pattern_type='DOMAIN', is_regex=False, comments=None) for n in numbers],
        trusted_domains=[dict(pattern='t{0}.example'.format(n), is_regex=False, is_recent=True, is_similarity=False, comments=None)
                         for n in numbers],
        impersonation_registry=[dict(email='person{0}@example.com'.format(n), is_email_regex=False, name='Person {0}'.format(n), comments=None)
                                for n in numbers],
        url_ignore_patterns=[dict(pattern='^https://u{0}\\.example/'.format(n), comments=None) for n in numbers],
        content_policies=[dict(name='Policy {0}'.format(n), pattern='word{0}'.format(n), targets=['BODY'], enabled=True, notes=None)
                          for n in numbers],
        sending_domain_restrictions=[dict(domain='s{0}.example'.format(n), exclude=[], comments=None) for n in numbers],
        domains=[dict(domain='d{0}.example'.format(n), allowed_delivery_modes=['DIRECT'], drop_dispositions=[], ip_restrictions=[],
                      regions=['GLOBAL']) for n in numbers],
    )


def run(url, playbook, *args):
    """One ansible-playbook run of a collection playbook: (seconds, reads, writes, return code)."""
    control(url, 'requests', method='DELETE')
    env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_BASE_URL=url,
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    started = time.monotonic()
    completed = subprocess.run([str(Path(sys.executable).parent / 'ansible-playbook'), 'cloudflare_one.email_security.' + playbook] + list(args),
                               env=env, check=False, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if completed.returncode:
        print(completed.stdout[-3000:] + completed.stderr[-3000:])
    log = control(url, 'requests')['requests']
    writes = sum(1 for request in log if request['method'] != 'GET')
    return seconds, len(log) - writes, writes, completed.returncode


def main(argv):
    count = int(argv[0]) if argv else 50
    runs = int(argv[1]) if len(argv) > 1 else 5
    rows = []
    with tempfile.TemporaryDirectory() as work, emulator_process() as url:
        export = str(Path(work) / 'account.yml')
        changed = str(Path(work) / 'changed.yml')
        control(url, 'seed', method='POST', body=records(count))
        rows.append(('export ({0} objects a family)'.format(count),) + run(url, 'export', '-e', 'email_security_export_path=' + export))
        timings = [run(url, 'apply', '-e', '@' + export, '-e', 'email_security_purge=true') for _number in range(runs)]
        median = statistics.median(timing[0] for timing in timings)
        rows.append(('apply, nothing to change (median of {0})'.format(runs), median) + timings[0][1:])
        data = yaml.safe_load(Path(export).read_text())
        data['email_security_domains'][0]['regions'] = ['US']
        data['email_security_url_ignore_patterns'].pop()
        data['email_security_content_policies'].append(dict(name='New', pattern='new', targets=['BODY'], enabled=True))
        Path(changed).write_text(yaml.safe_dump(data))
        preview = run(url, 'apply', '-e', '@' + changed, '-e', 'email_security_purge=true', '--check')
        rows.append(('check run of a three-family change',) + preview)
        control(url, 'reset', method='POST', body={})
        rows.append(('apply to an emptied account',) + run(url, 'apply', '-e', '@' + export))
    print('{0:<44} {1:>8} {2:>6} {3:>7} {4:>3}'.format('step', 'seconds', 'reads', 'writes', 'rc'))
    for row in rows:
        print('{0:<44} {1:>8.2f} {2:>6} {3:>7} {4:>3}'.format(*row))
    return max(row[4] for row in rows)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
