# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The block sender: an allow policy's pattern, pattern_type, is_regex and comments without its flags. Natural key,
comparison, rules and the legacy UNKNOWN type are the allow policy's; the messages name a block sender."""

from __future__ import annotations

import dataclasses

from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY

BLOCK_SENDER = dataclasses.replace(
    ALLOW_POLICY,
    name='block sender',
    collection_path='email-security/settings/block_senders',
    fields=tuple(fld for fld in ALLOW_POLICY.fields if fld.name in ('pattern', 'pattern_type', 'is_regex', 'comments')),
    result_key='block_sender',
    items_option='block_senders',
    info_filters=('pattern_type', 'pattern', 'is_regex'),
    id_aliases=(),
    modules=('block_sender', 'block_senders', 'block_sender_info'),
    example=(('pattern', 'spam.example'), ('pattern_type', 'DOMAIN'), ('is_regex', False), ('comments', 'Known spam source')),
    deprecated_response_fields=('last_modified',),
    ignored_when_absent=('comments',),
    short_name='',
)
