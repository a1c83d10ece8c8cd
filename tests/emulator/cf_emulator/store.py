# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The records of every emulated collection and what the API does with them, the same for every Resource:
list, get, create, patch, delete, batch and seed; ids in either format; strictly increasing timestamps."""

from __future__ import annotations

import datetime
import uuid

from .families import RESOURCES, SEED_KEYS
from .listing import DIGITS_RE, ListQuery
from .replies import CODE_DIRECTORY_SYNCED, CODE_DUPLICATE, CODE_NOT_FOUND, ApiError, json_pointer

# How new objects are identified: "uuid" strings (the published schema), or "integer": increasing JSON integers, as
# real accounts answered in 2025 (trusted domain 28083, registry entry 12444788; docs/emulator.md, "Id formats").
ID_FORMATS = ("uuid", "integer")
FIRST_INTEGER_ID = 28083
BATCH_KEYS = ("deletes", "patches", "puts", "posts")
BATCH_MAX_ITEMS = 1000


def format_ts(value):
    """RFC 3339 in UTC with microseconds and Z."""
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(value):
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


def not_found(resource, record_id, pointer=None, status=404):
    """The error for an unknown id (400 inside a batch)."""
    return ApiError.single(status, CODE_NOT_FOUND, "%s %s not found" % (resource.label, record_id), pointer)


def refuse_locked(resource, record, action):
    """Directory-synced impersonation entries: 400 code 1003 (status and code are choices, docs/emulator.md)."""
    if resource.locked and resource.locked(record):
        raise ApiError.single(400, CODE_DIRECTORY_SYNCED, "%s %s is synced from a directory and cannot be %s"
                              % (resource.label, record["id"], action))


def duplicate_of(resource, work, value):
    """The record of work whose unique field equals value in lower case, or None."""
    if not resource.unique or not isinstance(value, str):
        return None
    for record in work.values():
        other = record.get(resource.unique)
        if isinstance(other, str) and other.lower() == value.lower():
            return record
    return None


def refuse_duplicate(resource, work, fields, prefix):
    """A create of a unique value that a record holds already: 400 code 1004 (a choice, docs/emulator.md)."""
    value = fields.get(resource.unique) if resource.unique else None
    other = duplicate_of(resource, work, value)
    if other is not None:
        raise ApiError.single(400, CODE_DUPLICATE, "%s %s already exists (id %s)" % (resource.label, value, other["id"]),
                              json_pointer(prefix, resource.unique))


class Store:
    """The records of every Resource in RESOURCES, keyed by the string form of their id, in creation order.

    ``lock`` (re-entrant) guards them; the Emulator shares it with the rest of its state.
    """

    def __init__(self, lock, id_format="uuid", domain_verification_reads=0):
        self._lock = lock
        self._last_ts = None
        self._id_format = "uuid"
        self.set_id_format(id_format)
        self.domain_verification_reads = 0
        self.set_domain_verification_reads(domain_verification_reads)
        self.clear()

    def clear(self):
        """Forget every record; integer ids start again at FIRST_INTEGER_ID."""
        with self._lock:
            self._records = {name: {} for name in RESOURCES}
            self._next_integer_id = FIRST_INTEGER_ID

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

    def set_domain_verification_reads(self, reads):
        """How many verification reads a domain created through the API answers PENDING before it is verified (0: it
        is verified at once); records stored keep their state."""
        if isinstance(reads, bool) or not isinstance(reads, int) or reads < 0:
            raise ValueError("domain_verification_reads must be an integer >= 0")
        with self._lock:
            self.domain_verification_reads = reads

    def _context(self, now=None):
        """What the hooks of a Resource may read: the time of the request, the configuration."""
        return {"now": now or self._now(), "domain_verification_reads": self.domain_verification_reads}

    def _now(self):
        """A fresh timestamp, strictly increasing so creation order is a total order."""
        with self._lock:
            now = datetime.datetime.now(datetime.timezone.utc)
            if self._last_ts is not None and now <= self._last_ts:
                now = self._last_ts + datetime.timedelta(microseconds=1)
            self._last_ts = now
            return format_ts(now)

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

    def _new_record(self, resource, work, fields, body, prefix=""):
        """A created record (POST, batch posts): a new id, the fields, what the server sets, both timestamps."""
        refuse_duplicate(resource, work, fields, prefix)
        now = self._now()
        record = {"id": self._new_id(work)}
        record.update(fields)
        if resource.on_create:
            resource.on_create(record, body, self._context(now))
        record["created_at"] = now
        record["modified_at"] = now
        work[str(record["id"])] = record
        return resource.present(record)

    # ----- seeding -----------------------------------------------------------------------------------------------

    def records(self, resource):
        """Every stored record of a resource, as the API would return it, in creation order."""
        with self._lock:
            return [resource.present(record) for record in self._records[resource.name].values()]

    def seed(self, data, validate=False):
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
            return {key: [SEED_KEYS[key].present(record) for record in records] for key, records in created.items()}

    def _seed_one(self, resource, item, index, work, validate):
        where = "%s[%d]" % (resource.seed_key, index)
        if not isinstance(item, dict):
            raise ValueError("%s must be an object" % where)
        record_id = item.get("id")
        if record_id is None:
            record_id = self._new_id(work)
        elif isinstance(record_id, bool) or not isinstance(record_id, (str, int)):
            raise ValueError("%s.id must be a string or an integer" % where)
        elif self._id_format == "integer" and isinstance(record_id, str) and DIGITS_RE.match(record_id):
            record_id = int(record_id)  # integer mode: every answer carries ids as JSON integers
        if str(record_id) in work:
            raise ValueError("%s.id %s already exists" % (where, record_id))
        extras = {key: value for key, value in item.items() if key in resource.server_fields + resource.seed_only}
        body = {key: value for key, value in item.items() if key not in extras}
        if validate:
            fields = resource.validate_create(body, "/%s/%d" % (resource.seed_key, index))
        else:
            try:
                fields = resource.parse(body, check_types=False)
            except ApiError as exc:
                raise ValueError("%s: %s" % (where, exc)) from exc
        other = duplicate_of(resource, work, fields.get(resource.unique) if resource.unique else None)
        if other is not None:
            raise ValueError("%s.%s %s already exists (id %s)" % (where, resource.unique, fields[resource.unique], other["id"]))
        try:
            created_at = format_ts(parse_ts(item["created_at"])) if item.get("created_at") else self._now()
            modified = item.get("modified_at") or item.get("last_modified")
            modified_at = format_ts(parse_ts(modified)) if modified else created_at
            if "modified_at" in item and item["modified_at"] is None and not item.get("last_modified"):
                modified_at = None  # answered without modified_at (until the next write), as recorded in April 2025
        except ValueError as exc:
            raise ValueError("%s: invalid timestamp: %s" % (where, exc)) from exc
        for name, value in resource.defaults().items():
            fields.setdefault(name, value)
        resource.fill_nulls(fields)
        record = {"id": record_id}
        record.update(fields)
        record.update((key, value) for key, value in extras.items() if key in resource.server_fields)
        if resource.on_seed:
            try:
                resource.on_seed(record, extras, self._context(created_at))
            except ValueError as exc:
                raise ValueError("%s: %s" % (where, exc)) from exc
        record["created_at"] = created_at
        record["modified_at"] = modified_at
        return record

    # ----- the API operations ------------------------------------------------------------------------------------

    def list(self, resource, query):
        """GET of a collection: (the records of the page as the API shows them, result_info)."""
        params = ListQuery(query, resource)
        with self._lock:
            everything = list(self._records[resource.name].values())
        page = [resource.present(record) for record in params.page_of(everything)]
        return page, {"count": len(page), "page": params.page, "per_page": params.per_page, "total_count": len(everything)}

    def get(self, resource, record_id):
        """GET of one record."""
        with self._lock:
            record = self._records[resource.name].get(record_id)
            if record is None:
                raise not_found(resource, record_id)
            return resource.present(record)

    def create(self, resource, body):
        """POST of a collection."""
        fields = resource.validate_create(body)
        with self._lock:
            return self._new_record(resource, self._records[resource.name], fields, body)

    def patch(self, resource, record_id, body):
        """PATCH of one record: the full updated record."""
        with self._lock:
            records = self._records[resource.name]
            existing = records.get(record_id)
            if existing is None:
                raise not_found(resource, record_id)
            refuse_locked(resource, existing, "updated")
            merged = resource.merge_update(existing, body)
            merged["modified_at"] = self._now()
            records[record_id] = merged
            return resource.present(merged)

    def put(self, resource, record_id, body):
        """PUT of one record: every writable field replaced (those left out get their defaults)."""
        with self._lock:
            records = self._records[resource.name]
            existing = records.get(record_id)
            if existing is None:
                raise not_found(resource, record_id)
            return self._replace(resource, records, existing, body, "")

    def subresource(self, resource, record_id, name):
        """GET .../{id}/<name>: (status, result or None), by the Resource's hook (which may change the record)."""
        with self._lock:
            record = self._records[resource.name].get(record_id)
            if record is None:
                raise not_found(resource, record_id)
            return resource.subresources[name](record, self._context())

    def delete_many(self, resource, body):
        """DELETE of the collection (deprecated where it exists): [{"id"}, ...], all or nothing; [{"id"}, ...]."""
        if not isinstance(body, list) or not body:
            raise ApiError.invalid([("", "must be a non-empty array of {\"id\": ...}")])
        with self._lock:
            work = dict(self._records[resource.name])
            result = [self._batch_delete(resource, work, item, "/%d" % index) for index, item in enumerate(body)]
            self._records[resource.name] = work
            return result

    def delete(self, resource, record_id):
        """DELETE of one record: {"id": ...}."""
        with self._lock:
            records = self._records[resource.name]
            if record_id not in records:
                raise not_found(resource, record_id)
            refuse_locked(resource, records[record_id], "deleted")
            deleted = records.pop(record_id)
            return {"id": deleted["id"]}

    # ----- batch -------------------------------------------------------------------------------------------------

    def batch(self, resource, body):
        """POST .../batch: deletes, patches, puts, posts in that order against a copy kept only if every item succeeds."""
        problems = []
        keys = resource.batch if isinstance(resource.batch, tuple) else BATCH_KEYS  # a tuple: the arrays it takes
        for key in body:
            if key not in keys:
                problems.append(("/" + key, "unknown field '%s'" % key))
        for key in keys:
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
            steps = {"deletes": self._batch_delete, "patches": self._batch_patch, "puts": self._batch_put, "posts": self._batch_post}
            result = {key: [steps[key](resource, work, item, "/%s/%d" % (key, index)) for index, item in enumerate(body[key])]
                      for key in keys}
            self._records[resource.name] = work
            return result

    def _batch_target(self, resource, work, item, prefix):
        """Check the id of a batch item and return the existing record."""
        if not isinstance(item, dict):
            raise ApiError.invalid([(prefix, "must be a JSON object")])
        if "id" not in item:
            raise ApiError.invalid([(prefix + "/id", "required field is missing")])
        record_id = item["id"]
        integer = self._id_format == "integer" and isinstance(record_id, int) and not isinstance(record_id, bool)
        if not isinstance(record_id, str) and not integer:
            raise ApiError.invalid([(prefix + "/id", "must be a string" + (" or an integer" if self._id_format == "integer" else ""))])
        if str(record_id) not in work:
            raise not_found(resource, record_id, prefix + "/id", status=400)
        return work[str(record_id)]

    def _batch_delete(self, resource, work, item, prefix):
        existing = self._batch_target(resource, work, item, prefix)
        extra = [key for key in item if key != "id"]
        if extra:
            raise ApiError.invalid([(json_pointer(prefix, key), "unknown field '%s'" % key) for key in extra])
        del work[str(existing["id"])]
        return {"id": existing["id"]}

    def _batch_patch(self, resource, work, item, prefix):
        existing = self._batch_target(resource, work, item, prefix)
        merged = resource.merge_update(existing, item, prefix)
        merged["modified_at"] = self._now()
        work[str(merged["id"])] = merged
        return resource.present(merged)

    def _batch_put(self, resource, work, item, prefix):
        return self._replace(resource, work, self._batch_target(resource, work, item, prefix), item, prefix)

    def _replace(self, resource, work, existing, body, prefix):
        """PUT and batch puts: the writable fields of the PUT rules replaced, everything else kept (id, created_at,
        the fields outside the rules such as an immutable one, what the server set)."""
        rules = resource.put[0] if resource.put else resource.fields
        record = {key: value for key, value in existing.items() if key not in rules}
        record.update(resource.validate_create(body, prefix, replace=True))
        record["modified_at"] = self._now()
        work[str(record["id"])] = record
        return resource.present(record)

    def _batch_post(self, resource, work, item, prefix):
        return self._new_record(resource, work, resource.validate_create(item, prefix), item, prefix)
