# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Trusted domains: a domain name (or a regular expression) and two flags.

The OpenAPI batch "puts" items are TrustedDomain + id with nothing required, while the SDK's Put requires pattern,
is_regex, is_recent and is_similarity: the emulator follows the SDK (puts = create rules).  An array body on create
(accepted by old versions of the API) is refused: one object per create.
"""

from __future__ import annotations

from ..patterns import pattern_problem
from ..resource import BOOLEAN, COMMENTS, PATTERN, Resource


def domain_problem(record):
    """A domain name unless is_regex; the same rule (and message) as an allow policy of type DOMAIN."""
    problem = pattern_problem({"pattern": record.get("pattern"), "is_regex": record.get("is_regex"), "pattern_type": "DOMAIN"})
    return ("pattern", problem) if problem else None


RESOURCE = Resource(
    "trusted_domains", "Trusted domain",
    fields={"pattern": PATTERN, "is_regex": BOOLEAN, "is_recent": BOOLEAN, "is_similarity": BOOLEAN, "comments": COMMENTS},
    required=("pattern", "is_regex", "is_recent", "is_similarity"),
    record_check=domain_problem, check_on=("pattern", "is_regex"),
    exact_filters=("pattern",), boolean_filters=("is_recent", "is_similarity"), search_fields=("pattern", "comments"),
)
