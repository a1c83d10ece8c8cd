# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The documentation built from the descriptors (``plugin_utils/_docs.py``) documents exactly the options the modules
take, and the RETURN keys they return."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from ansible_collections.cloudflare_one.email_security.plugins.module_utils import _runner
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._connection import CLOUDFLARE_COMMON_ARGS
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.block_sender import BLOCK_SENDER
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.content_policy import CONTENT_POLICY
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.domain import DOMAIN
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.impersonation_registry import IMPERSONATION_REGISTRY
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.sending_domain_restriction import SENDING_DOMAIN_RESTRICTION
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.trusted_domain import TRUSTED_DOMAIN
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.url_ignore_pattern import URL_IGNORE_PATTERN
from ansible_collections.cloudflare_one.email_security.plugins.plugin_utils import _docs

RESOURCES = (ALLOW_POLICY, BLOCK_SENDER, TRUSTED_DOMAIN, IMPERSONATION_REGISTRY, URL_IGNORE_PATTERN, CONTENT_POLICY, SENDING_DOMAIN_RESTRICTION,
             DOMAIN)
SPECS = dict(one=_runner.one_argument_spec, set=_runner.set_argument_spec, info=_runner.info_argument_spec)


def documented(options):
    """``{name: (type, choices, aliases, suboptions)}`` of documented options, as an argument spec says them."""
    return dict((name, (option.get('type', 'str'), option.get('choices'), sorted(option.get('aliases') or []),
                        documented(option['suboptions']) if 'suboptions' in option else None)) for name, option in options.items())


def specified(spec):
    return dict((name, (option.get('type', 'str'), option.get('choices'), sorted(option.get('aliases') or []),
                        specified(option['options']) if 'options' in option else None)) for name, option in spec.items())


@pytest.mark.parametrize('kind', _docs.KINDS)
@pytest.mark.parametrize('resource', RESOURCES, ids=lambda resource: resource.name)
def test_each_option_the_module_takes_is_documented_once_from_the_descriptor(resource, kind):
    doc = yaml.safe_load(_docs.fragment(resource, kind))
    spec = dict(CLOUDFLARE_COMMON_ARGS, **SPECS[kind](resource))
    assert documented(doc['options']) == specified(spec)
    for name, option in doc['options'].items():
        assert option['description'] and all(isinstance(line, str) and line.strip() for line in option['description']), name
    assert set(doc['attributes']) == {'check_mode', 'diff_mode', 'idempotent'}  # action_group: the attributes fragment
    assert doc['notes'] and all(module['module'].startswith('cloudflare_one.email_security.') for module in doc['seealso'])


def test_a_suboption_of_the_set_refers_to_its_siblings_in_the_list():
    items = yaml.safe_load(_docs.fragment(ALLOW_POLICY, 'set'))['options']['policies']
    assert 'Whether O(policies[].pattern) is a (Java) regular expression' in items['suboptions']['is_regex']['description'][0]
    assert 'The alias O(policies[].is_spoof) is deprecated, as in the API.' in items['suboptions']['is_acceptable_sender']['description']
    assert 'O(policies[].id), or by O(policies[].pattern) and O(policies[].pattern_type) (and O(policies[].is_regex) when set)' in (
        items['description'][0])


def test_the_info_filters_say_which_the_api_applies():
    options = yaml.safe_load(_docs.fragment(ALLOW_POLICY, 'info'))['options']
    assert options['pattern_type']['description'] == ['Only the policies with this C(pattern_type), compared as '
                                                      'M(cloudflare_one.email_security.allow_policy) compares it (filtered by the API).']
    assert options['verify_sender']['description'] == ['Only the policies with this value of C(verify_sender).']
    assert 'aliases' not in options['is_acceptable_sender'] and options['id']['aliases'] == ['policy_id']


@pytest.mark.parametrize('kind, keys', [
    ('one', ['applied', 'id', 'ids', 'holder', 'status', 'errors', 'cf_ray', 'api_path', 'method', 'may_have_applied']),
    ('set', ['msg', 'summary', 'created', 'updated', 'deleted', 'skipped_items', 'applied', 'failed_changes', 'not_applied', 'item_numbers', 'item', 'id',
             'ids', 'holder', 'status', 'errors', 'cf_ray', 'api_path', 'method', 'may_have_applied']),
    ('info', ['duplicates', 'status', 'errors', 'cf_ray', 'api_path', 'method', 'may_have_applied']),
])
@pytest.mark.parametrize('resource', RESOURCES, ids=lambda resource: resource.name)
def test_the_shared_return_keys_are_written_in_the_words_of_each_family(resource, kind, keys):
    returned = yaml.safe_load(_docs.returns(resource, kind))
    assert list(returned) == keys
    assert returned['api_path']['sample'].endswith('/email-security/settings/' + resource.collection_path.rsplit('/', 1)[-1])
    if kind == 'set':
        created = returned['created']['sample'][0]
        # Every field of the example, and every bool (a create reads an unset one as false), in field order; a null one is left out.
        shown = [fld.name for fld in resource.fields if fld.name in dict(resource.example) or fld.kind == 'bool']
        assert list(created)[2:] == shown and created['item'] == 1
        assert set(returned['deleted']['sample'][0]) == {'id', 'reason'} | set(resource.key_fields + resource.key_qualifiers)


def test_each_family_fragment_is_what_the_builder_makes_of_its_descriptor():
    from ansible_collections.cloudflare_one.email_security.plugins.doc_fragments.allow_policy import ModuleDocFragment
    assert (ModuleDocFragment.DOCUMENTATION, ModuleDocFragment.SET, ModuleDocFragment.INFO) == _docs.fragments(ALLOW_POLICY)


def test_a_family_whose_options_all_count_with_state_absent_has_no_note_about_ignored_ones():
    notes = _docs.one_notes(dataclasses.replace(TRUSTED_DOMAIN, ignored_when_absent=()))
    assert [note for note in notes if 'ignored' in note] == [] and len(notes) == 2
