# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block senders: the allow-policy pattern rules (EMAIL / DOMAIN / public IP or CIDR, regular expression), no flags.

The batch endpoint is x-reconstructed-from the SDK in siblings.openapi.json; it is emulated like the others.
"""

from __future__ import annotations

from ..patterns import PATTERN_TYPES, typed_pattern_problem
from ..resource import BOOLEAN, COMMENTS, PATTERN, PATTERN_TYPE, Resource

RESOURCE = Resource(
    "block_senders", "Block sender",
    fields={"pattern": PATTERN, "pattern_type": PATTERN_TYPE, "is_regex": BOOLEAN, "comments": COMMENTS},
    required=("pattern", "pattern_type", "is_regex"),
    record_check=typed_pattern_problem, check_on=("pattern", "pattern_type", "is_regex"),
    choice_filters={"pattern_type": PATTERN_TYPES}, exact_filters=("pattern",), search_fields=("pattern", "comments"),
)
