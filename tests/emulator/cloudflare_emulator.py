# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local emulator of the Cloudflare Email Security settings API: allow policies, block senders,
trusted domains and the impersonation registry.

Test and benchmark helper only; it never talks to Cloudflare.  Standard library only.
See docs/emulator.md for the behaviour, the control API and the differences from the real API.

Run as a script::

    python tests/emulator/cloudflare_emulator.py --port 0

or in-process::

    from cloudflare_emulator import Emulator
    with Emulator() as emu:
        base_url = emu.url   # e.g. http://127.0.0.1:43121/client/v4
"""

from __future__ import annotations

import argparse
import copy
import datetime
import ipaddress
import json
import math
import os
import re
import secrets
import signal
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
DEFAULT_API_TOKEN = "emulator-token"
DEFAULT_RATE_WINDOW_SECONDS = 300.0

API_PREFIX = "/client/v4"
CONTROL_PREFIX = "/__emulator__"

WRITABLE_FIELDS = (
    "pattern", "pattern_type", "is_regex", "verify_sender",
    "is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient", "comments",
)
BOOLEAN_FIELDS = ("is_regex", "verify_sender", "is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient")
REQUIRED_ON_CREATE = (
    "pattern", "pattern_type", "is_regex", "verify_sender",
    "is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient",
)
# deprecated request/response name -> current name
DEPRECATED_FLAGS = {"is_sender": "is_trusted_sender", "is_spoof": "is_acceptable_sender", "is_recipient": "is_exempt_recipient"}
READ_ONLY_FIELDS = ("id", "created_at", "modified_at", "last_modified")
PATTERN_TYPES = ("EMAIL", "DOMAIN", "IP", "UNKNOWN")
WRITABLE_PATTERN_TYPES = ("EMAIL", "DOMAIN", "IP")
LIST_ORDERS = ("pattern", "created_at")
LIST_DIRECTIONS = ("asc", "desc")
LIST_BOOLEAN_FILTERS = ("is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient", "verify_sender")
# Impersonation registry: where an entry comes from.  A1S_INTERNAL meaning "entered by hand" is inferred, not
# documented (SIBLINGS_API_FACTS.md); null is treated as manual as well.
PROVENANCES = ("A1S_INTERNAL", "SNOOPY-CASB_OFFICE_365", "SNOOPY-OFFICE_365", "SNOOPY-GOOGLE_DIRECTORY")
MANUAL_PROVENANCE = "A1S_INTERNAL"
SYNCED_PROVENANCE_PREFIX = "SNOOPY-"
MAX_NAME_LENGTH = 1024
BATCH_KEYS = ("deletes", "patches", "puts", "posts")
BATCH_MAX_ITEMS = 1000
MAX_PATTERN_LENGTH = 1024
MAX_COMMENTS_LENGTH = 1024
MAX_PER_PAGE = 1000
# How new objects are identified: "uuid" strings (the published schema), or "integer": increasing JSON integers, as real
# accounts answered in 2025 (trusted domain 28083, registry entry 12444788; SIBLINGS_API_FACTS.md).
ID_FORMATS = ("uuid", "integer")
FIRST_INTEGER_ID = 28083
DEFAULT_PER_PAGE = 20

# Error codes (Cloudflare publishes none for Email Security; these are documented emulator choices,
# except 971, 7003, 9109 and 10000 which the real API uses).
CODE_VALIDATION = 1001
CODE_NOT_FOUND = 1002
CODE_DIRECTORY_SYNCED = 1003
CODE_MALFORMED_JSON = 6007
CODE_NO_ROUTE = 7003
CODE_FORBIDDEN = 9109
CODE_AUTH = 10000
CODE_METHOD_NOT_ALLOWED = 10405
CODE_RATE_LIMITED = 971

MESSAGE_RATE_LIMITED = "Please wait and consider throttling your request speed"

ROUTE_RE = re.compile(
    r"^" + re.escape(API_PREFIX) + r"/accounts/(?P<account>[^/]+)/email-security/settings/(?P<resource>[^/]+)(?:/(?P<rest>[^/]+))?$"
)
LABEL_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
LOCAL_PART_RE = re.compile(r"^[^@\s\"(),:;<>\[\]\\]{1,64}$")
DIGITS_RE = re.compile(r"^[0-9]+$")

HTML_FAULT_BODY = (
    "<html>\r\n<head><title>{status} Emulated error</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Emulated error</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)

REASONS = {
    200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class ApiError(Exception):
    """An API failure rendered as the Cloudflare error envelope."""

    def __init__(self, status, errors, headers=None):
        super().__init__(errors[0]["message"] if errors else str(status))
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    @classmethod
    def single(cls, status, code, message, pointer=None, headers=None):
        """Build an error with one entry."""
        return cls(status, [_error_entry(code, message, pointer)], headers)

    @classmethod
    def invalid(cls, problems):
        """Build a 400 validation error from a list of (pointer, message) pairs."""
        return cls(400, [_error_entry(CODE_VALIDATION, message, pointer) for pointer, message in problems])


class ControlError(Exception):
    """A failure of the /__emulator__/ control API."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class _Reply:
    """What the HTTP handler must send back."""

    def __init__(self, status=200, payload=None, headers=None, raw=None, drop=False):
        self.status = status
        self.headers = dict(headers or {})
        self.drop = drop
        if raw is not None:
            self.body = raw
        elif payload is not None:
            self.body = json.dumps(payload).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json")
        else:
            self.body = b""


def _error_entry(code, message, pointer=None):
    entry = {"code": code, "message": message}
    if pointer is not None:
        entry["source"] = {"pointer": pointer}
    return entry


def _envelope(result, result_info=None):
    body = {"success": True, "errors": [], "messages": [], "result": result}
    if result_info is not None:
        body["result_info"] = result_info
    return body


def _failure_envelope(errors):
    return {"success": False, "errors": errors, "messages": [], "result": None}


def _pointer(prefix, key):
    return "%s/%s" % (prefix, str(key).replace("~", "~0").replace("/", "~1"))


def _format_ts(value):
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_ts(value):
    """Parse an RFC 3339 / ISO 8601 timestamp into an aware UTC datetime (ValueError if it is not one)."""
    if not isinstance(value, str):
        raise ValueError("timestamp must be a string")
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def _is_hostname(value):
    if len(value) > 253 or "." not in value:
        return False
    return all(LABEL_RE.fullmatch(label) for label in value.split("."))


def _is_email(value):
    local, sep, domain = value.rpartition("@")
    return bool(sep) and bool(LOCAL_PART_RE.fullmatch(local)) and _is_hostname(domain)


# Private, unique-local, loopback, link-local, unspecified and broadcast (API_FACTS.md), plus the multicast
# and reserved blocks and the shared address space. Documentation ranges (192.0.2.0/24, 2001:db8::/32) are accepted.
NON_PUBLIC_NETWORKS = tuple(ipaddress.ip_network(net) for net in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
    "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
))
# An IPv6 address that embeds an IPv4 one designates it: the IPv4-mapped ::ffff:a.b.c.d and the IPv4-compatible ::a.b.c.d.
IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(network):
    """The IPv4 network an IPv6 network in ::ffff:0:0/96 or ::/96 designates (None for any other network)."""
    for block in (IPV4_MAPPED, IPV4_COMPATIBLE):
        if network.version == 6 and network.prefixlen >= 96 and network.subnet_of(block):
            return ipaddress.IPv4Network((int(network.network_address) & 0xFFFFFFFF, network.prefixlen - 96))
    return None


