# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The engine behind every Email Security settings module.

A :class:`Resource` describes one kind of object (allow policy, block sender, ...): its
fields, its natural key, and how values compare. The planner is pure (no I/O): given what
the user wants and what exists, :func:`plan` decides, for each wanted object, whether to
create, update (with exactly the changed fields) or delete it (and, with ``purge``, which
other objects to delete), and builds the before/after views used for the diff and for check
mode. :func:`fetch` reads what exists with as few requests as possible, :func:`execute`
sends the writes. A module managing one object is the N = 1 case of the same planner.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from urllib.parse import quote

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import CloudflareError

NO_ROUTE_CODE = 7003


class PlanError(Exception):
    """What the user asked for cannot be planned (ambiguous match, unknown id, bad input)."""

    def __init__(self, message, **details):
        super().__init__(message)
        self.message = message
        self.details = details


@dataclass(frozen=True)
class Field:
    """One writable field of a resource.

    ``kind`` is ``bool`` or ``str``. ``create_default`` is sent on create when the user did
    not set the field (``None``: the field is left out). ``deprecated`` is the field's
    deprecated twin that the API mirrors in responses; it is read when the new name is
    missing and never sent.
    """

    name: str
    kind: str
    create_default: object = None
    deprecated: str | None = None
    blank_is_none: bool = False

    def read(self, obj):
        """The value in an API object, with a missing bool read as false, a null string as ''."""
        value = obj.get(self.name)
        if value is None and self.deprecated:
            value = obj.get(self.deprecated)
        if self.kind == 'bool':
            return bool(value)
        if value is None and self.blank_is_none:
            return ''
        return value


def _identity(name, value, obj):  # pylint: disable=unused-argument
    return value


@dataclass(frozen=True)
class Resource:
    """A descriptor of one kind of Email Security object; see ``_allow_policy.py``."""

    name: str
    collection_path: str
    fields: tuple
    key_fields: tuple
    key_qualifiers: tuple = ()
    compare_form: object = _identity
    describe: object = None
    list_filter: tuple = ()
    deprecated_response_fields: tuple = ()
    field_names: tuple = dc_field(init=False)

    def __post_init__(self):
        object.__setattr__(self, 'field_names', tuple(f.name for f in self.fields))

    def field(self, name):
        return next(f for f in self.fields if f.name == name)

    def view(self, obj):
        """The managed fields of an API object (plus ``id``), values read as compared."""
        if not obj:
            return {}
        view = {'id': obj['id']} if obj.get('id') is not None else {}
        for fld in self.fields:
            view[fld.name] = fld.read(obj)
        return view

    def public(self, obj):
        """An API object as modules return it: without the deprecated duplicate fields."""
        if not obj:
            return {}
        return dict((k, v) for k, v in obj.items() if k not in self.deprecated_response_fields)

    def same(self, name, left, right, context):
        """Whether two values of field ``name`` mean the same, ``context`` being the object they belong to."""
        fld = self.field(name)
        if fld.kind == 'bool':
            return bool(left) == bool(right)
        if fld.blank_is_none:
            left, right = left or '', right or ''
        return self.compare_form(name, left, context) == self.compare_form(name, right, context)

    def matches(self, wanted, obj):
        """Whether existing ``obj`` has the natural key of ``wanted``, compared in the existing object's terms.

        A ``key_qualifiers`` field (such as ``is_regex``) must be equal too; one the user did not set
        counts as its ``create_default`` (an unset ``is_regex`` designates plain patterns only).
        """
        view = self.view(obj)
        for name in self.key_qualifiers:
            qualifier = wanted.get(name)
            if qualifier is None:
                qualifier = self.field(name).create_default
            if not self.same(name, view.get(name), qualifier, view):
                return False
        return all(self.same(name, view.get(name), wanted.get(name), view) for name in self.key_fields)

    def create_body(self, wanted):
        body = {}
        for fld in self.fields:
            if wanted.get(fld.name) is not None:
                body[fld.name] = wanted[fld.name]
            elif fld.create_default is not None:
                body[fld.name] = fld.create_default
        return body

    def title(self, obj):
        text = self.describe(obj) if self.describe else ''
        if obj.get('id'):
            text = '{0} {1}'.format(obj['id'], text).strip()
        return '{0} {1}'.format(self.name, text).strip()


@dataclass
class Change:
    """What to do for one wanted object: ``action`` is create, update, delete or None."""

    action: str | None
    current: dict | None
    body: dict | None = None
    before: dict = dc_field(default_factory=dict)
    after: dict = dc_field(default_factory=dict)

    @property
    def changed(self):
        return self.action is not None

    @property
    def id(self):
        return (self.current or {}).get('id')


def _id_key(value):
    """Ids are opaque strings (UUIDs now, integers once), compared without regard to case."""
    return str(value).lower()


def find(resource, wanted, existing):
    """The existing objects that ``wanted`` designates: by ``id`` if given, else by natural key."""
    if wanted.get('id') is not None:
        return [obj for obj in existing if _id_key(obj.get('id')) == _id_key(wanted['id'])]
    return [obj for obj in existing if resource.matches(wanted, obj)]


def _effective(resource, current, wanted):
    """The object's managed fields after applying what the user set (compare-ready values)."""
    merged = resource.view(current) if current else {}
    for name in resource.field_names:
        if wanted.get(name) is not None:
            merged[name] = wanted[name]
    return merged


