# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures that make each module test read like a scenario: script the HTTP calls, run the
module, read its JSON result."""

from __future__ import annotations

import contextlib
import importlib
import json
import sys

import pytest
import responses

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as ansible_warnings

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    from unittest import mock

    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        with mock.patch.object(basic, '_ANSIBLE_ARGS', to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))):
            yield

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API, TOKEN


@pytest.fixture
def api():
    """A ``responses`` mock in which every scripted call must happen, and no other."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def run_module(capsys, monkeypatch):
    """Run a module of the collection with the given options; return its JSON result."""
    for name in ('CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_BASE_URL'):
        monkeypatch.delenv(name, raising=False)

    def run(module_name, args, check_mode=False, diff=False, connection=True):
        module = importlib.import_module('ansible_collections.cloudflare_one.email_security.plugins.modules.' + module_name)
        full = dict(args)
        if connection:
            full.setdefault('account_id', ACCOUNT)
            full.setdefault('api_token', TOKEN)
            full.setdefault('api_url', API)
        full['_ansible_check_mode'] = check_mode
        full['_ansible_diff'] = diff
        # ansible-core gathers warnings and deprecations for the whole process: each run starts with none.
        ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
        ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
        with patch_module_args(full):
            with pytest.raises(SystemExit):
                module.main()
        out = capsys.readouterr().out
        return json.loads(out)

    return run


def pytest_terminal_summary(terminalreporter):
    for name in ('test_fuzz_options', 'test_model'):
        random_test = sys.modules.get(name) or sys.modules.get(
            'ansible_collections.cloudflare_one.email_security.tests.unit.plugins.modules.' + name)
        if random_test is not None and random_test.TRIED['cases']:
            terminalreporter.write_line(random_test.report())


@pytest.fixture(autouse=True)
def no_waits(monkeypatch):
    """The waits of the modules (before reading again an ambiguous key) are recorded, not slept."""
    from ansible_collections.cloudflare_one.email_security.plugins.module_utils import _store
    waits = []
    monkeypatch.setattr(_store.time, 'sleep', waits.append)
    return waits