def _is_public_ip(value):
    """True when value is a public IPv4/IPv6 address or CIDR network (host bits must be zero)
    that overlaps none of NON_PUBLIC_NETWORKS, an IPv6 form of an IPv4 network judged as that network."""
    if "%" in value:
        return False
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        return False
    embedded = _embedded_ipv4(network)
    if embedded is not None:
        network = embedded
    elif network.version == 6 and (network.overlaps(IPV4_MAPPED) or network.overlaps(IPV4_COMPATIBLE)):
        return False  # it holds all of ::ffff:0:0/96 or ::/96, so every IPv4 address, private ones too
    return not any(net.version == network.version and net.overlaps(network) for net in NON_PUBLIC_NETWORKS)


def _is_ip_literal(value):
    """True when value is an IP address or network, bare or in brackets."""
    try:
        ipaddress.ip_network(value[1:-1] if value[:1] + value[-1:] == "[]" else value, strict=False)
    except ValueError:
        return False
    return True


def _type_problem(name, value, resource=None):
    """Return a message when value is not acceptable for the writable field name, else None."""
    return (resource or ALLOW_POLICIES).fields[name].problem(value)


def parse_policy_fields(body, prefix="", check_types=True, resource=None):
    """Turn a request body into {current field name: value} (an allow policy unless resource says otherwise).

    Read-only fields are ignored, deprecated flag names are mapped to the current ones,
    unknown fields are refused.  Raises ApiError (400) listing every problem.
    """
    resource = resource or ALLOW_POLICIES
    if not isinstance(body, dict):
        raise ApiError.invalid([(prefix, "must be a JSON object")])
    problems = []
    fields = {}
    for key, value in body.items():
        pointer = _pointer(prefix, key)
        if key in READ_ONLY_FIELDS:
            continue
        name = resource.aliases.get(key, key)
        if name not in resource.fields:
            problems.append((pointer, "unknown field '%s'" % key))
            continue
        problem = _type_problem(name, value, resource) if check_types else None
        if problem:
            problems.append((pointer, problem))
            continue
        if name in fields and fields[name] != value:
            deprecated = resource.mirrors[name]
            problems.append((_pointer(prefix, deprecated), "'%s' conflicts with '%s'" % (deprecated, name)))
            continue
        fields[name] = value
    if problems:
        raise ApiError.invalid(problems)
    return fields


def pattern_problem(policy):
    """Check the pattern against is_regex and pattern_type; return a message or None."""
    pattern = policy.get("pattern")
    if not isinstance(pattern, str):
        return None
    if policy.get("is_regex") is True:
        try:
            re.compile(pattern)
        except re.error as exc:
            return "invalid regular expression: %s" % exc
        return None
    pattern_type = policy.get("pattern_type")
    if pattern_type == "EMAIL" and not _is_email(pattern):
        return "must be an email address (local@domain.tld) when pattern_type is EMAIL and is_regex is false"
    if pattern_type == "DOMAIN" and _is_ip_literal(pattern):
        return "must be a domain name, not an IP address, when pattern_type is DOMAIN and is_regex is false"
    if pattern_type == "DOMAIN" and not _is_hostname(pattern):
        return "must be a domain name when pattern_type is DOMAIN and is_regex is false"
    if pattern_type == "IP" and not _is_public_ip(pattern):
        return "must be a public IPv4 or IPv6 address or CIDR when pattern_type is IP and is_regex is false"
    return None


# ----- resource descriptors ---------------------------------------------------------------------------------------
# One Resource per emulated collection: the routes, validation, listing, batch and control code below is shared,
# and everything that differs between allow policies and their siblings is data here.


def _pattern_record_problem(record):
    """Allow policies and block senders: pattern against pattern_type and is_regex."""
    problem = pattern_problem(record)
    return ("pattern", problem) if problem else None


def _trusted_domain_problem(record):
    """Trusted domains: a domain name unless is_regex; the same rule (and message) as an allow policy of type DOMAIN."""
    problem = pattern_problem({"pattern": record.get("pattern"), "is_regex": record.get("is_regex"), "pattern_type": "DOMAIN"})
    return ("pattern", problem) if problem else None


def _impersonation_problem(record):
    """Impersonation registry: one email address unless is_email_regex (then a regular expression).

    Whether the API takes several comma-separated addresses is UNKNOWN: the emulator refuses them (docs/emulator.md).
    """
    problem = pattern_problem({"pattern": record.get("email"), "is_regex": record.get("is_email_regex"), "pattern_type": "EMAIL"})
    return ("email", problem) if problem else None


def _directory_synced(record):
    """True for an impersonation entry synced from a directory: a provenance starting with SNOOPY-, or a non-zero
    integer directory_id; nothing else.  A manual entry, as a real answer recorded in April 2025 shows it
    (cf-terraforming testdata), has directory_id 0 and its id in external_directory_node_id."""
    provenance, directory_id = record.get("provenance"), record.get("directory_id")
    return (isinstance(provenance, str) and provenance.startswith(SYNCED_PROVENANCE_PREFIX)) or (
        isinstance(directory_id, int) and not isinstance(directory_id, bool) and directory_id != 0)


def _manual_entry(record, body):
    """What a created impersonation entry has where the create leaves it out: the shape of a manual entry as a real
    answer recorded in April 2025 shows it (cf-terraforming testdata): directory_id 0, directory_node_id null,
    external_directory_node_id the id as a string, provenance A1S_INTERNAL."""
    defaults = {"directory_id": 0, "directory_node_id": None, "external_directory_node_id": str(record["id"]),
                "provenance": MANUAL_PROVENANCE}
    for name, value in defaults.items():
        if name not in body:
            record[name] = value


class _Field:
    """Type rule of one writable field: "bool", "integer", "enum" or "string", optionally nullable."""

    def __init__(self, kind, choices=(), min_length=None, max_length=None, nullable=False, refused=None):
        self.kind = kind
        self.choices = choices
        self.min_length = min_length
        self.max_length = max_length
        self.nullable = nullable
        self.refused = refused or {}

    def problem(self, value):
        """A message when value does not fit, else None."""
        if value is None and self.nullable:
            return None
        or_null = " or null" if self.nullable else ""
        if self.kind == "bool":
            return None if isinstance(value, bool) else "must be a boolean"
        if self.kind == "integer":
            return None if isinstance(value, int) and not isinstance(value, bool) else "must be an integer" + or_null
        if self.kind == "enum":
            if isinstance(value, str) and value in self.refused:
                return self.refused[value]
            return None if value in self.choices else "must be one of %s%s" % (", ".join(self.choices), or_null)
        if not isinstance(value, str):
            return "must be a string" + or_null
        if self.min_length is not None and self.max_length is not None:
            if not self.min_length <= len(value) <= self.max_length:
                return "must be between %d and %d characters long" % (self.min_length, self.max_length)
        elif self.max_length is not None and len(value) > self.max_length:
            return "must be at most %d characters long" % self.max_length
        elif self.min_length is not None and len(value) < self.min_length:
            return "must be at least %d characters long" % self.min_length
        return None


