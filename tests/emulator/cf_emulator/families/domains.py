# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domains: a protected e-mail domain, its delivery modes, dispositions, IP restrictions and regions, the read-only
fields the server sets (status, authorization, SPF / DMARC status, ...) and its DNS TXT verification.

next.openapi.json: create is CreateDomain (additionalProperties false), PATCH UpdateDomain, PUT ReplaceDomain; the
name (``domain``) is in neither of the last two, so it cannot change; the collection DELETE is deprecated (use batch
deletes); GET .../{id}/verification answers 200 with the TXT record to publish, or 204.  Where the facts say UNKNOWN,
the choices here are listed in docs/emulator.md ("Domains").
"""

from __future__ import annotations

import hashlib

from ..listing import QueryFilter
from ..patterns import is_hostname
from ..resource import Field, Resource

DELIVERY_MODES = ("DIRECT", "BCC", "JOURNAL", "API", "RETRO_SCAN")
DISPOSITIONS = ("MALICIOUS", "MALICIOUS-BEC", "SUSPICIOUS", "SPOOF", "SPAM", "BULK", "ENCRYPTED", "EXTERNAL", "UNKNOWN", "NONE")
REGIONS = ("GLOBAL", "AU", "DE", "IN", "US")
FOLDERS = ("AllItems", "Inbox")
STATUSES = ("PENDING", "ACTIVE", "FAILED", "TIMEOUT")  # the SDKs' case; older generated code has them in lower case
SERVER_FIELDS = ("status", "authorization", "spf_status", "dmarc_status", "emails_processed", "inbox_provider", "o365_tenant_id")
COUNTDOWN = "_verification_reads"  # in a pending record: verification reads left that answer 200 before the one that verifies
SEED_COUNTDOWN = "verification_reads"  # emulator-only seed key setting COUNTDOWN, never stored as it is nor answered
# The TXT record of a pending domain: UNKNOWN (no source shows one); a deterministic form made up by the emulator.
TXT_NAME = "_cf-email-security.%s"
TXT_VALUE = "cf-email-security-verification=%s"

# CreateDomain; the schema gives the list limits, the enums and the optional nullable fields.
CREATE_FIELDS = {
    "domain": Field("string", min_length=1),
    "allowed_delivery_modes": Field("list", DELIVERY_MODES, min_length=1, max_length=10),
    "drop_dispositions": Field("list", DISPOSITIONS, max_length=10),
    "ip_restrictions": Field("list", max_length=100),
    "regions": Field("list", REGIONS, min_length=1, max_length=10),
    "folder": Field("enum", FOLDERS, nullable=True),
    "integration_id": Field("uuid", nullable=True),
    "lookback_hops": Field("integer", minimum=1, maximum=20, nullable=True),
    "require_tls_inbound": Field("bool", nullable=True),
    "require_tls_outbound": Field("bool", nullable=True),
    "transport": Field("string", nullable=True),
}
# ReplaceDomain (PUT, batch puts): no domain; lookback_hops required and not nullable.
PUT_FIELDS = {name: field for name, field in CREATE_FIELDS.items() if name != "domain"}
PUT_FIELDS["lookback_hops"] = CREATE_FIELDS["lookback_hops"].but(nullable=False)
PUT_REQUIRED = ("allowed_delivery_modes", "lookback_hops", "ip_restrictions", "drop_dispositions", "regions")
# UpdateDomain (PATCH, batch patches): no domain; lookback_hops, the TLS flags and transport not nullable.  Its lists
# have no item limits in the schema; the emulator keeps the create's (a choice: a domain without a region is no domain).
PATCH_FIELDS = dict(PUT_FIELDS)
PATCH_FIELDS.update((name, CREATE_FIELDS[name].but(nullable=False))
                    for name in ("lookback_hops", "require_tls_inbound", "require_tls_outbound", "transport"))
# The Domain answer has lookback_hops and transport not nullable (the SDKs type them int and str, always present): a
# create or PUT leaving them out or null stores these values, which are UNKNOWN and chosen by the emulator.
NULL_DEFAULTS = {"lookback_hops": 1, "transport": ""}


def domain_problem(record):
    """The domain is a host name (the allow-policy DOMAIN rule); the schema says only "string", so this is a choice."""
    domain = record.get("domain")
    if isinstance(domain, str) and not is_hostname(domain):
        return ("domain", "must be a domain name")
    return None


def pending(record):
    """True while the domain waits for verification."""
    return COUNTDOWN in record


def verify(record, now):
    """The domain becomes verified: status ACTIVE and authorized."""
    record.pop(COUNTDOWN, None)
    record["status"] = "ACTIVE"
    record["authorization"] = {"authorized": True, "timestamp": now, "status_message": None}


def start(record, now, countdown):
    """The server fields of a new domain: verified, or with a countdown pending verification (the authorization
    follows the verification, a choice: the facts say nothing of it)."""
    record.update(spf_status=None, dmarc_status=None, inbox_provider=None, o365_tenant_id=None,
                  emails_processed={"timestamp": now, "total_emails_processed": 0, "total_emails_processed_previous": 0})
    verify(record, now)
    if countdown is not None:
        record[COUNTDOWN] = countdown
        record["status"] = "PENDING"
        record["authorization"] = {"authorized": False, "timestamp": now, "status_message": "pending domain verification"}


def created(record, _body, context):
    """A domain created through the API (POST, batch posts): with domain_verification_reads N > 0 it waits for
    verification (N reads answer 200, the next one verifies it), with 0 it is verified at once."""
    start(record, context["now"], context["domain_verification_reads"] or None)


def seeded(record, extras, context):
    """A seeded domain keeps the server fields it was given (status in any case, as given); one whose status is
    pending (in any case) waits for verification, max(N, 1) reads or the item's verification_reads; any other is
    verified."""
    status = extras.get("status")
    countdown = extras.get(SEED_COUNTDOWN, max(context["domain_verification_reads"], 1))
    if isinstance(countdown, bool) or not isinstance(countdown, int) or countdown < 0:
        raise ValueError("%s must be an integer >= 0" % SEED_COUNTDOWN)
    waits = isinstance(status, str) and status.lower() == "pending"
    if SEED_COUNTDOWN in extras and not waits:
        raise ValueError("%s applies to a domain whose status is pending only" % SEED_COUNTDOWN)
    start(record, context["now"], countdown if waits else None)
    record.update((name, value) for name, value in extras.items() if name in SERVER_FIELDS)


def verification(record, context):
    """GET .../{id}/verification: 200 with the TXT record while pending (each read counts down), then 204 by the read
    that verifies the domain, and for a verified one.  The answer's status is the record's, in its stored case."""
    if not pending(record):
        return 204, None
    if record[COUNTDOWN] <= 0:
        verify(record, context["now"])
        return 204, None
    record[COUNTDOWN] -= 1
    name = str(record.get("domain") or "").lower()
    return 200, {"status": record["status"], "txt_record_name": TXT_NAME % name,
                 "txt_record_value": TXT_VALUE % hashlib.sha256(name.encode("utf-8")).hexdigest()[:32],
                 "last_checked_at": context["now"]}


def same_domain(record, value):
    """The domain filter: exact match in lower case (domain names are case-insensitive)."""
    domain = record.get("domain")
    return isinstance(domain, str) and domain.lower() == value.lower()


def allows(record, value):
    """The delivery-mode filters: the mode is among allowed_delivery_modes."""
    return value in (record.get("allowed_delivery_modes") or ())


def has_status(record, value):
    """The status filter: case-insensitive."""
    status = record.get("status")
    return isinstance(status, str) and status.lower() == value.lower()


RESOURCE = Resource(
    "domains", "Domain",
    fields=CREATE_FIELDS, required=("domain", "allowed_delivery_modes", "drop_dispositions", "ip_restrictions", "regions"),
    patch_fields=PATCH_FIELDS, put=(PUT_FIELDS, PUT_REQUIRED), immutable=("domain",), null_defaults=NULL_DEFAULTS,
    record_check=domain_problem, check_on=("domain",), unique="domain",
    server_fields=SERVER_FIELDS, seed_only=(SEED_COUNTDOWN,), on_create=created, on_seed=seeded,
    orders=("domain", "created_at"), exact_filters=("integration_id",), search_fields=("domain",),
    filters={"domain": QueryFilter(same_domain, repeatable=True),
             "allowed_delivery_mode": QueryFilter(allows, DELIVERY_MODES),
             # No field of a domain holds an "active" delivery mode (UNKNOWN): the emulator takes the allowed ones.
             "active_delivery_mode": QueryFilter(allows, DELIVERY_MODES),
             "status": QueryFilter(has_status, STATUSES, casefold=True)},
    collection_delete=True, subresources={"verification": verification},
)
