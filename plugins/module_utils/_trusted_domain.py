# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The trusted domain, described for the engine. Its pattern is a domain, checked and compared as an allow policy's
pattern of type DOMAIN (unless is_regex); the flags say what is exempted, so they are attributes, not identity."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._allow_policy import input_problems, pattern_problem
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._engine import Field, Resource, caseless, form_flag
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._sets import object_options, read_wanted


# Domains compare without regard to case, regular expressions exactly.
compare_form, spelling = caseless('pattern', 'is_regex', 'domains')


# The API's pattern filter has no documented case rules (SIBLINGS_API_FACTS.md), so a lookup reads the whole
# collection (1000 a page) and matches on the client: no list_filter.
TRUSTED_DOMAIN = Resource(
    name='trusted domain',
    collection_path='email-security/settings/trusted_domains',
    fields=(
        Field('pattern', 'str'),
        Field('is_regex', 'bool', create_default=False),
        Field('is_recent', 'bool', create_default=False),  # a create sends all three booleans, as the API requires
        Field('is_similarity', 'bool', create_default=False),
        Field('comments', 'str', blank_is_none=True),
    ),
    key_fields=('pattern',),
    compare_form=compare_form,
    describe=lambda domain: domain.get('pattern') or '',
    order_by=('pattern',),
    deprecated_response_fields=('last_modified',),
    # is_regex is not among them: it says how the pattern compares, so it changes which domain a task designates.
    ignored_when_absent=('is_recent', 'is_similarity', 'comments'),
    spelling=spelling,
)

TRUSTED_DOMAIN_OPTIONS = object_options(TRUSTED_DOMAIN)


def _problems(wanted, state):
    # The pattern's form is that of an allow policy's of type DOMAIN.
    return input_problems(dict(wanted, pattern_type='DOMAIN'), state, is_regex=form_flag(wanted, state, 'is_regex'), resource=TRUSTED_DOMAIN)


def wanted_trusted_domain(params, state):
    return read_wanted(TRUSTED_DOMAIN, params, state, _problems)


def update_problems(resource, change):
    """An update that touches the pattern or is_regex: the resulting pattern must have the form is_regex says."""
    if change.action != 'update' or not set(change.body) & {'pattern', 'is_regex'}:
        return []
    problem = pattern_problem(change.after['pattern'], 'DOMAIN', change.after['is_regex'], resource)
    return [problem] if problem else []
