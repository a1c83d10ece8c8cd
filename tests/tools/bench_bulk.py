# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench-bulk``: a set of allow policies applied three ways, and across eight accounts.

Against the emulator (with a per-request latency that models the network round trip), for N
policies, three approaches:

* ``loop``: one ``allow_policy`` task looped over the items (tests/tools/playbooks/bench_bulk_loop.yml);
* ``bulk``: one ``allow_policies`` task (docs/examples/apply_allow_policies.yml, as shipped);
* ``uri``: hand-written ``ansible.builtin.uri`` tasks, list once, then one POST per missing
  policy and one PATCH per policy whose fields differ (tests/tools/playbooks/bench_bulk_uri.yml);

each in three cases: create the N policies in an empty account, re-run unchanged, change the
comment of 10 % of them. Every run is checked (exit status, and the account holds exactly the
wanted set afterwards); requests are counted from the emulator's log; the wall time is that of
the whole ansible-playbook process. The floor is a playbook with one bare ``uri`` GET of the
list (tests/tools/playbooks/bench_uri.yml), timed in rotation with the unchanged bulk run of
1,000 policies. The target of that comparison: the unchanged bulk run takes at most
:data:`TARGET_RATIO` times the wall time of the GET in a play that loads the same vars file
(tests/tools/playbooks/bench_bulk_floor_vars.yml), medians of the rotated runs. Then the scale-out: eight emulators (eight accounts) of 200 policies, one
inventory host each, docs/examples/apply_allow_policies_accounts.yml with ``--forks 1`` and
``--forks 8``.

It prints the table, writes docs/benchmarks.md and draws docs/benchmarks.png (matplotlib, from
tests/tools/bench-requirements.txt). It asserts nothing about times, since timings on a shared
machine are not a test; a run that does the wrong thing stops the benchmark.

Options: ``--runs N`` (repetitions of a sequence when it is short, default 3), ``--repeat-below S``
(a sequence is repeated only when its first run took less than S seconds, default 45),
``--pairs N`` (runs of the floors and of the bulk run they are compared with, in rotation, default 7), ``--latency-ms N`` (default 25),
``--no-write`` (print only), ``--from-results FILE`` (rewrite the report and chart from the raw
results that a run saved in build/), ``--quick`` (a smoke test of the benchmark itself),
``--target-only`` (only the target comparison of N = 1,000 unchanged: the floor with the vars file and
the unchanged bulk run, ``--pairs`` times each in rotation; prints the medians, the ratio and PASS or
FAIL, exits 1 on FAIL, and writes nothing; a few minutes), with ``--decompose`` (also the floor with the set
given to its task as an argument, tests/tools/playbooks/bench_bulk_floor_args.yml: the part of the gap that
ansible-core spends on a task argument of 1,000 items, apart from the module).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from emulator_process import ACCOUNT_ID, API_TOKEN, control, emulator_process  # pylint: disable=import-error

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS = {
    'loop': ROOT / 'tests' / 'tools' / 'playbooks' / 'bench_bulk_loop.yml',
    'bulk': ROOT / 'docs' / 'examples' / 'apply_allow_policies.yml',
    'uri': ROOT / 'tests' / 'tools' / 'playbooks' / 'bench_bulk_uri.yml',
}
FLOOR_PLAYBOOK = ROOT / 'tests' / 'tools' / 'playbooks' / 'bench_uri.yml'
FLOOR_VARS_PLAYBOOK = ROOT / 'tests' / 'tools' / 'playbooks' / 'bench_bulk_floor_vars.yml'
FLOOR_ARGS_PLAYBOOK = ROOT / 'tests' / 'tools' / 'playbooks' / 'bench_bulk_floor_args.yml'
ACCOUNTS_PLAYBOOK = ROOT / 'docs' / 'examples' / 'apply_allow_policies_accounts.yml'
DOC = ROOT / 'docs' / 'benchmarks.md'
CHART = ROOT / 'docs' / 'benchmarks.png'
RAW = ROOT / 'build' / 'bench-bulk-results.json'
KEPT_MARKER = '<!-- Everything below this line is written by hand and kept by make bench-bulk. -->'

