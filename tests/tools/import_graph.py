# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The import graph of the collection's shared code (``plugins/module_utils``, ``plugins/plugin_utils``), read from the
sources: which of our files each file imports. ``python tests/tools/import_graph.py`` prints it as a Markdown table
(docs/architecture.md holds its output); tests/unit/test_layers.py checks it against the allowed layers.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PREFIX = 'ansible_collections.cloudflare_one.email_security.plugins.'
ROOTS = ('module_utils', 'plugin_utils')


def name_of(path):
    """``_plan`` for module_utils/_plan.py, ``resources/allow_policy``, ``plugin_utils/_docs``."""
    relative = path.relative_to(REPO / 'plugins').with_suffix('')
    parts = relative.parts[1:] if relative.parts[0] == 'module_utils' else relative.parts
    return '/'.join(parts)


def imports(path):
    """The files of ours that ``path`` imports, by :func:`name_of`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            if node.module.startswith(PREFIX) and not node.module[len(PREFIX):].count('.') > 1 and node.module.endswith(ROOTS):
                modules = ['{0}.{1}'.format(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        for module in modules:
            if module.startswith(PREFIX):
                target = REPO / 'plugins' / Path(*module[len(PREFIX):].split('.'))
                if target.with_suffix('.py').exists():
                    found.add(name_of(target.with_suffix('.py')))
    return found


def graph():
    """``{file: sorted imports}`` for every shared file (not the empty ``__init__.py``)."""
    files = sorted(path for root in ROOTS for path in (REPO / 'plugins' / root).rglob('*.py') if path.name != '__init__.py')
    return dict((name_of(path), sorted(imports(path))) for path in files)


def main():
    print('| file | imports (of ours) |')
    print('|---|---|')
    for name, targets in graph().items():
        print('| `{0}` | {1} |'.format(name, ', '.join('`{0}`'.format(target) for target in targets) or 'nothing'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
