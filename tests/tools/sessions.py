# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run nox sessions (``make test``: MAKE_TEST), then a summary with the time of each.

Usage: python tests/tools/sessions.py [--readme] [SESSION ...] (with the python that has nox). The sessions of BESIDE
(antsibull-nox's, which work on their own copy of the collection and use one core) run one after another beside the
others, which run one after another in the laid-out collection (build/collections): on two cores the two lanes take
about 150 s less than one. Their output is kept in build/nox-reports/NAME.log and printed once the other lane is done;
a line says when each ends. Every session runs even when one before it failed; the exit code is non-zero if any failed. A session that
skipped itself (docs-browser without a browser) is named in the summary. --readme writes the summary
into README.md's testing section (between the gate-times markers), dated, with the machine's load.
Without --readme, a README table that lists other sessions than this run's is reported as stale.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / 'README.md'
REPORTS = REPO / 'build' / 'nox-reports'
# `make test`: every gate. ansible-test-sanity of the older ansible-core versions and the matrix-*
# sessions run in CI's matrix and in `make test-matrix` (MAKE_TEST_MATRIX).
# The lane of the laid-out collection runs its one-core sessions first, while the other lane (BESIDE) runs, and the integration
# tests (which keep both cores busy and whose race tests wait on timing) once it is done.
MAKE_TEST = ['lint', 'ansible-lint', 'extra-checks', 'license-check', 'workflows', 'shellcheck', 'docs-check', 'build-import-check',
             'ansible-test-sanity-2.21', 'changelog', 'docs-generated', 'units', 'docs-browser', 'galaxy', 'ee', 'awx', 'integration',
             'oldest']
MAKE_TEST_MATRIX = ['matrix-2.16', 'matrix-2.19', 'matrix-2.20', 'ansible-test-sanity-2.16', 'ansible-test-sanity-2.17',
                    'ansible-test-sanity-2.18', 'ansible-test-sanity-2.19', 'ansible-test-sanity-2.20']
# Run beside the others (a second lane): they neither lay out nor read build/collections, and each uses one core.
BESIDE = ['lint', 'ansible-lint', 'extra-checks', 'license-check', 'workflows', 'shellcheck', 'docs-check', 'build-import-check',
          'ansible-test-sanity-2.21']
START, END = '<!-- gate-times:start -->', '<!-- gate-times:end -->'


def run_session(name, log=None):
    """Run nox session ``name`` (its output to ``log``, a path, else to ours); return ``(name, outcome, seconds)``."""
    report = REPORTS / (name + '.json')
    report.unlink(missing_ok=True)
    if log is None:
        print('\n=== nox -s {0} ==='.format(name), flush=True)
    begin = time.monotonic()
    command = [sys.executable, '-m', 'nox', '--reuse-existing-virtualenvs', '--report', str(report), '-s', name]
    if log is None:
        code = subprocess.run(command, cwd=REPO, check=False).returncode
    else:
        with open(log, 'wb') as output:
            code = subprocess.run(command, cwd=REPO, check=False, stdout=output, stderr=subprocess.STDOUT).returncode
    seconds = time.monotonic() - begin
    results = [entry['result'] for entry in json.loads(report.read_text())['sessions']] if report.is_file() else []
    outcome = 'failed' if code or not results or 'failed' in results else 'skipped' if 'skipped' in results else 'ok'
    return name, outcome, seconds


def run_beside(names, outcomes):
    """The second lane: each session's output to its log; a line when it ends."""
    for name in names:
        outcome = run_session(name, log=REPORTS / (name + '.log'))
        print('\n=== nox -s {0} (beside the others): {1} in {2:.0f} s; its output follows at the end ==='.format(*outcome), flush=True)
        outcomes.append(outcome)


def run_lanes(names):
    """Run ``names``: those of BESIDE in a lane of their own, the others in this one; the outcomes in the order of ``names``."""
    beside, outcomes = [name for name in names if name in BESIDE], []
    lane = threading.Thread(target=run_beside, args=(beside, outcomes))
    lane.start()
    outcomes.extend(run_session(name) for name in names if name not in BESIDE)
    lane.join()
    for name in beside:
        print('\n=== nox -s {0} (ran beside the others) ===\n{1}'.format(name, (REPORTS / (name + '.log')).read_text(errors='replace')), flush=True)
    return sorted(outcomes, key=lambda outcome: names.index(outcome[0]))


def table(outcomes, total):
    load = ', '.join('{0:.2f}'.format(value) for value in os.getloadavg())
    lines = ['Measured {0} on {1} cores (load average at the end: {2}); `make test` took {3:.0f} s in all, the sessions marked '
             'beside running in a second lane, one after another, while the others ran.'.format(
                 datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC'), os.cpu_count(), load, total), '',
             '| nox session | result | seconds |', '|---|---|---:|']
    lines += ['| `{0}`{1} | {2} | {3:.0f} |'.format(name, ' (beside)' if name in BESIDE else '', outcome, seconds)
              for name, outcome, seconds in outcomes]
    return '\n'.join(lines)


def write_readme(text):
    readme = README.read_text()
    README.write_text(re.sub(re.escape(START) + '.*?' + re.escape(END), lambda _match: START + '\n' + text + '\n' + END, readme, flags=re.S))


def stale(names):
    """What the README's table lacks or has more than names."""
    found = re.search(re.escape(START) + '(.*?)' + re.escape(END), README.read_text(), re.S)
    listed = re.findall(r'^\| `([\w.-]+)`(?: \(beside\))? \|', found.group(1), re.M) if found else []
    return sorted(set(names) ^ set(listed))


def main(argv):
    readme = '--readme' in argv
    names = [arg for arg in argv if arg != '--readme'] or MAKE_TEST
    REPORTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    outcomes = run_lanes(names)
    total = time.monotonic() - started
    print('\n=== summary ===')
    for name, outcome, seconds in outcomes:
        print('{0:<28} {1:<8} {2:7.1f} s'.format(name, outcome, seconds))
    print('{0:<28} {1:<8} {2:7.1f} s'.format('total', '', total))
    skipped = [name for name, outcome, _seconds in outcomes if outcome == 'skipped']
    if skipped:
        print('skipped: {0} (its reason is printed above, in the session\'s output)'.format(', '.join(skipped)))
    if readme:
        write_readme(table(outcomes, total))
        print('README.md: the table of session times is updated')
    elif names == MAKE_TEST and stale(names):
        print('README.md\'s table of session times is stale (differs in {0}): `make readme-times` rewrites it'.format(', '.join(stale(names))))
    return 1 if any(outcome == 'failed' for _name, outcome, _seconds in outcomes) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
