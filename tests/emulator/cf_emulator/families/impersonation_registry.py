# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Impersonation registry: an e-mail address (or a regular expression), a name and the directory fields.

No batch endpoint, no email filter; directory-synced entries cannot be updated (the PATCH docstring of the SDK says
so) nor, by choice of the emulator, deleted.  The directory fields and provenance are writable as the create and
edit schemas (x-reconstructed-from the SDK) say.
"""

from __future__ import annotations

from ..patterns import pattern_problem
from ..resource import BOOLEAN, Field, Resource

# Where an entry comes from.  A1S_INTERNAL meaning "entered by hand" is inferred, not documented (docs/emulator.md);
# null is treated as manual as well.
PROVENANCES = ("A1S_INTERNAL", "SNOOPY-CASB_OFFICE_365", "SNOOPY-OFFICE_365", "SNOOPY-GOOGLE_DIRECTORY")
MANUAL_PROVENANCE = "A1S_INTERNAL"
SYNCED_PROVENANCE_PREFIX = "SNOOPY-"
MAX_NAME_LENGTH = 1024


def email_problem(record):
    """One email address unless is_email_regex (then a regular expression).

    Whether the API takes several comma-separated addresses is UNKNOWN: the emulator refuses them (docs/emulator.md).
    """
    problem = pattern_problem({"pattern": record.get("email"), "is_regex": record.get("is_email_regex"), "pattern_type": "EMAIL"})
    return ("email", problem) if problem else None


def directory_synced(record):
    """True for an entry synced from a directory: a provenance starting with SNOOPY-, or a non-zero integer
    directory_id; nothing else.  A manual entry, as a real answer recorded in April 2025 shows it
    (cf-terraforming testdata), has directory_id 0 and its id in external_directory_node_id."""
    provenance, directory_id = record.get("provenance"), record.get("directory_id")
    return (isinstance(provenance, str) and provenance.startswith(SYNCED_PROVENANCE_PREFIX)) or (
        isinstance(directory_id, int) and not isinstance(directory_id, bool) and directory_id != 0)


def manual_entry(record, body, _context):
    """What a created entry has where the create leaves it out: the shape of a manual entry as a real answer
    recorded in April 2025 shows it (cf-terraforming testdata): directory_id 0, directory_node_id null,
    external_directory_node_id the id as a string, provenance A1S_INTERNAL."""
    defaults = {"directory_id": 0, "directory_node_id": None, "external_directory_node_id": str(record["id"]),
                "provenance": MANUAL_PROVENANCE}
    for name, value in defaults.items():
        if name not in body:
            record[name] = value


RESOURCE = Resource(
    "impersonation_registry", "Impersonation registry entry",
    fields={
        "email": Field("string", min_length=1), "is_email_regex": BOOLEAN, "name": Field("string", max_length=MAX_NAME_LENGTH),
        "comments": Field("string", nullable=True), "directory_id": Field("integer", nullable=True),
        "directory_node_id": Field("integer", nullable=True), "external_directory_node_id": Field("string", nullable=True),
        "provenance": Field("enum", PROVENANCES, nullable=True),
    },
    required=("email", "is_email_regex", "name"),
    record_check=email_problem, check_on=("email", "is_email_regex"),
    orders=("name", "email", "created_at"), choice_filters={"provenance": PROVENANCES},
    search_fields=("email", "name", "comments"), batch=False, locked=directory_synced, on_create=manual_entry,
)