class Resource:
    """Descriptor of one emulated collection under /accounts/{account_id}/email-security/settings/."""

    def __init__(self, name, label, fields, required, seed_key=None, aliases=None, record_check=None, check_on=(),
                 orders=LIST_ORDERS, choice_filters=None, exact_filters=(), boolean_filters=(), search_fields=(),
                 batch=True, locked=None, on_create=None):
        self.name = name  # URL segment
        self.label = label  # in "<label> <id> not found"
        self.fields = fields  # writable field name -> _Field, in response order
        self.required = required  # on create, batch posts and batch puts
        self.seed_key = seed_key or name  # key of /__emulator__/seed and path of GET /__emulator__/<seed_key>
        self.aliases = dict(aliases or {})  # deprecated request name -> current name
        self.mirrors = {new: old for old, new in self.aliases.items()}  # responses carry both names, same value
        self.record_check = record_check  # record -> (field, message) or None, run on the whole (merged) record
        self.check_on = check_on  # a PATCH runs record_check only when it sets one of these fields
        self.orders = orders  # values of the order list parameter
        self.choice_filters = dict(choice_filters or {})  # list filter -> allowed values (exact match)
        self.exact_filters = exact_filters  # free string list filters (exact, case-sensitive match)
        self.boolean_filters = boolean_filters  # list filters taking true / false
        self.search_fields = search_fields  # fields the search parameter looks into
        self.batch = batch  # has POST .../batch
        self.locked = locked  # record -> True when PATCH and DELETE are refused
        self.on_create = on_create  # (record, request body) -> None: fills what the server sets on a create

    def defaults(self):
        """Values of the fields a create leaves out: the optional nullable ones are null."""
        return {name: None for name, field in self.fields.items() if field.nullable and name not in self.required}


_BOOL = _Field("bool")
_PATTERN = _Field("string", min_length=1, max_length=MAX_PATTERN_LENGTH)
_PATTERN_TYPE = _Field("enum", WRITABLE_PATTERN_TYPES, refused={"UNKNOWN": "pattern_type UNKNOWN is deprecated and cannot be set"})
_COMMENTS = _Field("string", max_length=MAX_COMMENTS_LENGTH, nullable=True)
_ALLOW_POLICY_RULES = dict({"pattern": _PATTERN, "pattern_type": _PATTERN_TYPE, "comments": _COMMENTS},
                           **{name: _BOOL for name in BOOLEAN_FIELDS})

ALLOW_POLICIES = Resource(
    "allow_policies", "Allow policy", seed_key="policies",
    fields={name: _ALLOW_POLICY_RULES[name] for name in WRITABLE_FIELDS},
    required=REQUIRED_ON_CREATE, aliases=DEPRECATED_FLAGS,
    record_check=_pattern_record_problem, check_on=("pattern", "pattern_type", "is_regex"),
    choice_filters={"pattern_type": PATTERN_TYPES}, exact_filters=("pattern",), boolean_filters=LIST_BOOLEAN_FILTERS,
    search_fields=("pattern", "comments"),
)
# Block senders: the allow-policy pattern rules (EMAIL / DOMAIN / public IP or CIDR, Java regex), no flags.
# The batch endpoint is x-reconstructed-from the SDK in siblings.openapi.json; it is emulated like the others.
BLOCK_SENDERS = Resource(
    "block_senders", "Block sender",
    fields={"pattern": _PATTERN, "pattern_type": _PATTERN_TYPE, "is_regex": _BOOL, "comments": _COMMENTS},
    required=("pattern", "pattern_type", "is_regex"),
    record_check=_pattern_record_problem, check_on=("pattern", "pattern_type", "is_regex"),
    choice_filters={"pattern_type": PATTERN_TYPES}, exact_filters=("pattern",), search_fields=("pattern", "comments"),
)
# Trusted domains: the OpenAPI batch "puts" items are TrustedDomain + id with nothing required, while the SDK's
# Put requires pattern, is_regex, is_recent and is_similarity: the emulator follows the SDK (puts = create rules).
# An array body on create (accepted by old versions of the API) is refused: one object per create.
TRUSTED_DOMAINS = Resource(
    "trusted_domains", "Trusted domain",
    fields={"pattern": _PATTERN, "is_regex": _BOOL, "is_recent": _BOOL, "is_similarity": _BOOL, "comments": _COMMENTS},
    required=("pattern", "is_regex", "is_recent", "is_similarity"),
    record_check=_trusted_domain_problem, check_on=("pattern", "is_regex"),
    exact_filters=("pattern",), boolean_filters=("is_recent", "is_similarity"), search_fields=("pattern", "comments"),
)
# Impersonation registry: no batch endpoint, no email filter; directory-synced entries cannot be updated (the
# PATCH docstring says so) nor, by choice of the emulator, deleted.  The directory fields and provenance are
# writable as the create and edit schemas (x-reconstructed-from the SDK) say.
IMPERSONATION_REGISTRY = Resource(
    "impersonation_registry", "Impersonation registry entry",
    fields={
        "email": _Field("string", min_length=1), "is_email_regex": _BOOL, "name": _Field("string", max_length=MAX_NAME_LENGTH),
        "comments": _Field("string", nullable=True), "directory_id": _Field("integer", nullable=True),
        "directory_node_id": _Field("integer", nullable=True), "external_directory_node_id": _Field("string", nullable=True),
        "provenance": _Field("enum", PROVENANCES, nullable=True),
    },
    required=("email", "is_email_regex", "name"),
    record_check=_impersonation_problem, check_on=("email", "is_email_regex"),
    orders=("name", "email", "created_at"), choice_filters={"provenance": PROVENANCES},
    search_fields=("email", "name", "comments"), batch=False, locked=_directory_synced, on_create=_manual_entry,
)
RESOURCES = {resource.name: resource for resource in (ALLOW_POLICIES, BLOCK_SENDERS, TRUSTED_DOMAINS, IMPERSONATION_REGISTRY)}
SEED_KEYS = {resource.seed_key: resource for resource in RESOURCES.values()}


def _check_record(resource, record, prefix):
    problem = resource.record_check(record) if resource.record_check else None
    if problem:
        raise ApiError.invalid([(_pointer(prefix, problem[0]), problem[1])])


def validate_create(body, prefix="", resource=None):
    """Validate a create body (POST, batch posts and puts); returns the writable fields."""
    resource = resource or ALLOW_POLICIES
    fields = parse_policy_fields(body, prefix, resource=resource)
    missing = [(_pointer(prefix, name), "required field is missing") for name in resource.required if name not in fields]
    if missing:
        raise ApiError.invalid(missing)
    _check_record(resource, fields, prefix)
    for name, value in resource.defaults().items():
        fields.setdefault(name, value)
    return fields


