# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""URL ignore patterns: a regular expression (always one) and comments.

The list takes page and per_page only (no order, no filter, no search); create and PATCH refuse unknown keys; the batch
endpoint is in the published schema (next.openapi.json) but in no SDK, and is emulated like the others.
"""

from __future__ import annotations

from ..patterns import pattern_problem
from ..resource import COMMENTS, PATTERN, Resource


def regex_problem(record):
    """The pattern is always a regular expression."""
    problem = pattern_problem({"pattern": record.get("pattern"), "is_regex": True})
    return ("pattern", problem) if problem else None


RESOURCE = Resource(
    "url_ignore_patterns", "URL ignore pattern",
    fields={"pattern": PATTERN, "comments": COMMENTS},
    required=("pattern",),
    record_check=regex_problem, check_on=("pattern",), orders=(),
)
