# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ee session of noxfile.py: docs/ee/execution-environment.yml makes a build context with this
collection's tarball and requests (``ansible-builder create``; building the image needs a container
engine, which the ee-check session of antsibull-nox has in CI), and ansible-builder's introspection
of the installed tarball finds requests.

Usage: python tests/tools/ee_context.py LAYOUT WORK (LAYOUT: the laid-out collection; WORK: a scratch directory).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_collection import tracked_files  # noqa: E402 pylint: disable=import-error,wrong-import-position


def run(command, cwd):
    command = [str(part) for part in command]
    print('$ ' + ' '.join(command), flush=True)
    return subprocess.run(command, cwd=cwd, check=False).returncode


def main(layout, work):
    layout, work = Path(layout).resolve(), Path(work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    source = work / 'source'
    for name in tracked_files(layout):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(layout / name, target)
    version = yaml.safe_load((source / 'galaxy.yml').read_text())['version']
    tarball = source / 'cloudflare_one-email_security-{0}.tar.gz'.format(version)
    code = run(['ansible-galaxy', 'collection', 'build', '--output-path', source], source)
    if code or not tarball.is_file():
        print('no tarball {0}'.format(tarball.name))
        return code or 1
    context = work / 'context'
    code = run(['ansible-builder', 'create', '-f', 'docs/ee/execution-environment.yml', '--context', context,
                '--output-filename', 'Containerfile'], source)
    if code:
        return code
    problems = []
    build_dir = context / '_build'
    requirements = (build_dir / 'requirements.txt').read_text() if (build_dir / 'requirements.txt').is_file() else ''
    if not re.search(r'^requests\b', requirements, re.MULTILINE):
        problems.append('the context\'s requirements.txt does not hold requests: {0!r}'.format(requirements))
    if not list(build_dir.rglob(tarball.name)):
        problems.append('the context does not hold {0}'.format(tarball.name))
    galaxy_requirements = yaml.safe_load((build_dir / 'requirements.yml').read_text()) if (build_dir / 'requirements.yml').is_file() else {}
    entries = [entry for entry in (galaxy_requirements or {}).get('collections', []) if str(entry.get('name', '')).endswith(tarball.name)]
    if not entries or entries[0].get('type') != 'file':
        problems.append('requirements.yml does not install the tarball as a file: {0}'.format(galaxy_requirements))
    containerfile = (context / 'Containerfile').read_text()
    if 'ansible-galaxy collection install' not in containerfile and 'install-from-bindep' not in containerfile:
        problems.append('the Containerfile installs no collection')
    installed = work / 'installed'
    code = run(['ansible-galaxy', 'collection', 'install', '--offline', '-p', installed, tarball], work)
    introspected = subprocess.run(['ansible-builder', 'introspect', '--sanitize', str(installed)], capture_output=True, text=True, check=False)
    print(introspected.stdout[-1500:], introspected.stderr[-1500:])
    if code or introspected.returncode or not re.search(r'requests.*cloudflare_one\.email_security', introspected.stdout):
        problems.append('ansible-builder introspect does not find requests from cloudflare_one.email_security in the installed tarball')
    print('\n'.join(problems) or 'ansible-builder create: context with {0} and requests; introspection of the installed tarball finds requests'.format(
        tarball.name))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:3]))
