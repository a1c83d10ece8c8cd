# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The changelog session of noxfile.py: the fragments lint, and releasing the version of galaxy.yml
(in a clone of the laid-out tree, as a maintainer releases) makes a CHANGELOG.md that lints and lists
every module whose docs say ``version_added`` of that version as a new module.

Usage: python tests/tools/changelog_check.py LAYOUT (a laid-out collection that is a git repository).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

FQCN = 'cloudflare_one.email_security'


def run(command, cwd):
    print('$ ' + ' '.join(command), flush=True)
    return subprocess.run(command, cwd=cwd, check=False).returncode


def lint(cwd):
    return (run(['antsibull-changelog', 'lint'], cwd)
            or run(['antsibull-changelog', 'lint-changelog-yaml', '--strict', 'changelogs/changelog.yaml'], cwd))


def escaped(text):
    """CHANGELOG.md escapes Markdown's special characters: cloudflare\\_one\\.email\\_security."""
    return re.sub(r'([_.])', r'\\\1', text)


def main(layout):
    layout = Path(layout).resolve()
    code = lint(layout)
    if code:
        return code
    version = yaml.safe_load((layout / 'galaxy.yml').read_text())['version']
    release = layout.parents[3] / 'release-preview' / 'ansible_collections' / 'cloudflare_one' / 'email_security'
    shutil.rmtree(release.parents[1], ignore_errors=True)
    release.parent.mkdir(parents=True)
    subprocess.run(['git', 'clone', '-q', str(layout), str(release)], check=True)
    fragments = sorted((release / 'changelogs' / 'fragments').glob('*.y*ml'))
    code = run(['antsibull-changelog', 'release', '--version', version], release) or lint(release)
    if code:
        return code
    changelog = (release / 'CHANGELOG.md').read_text() if (release / 'CHANGELOG.md').is_file() else ''
    released = yaml.safe_load((release / 'changelogs' / 'changelog.yaml').read_text())['releases'].get(version, {})
    new_modules = sorted(module['name'] for module in released.get('modules', []))
    modules = sorted(path.stem for path in (layout / 'plugins' / 'modules').glob('*.py') if not path.name.startswith('_'))
    expected = [name for name in modules if 'version_added: {0}'.format(version) in (layout / 'plugins' / 'modules' / (name + '.py')).read_text()]
    problems = []
    if '## v' + escaped(version) not in changelog:
        problems.append('CHANGELOG.md has no section for v{0}'.format(version))
    if new_modules != expected:
        problems.append('new modules of {0}: {1}, but the modules that say version_added {0} are {2}'.format(version, new_modules, expected))
    problems += ['CHANGELOG.md does not name the new module {0}'.format(name) for name in expected
                 if escaped('{0}.{1}'.format(FQCN, name)) not in changelog]
    if not fragments or any(fragment.exists() for fragment in fragments):
        problems.append('the release did not take in the fragments')
    print('\n'.join(problems) or 'antsibull-changelog release {0}: CHANGELOG.md ({1} lines) from {2} fragments, new modules {3}'.format(
        version, len(changelog.splitlines()), len(fragments), ', '.join(new_modules)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
