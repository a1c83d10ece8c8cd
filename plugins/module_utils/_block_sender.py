# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The block sender, described for the engine: an allow policy's pattern, pattern_type, is_regex and comments without
its flags. Natural key, comparison, validation and the legacy UNKNOWN type are the allow policy's; the messages name a
block sender."""

from __future__ import annotations

import dataclasses

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._allow_policy import (
    ALLOW_POLICY,
    POLICY_OPTIONS,
    pattern_fields_problems,
    set_item,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._sets import object_options, read_wanted

BLOCK_SENDER = dataclasses.replace(
    ALLOW_POLICY,
    name='block sender',
    collection_path='email-security/settings/block_senders',
    fields=tuple(fld for fld in ALLOW_POLICY.fields if fld.name in ('pattern', 'pattern_type', 'is_regex', 'comments')),
    deprecated_response_fields=('last_modified',),
    ignored_when_absent=('comments',),
    short_name='',
)

BLOCK_SENDER_OPTIONS = object_options(BLOCK_SENDER, pattern_type=dict(POLICY_OPTIONS['pattern_type']))


def _problems(wanted, state):
    return pattern_fields_problems(wanted, state, BLOCK_SENDER)


def wanted_block_sender(params, state):
    return read_wanted(BLOCK_SENDER, params, state, _problems)


wanted_set_item = set_item(wanted_block_sender)