def merge_update(existing, body, prefix="", resource=None):
    """Validate a PATCH body against an existing record; returns the merged (not yet stored) record."""
    resource = resource or ALLOW_POLICIES
    fields = parse_policy_fields(body, prefix, resource=resource)
    if not fields:
        raise ApiError.invalid([(prefix, "at least one writable property is required")])
    merged = dict(existing)
    merged.update(fields)
    if any(name in fields for name in resource.check_on):
        _check_record(resource, merged, prefix)
    return merged


def present(policy, resource=None):
    """The response representation of a stored record (deprecated names mirrored)."""
    resource = resource or ALLOW_POLICIES
    out = {"id": policy["id"]}
    for name in resource.fields:
        if name in policy:
            out[name] = policy[name]
    out["created_at"] = policy["created_at"]
    if policy["modified_at"] is not None:  # None: seeded with "modified_at": null, as answers recorded in April 2025
        out["modified_at"] = policy["modified_at"]
        out["last_modified"] = policy["modified_at"]
    for new, old in resource.mirrors.items():
        if new in policy:
            out[old] = policy[new]
    return out


def _query_for_log(query):
    return {name: values[0] if len(values) == 1 else list(values) for name, values in query.items()}


def _body_for_log(raw):
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def _id_order(value):
    """Sort key of an id of either form: integers in numeric order, before strings."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


class _ListQuery:
    """Validated list query parameters (those of the resource; other parameters are ignored)."""

    def __init__(self, query, resource=None):
        resource = resource or ALLOW_POLICIES
        problems = []
        self.page = self._integer(query, "page", 1, 1, None, problems)
        self.per_page = self._integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, problems)
        self.order = self._choice(query, "order", resource.orders, problems)
        self.direction = self._choice(query, "direction", LIST_DIRECTIONS, problems)
        self.exact = {}
        for name, choices in resource.choice_filters.items():
            self.exact[name] = self._choice(query, name, choices, problems)
        for name in resource.exact_filters:
            self.exact[name] = self._single(query, name, problems)
        self.search = self._single(query, "search", problems)
        self.search_fields = resource.search_fields
        self.flags = {}
        for name in resource.boolean_filters:
            value = self._choice(query, name, ("true", "false"), problems)
            if value is not None:
                self.flags[name] = value == "true"
        if problems:
            raise ApiError.invalid(problems)

    @staticmethod
    def _single(query, name, problems):
        values = query.get(name)
        if not values:
            return None
        if len(values) > 1:
            problems.append(("/query/" + name, "must be given at most once"))
            return None
        return values[0]

    def _integer(self, query, name, default, minimum, maximum, problems):
        value = self._single(query, name, problems)
        if value is None:
            return default
        number = int(value) if DIGITS_RE.match(value) else None
        if number is None or number < minimum or (maximum is not None and number > maximum):
            bounds = "an integer >= %d" % minimum if maximum is None else "an integer between %d and %d" % (minimum, maximum)
            problems.append(("/query/" + name, "must be %s" % bounds))
            return default
        return number

    def _choice(self, query, name, choices, problems):
        value = self._single(query, name, problems)
        if value is not None and value not in choices:
            problems.append(("/query/" + name, "must be one of %s" % ", ".join(choices)))
            return None
        return value

    def matches(self, policy):
        """True when policy passes every filter."""
        for name, wanted in self.exact.items():
            if wanted is not None and policy.get(name) != wanted:
                return False
        for name, wanted in self.flags.items():
            if bool(policy.get(name, False)) != wanted:
                return False
        if self.search:
            needle = self.search.casefold()
            haystacks = (policy.get(name) for name in self.search_fields)
            if not any(isinstance(text, str) and needle in text.casefold() for text in haystacks):
                return False
        return True

    def sort_key(self, policy):
        """Sort key: the requested order, then created_at, then id."""
        if self.order not in (None, "created_at"):
            return (str(policy.get(self.order, "")), policy["created_at"], _id_order(policy["id"]))
        return (policy["created_at"], _id_order(policy["id"]))


class _Fault:
    """One injected fault (see docs/emulator.md)."""

    FIELDS = ("method", "path", "count", "status", "retry_after", "delay_seconds", "drop", "non_json", "code", "message")

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ControlError("a fault must be a JSON object")
        unknown = sorted(set(spec) - set(self.FIELDS))
        if unknown:
            raise ControlError("unknown fault fields: %s" % ", ".join(unknown))
        self.method = self._optional_str(spec, "method")
        self.method = self.method.upper() if self.method else None
        self.path = self._optional_str(spec, "path")
        try:
            self.path_re = re.compile(self.path) if self.path else None
        except re.error as exc:
            raise ControlError("fault path is not a valid regular expression: %s" % exc) from exc
        self.count = self._number(spec, "count", 1, int)
        if self.count < 1:
            raise ControlError("fault count must be >= 1")
        self.delay_seconds = float(self._number(spec, "delay_seconds", 0.0, (int, float)))
        self.drop = bool(spec.get("drop", False))
        self.non_json = bool(spec.get("non_json", False))
        status = self._number(spec, "status", None, int)
        if status is not None and not 100 <= status <= 599:
            raise ControlError("fault status must be between 100 and 599")
        self.status = status if status is not None else (200 if self.non_json else 500)
        retry_after = spec.get("retry_after")
        if retry_after is not None and not isinstance(retry_after, (str, int)):
            raise ControlError("retry_after must be a string (seconds or an HTTP date) or an integer")
        self.retry_after = None if retry_after is None else str(retry_after)
        self.code = self._number(spec, "code", None, int)
        self.message = self._optional_str(spec, "message")

    @staticmethod
    def _optional_str(spec, name):
        value = spec.get(name)
        if value is not None and not isinstance(value, str):
            raise ControlError("fault %s must be a string or null" % name)
        return value

    @staticmethod
    def _number(spec, name, default, kinds):
        value = spec.get(name, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ControlError("fault %s must be a number" % name)
        if value < 0:
            raise ControlError("fault %s must not be negative" % name)
        return value

    def matches(self, method, path):
        """True when this fault applies to the request."""
        if self.method and self.method != method:
            return False
        return not self.path_re or bool(self.path_re.search(path))

    def describe(self):
        """JSON representation (as pending in the control API)."""
        return {
            "method": self.method, "path": self.path, "count": self.count, "status": self.status,
            "retry_after": self.retry_after, "delay_seconds": self.delay_seconds, "drop": self.drop,
            "non_json": self.non_json, "code": self.code, "message": self.message,
        }

    def reply(self):
        """The reply to send (the delay is applied by the caller)."""
        if self.drop:
            return _Reply(drop=True)
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = self.retry_after
        if self.non_json:
            headers["Content-Type"] = "text/html"
            return _Reply(self.status, headers=headers, raw=HTML_FAULT_BODY.format(status=self.status).encode("ascii"))
        code, message = _default_error(self.status)
        errors = [_error_entry(self.code if self.code is not None else code, self.message or message)]
        return _Reply(self.status, _failure_envelope(errors), headers)


def _default_error(status):
    known = {
        401: (CODE_AUTH, "Authentication error"),
        403: (CODE_FORBIDDEN, "Unauthorized to access requested resource"),
        404: (CODE_NO_ROUTE, "No route for the URI"),
        429: (CODE_RATE_LIMITED, MESSAGE_RATE_LIMITED),
    }
    if status in known:
        return known[status]
    return 10000 + status, "Emulated fault: %s" % REASONS.get(status, "HTTP %d" % status)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that is quiet about clients going away."""

    daemon_threads = True
    request_queue_size = 128
    emulator = None

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into Emulator calls."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "cloudflare-emulator"

    def version_string(self):
        """The Server header value."""
        return self.server_version

    def do_GET(self):
        """Dispatch GET."""
        self._dispatch()

    def do_POST(self):
        """Dispatch POST."""
        self._dispatch()

    def do_PUT(self):
        """Dispatch PUT."""
        self._dispatch()

    def do_PATCH(self):
        """Dispatch PATCH."""
        self._dispatch()

    def do_DELETE(self):
        """Dispatch DELETE."""
        self._dispatch()

    def do_HEAD(self):
        """Dispatch HEAD (the body is not sent)."""
        self._dispatch()

    def do_OPTIONS(self):
        """Dispatch OPTIONS."""
        self._dispatch()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin,unused-argument
        """Keep stderr quiet (and never log headers)."""

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self):
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        body = self._read_body()
        emulator = self.server.emulator
        if split.path == CONTROL_PREFIX or split.path.startswith(CONTROL_PREFIX + "/"):
            reply = emulator.handle_control(self.command, split.path, body)
        else:
            reply = emulator.handle_api(self.command, split.path, query, body, self.headers)
        self._send(reply)

    def _send(self, reply):
        if reply.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        try:
            self.send_response(reply.status, REASONS.get(reply.status))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()
        except (ConnectionError, TimeoutError):
            self.close_connection = True


