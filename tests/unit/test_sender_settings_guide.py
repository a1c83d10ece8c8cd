# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sender settings guide shows the example playbooks as they are: each YAML block that names a file under
docs/examples/ is a run of that file's lines (the integration tests run those files against the emulator)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_sender_settings.rst'
BLOCK = re.compile(r'^\.\. code-block:: yaml\n\n((?:  .*\n|\n)+)', re.M)


def excerpts():
    found = []
    for body in BLOCK.findall(GUIDE.read_text()):
        lines = [line[2:] for line in body.rstrip('\n').split('\n')]
        if lines[0].startswith('# docs/examples/'):
            found.append((lines[0][2:], lines[1:]))
    return found


def shifted_run(lines, text_lines):
    """Whether ``lines`` are consecutive lines of ``text_lines``, all indented by the same number of spaces more."""
    for start in range(len(text_lines) - len(lines) + 1):
        shift = len(text_lines[start]) - len(lines[0])
        if shift < 0 or text_lines[start] != ' ' * shift + lines[0]:
            continue
        if all((line == '' and other.strip() == '') or other == ' ' * shift + line
               for line, other in zip(lines, text_lines[start:start + len(lines)])):
            return True
    return False


def test_the_guide_shows_each_example_file():
    names = sorted(set(name for name, _lines in excerpts()))
    assert names == ['docs/examples/apply_sender_settings.yml', 'docs/examples/export_sender_settings.yml',
                     'docs/examples/sender_lists.yml', 'docs/examples/sender_settings_single.yml']


@pytest.mark.parametrize('name, lines', excerpts(), ids=lambda value: value if isinstance(value, str) else '')
def test_each_excerpt_is_the_files_own_text(name, lines):
    text_lines = (ROOT / name).read_text().split('\n')
    assert shifted_run(lines, text_lines), '{0}: the guide shows lines that the file does not hold'.format(name)
    yaml.safe_load('\n'.join(lines))  # and each excerpt is YAML on its own


def test_the_guide_is_listed_and_linked():
    sections = yaml.safe_load((ROOT / 'docs' / 'docsite' / 'extra-docs.yml').read_text())['sections']
    assert 'guide_sender_settings' in [guide for section in sections for guide in section['toctree']]
    assert '(docs/docsite/rst/guide_sender_settings.rst)' in (ROOT / 'README.md').read_text()


def test_a_changed_line_is_caught():
    name, lines = excerpts()[0]
    text_lines = (ROOT / name).read_text().split('\n')
    assert not shifted_run(lines[:-1] + [lines[-1] + ' changed'], text_lines)
