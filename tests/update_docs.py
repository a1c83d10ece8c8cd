# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write into each module's RETURN the result keys that every module of its kind shares, from its family's descriptor.

The options of a family are documented once, in the descriptor (``Field.doc``), and reach the modules through the
family's doc fragment (``plugins/plugin_utils/_docs.py`` builds it when Ansible loads it). RETURN cannot come from a
fragment before ansible-core 2.20, so the shared keys are written here, below the line :data:`MARKER` of each module's
RETURN; what stands above it is the module's own.

Usage: ``python tests/update_docs.py`` writes the modules; ``--lint`` writes nothing and fails, naming them, when a module
is not what the descriptors make (``make test`` runs it so).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FQCN = 'cloudflare_one.email_security'
MARKER = '# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.'


def _import(name):
    """A module of this checkout, imported as part of the collection (through a link under build/)."""
    root = REPO / 'build' / 'update-docs'
    link = root / 'ansible_collections' / 'cloudflare_one' / 'email_security'
    if not link.is_symlink():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(REPO, target_is_directory=True)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module('ansible_collections.{0}.plugins.{1}'.format(FQCN, name))


def expected():
    """``{path: text}`` of every module, its RETURN's shared keys made anew from its family's descriptor."""
    docs = _import('plugin_utils._docs')
    files = {}
    for path in sorted((REPO / 'plugins' / 'module_utils' / 'resources').glob('[a-z]*.py')):
        resource = getattr(_import('module_utils.resources.' + path.stem), path.stem.upper())
        for kind, name in zip(docs.KINDS, resource.modules):
            module = REPO / 'plugins' / 'modules' / '{0}.py'.format(name)
            text = module.read_text()
            start = text.index('RETURN = r"""\n') + len('RETURN = r"""\n')
            end = text.index('"""', start)
            own = text[start:end].split(MARKER)[0].rstrip('\n') + '\n'
            files[module] = text[:start] + own + MARKER + '\n' + docs.returns(resource, kind) + text[end:]
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--lint', action='store_true', help='write nothing; fail if a module is not what the descriptors make')
    args = parser.parse_args(argv)
    files = expected()
    stale = [path for path, text in files.items() if path.read_text() != text]
    if args.lint:
        if stale:
            print('Stale RETURN docs (run python tests/update_docs.py): ' + ', '.join(str(path.relative_to(REPO)) for path in stale))
            return 1
        print('update_docs: the RETURN docs of {0} modules are what the descriptors make'.format(len(files)))
        return 0
    for path in stale:
        path.write_text(files[path])
    print('update_docs: {0} of {1} modules rewritten'.format(len(stale), len(files)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