class Emulator:
    """In-memory Cloudflare Email Security settings API (every Resource in RESOURCES) served over HTTP.

    All state is guarded by one lock; the server handles each connection in its own thread.
    """

    def __init__(self, account_id=DEFAULT_ACCOUNT_ID, api_token=DEFAULT_API_TOKEN, api_email=None, api_key=None,
                 latency_ms=0, rate_limit=None, rate_window_seconds=DEFAULT_RATE_WINDOW_SECONDS, host="127.0.0.1", port=0,
                 id_format="uuid"):
        self.account_id = account_id
        self.api_token = api_token
        self.api_email = api_email
        self.api_key = api_key
        self.host = host
        self.port = port
        self._initial_latency_ms = float(latency_ms or 0)
        self._initial_rate_limit = (int(rate_limit), float(rate_window_seconds)) if rate_limit else None
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server = None
        self._thread = None
        self._last_ts = None
        self.url = None
        self._id_format = "uuid"
        self.set_id_format(id_format)
        self.reset()

    # ----- lifecycle -------------------------------------------------------------------------------------------------

    def start(self):
        """Start serving in a background thread; returns the base URL (ending in /client/v4)."""
        if self._server is not None:
            return self.url
        server_class = _Server6 if ":" in self.host else _Server
        self._server = server_class((self.host, self.port), _Handler)
        self._server.emulator = self
        self._stopping.clear()
        port = self._server.server_address[1]
        host = "[%s]" % self.host if ":" in self.host else self.host
        self.url = "http://%s:%d%s" % (host, port, API_PREFIX)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="cloudflare-emulator", daemon=True)
        self._thread.start()
        return self.url

    def stop(self):
        """Stop serving (idempotent); sleeping requests are woken up."""
        self._stopping.set()
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *_exc_info):
        self.stop()

    @property
    def base_url(self):
        """The server root (without /client/v4), for the control API."""
        return self.url[:-len(API_PREFIX)] if self.url else None

    # ----- control (Python side) ----------------------------------------------------------------------------------------

    @property
    def requests(self):
        """A copy of the request log."""
        with self._lock:
            return copy.deepcopy(self._log)

    def clear_requests(self):
        """Empty the request log."""
        with self._lock:
            self._log = []

    def reset(self):
        """Forget every record, the log and faults; restore latency and rate limit to the start-up configuration.
        The id format stays as it is."""
        with self._lock:
            self._records = {name: {} for name in RESOURCES}
            self._next_integer_id = FIRST_INTEGER_ID
            self._log = []
            self._faults = []
            self._latency_ms = self._initial_latency_ms
            self._rate_limit = self._initial_rate_limit
            self._window_start = None
            self._window_count = 0

    def policies(self):
        """Every stored policy, as the API would return it, in creation order."""
        return self.records(ALLOW_POLICIES.name)

    def records(self, resource):
        """Every stored record of a resource (its name or seed key), as the API would return it, in creation order."""
        resource = _resource_named(resource)
        with self._lock:
            return [present(record, resource) for record in self._records[resource.name].values()]

    def seed(self, policies, validate=False, resource=ALLOW_POLICIES.name):
        """Store records of one resource (allow policies by default) directly; returns them as the API would.

        Without validate, field values are stored as given (legacy UNKNOWN entries, missing flags...).
        Raises ValueError (or ApiError when validate is true) and stores nothing when an item is refused.
        """
        key = _resource_named(resource).seed_key
        return self.seed_many({key: policies}, validate)[key]

    def seed_many(self, data, validate=False):
        """Seed several resources at once: {seed key: [items]} (see docs/emulator.md); all or nothing.

        Returns {seed key: [stored records as the API would return them]}.
        """
        if not isinstance(data, dict):
            raise ValueError("seed data must be an object")
        with self._lock:
            works = {}
            created = {}
            for key, items in data.items():
                resource = SEED_KEYS.get(key)
                if resource is None:
                    raise ValueError("unknown seed key '%s' (known: %s)" % (key, ", ".join(SEED_KEYS)))
                if not isinstance(items, list):
                    raise ValueError("%s must be a list" % key)
                work = works.setdefault(resource.name, dict(self._records[resource.name]))
                created[key] = []
                for index, item in enumerate(items):
                    record = self._seed_one(resource, item, index, work, validate)
                    work[str(record["id"])] = record
                    created[key].append(record)
            self._records.update(works)
            return {key: [present(record, SEED_KEYS[key]) for record in records] for key, records in created.items()}

    def set_latency(self, ms):
        """Add ms milliseconds to every API request."""
        if isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms < 0:
            raise ValueError("latency must be a non-negative number of milliseconds")
        with self._lock:
            self._latency_ms = float(ms)

    def set_rate_limit(self, requests, window_seconds=DEFAULT_RATE_WINDOW_SECONDS):
        """Allow at most requests API requests per fixed window; None disables the limit."""
        with self._lock:
            self._window_start = None
            self._window_count = 0
            if requests is None:
                self._rate_limit = None
                return
            for value in (requests, window_seconds):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    raise ValueError("rate limit requests and window_seconds must be positive numbers")
            self._rate_limit = (int(requests), float(window_seconds))

    def add_fault(self, method=None, path=None, count=1, status=None, retry_after=None, delay_seconds=0.0,
                  drop=False, non_json=False, code=None, message=None):
        """Inject a fault for the next count matching API requests; returns its description."""
        fault = _Fault({
            "method": method, "path": path, "count": count, "status": status, "retry_after": retry_after,
            "delay_seconds": delay_seconds, "drop": drop, "non_json": non_json, "code": code, "message": message,
        })
        with self._lock:
            self._faults.append(fault)
        return fault.describe()

    def faults(self):
        """Pending faults."""
        with self._lock:
            return [fault.describe() for fault in self._faults]

    def clear_faults(self):
        """Remove every pending fault."""
        with self._lock:
            self._faults = []

    @property
    def id_format(self):
        """How new objects are identified: "uuid" or "integer" (ID_FORMATS)."""
        return self._id_format

    def set_id_format(self, id_format):
        """Identify new objects by UUID strings ("uuid") or increasing JSON integers ("integer"); stored records keep theirs."""
        if id_format not in ID_FORMATS:
            raise ValueError("id_format must be one of %s" % ", ".join(ID_FORMATS))
        with self._lock:
            self._id_format = id_format

    def config(self):
        """Current latency, rate-limit and id-format configuration."""
        with self._lock:
            limit = self._rate_limit
            return {
                "latency_ms": self._latency_ms,
                "rate_limit": {"requests": limit[0], "window_seconds": limit[1]} if limit else None,
                "id_format": self._id_format,
            }

    # ----- internals --------------------------------------------------------------------------------------------------

    def _now(self):
        """A fresh timestamp, strictly increasing so creation order is a total order."""
        with self._lock:
            now = datetime.datetime.now(datetime.timezone.utc)
            if self._last_ts is not None and now <= self._last_ts:
                now = self._last_ts + datetime.timedelta(microseconds=1)
            self._last_ts = now
            return _format_ts(now)

    def _new_id(self, work):
        """The id of a new record: a UUID string, or in integer mode the next integer that no record of any resource
        (nor ``work``, the records being changed) holds."""
        if self._id_format == "uuid":
            return str(uuid.uuid4())
        with self._lock:
            stores = list(self._records.values()) + [work]
            while any(str(self._next_integer_id) in records for records in stores):
                self._next_integer_id += 1
            self._next_integer_id += 1
            return self._next_integer_id - 1

    def _seed_one(self, resource, item, index, work, validate):
        where = "%s[%d]" % (resource.seed_key, index)
        if not isinstance(item, dict):
            raise ValueError("%s must be an object" % where)
        policy_id = item.get("id")
        if policy_id is None:
            policy_id = self._new_id(work)
        elif isinstance(policy_id, bool) or not isinstance(policy_id, (str, int)):
            raise ValueError("%s.id must be a string or an integer" % where)
        elif self._id_format == "integer" and isinstance(policy_id, str) and DIGITS_RE.match(policy_id):
            policy_id = int(policy_id)  # integer mode: every answer carries ids as JSON integers
        if str(policy_id) in work:
            raise ValueError("%s.id %s already exists" % (where, policy_id))
        if validate:
            fields = validate_create(item, "/%s/%d" % (resource.seed_key, index), resource)
        else:
            try:
                fields = parse_policy_fields(item, check_types=False, resource=resource)
            except ApiError as exc:
                raise ValueError("%s: %s" % (where, exc)) from exc
        try:
            created_at = _format_ts(_parse_ts(item["created_at"])) if item.get("created_at") else self._now()
            modified = item.get("modified_at") or item.get("last_modified")
            modified_at = _format_ts(_parse_ts(modified)) if modified else created_at
            if "modified_at" in item and item["modified_at"] is None and not item.get("last_modified"):
                modified_at = None  # answered without modified_at (until the next write), as recorded in April 2025
        except ValueError as exc:
            raise ValueError("%s: invalid timestamp: %s" % (where, exc)) from exc
        for name, value in resource.defaults().items():
            fields.setdefault(name, value)
        policy = {"id": policy_id}
        policy.update(fields)
        policy["created_at"] = created_at
        policy["modified_at"] = modified_at
        return policy

    def _record(self, method, path, query, body):
        entry = {"method": method, "path": path, "query": _query_for_log(query), "body": _body_for_log(body), "status": None}
        with self._lock:
            self._log.append(entry)
        return entry

    def _take_fault(self, method, path):
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _check_rate_limit(self):
        """Count the request; raises ApiError 429 past the limit; returns Ratelimit headers."""
        with self._lock:
            if not self._rate_limit:
                return {}
            limit, window = self._rate_limit
            now = time.monotonic()
            if self._window_start is None or now >= self._window_start + window:
                self._window_start = now
                self._window_count = 0
            self._window_count += 1
            reset = max(1, int(math.ceil(self._window_start + window - now)))
            headers = {
                "Ratelimit": '"default";r=%d;t=%d' % (max(0, limit - self._window_count), reset),
                "Ratelimit-Policy": '"default";q=%d;w=%d' % (limit, max(1, int(math.ceil(window)))),
            }
            if self._window_count > limit:
                headers["Retry-After"] = str(reset)
                raise ApiError.single(429, CODE_RATE_LIMITED, MESSAGE_RATE_LIMITED, headers=headers)
            return headers

    def _authenticated(self, headers):
        authorization = headers.get("Authorization") or ""
        scheme, _sep, token = authorization.partition(" ")
        if self.api_token and scheme.lower() == "bearer" and secrets.compare_digest(token.strip(), self.api_token):
            return True
        email = headers.get("X-Auth-Email")
        key = headers.get("X-Auth-Key")
        if self.api_email and self.api_key and email is not None and key is not None:
            return secrets.compare_digest(email, self.api_email) and secrets.compare_digest(key, self.api_key)
        return False

    # ----- API ---------------------------------------------------------------------------------------------------------

    def handle_api(self, method, path, query, body, headers):
        """Serve one API request; returns a _Reply.  Everything here is logged."""
        entry = self._record(method, path, query, body)
        if self._latency_ms:
            self._stopping.wait(self._latency_ms / 1000.0)
        fault = self._take_fault(method, path)
        if fault is not None:
            if fault.delay_seconds:
                self._stopping.wait(fault.delay_seconds)
            reply = fault.reply()
        else:
            reply = self._api_reply(method, path, query, body, headers)
        reply.headers.setdefault("cf-ray", "%s-EMU" % secrets.token_hex(8))
        with self._lock:
            entry["status"] = None if reply.drop else reply.status
        return reply

    def _api_reply(self, method, path, query, body, headers):
        rate_headers = {}
        try:
            rate_headers = self._check_rate_limit()
            status, payload = self._route(method, path, query, body, headers)
            return _Reply(status, payload, rate_headers)
        except ApiError as exc:
            merged = dict(rate_headers)
            merged.update(exc.headers)
            return _Reply(exc.status, _failure_envelope(exc.errors), merged)

    def _route(self, method, path, query, body, headers):
        match = ROUTE_RE.match(path)
        resource = RESOURCES.get(match.group("resource")) if match else None
        if resource is None:
            raise ApiError.single(404, CODE_NO_ROUTE, "No route for the URI")
        rest = match.group("rest")
        batch = rest == "batch" and resource.batch
        if rest is None:
            allowed = ("GET", "POST")
        elif batch:
            allowed = ("POST",)
        else:
            allowed = ("GET", "PATCH", "DELETE")
        if method not in allowed and not (method == "HEAD" and "GET" in allowed):
            raise ApiError.single(405, CODE_METHOD_NOT_ALLOWED, "Method %s not allowed for this resource" % method,
                                  headers={"Allow": ", ".join(allowed)})
        if not self._authenticated(headers):
            raise ApiError.single(401, CODE_AUTH, "Authentication error")
        if unquote(match.group("account")) != self.account_id:
            raise ApiError.single(403, CODE_FORBIDDEN, "Unauthorized to access requested resource")
        if rest is None:
            if method == "POST":
                return 201, _envelope(self._create(resource, self._json_body(body)))
            return 200, self._list(resource, query)
        if batch:
            return 200, _envelope(self._batch(resource, self._json_body(body)))
        policy_id = unquote(rest)
        if method == "PATCH":
            return 200, _envelope(self._patch(resource, policy_id, self._json_body(body)))
        if method == "DELETE":
            return 200, _envelope(self._delete(resource, policy_id))
        return 200, _envelope(self._get(resource, policy_id))

    @staticmethod
    def _json_body(raw):
        if not raw:
            raise ApiError.invalid([("", "a JSON object request body is required")])
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError as exc:
            raise ApiError.single(400, CODE_MALFORMED_JSON, "Malformed JSON in request body") from exc
        if not isinstance(body, dict):
            raise ApiError.invalid([("", "the request body must be a JSON object")])
        return body

    @staticmethod
    def _not_found(resource, policy_id, pointer=None, status=404):
        return ApiError.single(status, CODE_NOT_FOUND, "%s %s not found" % (resource.label, policy_id), pointer)

    @staticmethod
    def _refuse_locked(resource, record, action):
        """Directory-synced impersonation entries: 400 code 1003 (status and code are choices, docs/emulator.md)."""
        if resource.locked and resource.locked(record):
            raise ApiError.single(400, CODE_DIRECTORY_SYNCED, "%s %s is synced from a directory and cannot be %s"
                                  % (resource.label, record["id"], action))

    def _list(self, resource, query):
        params = _ListQuery(query, resource)
        with self._lock:
            everything = list(self._records[resource.name].values())
        selected = sorted((p for p in everything if params.matches(p)), key=params.sort_key,
                          reverse=params.direction == "desc")
        start = (params.page - 1) * params.per_page
        page = [present(policy, resource) for policy in selected[start:start + params.per_page]]
        info = {"count": len(page), "page": params.page, "per_page": params.per_page, "total_count": len(everything)}
        return _envelope(page, info)

    def _get(self, resource, policy_id):
        with self._lock:
            policy = self._records[resource.name].get(policy_id)
            if policy is None:
                raise self._not_found(resource, policy_id)
            return present(policy, resource)

    def _create(self, resource, body):
        fields = validate_create(body, resource=resource)
        with self._lock:
            now = self._now()
            policy = {"id": self._new_id(self._records[resource.name])}
            policy.update(fields)
            if resource.on_create:
                resource.on_create(policy, body)
            policy["created_at"] = now
            policy["modified_at"] = now
            self._records[resource.name][str(policy["id"])] = policy
            return present(policy, resource)

    def _patch(self, resource, policy_id, body):
        with self._lock:
            records = self._records[resource.name]
            existing = records.get(policy_id)
            if existing is None:
                raise self._not_found(resource, policy_id)
            self._refuse_locked(resource, existing, "updated")
            merged = merge_update(existing, body, resource=resource)
            merged["modified_at"] = self._now()
            records[policy_id] = merged
            return present(merged, resource)

    def _delete(self, resource, policy_id):
        with self._lock:
            records = self._records[resource.name]
            if policy_id not in records:
                raise self._not_found(resource, policy_id)
            self._refuse_locked(resource, records[policy_id], "deleted")
            deleted = records.pop(policy_id)
            return {"id": deleted["id"]}

    def _batch(self, resource, body):
        problems = []
        for key in body:
            if key not in BATCH_KEYS:
                problems.append(("/" + key, "unknown field '%s'" % key))
        for key in BATCH_KEYS:
            if key not in body:
                problems.append(("/" + key, "required field is missing"))
            elif not isinstance(body[key], list):
                problems.append(("/" + key, "must be an array"))
            elif len(body[key]) > BATCH_MAX_ITEMS:
                problems.append(("/" + key, "must contain at most %d items" % BATCH_MAX_ITEMS))
        if problems:
            raise ApiError.invalid(problems)
        with self._lock:
            work = dict(self._records[resource.name])
            result = {
                "deletes": [self._batch_delete(resource, work, item, "/deletes/%d" % i) for i, item in enumerate(body["deletes"])],
                "patches": [self._batch_patch(resource, work, item, "/patches/%d" % i) for i, item in enumerate(body["patches"])],
                "puts": [self._batch_put(resource, work, item, "/puts/%d" % i) for i, item in enumerate(body["puts"])],
                "posts": [self._batch_post(resource, work, item, "/posts/%d" % i) for i, item in enumerate(body["posts"])],
            }
            self._records[resource.name] = work
            return result

    def _batch_target(self, resource, work, item, prefix):
        """Check the id of a batch item and return the existing record."""
        if not isinstance(item, dict):
            raise ApiError.invalid([(prefix, "must be a JSON object")])
        if "id" not in item:
            raise ApiError.invalid([(prefix + "/id", "required field is missing")])
        policy_id = item["id"]
        integer = self._id_format == "integer" and isinstance(policy_id, int) and not isinstance(policy_id, bool)
        if not isinstance(policy_id, str) and not integer:
            raise ApiError.invalid([(prefix + "/id", "must be a string" + (" or an integer" if self._id_format == "integer" else ""))])
        if str(policy_id) not in work:
            raise self._not_found(resource, policy_id, prefix + "/id", status=400)
        return work[str(policy_id)]

    def _batch_delete(self, resource, work, item, prefix):
        existing = self._batch_target(resource, work, item, prefix)
        extra = [key for key in item if key != "id"]
        if extra:
            raise ApiError.invalid([(_pointer(prefix, key), "unknown field '%s'" % key) for key in extra])
        del work[str(existing["id"])]
        return {"id": existing["id"]}

    def _batch_patch(self, resource, work, item, prefix):
        existing = self._batch_target(resource, work, item, prefix)
        merged = merge_update(existing, item, prefix, resource)
        merged["modified_at"] = self._now()
        work[str(merged["id"])] = merged
        return present(merged, resource)

    def _batch_put(self, resource, work, item, prefix):
        existing = self._batch_target(resource, work, item, prefix)
        policy = {"id": existing["id"]}
        policy.update(validate_create(item, prefix, resource))
        policy["created_at"] = existing["created_at"]
        policy["modified_at"] = self._now()
        work[str(policy["id"])] = policy
        return present(policy, resource)

    def _batch_post(self, resource, work, item, prefix):
        fields = validate_create(item, prefix, resource)
        now = self._now()
        policy = {"id": self._new_id(work)}
        policy.update(fields)
        if resource.on_create:
            resource.on_create(policy, item)
        policy["created_at"] = now
        policy["modified_at"] = now
        work[str(policy["id"])] = policy
        return present(policy, resource)

    # ----- control (HTTP side) ---------------------------------------------------------------------------------------

    def handle_control(self, method, path, raw):
        """Serve /__emulator__/...; never logged, no authentication."""
        routes = {
            ("GET", "/requests"): lambda body: {"requests": self.requests},
            ("DELETE", "/requests"): lambda body: self._control_clear_requests(),
            ("POST", "/reset"): lambda body: self._control_reset(),
            ("POST", "/seed"): self._control_seed,
            ("GET", "/policies"): lambda body: {"policies": self.policies()},
            ("GET", "/config"): lambda body: self.config(),
            ("POST", "/config"): self._control_config,
            ("GET", "/faults"): lambda body: {"faults": self.faults()},
            ("POST", "/faults"): self._control_add_fault,
            ("DELETE", "/faults"): lambda body: self._control_clear_faults(),
        }
        for key in SEED_KEYS:
            routes[("GET", "/" + key)] = lambda body, key=key: {key: self.records(key)}
        name = path[len(CONTROL_PREFIX):].rstrip("/")
        handler = routes.get((method, name))
        if handler is None:
            known = any(route_name == name for _method, route_name in routes)
            return _Reply(405 if known else 404, {"error": "unsupported control request %s %s" % (method, path)})
        try:
            body = None
            if raw:
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError as exc:
                    raise ControlError("request body is not valid JSON") from exc
            return _Reply(200, handler(body))
        except ControlError as exc:
            return _Reply(exc.status, {"error": str(exc)})
        except ApiError as exc:
            return _Reply(400, {"error": str(exc), "errors": exc.errors})
        except ValueError as exc:
            return _Reply(400, {"error": str(exc)})

    def _control_clear_requests(self):
        self.clear_requests()
        return {"requests": []}

    def _control_reset(self):
        self.reset()
        return {"reset": True}

    def _control_seed(self, body):
        if not isinstance(body, dict) or not set(body) & set(SEED_KEYS) or set(body) - set(SEED_KEYS) - {"validate"}:
            raise ControlError('body must be {"policies": [...]} or {"<resource>": [...], ...} with resources among %s'
                               ' (and an optional "validate": true)' % ", ".join(SEED_KEYS))
        data = {key: value for key, value in body.items() if key != "validate"}
        return self.seed_many(data, validate=bool(body.get("validate", False)))

    def _control_config(self, body):
        if not isinstance(body, dict):
            raise ControlError("body must be a JSON object")
        unknown = sorted(set(body) - {"latency_ms", "rate_limit", "id_format"})
        if unknown:
            raise ControlError("unknown config fields: %s" % ", ".join(unknown))
        if "id_format" in body:
            self.set_id_format(body["id_format"])
        if "latency_ms" in body:
            self.set_latency(body["latency_ms"])
        if "rate_limit" in body:
            limit = body["rate_limit"]
            if limit is None:
                self.set_rate_limit(None)
            elif isinstance(limit, dict) and set(limit) <= {"requests", "window_seconds"} and "requests" in limit:
                self.set_rate_limit(limit["requests"], limit.get("window_seconds", DEFAULT_RATE_WINDOW_SECONDS))
            else:
                raise ControlError('rate_limit must be null or {"requests": N, "window_seconds": S}')
        return self.config()

    def _control_add_fault(self, body):
        fault = _Fault(body)
        with self._lock:
            self._faults.append(fault)
        return {"fault": fault.describe(), "faults": self.faults()}

    def _control_clear_faults(self):
        self.clear_faults()
        return {"faults": []}


