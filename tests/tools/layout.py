# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection laid out as ``build/collections/ansible_collections/cloudflare_one/email_security``.

pytest, ansible-playbook and ansible-doc find the collection there (noxfile.py's own sessions run
in it). What git tracks, and new files it does not ignore, are copied; the copy is a git repository
of one commit, as a clone is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COLLECTIONS = REPO / 'build' / 'collections'
LAYOUT = COLLECTIONS / 'ansible_collections' / 'cloudflare_one' / 'email_security'


def lay_out():
    files = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=REPO,
                           check=True, capture_output=True).stdout.decode().split('\0')
    if LAYOUT.exists():
        shutil.rmtree(LAYOUT)
    LAYOUT.mkdir(parents=True)
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            target = LAYOUT / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git = ['git', '-c', 'user.name=layout', '-c', 'user.email=layout@localhost', '-c', 'init.defaultBranch=main']
    subprocess.run(git + ['init', '-q'], cwd=LAYOUT, check=True)
    subprocess.run(git + ['add', '-A'], cwd=LAYOUT, check=True)
    subprocess.run(git + ['commit', '-q', '-m', 'layout'], cwd=LAYOUT, check=True)
    return LAYOUT


if __name__ == '__main__':
    print(lay_out())
