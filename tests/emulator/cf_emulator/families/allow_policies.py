# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Allow policies: a pattern (EMAIL, DOMAIN or public IP / CIDR, or a regular expression) and four flags."""

from __future__ import annotations

from ..patterns import PATTERN_TYPES, typed_pattern_problem
from ..resource import BOOLEAN, COMMENTS, PATTERN, PATTERN_TYPE, Resource

FLAGS = ("is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient")
# deprecated request/response name -> current name
DEPRECATED_FLAGS = {"is_sender": "is_trusted_sender", "is_spoof": "is_acceptable_sender", "is_recipient": "is_exempt_recipient"}

RESOURCE = Resource(
    "allow_policies", "Allow policy", seed_key="policies",
    fields={"pattern": PATTERN, "pattern_type": PATTERN_TYPE, "is_regex": BOOLEAN, "verify_sender": BOOLEAN,
            "is_trusted_sender": BOOLEAN, "is_acceptable_sender": BOOLEAN, "is_exempt_recipient": BOOLEAN, "comments": COMMENTS},
    required=("pattern", "pattern_type", "is_regex", "verify_sender") + FLAGS, aliases=DEPRECATED_FLAGS,
    record_check=typed_pattern_problem, check_on=("pattern", "pattern_type", "is_regex"),
    choice_filters={"pattern_type": PATTERN_TYPES}, exact_filters=("pattern",), boolean_filters=FLAGS + ("verify_sender",),
    search_fields=("pattern", "comments"),
)
