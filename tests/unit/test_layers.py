# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The layers of the shared code point one way (docs/architecture.md): each file imports only the layers below it, and
the descriptors, the rules and the planner import nothing that does I/O."""

from __future__ import annotations

import ast
import fnmatch
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / 'tools'
sys.path.insert(0, str(TOOLS))
import import_graph  # noqa: E402 pylint: disable=import-error,wrong-import-position

# What each file may import of ours; the first pattern that matches a file decides.
ALLOWED = (
    ('_patterns', ()),
    ('_resource', ()),
    ('resources/*', ('_patterns', '_resource', 'resources/*')),
    ('_plan', ('_resource',)),
    ('_report', ('_plan', '_resource')),
    ('_client', ()),
    ('_store', ('_client', '_plan', '_resource')),
    ('_connection', ('_client',)),
    ('_runner', ('_client', '_connection', '_plan', '_report', '_resource', '_store')),
    ('plugin_utils/_docs', ('doc_fragments/*',)),
)
# The standard library modules that the pure layers may use: none of them reads, writes or waits.
PURE = ('_patterns', '_resource', 'resources/*', '_plan', '_report')
PURE_STDLIB = {'__future__', 'dataclasses', 'ipaddress', 'json', 're', 'warnings'}
GRAPH = import_graph.graph()


def allowed(name):
    return next(targets for pattern, targets in ALLOWED if fnmatch.fnmatch(name, pattern))


@pytest.mark.parametrize('name', sorted(GRAPH))
def test_each_file_imports_only_the_layers_below_it(name):
    wrong = [target for target in GRAPH[name] if not any(fnmatch.fnmatch(target, pattern) for pattern in allowed(name))]
    assert not wrong, '{0} imports {1}'.format(name, wrong)


def test_no_file_imports_one_that_imports_it_back():
    def reaches(start, goal, seen=()):
        return any(target == goal or (target not in seen and reaches(target, goal, seen + (target,))) for target in GRAPH.get(start, ()))

    assert [name for name in GRAPH if reaches(name, name)] == []


@pytest.mark.parametrize('name', sorted(name for name in GRAPH if any(fnmatch.fnmatch(name, pattern) for pattern in PURE)))
def test_the_pure_layers_use_no_module_that_does_io(name):
    path = import_graph.REPO / 'plugins' / 'module_utils' / (name + '.py')
    used = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            used.update(alias.name.split('.')[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.module.startswith('ansible_collections.'):
            used.add(node.module.split('.')[0])
    assert used <= PURE_STDLIB, used - PURE_STDLIB


def test_the_graph_is_read_from_the_sources():
    assert GRAPH['_runner'] == ['_client', '_connection', '_plan', '_report', '_resource', '_store']
    assert GRAPH['resources/block_sender'] == ['resources/allow_policy']


def test_the_architecture_page_shows_the_graph_as_it_is():
    assert import_graph.shown() == import_graph.table(), 'docs/architecture.md: run python tests/tools/import_graph.py --write'
