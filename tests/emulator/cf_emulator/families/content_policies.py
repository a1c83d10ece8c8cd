# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Content policies: a named regular expression matched against the subject or the body of a message.

The surface is the SDKs' (next.openapi.json marks it x-reconstructed-from them): no published schema, no length limits
known, no last_modified in answers.
"""

from __future__ import annotations

from ..patterns import pattern_problem
from ..resource import BOOLEAN, Field, Resource

TARGETS = ("SUBJECT", "BODY")


def regex_problem(record):
    """The pattern is a regular expression."""
    problem = pattern_problem({"pattern": record.get("pattern"), "is_regex": True})
    return ("pattern", problem) if problem else None


RESOURCE = Resource(
    "content_policies", "Content policy",
    fields={"name": Field("string", min_length=1), "pattern": Field("string", min_length=1),
            "targets": Field("list", TARGETS, min_length=1), "enabled": BOOLEAN, "notes": Field("string", nullable=True)},
    required=("name", "pattern", "targets", "enabled"),
    record_check=regex_problem, check_on=("pattern",), orders=("name", "created_at"),
    exact_filters=("name",), boolean_filters=("enabled",), search_fields=("name", "pattern", "notes"), last_modified=False,
)