APPROACHES = (
    ('loop', 'loop of allow_policy', (10, 100)),
    ('bulk', 'one allow_policies', (10, 100, 1000)),
    ('uri', 'hand-written uri', (10, 100)),
)
CASES = (('create', 'create'), ('unchanged', 're-run unchanged'), ('change', 'change 10 %'))
FIELDS = ('pattern', 'pattern_type', 'is_regex', 'verify_sender', 'is_trusted_sender', 'is_acceptable_sender',
          'is_exempt_recipient', 'comments')
ACCOUNTS = 8
ACCOUNT_POLICIES = 200


def policy_set(count, changed=False):
    """``count`` DOMAIN policies with varied flags; with ``changed``, every tenth has a new comment."""
    policies = []
    for index in range(count):
        comments = 'Partner {0}'.format(index)
        if changed and index % 10 == 0:
            comments += ' (reviewed)'
        policies.append(dict(pattern='sender{0:04d}.example'.format(index), pattern_type='DOMAIN', is_regex=False,
                             verify_sender=index % 3 == 0, is_trusted_sender=False, is_acceptable_sender=index % 2 == 0,
                             is_exempt_recipient=False, comments=comments))
    return policies


def write_vars(path, policies):
    path.write_text(yaml.safe_dump({'allow_policies': policies}, sort_keys=False))
    return path


def state_of(url):
    return sorted(tuple(policy.get(name) for name in FIELDS) for policy in control(url, 'policies')['policies'])


