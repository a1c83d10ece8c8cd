# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build the collection's HTML docsite with antsibull-docs and Sphinx (``make docs``).

antsibull-docs writes the module pages from the plugins' own DOCUMENTATION, EXAMPLES and
RETURN, and the guides from docs/docsite/ (extra-docs.yml, rst/); Sphinx renders them with
the Ansible theme, warnings as errors. It runs offline: the few labels of the Ansible
documentation that the generated pages link to come from a small inventory written here
(INVENTORY below) instead of one downloaded from docs.ansible.com; the links still point there.

Usage: python tests/tools/docsite.py --collections DIR --dest DIR
(DIR holds ansible_collections/cloudflare_one/email_security). The site ends up in DEST/build/html.
It also finds the browser that the docs-browser session of noxfile.py checks the pages in (find_browser).
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

FQCN = 'cloudflare_one.email_security'
ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
# Labels of the Ansible documentation that antsibull-docs' templates refer to: label -> (page, title).
INVENTORY = {
    'common_return_values': ('reference_appendices/common_return_values.html', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible Configuration Settings'),
}


# The browser the rendered-docs check (tests/docs) opens the pages in: the first of these on PATH,
# else the Chromium that Playwright downloads (`playwright install chromium`). DOCS_BROWSER names
# one (a path or a command) and then only that one is tried.
BROWSERS = ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable')
PLAYWRIGHT_CHROMES = ('chromium-*/chrome-linux*/chrome', 'chromium_headless_shell-*/chrome-linux*/headless_shell')
INSTALL_A_BROWSER = ('no browser for the rendered-docs check: install Chromium or Chrome (e.g. the chromium package, or '
                     '`pip install playwright && playwright install chromium`), or set DOCS_BROWSER to one')


def find_browser(environ=None):
    """The path of a headless-capable Chromium, or None (environ: os.environ unless given)."""
    environ = os.environ if environ is None else environ
    wanted = environ.get('DOCS_BROWSER')
    if wanted is not None:
        return shutil.which(wanted)
    for name in BROWSERS:
        found = shutil.which(name, path=environ.get('PATH', os.defpath))
        if found:
            return found
    cache = environ.get('PLAYWRIGHT_BROWSERS_PATH') or os.path.join(os.path.expanduser('~'), '.cache', 'ms-playwright')
    for pattern in PLAYWRIGHT_CHROMES:
        found = sorted(glob.glob(os.path.join(cache, pattern)))
        if found:
            return found[-1]
    return None


def write_inventory(path):
    """A Sphinx objects.inv (version 2) holding INVENTORY."""
    lines = ''.join('{0} std:label -1 {1} {2}\n'.format(label, page, title) for label, (page, title) in sorted(INVENTORY.items()))
    header = '# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n'
    path.write_bytes(header.encode() + zlib.compress(lines.encode()))


def build(collections, dest):
    tools = Path(sys.executable).parent
    run_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(Path(collections).resolve()),
                   PATH=os.pathsep.join([str(tools), os.environ.get('PATH', '')]))
    run_env.pop('PYTHONPATH', None)
    dest = Path(dest).resolve()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True, mode=0o700)
    subprocess.run([str(tools / 'antsibull-docs'), 'sphinx-init', '--use-current', '--dest-dir', str(dest),
                    '--project', FQCN, '--copyright', '{0} contributors'.format(FQCN),
                    '--title', 'cloudflare_one.email_security: Cloudflare Email Security collection', FQCN],
                   env=run_env, check=True)
    write_inventory(dest / 'ansible_devel.inv')
    with open(dest / 'conf.py', 'a', encoding='utf-8') as conf:
        conf.write('\n# Offline build (tests/tools/docsite.py): no inventory is downloaded.\n'
                   'intersphinx_mapping = {{"ansible_devel": ({0!r}, {1!r})}}\n'.format(ANSIBLE_DOCS, str(dest / 'ansible_devel.inv')))
    subprocess.run(['bash', str(dest / 'build.sh')], cwd=dest, env=run_env, check=True)
    page = dest / 'build' / 'html' / 'collections' / 'cloudflare_one' / 'email_security' / 'index.html'
    print('docsite: {0}'.format(page))
    return page


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--collections', required=True)
    parser.add_argument('--dest', required=True)
    args = parser.parse_args(argv)
    build(args.collections, args.dest)
    return 0


if __name__ == '__main__':
    sys.exit(main())
