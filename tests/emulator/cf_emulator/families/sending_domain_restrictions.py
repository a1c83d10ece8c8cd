# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sending-domain restrictions: a domain whose mail is restricted, the senders it excludes, and comments.

The list has no domain filter (search, order and direction only); the batch endpoint takes deletes only
(next.openapi.json); exclude is a list of strings. Nothing documents the form of the domain (a non-empty string here).
"""

from __future__ import annotations

from ..resource import COMMENTS, Field, Resource


RESOURCE = Resource(
    "sending_domain_restrictions", "Sending domain restriction",
    fields={"domain": Field("string", min_length=1), "exclude": Field("list"), "comments": COMMENTS},
    required=("domain", "exclude"),
    orders=("domain", "created_at"), search_fields=("domain", "comments"),
    batch=("deletes",),
)