def expected_state(policies):
    return sorted(tuple(policy[name] for name in FIELDS) for policy in policies)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ansible_playbook(args, run_env):
    """Run ansible-playbook; return its wall time and the CPU time of its processes in seconds, or stop with its output."""
    command = [str(Path(sys.executable).parent / 'ansible-playbook')] + [str(arg) for arg in args]
    cpu = children_cpu()
    started = time.monotonic()
    completed = subprocess.run(command, env=run_env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    cpu = children_cpu() - cpu
    if completed.returncode:
        raise RuntimeError('ansible-playbook {0} failed (exit {1}):\n{2}{3}'.format(
            ' '.join(str(arg) for arg in args[:1]), completed.returncode, completed.stdout[-5000:], completed.stderr[-5000:]))
    return seconds, cpu


def request_counts(urls):
    counts = Counter()
    for url in urls:
        for entry in control(url, 'requests')['requests']:
            counts[entry['method']] += 1
    return counts


def clear_requests(urls):
    for url in urls:
        control(url, 'requests', method='DELETE')


class Results:
    """Wall times, CPU times and request counts, by (approach, case, N)."""

    def __init__(self):
        self.times = {}
        self.cpu = {}
        self.requests = {}

    def add(self, key, seconds, cpu, counts):
        self.times.setdefault(key, []).append(seconds)
        self.cpu.setdefault(key, []).append(cpu)
        previous = self.requests.setdefault(key, counts)
        if previous != counts:
            raise RuntimeError('{0}: the request count changed between runs: {1} then {2}'.format(key, dict(previous), dict(counts)))

    def median(self, key):
        return statistics.median(self.times[key]) if key in self.times else None

    def median_cpu(self, key):
        return statistics.median(self.cpu[key]) if key in self.cpu else None

    def dump(self):
        return [{'key': list(key), 'times': self.times[key], 'cpu': self.cpu[key], 'requests': dict(self.requests[key])}
                for key in self.times]

    @classmethod
    def load(cls, rows):
        results = cls()
        for row in rows:
            key = tuple(row['key'])
            results.times[key], results.cpu[key], results.requests[key] = row['times'], row['cpu'], Counter(row['requests'])
        return results


def timed_case(results, key, args, run_env, urls, expected):
    clear_requests(urls)
    seconds, cpu = ansible_playbook(args, run_env)
    counts = request_counts(urls)
    for url in urls:
        if state_of(url) != expected:
            raise RuntimeError('{0}: the account does not hold the wanted set after the run'.format(key))
    results.add(key, seconds, cpu, counts)
    print('  {0:<34} {1:>5} requests {2:>8.2f} s wall {3:>8.2f} s CPU'.format(
        ' '.join(str(part) for part in key), sum(counts.values()), seconds, cpu), flush=True)
    return seconds


def run_approaches(args, results, workdir, url, run_env):
    for approach, _title, sizes in APPROACHES:
        for count in sizes:
            first = write_vars(workdir / 'set-{0}.yml'.format(count), policy_set(count))
            second = write_vars(workdir / 'set-{0}-changed.yml'.format(count), policy_set(count, changed=True))
            for repetition in range(args.runs):
                control(url, 'reset', method='POST')
                started = time.monotonic()
                for case, vars_file in (('create', first), ('unchanged', first), ('change', second)):
                    expected = expected_state(policy_set(count, changed=vars_file == second))
                    timed_case(results, (approach, case, count), [PLAYBOOKS[approach], '-e', 'policies_file={0}'.format(vars_file)],
                               run_env, [url], expected)
                if repetition == 0 and time.monotonic() - started >= args.repeat_below:
                    break


def run_floor(args, results, workdir, url, run_env):
    """The bare uri GET against the account holding 1,000 policies (also with the vars file of the set loaded),
    in rotation with the unchanged bulk run."""
    control(url, 'reset', method='POST')
    policies = policy_set(1000)
    control(url, 'seed', method='POST', body={'policies': policies})
    vars_args = ['-e', 'policies_file={0}'.format(write_vars(workdir / 'set-1000.yml', policies))]
    expected = expected_state(policies)
    rotation = [(FLOOR_KEY, [FLOOR_PLAYBOOK]), (FLOOR_VARS_KEY, [FLOOR_VARS_PLAYBOOK] + vars_args),
                (PAIR_KEY, [PLAYBOOKS['bulk']] + vars_args)]
    for index in range(args.pairs):
        for key, command in rotation[index % 3:] + rotation[:index % 3]:
            timed_case(results, key, command, run_env, [url], expected)


def run_target(args, results, workdir, url, run_env):
    """Only the target comparison: the floor that loads the vars file and the unchanged bulk run of 1,000, in rotation."""
    control(url, 'reset', method='POST')
    policies = policy_set(1000)
    control(url, 'seed', method='POST', body={'policies': policies})
    vars_args = ['-e', 'policies_file={0}'.format(write_vars(workdir / 'set-1000.yml', policies))]
    expected = expected_state(policies)
    rotation = [(FLOOR_VARS_KEY, [FLOOR_VARS_PLAYBOOK] + vars_args), (PAIR_KEY, [PLAYBOOKS['bulk']] + vars_args)]
    if args.decompose:
        rotation.insert(1, (FLOOR_ARGS_KEY, [FLOOR_ARGS_PLAYBOOK] + vars_args))
    for index in range(args.pairs):
        for key, command in rotation[index % len(rotation):] + rotation[:index % len(rotation)]:
            timed_case(results, key, command, run_env, [url], expected)


def target_verdict(results):
    """``(ratio, met)`` of the N = 1,000 unchanged target, in wall time against the floor that loads the vars file."""
    ratio = results.median(PAIR_KEY) / results.median(FLOOR_VARS_KEY)
    return ratio, ratio <= TARGET_RATIO


# The unchanged allow_policies run of 1,000 against the bare GET in a play that loads the same vars file (wall time).
TARGET_RATIO = 1.15
FLOOR_KEY = ('floor', 'GET', 1000)
FLOOR_VARS_KEY = ('floor+vars', 'GET', 1000)
FLOOR_ARGS_KEY = ('floor+args', 'GET', 1000)
PAIR_KEY = ('bulk-pair', 'unchanged', 1000)


def account_id(index):
    return hashlib.sha256('benchmark account {0}'.format(index).encode()).hexdigest()[:32]


def run_scale_out(args, results, workdir, latency):
    policies = policy_set(ACCOUNT_POLICIES)
    inventory = workdir / 'accounts'
    (inventory / 'group_vars').mkdir(parents=True)
    write_vars(inventory / 'group_vars' / 'cloudflare_accounts.yml', policies)
    expected = expected_state(policies)
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(emulator_process('--account-id', account_id(index), '--latency-ms', str(latency)))
                for index in range(ACCOUNTS)]
        hosts = dict(('account{0}'.format(index + 1), {'account_id': account_id(index), 'cloudflare_api_url': url})
                     for index, url in enumerate(urls))
        (inventory / 'hosts.yml').write_text(yaml.safe_dump({'cloudflare_accounts': {'hosts': hosts, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': '{{ ansible_playbook_python }}'}}}, sort_keys=False))
        run_env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, ANSIBLE_LOCALHOST_WARNING='0')
        for forks in (1, 8):
            command = [ACCOUNTS_PLAYBOOK, '-i', inventory / 'hosts.yml', '--forks', str(forks)]
            for repetition in range(args.runs):
                for url in urls:
                    control(url, 'reset', method='POST')
                started = time.monotonic()
                timed_case(results, ('accounts', 'create', forks), command, run_env, urls, expected)
                timed_case(results, ('accounts', 'unchanged', forks), command, run_env, urls, expected)
                if repetition == 0 and time.monotonic() - started >= args.repeat_below:
                    break


def cell(results, key):
    if key not in results.times:
        return 'not run'
    counts = results.requests[key]
    runs = len(results.times[key])
    return '{0} req ({1}), {2:.1f} s (CPU {3:.1f} s){4}'.format(
        sum(counts.values()), ' '.join('{0} {1}'.format(counts[m], m) for m in ('GET', 'POST', 'PATCH', 'DELETE') if counts[m]),
        results.median(key), results.median_cpu(key), '' if runs == 1 else ' [{0}]'.format(runs))


def machine():
    from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel
    cpu = ''
    with contextlib.suppress(OSError):
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    load = ', '.join('{0:.1f}'.format(value) for value in os.getloadavg()) if hasattr(os, 'getloadavg') else 'unknown'
    return {
        'cpus': os.cpu_count(), 'cpu': cpu or platform.processor() or 'unknown', 'system': '{0} {1}'.format(platform.system(), platform.machine()),
        'python': platform.python_version(), 'ansible': ansible_version, 'load': load,
    }


def targets(results):
    lines = []
    loop, bulk = results.median(('loop', 'create', 100)), results.median(('bulk', 'create', 100))
    if loop and bulk:
        speedup = loop / bulk
        lines.append('* N = 100, create: `allow_policies` is {0:.1f} times faster than the loop of `allow_policy` '
                     '({1:.1f} s against {2:.1f} s). Target: at least 25 times. **{3}**. In CPU time: {4:.1f} times '
                     '({5:.1f} s against {6:.1f} s).'.format(
                         speedup, bulk, loop, 'Met' if speedup >= 25 else 'Not met',
                         results.median_cpu(('loop', 'create', 100)) / results.median_cpu(('bulk', 'create', 100)),
                         results.median_cpu(('bulk', 'create', 100)), results.median_cpu(('loop', 'create', 100))))
    floor, floor_vars, unchanged = results.median(FLOOR_KEY), results.median(FLOOR_VARS_KEY), results.median(PAIR_KEY)
    if floor_vars and unchanged:
        ratio, met = target_verdict(results)
        lines.append('* N = 1,000, unchanged: `allow_policies` takes {0:.2f} times the wall time of the bare `uri` GET in a play '
                     'that loads the same vars file of 1,000 policies ({1:.2f} s against {2:.2f} s, medians of {3} runs each, in '
                     'rotation). Target: at most {4} times. **{5}**. In CPU time (all processes of the run): {6:.2f} times '
                     '({7:.2f} s against {8:.2f} s).{9}'.format(
                         ratio, unchanged, floor_vars, len(results.times[FLOOR_VARS_KEY]), TARGET_RATIO, 'Met' if met else 'Not met',
                         results.median_cpu(PAIR_KEY) / results.median_cpu(FLOOR_VARS_KEY), results.median_cpu(PAIR_KEY),
                         results.median_cpu(FLOOR_VARS_KEY),
                         '' if not floor else ' Against the bare GET playbook (no vars file): {0:.2f} times the wall time, {1:.2f} '
                         'times the CPU time.'.format(unchanged / floor, results.median_cpu(PAIR_KEY) / results.median_cpu(FLOOR_KEY))))
    return lines


def report(args, results, info, started, elapsed):
    lines = [
        '# Benchmarks: a set of allow policies', '',
        'Written by `make bench-bulk` (tests/tools/bench_bulk.py) on {0}, in {1:.0f} minutes.'.format(started, elapsed / 60), '',
        'Machine: {cpus} CPUs ({cpu}), {system}, Python {python}, ansible-core {ansible}. The machine was **shared** with other '
        'developers running their tests (load average at the start: {load}), so the times are noisy; '
        'the request counts are exact.'.format(**info), '',
        'Emulator of the Cloudflare API (tests/emulator) with {0} ms of latency per request; requests counted from its log; '
        'wall time of the whole `ansible-playbook` process, and CPU time of all its processes (less disturbed by the other '
        'developers\' load). Each cell: requests (by method), median wall time, median CPU time, and in '
        'brackets the number of runs when more than one (a create / re-run / change sequence is repeated up to {1} times '
        'when its first run took less than {2} s). N DOMAIN policies with varied flags and a comment; "change 10 %" gives '
        'every tenth a new comment.'.format(args.latency_ms, args.runs, args.repeat_below), '',
        '* loop of `allow_policy`: tests/tools/playbooks/bench_bulk_loop.yml, one task looped over the items;',
        '* one `allow_policies`: docs/examples/apply_allow_policies.yml, as shipped (its POST is the one batch request);',
        '* hand-written `uri`: tests/tools/playbooks/bench_bulk_uri.yml, list once (one page of up to 1,000), POST each '
        'missing policy (status 201), PATCH only the changed fields of each policy that differs, `no_log` on every task '
        'that carries the token;',
        '* floor: tests/tools/playbooks/bench_uri.yml, one bare `uri` GET of the list, in an account holding 1,000 policies, '
        'timed {0} times in rotation with the unchanged `allow_policies` run of 1,000 and with the same GET in a play that also '
        'loads the vars file of the 1,000 policies (tests/tools/playbooks/bench_bulk_floor_vars.yml).'.format(args.pairs), '',
        '| case | N | loop of `allow_policy` | one `allow_policies` | hand-written `uri` |', '|---|---|---|---|---|',
    ]
    for case, title in CASES:
        for count in (10, 100, 1000):
            lines.append('| {0} | {1:,} | {2} | {3} | {4} |'.format(
                title, count, *(cell(results, (approach, case, count)) for approach, _title, _sizes in APPROACHES)))
    lines += [
        '| bare `uri` GET (floor) | 1,000 in the account | | {0} | |'.format(cell(results, FLOOR_KEY)),
        '| bare `uri` GET, vars file of the set loaded | 1,000 in the account | | {0} | |'.format(cell(results, FLOOR_VARS_KEY)),
        '| re-run unchanged, in rotation with the floors | 1,000 | | {0} | |'.format(cell(results, PAIR_KEY)),
        '', '![Wall time and requests by N](benchmarks.png)', '', '## Targets', '',
    ] + targets(results) + [
        '', '## Many accounts', '',
        '{0} accounts (one emulator process each, {1} ms latency) of {2} policies, one inventory host per account (its own '
        '`account_id` and `cloudflare_api_url`), docs/examples/apply_allow_policies_accounts.yml:'.format(
            ACCOUNTS, args.latency_ms, ACCOUNT_POLICIES), '',
        '| case | `--forks 1` | `--forks 8` |', '|---|---|---|',
        '| create from empty | {0} | {1} |'.format(cell(results, ('accounts', 'create', 1)), cell(results, ('accounts', 'create', 8))),
        '| re-run unchanged | {0} | {1} |'.format(cell(results, ('accounts', 'unchanged', 1)), cell(results, ('accounts', 'unchanged', 8))),
        '',
    ]
    return '\n'.join(lines)


def chart(results, path, latency):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    from matplotlib.ticker import FuncFormatter, NullFormatter  # pylint: disable=import-outside-toplevel

    colours = {'loop': 'tab:red', 'bulk': 'tab:blue', 'uri': 'tab:green'}
    styles = {'create': ('-', 'o'), 'unchanged': ('--', 's'), 'change': (':', '^')}
    # The request panel shifts each approach a little sideways, so that equal counts (one GET) stay visible.
    shift = {'loop': 0.93, 'bulk': 1.0, 'uri': 1.07}
    figure, (time_axes, cpu_axes, request_axes) = plt.subplots(1, 3, figsize=(17, 6.5))
    for approach, title, sizes in APPROACHES:
        for case, case_title in CASES:
            sizes_run = [count for count in sizes if (approach, case, count) in results.times]
            if not sizes_run:
                continue
            style, marker = styles[case]
            label = '{0}, {1}'.format(title, case_title)
            time_axes.plot(sizes_run, [results.median((approach, case, count)) for count in sizes_run], linestyle=style,
                           marker=marker, color=colours[approach], label=label)
            cpu_axes.plot(sizes_run, [results.median_cpu((approach, case, count)) for count in sizes_run], linestyle=style,
                          marker=marker, color=colours[approach], label=label)
            request_axes.plot([count * shift[approach] for count in sizes_run],
                              [sum(results.requests[(approach, case, count)].values()) for count in sizes_run],
                              linestyle=style, marker=marker, color=colours[approach], label=label)
    for axes, median in ((time_axes, results.median), (cpu_axes, results.median_cpu)):
        if FLOOR_KEY in results.times:
            axes.axhline(median(FLOOR_KEY), color='grey', linewidth=1, label='bare uri GET, 1,000 in the account (floor)')
        if FLOOR_VARS_KEY in results.times:
            axes.axhline(median(FLOOR_VARS_KEY), color='grey', linewidth=1, linestyle='--', label='bare uri GET, vars file of 1,000 loaded')
    for axes, ylabel in ((time_axes, 'wall time of ansible-playbook (s, log scale)'),
                         (cpu_axes, 'CPU time of all its processes (s, log scale)'), (request_axes, 'requests (log scale)')):
        axes.set_xscale('log')
        axes.set_yscale('log')
        axes.set_xticks([10, 100, 1000])
        axes.set_xticklabels(['10', '100', '1,000'])
        axes.set_xlabel('N policies')
        axes.set_ylabel(ylabel)
        axes.xaxis.set_minor_formatter(NullFormatter())
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: '{0:g}'.format(value)))
        axes.yaxis.set_minor_formatter(FuncFormatter(lambda value, _pos: '{0:g}'.format(value) if str(value)[0] in '235' else ''))
        axes.grid(True, which='both', alpha=0.3)
    time_axes.set_title('Median wall time (emulator, {0} ms per request)'.format(latency))
    cpu_axes.set_title('Median CPU time (shared machine: less noisy)')
    request_axes.set_title('Requests sent (from the emulator\'s log)')
    handles, labels = time_axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc='lower center', ncol=4, fontsize=10, frameon=False)
    figure.tight_layout(rect=(0, 0.13, 1, 1))
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(args, results, info, started_at, elapsed):
    text = report(args, results, info, started_at, elapsed)
    print('\n' + text)
    if not args.no_write:
        kept = ''
        if DOC.exists() and KEPT_MARKER in DOC.read_text():
            kept = DOC.read_text().split(KEPT_MARKER, 1)[1]
        DOC.write_text(text + '\n' + KEPT_MARKER + (kept or '\n'))
        chart(results, CHART, args.latency_ms)
        print('Wrote {0} and {1}'.format(DOC.relative_to(ROOT), CHART.relative_to(ROOT)))


