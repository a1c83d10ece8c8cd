# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The "Many accounts" section of the policy sets guide runs as printed: its command, read from the guide, against two
emulators (one per account of the example inventory), with the example files the guide shows."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from emulator_process import control, emulator_process as start_emulator  # pylint: disable=import-error

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_policy_sets.rst'
EXAMPLES = ROOT / 'docs' / 'examples'
TOKEN = 'integration-SECRET-token-4f9a2c'


def section(text, title):
    start = text.index('{0}\n{1}\n'.format(title, '-' * len(title)))
    following = re.search(r'\n[^\n]+\n-{3,}\n', text[start + 2 * len(title) + 2:])
    return text[start:start + 2 * len(title) + 2 + following.start()] if following else text[start:]


def blocks(text, language):
    """The code blocks of ``language`` in ``text``, without their indentation."""
    found = re.findall(r'\.\. code-block:: {0}\n\n((?:  .*\n|\n)+)'.format(language), text)
    return ['\n'.join(line[2:] for line in block.splitlines()) for block in found]


def policies(account):
    return [dict(pattern='partner-{0}.example'.format(account), pattern_type='DOMAIN', verify_sender=True),
            dict(pattern='soc@{0}.example'.format(account), pattern_type='EMAIL', is_exempt_recipient=True)]


def run(command, workdir):
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith('CLOUDFLARE_'))
    env.update(CLOUDFLARE_API_TOKEN=TOKEN, PATH=str(Path(sys.executable).parent) + os.pathsep + env.get('PATH', ''),
               ANSIBLE_COLLECTIONS_PATH=str(ROOT.parents[2]), ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0')
    completed = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert TOKEN not in completed.stdout + completed.stderr
    return completed


def recap(completed):
    return dict((host, (int(changed), int(failed))) for host, changed, failed in re.findall(
        r'^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)', completed.stdout, re.M))


def test_the_many_accounts_command_runs_as_printed(emulator, tmp_path):
    text = section(GUIDE.read_text(), 'Many accounts')
    commands = [line.strip()[2:] for block in blocks(text, 'console') for line in block.splitlines() if line.strip().startswith('$ ')]
    assert len(commands) == 1, commands
    command = shlex.split(commands[0])
    assert command[0] == 'ansible-playbook'
    # The inventory and the play the guide shows are the example files the command runs.
    inventory, play = (yaml.safe_load(block) for block in blocks(text, 'yaml'))
    assert inventory == yaml.safe_load((EXAMPLES / 'inventory_accounts.yml').read_text())
    assert play == yaml.safe_load((EXAMPLES / 'apply_allow_policies_accounts.yml').read_text())

    # A project laid out as the guide says: the example files, and host_vars/<host>.yml with each account's set.
    shutil.copytree(EXAMPLES, tmp_path / 'docs' / 'examples')
    accounts = dict((host, values['account_id']) for host, values in inventory['cloudflare_accounts']['hosts'].items())
    assert sorted(accounts) == ['mail-eu', 'mail-us'] and accounts['mail-eu'] == emulator.account_id
    host_vars = tmp_path / 'docs' / 'examples' / 'host_vars'
    host_vars.mkdir()
    with start_emulator('--account-id', accounts['mail-us'], '--api-token', TOKEN) as us_url:
        urls = {'mail-eu': emulator.url, 'mail-us': us_url}
        for host, url in urls.items():
            (host_vars / (host + '.yml')).write_text(json.dumps(dict(allow_policies=policies(host), cloudflare_api_url=url)))

        def stored(host):
            return sorted(p['pattern'] for p in control(urls[host], 'policies')['policies'])

        preview = run(command + ['--check'], tmp_path)
        assert preview.returncode == 0, preview.stdout + preview.stderr
        assert recap(preview) == {'mail-eu': (1, 0), 'mail-us': (1, 0)}
        assert stored('mail-eu') == stored('mail-us') == []

        printed = run(command, tmp_path)
        assert printed.returncode == 0, printed.stdout + printed.stderr
        assert recap(printed) == {'mail-eu': (1, 0), 'mail-us': (1, 0)}
        for host in urls:
            assert stored(host) == sorted(p['pattern'] for p in policies(host))

        control(us_url, 'requests', method='DELETE')
        emulator.clear_requests()
        again = run(command, tmp_path)
        assert again.returncode == 0 and recap(again) == {'mail-eu': (0, 0), 'mail-us': (0, 0)}, again.stdout
        for url in urls.values():
            assert [r['method'] for r in control(url, 'requests')['requests']] == ['GET']