class _Shutdown(Exception):
    """Raised by the signal handler to leave the serve loop."""


def _raise_shutdown(signum, _frame):
    raise _Shutdown(signum)


def _resource_named(name):
    """The Resource of a resource name or seed key (ValueError for an unknown one)."""
    resource = RESOURCES.get(name) or SEED_KEYS.get(name)
    if resource is None:
        raise ValueError("unknown resource '%s' (known: %s)" % (name, ", ".join(RESOURCES)))
    return resource


def _load_seed_file(path):
    """{seed key: [items]} from a file holding a list of policies or such an object."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data, list):
        data = {"policies": data}
    if not isinstance(data, dict) or not data or set(data) - set(SEED_KEYS):
        raise ValueError('%s must hold a list of policies or {"<resource>": [...], ...} with resources among %s'
                         % (path, ", ".join(SEED_KEYS)))
    return data


def build_parser():
    """The command line parser."""
    env = os.environ
    parser = argparse.ArgumentParser(description="Local emulator of the Cloudflare Email Security settings API "
                                                 "(allow policies, block senders, trusted domains, impersonation registry).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind, 0 picks a free one (default 0)")
    parser.add_argument("--account-id", default=env.get("EMULATOR_ACCOUNT_ID", DEFAULT_ACCOUNT_ID))
    parser.add_argument("--api-token", default=env.get("EMULATOR_API_TOKEN", DEFAULT_API_TOKEN))
    parser.add_argument("--api-email", default=env.get("EMULATOR_API_EMAIL"))
    parser.add_argument("--api-key", default=env.get("EMULATOR_API_KEY"))
    parser.add_argument("--latency-ms", type=float, default=0.0, help="latency added to every API request")
    parser.add_argument("--rate-limit", type=int, default=None, help="API requests allowed per window (default: no limit)")
    parser.add_argument("--rate-window", type=float, default=DEFAULT_RATE_WINDOW_SECONDS, help="rate-limit window in seconds")
    parser.add_argument("--id-format", choices=ID_FORMATS, default="uuid",
                        help="ids of new objects: uuid strings (default) or increasing JSON integers")
    parser.add_argument("--seed", default=None, help="JSON file with records to load at start-up (validation bypassed): a list of "
                                                     "policies, or {\"policies\": [...], \"block_senders\": [...], ...}")
    return parser


def main(argv=None):
    """Command line entry point: print the base URL, serve until SIGTERM/SIGINT, return 0."""
    args = build_parser().parse_args(argv)
    if (args.api_email is None) != (args.api_key is None):
        build_parser().error("--api-email and --api-key must be given together")
    emulator = Emulator(account_id=args.account_id, api_token=args.api_token, api_email=args.api_email,
                        api_key=args.api_key, latency_ms=args.latency_ms, rate_limit=args.rate_limit,
                        rate_window_seconds=args.rate_window, host=args.host, port=args.port, id_format=args.id_format)
    if args.seed:
        emulator.seed_many(_load_seed_file(args.seed))
    signal.signal(signal.SIGTERM, _raise_shutdown)
    signal.signal(signal.SIGINT, _raise_shutdown)
    try:
        url = emulator.start()
        sys.stdout.write(url + "\n")
        sys.stdout.flush()
        while True:
            time.sleep(3600)
    except (_Shutdown, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