def plan_one(resource, wanted, existing, state='present'):
    """The :class:`Change` for one wanted object among ``existing`` objects.

    ``wanted`` holds only the fields the user set (and optionally ``id``). Raises
    :class:`PlanError` when the wanted object matches several existing ones, or names an
    ``id`` that does not exist with ``state=present``.
    """
    matches = find(resource, wanted, existing)
    if len(matches) > 1:
        ids = ', '.join(sorted(str(obj.get('id')) for obj in matches))
        raise PlanError('{0} {1} matches {2} existing objects ({3}): set id to choose one.'.format(
            resource.name, resource.describe(wanted) if resource.describe else '', len(matches), ids), ids=ids)
    current = matches[0] if matches else None
    if state == 'absent':
        if current is None:
            return Change(None, None)
        return Change('delete', current, before=resource.view(current), after={})
    if current is None:
        if wanted.get('id') is not None:
            raise PlanError('No {0} has id {1}: it may have been deleted. Remove id to create a new one from '
                            'pattern and pattern_type.'.format(resource.name, wanted['id']), id=str(wanted['id']))
        body = resource.create_body(wanted)
        return Change('create', None, body=body, before={}, after=resource.view(body))
    before = resource.view(current)
    after = _effective(resource, current, wanted)
    body = dict((name, wanted[name]) for name in resource.field_names
                if wanted.get(name) is not None and not resource.same(name, before.get(name), wanted[name], after))
    if not body:
        return Change(None, current, before=before, after=before)
    for name in resource.field_names:
        if name not in body:
            after[name] = before[name]
    return Change('update', current, body=body, before=before, after=after)


def plan(resource, wanted_items, existing, purge=False):
    """The changes that bring ``existing`` to what ``wanted_items`` describe, in their order.

    ``wanted_items`` is a list of ``(wanted, state)`` pairs, each planned by :func:`plan_one`
    against the same ``existing`` objects. Two items that designate the same existing object
    are a :class:`PlanError`. With ``purge``, every existing object that no item designates is
    deleted, after the changes of the items.
    """
    changes, claimed = [], {}
    for index, (wanted, state) in enumerate(wanted_items):
        change = plan_one(resource, wanted, existing, state)
        if change.current is not None:
            key = _id_key(change.id)
            if key in claimed:
                raise PlanError('Items {0} and {1} both designate {2} {3}: keep one of them.'.format(
                    claimed[key] + 1, index + 1, resource.name, change.id), id=change.id)
            claimed[key] = index
        changes.append(change)
    if purge:
        changes.extend(Change('delete', obj, before=resource.view(obj), after={})
                       for obj in existing if _id_key(obj.get('id')) not in claimed)
    return changes


def predict(resource, change):
    """The API object a real run would return, as far as it can be known without writing: without the
    fields only the server sets on the write (the id and timestamps of a new object, ``modified_at`` of an update)."""
    if change.action == 'delete':
        return {}
    if change.action == 'create':
        return dict(change.body)
    merged = dict(resource.public(change.current))
    merged.update(change.body or {})
    merged.pop('modified_at', None)  # the server sets it on the write: not known before
    return merged


def diff(resource, change):
    """The before/after diff of one change: the managed fields (and id), ``{}`` for an object that does not exist."""
    nothing = 'no {0}'.format(resource.name)
    return dict(
        before=change.before,
        after=change.after,
        before_header=resource.title(change.before) if change.before else nothing,
        after_header=resource.title(change.after) if change.after else nothing,
    )


def execute(client, resource, base_path, change):
    """Send the write of one change and return the object as the API answered (``{}`` once deleted).

    A DELETE answered 404 means someone else deleted the object meanwhile; it counts as done.
    """
    if change.action == 'create':
        return _object(client.post(base_path, change.body), 'POST', base_path)
    item_path = '{0}/{1}'.format(base_path, quote(str(change.id), safe=''))
    if change.action == 'update':
        return _object(client.patch(item_path, change.body), 'PATCH', item_path)
    if change.action == 'delete':
        try:
            client.delete(item_path)
        except CloudflareError as exc:
            if exc.status != 404:
                raise
        return {}
    raise ValueError('nothing to execute for a change without action')


def fetch(client, resource, base_path, wanted):
    """The existing objects ``wanted`` may designate, read with as few requests as possible.

    With an ``id``: one GET (a 404 means there is none). Otherwise: the collection, narrowed
    on the server by the resource's ``list_filter`` fields, 1000 per page; the natural key is
    matched on the client by :func:`find`, since the server's ``pattern`` filter has no
    documented case rules.
    """
    if wanted.get('id') is not None:
        item_path = '{0}/{1}'.format(base_path, quote(str(wanted['id']), safe=''))
        try:
            return [_object(client.get(item_path), 'GET', item_path)]
        except CloudflareError as exc:
            if exc.status == 404 and not any(err.get('code') == NO_ROUTE_CODE for err in exc.errors):
                return []
            raise
    params = dict((name, wanted[name]) for name in resource.list_filter if wanted.get(name) is not None)
    items = [_object(item, 'GET', base_path) for item in client.list_all(base_path, params=params, order='created_at', direction='asc')]
    for item in items:  # the server filtered on these: an object that leaves them out has them
        for name, value in params.items():
            if item.get(name) is None:
                item[name] = value
    return items


def _object(result, method, path):
    """``result`` if it is an API object (a dict with an ``id``), else a :class:`CloudflareError`."""
    if isinstance(result, dict) and result.get('id') is not None:
        return result
    raise CloudflareError('Cloudflare answered {0} {1} with a result that is not an object with an id: {2!r:.200}'.format(method, path, result),
                          method=method, path=path)
