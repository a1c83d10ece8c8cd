# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field and Resource: the descriptor of one emulated collection, and what it does with a request body
(read it, check it, merge it into a record) and with a stored record (the response representation).

Everything that differs between collections is data or a hook of its Resource (the files in families/);
the routes, listing, batch, seeding and controls that use it are shared.
"""

from __future__ import annotations

import re

from .patterns import WRITABLE_PATTERN_TYPES
from .replies import ApiError, json_pointer

READ_ONLY_FIELDS = ("id", "created_at", "modified_at", "last_modified")
LIST_ORDERS = ("pattern", "created_at")
MAX_PATTERN_LENGTH = 1024
MAX_COMMENTS_LENGTH = 1024
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Field:
    """Type rule of one writable field: "bool", "integer" (between minimum and maximum), "enum", "uuid" (a UUID
    string), "string" or "list" (of strings; with choices, of those; min_length to max_length items), optionally
    nullable."""

    def __init__(self, kind, choices=(), min_length=None, max_length=None, nullable=False, refused=None, minimum=None,
                 maximum=None):
        self.kind = kind
        self.choices = choices
        self.min_length = min_length
        self.max_length = max_length
        self.nullable = nullable
        self.refused = refused or {}
        self.minimum = minimum
        self.maximum = maximum

    def but(self, **changes):
        """A copy of this rule with some attributes changed (the same field in another operation's schema)."""
        copy = Field(self.kind)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    def problem(self, value):
        """A message when value does not fit, else None."""
        if value is None and self.nullable:
            return None
        or_null = " or null" if self.nullable else ""
        if self.kind == "bool":
            return None if isinstance(value, bool) else "must be a boolean"
        if self.kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                return "must be an integer" + or_null
            if self.minimum is not None and not self.minimum <= value <= self.maximum:
                return "must be between %d and %d" % (self.minimum, self.maximum)
            return None
        if self.kind == "list":
            if not isinstance(value, list) or not all(isinstance(item, str) and item in (self.choices or (item,)) for item in value):
                return "must be a list of %s" % (", ".join(self.choices) or "strings")
            if len(value) < (self.min_length or 0):
                return "must have at least %d item(s)" % self.min_length
            return "must have at most %d item(s)" % self.max_length if self.max_length is not None and len(value) > self.max_length else None
        if self.kind == "uuid":
            return None if isinstance(value, str) and UUID_RE.match(value) else "must be a UUID string" + or_null
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


# Field rules several families share.
BOOLEAN = Field("bool")
PATTERN = Field("string", min_length=1, max_length=MAX_PATTERN_LENGTH)
PATTERN_TYPE = Field("enum", WRITABLE_PATTERN_TYPES, refused={"UNKNOWN": "pattern_type UNKNOWN is deprecated and cannot be set"})
COMMENTS = Field("string", max_length=MAX_COMMENTS_LENGTH, nullable=True)


class Resource:
    """Descriptor of one emulated collection under /accounts/{account_id}/email-security/settings/."""

    def __init__(self, name, label, fields, required, seed_key=None, aliases=None, record_check=None, check_on=(),
                 orders=LIST_ORDERS, choice_filters=None, exact_filters=(), boolean_filters=(), search_fields=(),
                 batch=True, locked=None, on_create=None, last_modified=True, patch_fields=None, put=None, immutable=(),
                 server_fields=(), seed_only=(), on_seed=None, null_defaults=None, unique=None, filters=None,
                 collection_delete=False, subresources=None):
        self.name = name  # URL segment
        self.label = label  # in "<label> <id> not found"
        self.fields = fields  # writable field name -> Field, in response order (the rules of create)
        self.required = required  # on create, batch posts and (without put) batch puts
        self.seed_key = seed_key or name  # key of /__emulator__/seed and path of GET /__emulator__/<seed_key>
        self.aliases = dict(aliases or {})  # deprecated request name -> current name
        self.mirrors = {new: old for old, new in self.aliases.items()}  # responses carry both names, same value
        self.record_check = record_check  # record -> (field, message) or None, run on the whole (merged) record
        self.check_on = check_on  # a PATCH runs record_check only when it sets one of these fields
        self.orders = orders  # values of the order list parameter
        self.choice_filters = dict(choice_filters or {})  # list filter -> allowed values (exact match)
        self.exact_filters = exact_filters  # free string list filters (exact, case-sensitive match)
        self.boolean_filters = boolean_filters  # list filters taking true / false
        self.filters = dict(filters or {})  # list filter -> listing.QueryFilter, for what the kinds above do not cover
        self.search_fields = search_fields  # fields the search parameter looks into
        self.batch = batch  # has POST .../batch (a tuple: only these of its arrays, such as ("deletes",))
        self.locked = locked  # record -> True when PATCH and DELETE are refused
        self.on_create = on_create  # (record, request body, context) -> None: fills what the server sets on a create
        self.last_modified = last_modified  # responses mirror modified_at as the deprecated last_modified
        self.patch_fields = patch_fields or fields  # field name -> Field of a PATCH (and batch patches)
        self.put = put  # (fields, required) of PUT .../{id} and batch puts; None: no PUT, batch puts take the create rules
        self.immutable = immutable  # fields a create sets and no PATCH or PUT may carry
        self.server_fields = server_fields  # read-only fields the server sets: answered, seedable, refused in writes
        self.seed_only = seed_only  # keys a seed item may carry for on_seed, never stored as they are
        self.on_seed = on_seed  # (record, {server field or seed-only key: value} of the item, context) -> None
        self.null_defaults = dict(null_defaults or {})  # nullable create field -> the value stored when null or left out
        self.unique = unique  # a field no two records may share (compared in lower case)
        self.collection_delete = collection_delete  # has DELETE of the collection (a body [{"id"}, ...])
        self.subresources = dict(subresources or {})  # GET .../{id}/<name> -> (record, context) -> (status, result)

    def defaults(self, rules=None, required=None):
        """Values of the fields a create (or a PUT, by its rules) leaves out: the optional nullable ones are null
        (fill_nulls then puts the null_defaults in)."""
        required = self.required if required is None else required
        return {name: None for name, field in (rules or self.fields).items() if field.nullable and name not in required}

    def fill_nulls(self, record):
        """Put the null_defaults where record holds null."""
        for name, value in self.null_defaults.items():
            if record.get(name, value) is None:
                record[name] = value

    def parse(self, body, prefix="", check_types=True, rules=None):
        """Turn a request body into {current field name: value} (by the field rules given, by default the create's).

        Read-only fields are ignored, deprecated names are mapped to the current ones, unknown fields (server and
        immutable fields among them) are refused.  Raises ApiError (400) listing every problem.
        """
        if not isinstance(body, dict):
            raise ApiError.invalid([(prefix, "must be a JSON object")])
        rules = rules or self.fields
        problems = []
        fields = {}
        for key, value in body.items():
            pointer = json_pointer(prefix, key)
            if key in READ_ONLY_FIELDS:
                continue
            name = self.aliases.get(key, key)
            if name not in rules:
                problems.append((pointer, self.refusal(key)))
                continue
            problem = rules[name].problem(value) if check_types else None
            if problem:
                problems.append((pointer, problem))
                continue
            if name in fields and fields[name] != value:
                deprecated = self.mirrors[name]
                problems.append((json_pointer(prefix, deprecated), "'%s' conflicts with '%s'" % (deprecated, name)))
                continue
            fields[name] = value
        if problems:
            raise ApiError.invalid(problems)
        return fields

    def refusal(self, key):
        """Why a body may not carry key."""
        if key in self.immutable:
            return "'%s' is immutable and cannot be changed" % key
        if key in self.server_fields:
            return "'%s' is read-only (set by the server)" % key
        return "unknown field '%s'" % key

    def check_record(self, record, prefix):
        """Run record_check on a whole record; raises ApiError (400) pointing at the field at fault."""
        problem = self.record_check(record) if self.record_check else None
        if problem:
            raise ApiError.invalid([(json_pointer(prefix, problem[0]), problem[1])])

    def validate_create(self, body, prefix="", replace=False):
        """Validate a create body (POST, batch posts), or with replace a PUT body (PUT, batch puts: the put rules, or
        without them the create rules); returns the writable fields, those left out with their defaults."""
        rules, required = self.put if replace and self.put else (self.fields, self.required)
        fields = self.parse(body, prefix, rules=rules)
        missing = [(json_pointer(prefix, name), "required field is missing") for name in required if name not in fields]
        if missing:
            raise ApiError.invalid(missing)
        self.check_record(fields, prefix)
        for name, value in self.defaults(rules, required).items():
            fields.setdefault(name, value)
        self.fill_nulls(fields)
        return fields

    def merge_update(self, existing, body, prefix=""):
        """Validate a PATCH body against an existing record; returns the merged (not yet stored) record."""
        fields = self.parse(body, prefix, rules=self.patch_fields)
        if not fields:
            raise ApiError.invalid([(prefix, "at least one writable property is required")])
        merged = dict(existing)
        merged.update(fields)
        if any(name in fields for name in self.check_on):
            self.check_record(merged, prefix)
        return merged

    def present(self, record):
        """The response representation of a stored record (deprecated names mirrored)."""
        out = {"id": record["id"]}
        for name in self.fields:
            if name in record:
                out[name] = record[name]
        for name in self.server_fields:
            if name in record:
                out[name] = record[name]
        out["created_at"] = record["created_at"]
        if record["modified_at"] is not None:  # None: seeded with "modified_at": null, as answers recorded in April 2025
            out["modified_at"] = record["modified_at"]
            if self.last_modified:
                out["last_modified"] = record["modified_at"]
        for new, old in self.mirrors.items():
            if new in record:
                out[old] = record[new]
        return out
