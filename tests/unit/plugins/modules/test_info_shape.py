# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every ``_info`` module returns its list under the name of its set module's list option, so that its output is the set
module's input as it is (``policies: "{{ exported.policies }}"``): in the documentation and in what a run returns."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import API

MODULES = Path(__file__).resolve().parents[4] / 'plugins' / 'modules'
# Each _info module and the set module that takes its output.
SET_OF = dict(allow_policy_info='allow_policies', block_sender_info='block_senders', trusted_domain_info='trusted_domains',
              impersonation_registry_info='impersonation_registry', url_ignore_pattern_info='url_ignore_patterns',
              content_policy_info='content_policies', sending_domain_restriction_info='sending_domain_restrictions',
              domain_info='domains')


def _module(name):
    return importlib.import_module('ansible_collections.cloudflare_one.email_security.plugins.modules.' + name)


def documentation(name):
    """The options of module ``name`` as ansible-doc shows them: its family's doc fragment, built from the descriptor the module
    runs with (``plugin_utils/_docs.py``)."""
    from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Resource
    from ansible_collections.cloudflare_one.email_security.plugins.plugin_utils import _docs
    resource = next(value for value in vars(_module(name)).values() if isinstance(value, Resource))
    kind = _docs.KINDS[resource.modules.index(name)]
    return yaml.safe_load(_docs.fragment(resource, kind))


def list_option(set_module):
    """The set module's one option that is a list of mappings."""
    options = documentation(set_module)['options']
    found = [name for name, option in options.items() if option.get('type') == 'list' and option.get('elements') == 'dict']
    assert len(found) == 1, found
    return found[0]


def test_every_info_module_is_paired_with_its_set_module():
    assert sorted(path.stem for path in MODULES.glob('*_info.py')) == sorted(SET_OF)


@pytest.mark.parametrize('info_module, set_module', sorted(SET_OF.items()))
def test_the_info_list_is_named_as_the_set_modules_option(api, run_module, info_module, set_module):
    name = list_option(set_module)
    returned = yaml.safe_load(_module(info_module).RETURN)
    lists = [key for key, value in returned.items()
             if value.get('type') == 'list' and value.get('returned') != 'failure' and key != 'duplicates']
    assert lists == [name]
    assert returned[name]['returned'] == 'always' and returned[name]['elements'] == 'dict'
    stored = dict(id='d1', comments='kept')
    answer = dict(success=True, errors=[], messages=[], result=[stored], result_info=dict(page=1, per_page=1000, count=1, total_count=1))
    api.get(re.compile(re.escape(API) + '/accounts/.*'), json=answer)
    result = run_module(info_module, dict(include_ids=True))
    assert 'failed' not in result, result.get('msg')
    assert [item.get('id') for item in result[name]] == ['d1']
