# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The guide "Bring an existing account under code review" shows the example files as they are: each YAML block that names
a file under docs/examples/ is a run of that file's lines (tests/integration/test_awx_jobs.py runs apply_account.yml
as AWX jobs; tests/integration/test_awx_credential_type.py lints awx_account_workflow.yml with awx.awx)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from test_sender_settings_guide import shifted_run  # pylint: disable=import-error

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_account_as_code.rst'
BLOCK = re.compile(r'^( *)\.\. code-block:: yaml(?:\+jinja)?\n\n((?:\1  .*\n|\n)+)', re.M)


def excerpts():
    found = []
    for indent, body in BLOCK.findall(GUIDE.read_text()):
        lines = [line[len(indent) + 2:] for line in body.rstrip('\n').split('\n')]
        if lines[0].startswith('# docs/examples/'):
            found.append((lines[0][2:], lines[1:]))
    return found


def test_each_excerpt_is_the_files_own_text():
    found = excerpts()
    assert [name for name, _lines in found] == ['docs/examples/apply_account.yml', 'docs/examples/awx_account_workflow.yml',
                                                'docs/examples/awx_account_workflow.yml']
    for name, lines in found:
        text_lines = (ROOT / name).read_text().split('\n')
        assert shifted_run(lines, text_lines), '{0}: the guide shows lines that the file does not hold'.format(name)
        yaml.safe_load('\n'.join(lines))
    name, lines = found[1]
    assert not shifted_run(lines[:-1] + [lines[-1] + ' changed'], (ROOT / name).read_text().split('\n'))


def test_the_guide_is_listed_after_domains_and_linked():
    sections = yaml.safe_load((ROOT / 'docs' / 'docsite' / 'extra-docs.yml').read_text())['sections']
    guides = [guide for section in sections for guide in section['toctree']]
    assert guides[guides.index('guide_domains') + 1] == 'guide_account_as_code'
    assert '(docs/docsite/rst/guide_account_as_code.rst)' in (ROOT / 'README.md').read_text()
    assert 'docs/examples/awx_account_workflow.yml' in GUIDE.read_text()
