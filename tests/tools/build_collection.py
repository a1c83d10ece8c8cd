# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build the collection tarball with its public links (repository, documentation, issues) set.

galaxy.yml has no ``repository`` key while the project has no public home, and Galaxy refuses
an upload without one. This builds from a copy of the tree whose galaxy.yml gets the links, so
galaxy.yml itself invents nothing:

* ``make release REPOSITORY_URL=https://...`` builds the tarball to publish (under build/release);
* the galaxy session of noxfile.py builds with ``https://example.invalid/...`` links and runs
  galaxy-importer on the result.

Usage: python tests/tools/build_collection.py --repository URL [--documentation URL]
[--issues URL] [--output-path DIR] [--source DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[2]
LINK_KEYS = ('repository', 'documentation', 'issues')
PLACEHOLDER_HOST = 'example.invalid'


def tracked_files(source):
    """What git tracks in source, plus new files it does not ignore (what a commit would hold)."""
    listing = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=source,
                             check=True, capture_output=True).stdout.decode().split('\0')
    return [name for name in listing if name and (Path(source) / name).is_file()]


def with_links(galaxy_yml, links):
    """galaxy.yml's text with the link keys replaced (or added) by the given URLs."""
    kept = [line for line in galaxy_yml.splitlines() if not re.match(r'^({0}):'.format('|'.join(LINK_KEYS)), line)]
    return '\n'.join(kept + ['{0}: {1}'.format(key, links[key]) for key in LINK_KEYS]) + '\n'


def check_url(name, url, allow_placeholder):
    parsed = urlparse(url or '')
    if parsed.scheme != 'https' or not parsed.hostname:
        raise SystemExit('{0} must be an https:// URL, got {1!r} (make release REPOSITORY_URL=https://...).'.format(name, url))
    if parsed.hostname == PLACEHOLDER_HOST and not allow_placeholder:
        raise SystemExit('{0} is the placeholder {1}: give the collection\'s real public URL.'.format(name, url))


def build(links, output_path, source=REPO, ansible_galaxy='ansible-galaxy', allow_placeholder=False):
    """Build the tarball from a copy of source with the given links; return its path."""
    for key in LINK_KEYS:
        check_url(key, links.get(key), allow_placeholder)
    output_path = Path(output_path)
    output_path.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / 'collection'
        for name in tracked_files(source):
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(source) / name, target)
        galaxy = copy / 'galaxy.yml'
        galaxy.write_text(with_links(galaxy.read_text(), links))
        subprocess.run([ansible_galaxy, 'collection', 'build', '--force', '--output-path', str(output_path.resolve())],
                       cwd=copy, check=True)
    tarballs = sorted(output_path.glob('*.tar.gz'), key=lambda path: path.stat().st_mtime)
    return tarballs[-1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--repository', required=True)
    parser.add_argument('--documentation', help='defaults to the repository URL')
    parser.add_argument('--issues', help='defaults to <repository>/issues')
    parser.add_argument('--output-path', default=str(REPO / 'build' / 'release'))
    parser.add_argument('--source', default=str(REPO))
    args = parser.parse_args(argv)
    repository = args.repository.rstrip('/')
    links = dict(repository=repository, documentation=args.documentation or repository, issues=args.issues or repository + '/issues')
    ansible_galaxy = str(Path(sys.executable).parent / 'ansible-galaxy')
    tarball = build(links, args.output_path, source=args.source, ansible_galaxy=ansible_galaxy)
    print('built {0} with repository {1}'.format(tarball, links['repository']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