def target_only(args):
    results = Results()
    with tempfile.TemporaryDirectory(prefix='bench-bulk-') as tmp, emulator_process('--latency-ms', str(args.latency_ms)) as url:
        run_env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_BASE_URL=url,
                       ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
        print('Target, N = 1,000 unchanged ({0} ms per request, {1} runs each in rotation; load average {2}):'.format(
            args.latency_ms, args.pairs, machine()['load']), flush=True)
        run_target(args, results, Path(tmp), url, run_env)
    ratio, met = target_verdict(results)
    for title, key in (('floor with the vars file', FLOOR_VARS_KEY), ('the same, set as argument', FLOOR_ARGS_KEY),
                       ('allow_policies, unchanged', PAIR_KEY)):
        if key not in results.times:
            continue
        print('{0:<28} median {1:6.2f} s wall {2:6.2f} s CPU (wall: {3})'.format(
            title, results.median(key), results.median_cpu(key), ', '.join('{0:.2f}'.format(t) for t in results.times[key])))
    print('ratio {0:.3f} (CPU {1:.3f}), target at most {2}: {3}'.format(
        ratio, results.median_cpu(PAIR_KEY) / results.median_cpu(FLOOR_VARS_KEY), TARGET_RATIO, 'PASS' if met else 'FAIL'))
    load = os.getloadavg()[0] if hasattr(os, 'getloadavg') else 0
    if load > (os.cpu_count() or 1):
        print('The load average ({0:.1f}) is above the number of CPUs ({1}): the wall times measure the other load more than '
              'the runs; compare the CPU times, or run again on a quieter machine.'.format(load, os.cpu_count()))
    return 0 if met else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--repeat-below', type=float, default=45.0)
    parser.add_argument('--pairs', type=int, default=7, help='runs of each floor and of the bulk run they are compared with')
    parser.add_argument('--latency-ms', type=int, default=25)
    parser.add_argument('--no-write', action='store_true')
    parser.add_argument('--quick', action='store_true', help='N = 10 only, one run, 20 policies per account, writes nothing')
    parser.add_argument('--target-only', action='store_true', help='only the N = 1,000 unchanged target: floor with the vars file '
                        'and the bulk run, --pairs times each in rotation; prints PASS or FAIL, writes nothing')
    parser.add_argument('--decompose', action='store_true', help='with --target-only: also time the floor with the set given to its '
                        'task as an argument (tests/tools/playbooks/bench_bulk_floor_args.yml), what ansible-core alone costs')
    parser.add_argument('--from-results', type=Path, help='measure nothing: write the report and chart from a saved ' + RAW.name)
    args = parser.parse_args()
    if args.from_results:
        saved = json.loads(args.from_results.read_text())
        for name, value in saved['args'].items():
            setattr(args, name, value)
        write(args, Results.load(saved['results']), saved['machine'], saved['started'], saved['elapsed'])
        return 0
    if args.quick:
        global APPROACHES, ACCOUNT_POLICIES  # pylint: disable=global-statement
        APPROACHES = tuple((approach, title, (10,)) for approach, title, _sizes in APPROACHES)
        ACCOUNT_POLICIES = 20
        args.runs, args.pairs, args.no_write = 1, 1, True

    if args.target_only:
        return target_only(args)
    info = machine()
    started_at = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    started = time.monotonic()
    results = Results()
    with tempfile.TemporaryDirectory(prefix='bench-bulk-') as tmp:
        workdir = Path(tmp)
        with emulator_process('--latency-ms', str(args.latency_ms)) as url:
            run_env = dict(os.environ, CLOUDFLARE_API_TOKEN=API_TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT_ID, CLOUDFLARE_BASE_URL=url,
                           ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
            print('One account, {0} ms per request:'.format(args.latency_ms), flush=True)
            run_approaches(args, results, workdir, url, run_env)
            print('Floor (bare uri GET) and unchanged allow_policies, 1,000 policies:', flush=True)
            run_floor(args, results, workdir, url, run_env)
        print('{0} accounts of {1} policies:'.format(ACCOUNTS, ACCOUNT_POLICIES), flush=True)
        run_scale_out(args, results, workdir, args.latency_ms)
    elapsed = time.monotonic() - started
    if not args.no_write:
        RAW.parent.mkdir(exist_ok=True)
        RAW.write_text(json.dumps({'args': {name: getattr(args, name) for name in ('runs', 'repeat_below', 'pairs', 'latency_ms')},
                                   'machine': info, 'started': started_at, 'elapsed': elapsed, 'results': results.dump()}, indent=1))
    write(args, results, info, started_at, elapsed)
    return 0


if __name__ == '__main__':
    sys.exit(main())
