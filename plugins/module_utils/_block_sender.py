# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The block sender, described for the engine. Its pattern, pattern_type and is_regex mean what they mean for an
allow policy, so comparison, validation and the legacy UNKNOWN type are the allow policy's."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._allow_policy import (
    LEGACY_PATTERN_TYPE,
    PATTERN_TYPES,
    compare_form,
    describe,
    input_problems,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._engine import Field, Resource
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._sets import read_wanted

BLOCK_SENDER = Resource(
    name='block sender',
    collection_path='email-security/settings/block_senders',
    fields=(
        Field('pattern', 'str'),
        Field('pattern_type', 'str'),
        Field('is_regex', 'bool', create_default=False),
        Field('comments', 'str', blank_is_none=True),
    ),
    key_fields=('pattern', 'pattern_type'),
    key_qualifiers=('is_regex',),
    compare_form=compare_form,
    describe=describe,
    list_filter=('pattern_type',),
    order_by=('pattern_type', 'pattern', 'is_regex'),
    deprecated_response_fields=('last_modified',),
)

BLOCK_SENDER_OPTIONS = dict(
    id=dict(type='raw'),
    pattern=dict(type='str'),
    pattern_type=dict(type='str', choices=list(PATTERN_TYPES) + [LEGACY_PATTERN_TYPE]),
    is_regex=dict(type='bool'),
    comments=dict(type='str'),
)


def _problems(wanted, state):
    # As for an allow policy: without an id, an unset is_regex means a plain pattern, whose form is checked now.
    is_regex = wanted.get('is_regex', None if 'id' in wanted else False)
    return input_problems(wanted, state, is_regex=is_regex if state == 'present' else None, name=BLOCK_SENDER.name)


def wanted_block_sender(params, state):
    return read_wanted(BLOCK_SENDER, params, state, _problems)


def wanted_set_item(params, state):
    """A legacy entry (pattern_type UNKNOWN) of an export may stay in a set: it is read as one to remove is."""
    return wanted_block_sender(params, 'absent' if params.get('pattern_type') == LEGACY_PATTERN_TYPE else state)
