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

import json
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


def caseless(field, regex_flag, plural):
    """``(compare_form, spelling)`` for a resource whose key ``field`` compares without regard to case, unless the
    object's ``regex_flag`` makes it a regular expression (compared exactly); ``plural`` names such values ('domains')."""

    def compare_form(name, value, obj):
        if name == field and value is not None and not obj.get(regex_flag):
            return value.lower()
        return value

    def spelling(name, stored):
        return '{0} compare without regard to case'.format(plural) if name == field and not stored.get(regex_flag) else None

    return compare_form, spelling


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
    order_by: tuple = ()
    has_batch: bool = True
    locked: object = None
    # The options that state=absent does not use (it designates the object by its key, or id, alone); a task that
    # sets them is warned (:func:`notes`).
    ignored_when_absent: tuple = ()
    # ``spelling(name, stored)``: why a value of key field ``name`` that differs from the ``stored`` object's yet
    # compares equal is the same (such as 'domains compare without regard to case'), or None if it compares exactly.
    spelling: object = None
    # What the warnings of a task call one object, where the module's name already says which kind it is
    # ('policy' for 'allow policy'); empty: the name.
    short_name: str = ''
    # ``(name, value)`` pairs that the API answers a create with, for fields the create does not send (such as the
    # directory fields of a manual registry entry): check mode predicts them.
    created_with: tuple = ()
    field_names: tuple = dc_field(init=False)
    _by_name: dict = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, 'field_names', tuple(f.name for f in self.fields))
        object.__setattr__(self, '_by_name', dict((f.name, f) for f in self.fields))

    @property
    def a_name(self):
        """The name with its indefinite article: 'an allow policy', 'a block sender'."""
        return '{0} {1}'.format('an' if self.name[:1] in 'aeiou' else 'a', self.name)

    def field(self, name):
        return self._by_name[name]

    def lock_reason(self, obj):
        """Why ``obj`` cannot be changed through the API (such as an entry synced from a directory), or None."""
        return self.locked(obj) if self.locked and obj else None

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
        if left == right:  # equal values have equal compare forms: the common case of a set that is applied again
            return True
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

    def identity(self, obj):
        """What makes ``obj`` (an API object or a wanted one) the object it is: its natural key, qualifiers
        included, in compare form. Two objects with the same identity are the same object to the user."""
        view = self.view(obj)
        view.pop('id', None)
        return tuple(self.compare_form(name, view.get(name), view) for name in self.key_fields + self.key_qualifiers)

    def export(self, obj, include_ids=False):
        """``obj`` in the input shape of the set module: every managed field, explicit, in field order
        (with ``include_ids``, ``id`` first; never the read-only fields, which the set module does not take)."""
        view = self.view(obj)
        shaped = dict((name, view[name]) for name in self.field_names)
        if include_ids and obj.get('id') is not None:
            shaped = dict(id=obj['id'], **shaped)
        return shaped

    def sort_key(self, obj):
        """The order in which sets are listed and diffed: ``order_by`` (else the key), then the id."""
        view = self.view(obj)
        return tuple(str(view.get(name)) for name in self.order_by or self.key_fields) + (_id_order(obj.get('id')),)

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
    index: int | None = None
    reason: str | None = None

    @property
    def changed(self):
        return self.action is not None

    @property
    def id(self):
        return (self.current or {}).get('id')


def id_problem(resource, raw_id):
    """Why ``raw_id`` (the option ``id``) cannot be the id of a ``resource`` object (None when it can, or is not set).

    A string or an integer: Cloudflare documents UUID strings, and accounts answered with integers in 2025."""
    if raw_id is None:
        return None
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or str(raw_id) == '':
        return 'id must be the identifier of {0} (a UUID string, or an integer), got {1!r}.'.format(resource.a_name, raw_id)
    return None


def key_problems(resource, wanted):
    """What is missing from ``wanted`` to designate an object: its key fields, unless it has an id."""
    if wanted.get('id') is not None or all(wanted.get(name) is not None for name in resource.key_fields):
        return []
    fields = ('both ' if len(resource.key_fields) == 2 else '') + ' and '.join(resource.key_fields)
    return ['Set {0} to identify the {1}, or set id.'.format(fields, resource.name)]


def form_flag(wanted, state, flag):
    """The value of the flag ``flag`` (such as ``is_regex``) to check the form of the key with, before any request.

    What the user set; unset without an id, false (a plain value, as a create sends it). None, meaning no check
    now: with ``state=absent`` (only the key counts), or with an id and the flag unset (the stored object decides,
    and the resource's ``update_problems`` check the result).
    """
    if state != 'present':
        return None
    return wanted.get(flag, None if 'id' in wanted else False)


def notes(resource, wanted, state, change):
    """The warnings for one wanted object: the options that ``state=absent`` ignores (``ignored_when_absent``), and
    key values that designate the stored object but are spelled differently (``spelling``): such a value is not sent,
    so the object keeps its spelling; Cloudflare does not document whether it would keep another one, so a write of a
    spelling alone could repeat on every run."""
    found = []
    ignored = [name for name in resource.ignored_when_absent if wanted.get(name) is not None] if state == 'absent' else []
    if ignored:
        found.append('state=absent deletes the {0}: {1} {2} ignored (they only matter with state=present).'.format(
            resource.short_name or resource.name, ', '.join(ignored), 'is' if len(ignored) == 1 else 'are'))
    current = change.current
    if not current or change.action == 'delete' or not resource.spelling:
        return found
    stored = resource.view(current)
    for name in resource.key_fields:
        value = wanted.get(name)
        why = resource.spelling(name, stored)
        if value is None or value == stored.get(name) or name in (change.body or {}) or not why:
            continue
        found.append('{0} {1!r} is the stored {2!r} spelled differently ({3}), so it was not sent and the {4} keeps {2!r}. '
                     'Write the {0} as stored to silence this; to store another spelling, remove the {4} (state=absent) and '
                     'create it again.'.format(name, value, stored.get(name), why, resource.short_name or resource.name))
    return found


def _id_key(value):
    """Ids are opaque strings (UUIDs now, integers once), compared without regard to case."""
    return str(value).lower()


def _id_order(value):
    """The order of ids: none first, then integer ids (or their decimal form) by value, then the others as strings;
    so 9 comes before 10 whether the API answers it as an integer or a string."""
    if value is None or value == '':
        return (0, 0, '')
    key = _id_key(value)
    return (1, int(key), '') if key.isascii() and key.isdigit() else (2, 0, key)


class Index:
    """``existing`` objects looked up by id and by :meth:`Resource.identity`, so that planning N items
    against N objects costs N lookups, not N * N comparisons."""

    def __init__(self, resource, existing):
        self.by_id, self.by_identity = {}, {}
        for obj in existing:
            self.by_id.setdefault(_id_key(obj.get('id')), []).append(obj)
            self.by_identity.setdefault(resource.identity(obj), []).append(obj)


def find(resource, wanted, existing, index=None):
    """The existing objects that ``wanted`` designates: by ``id`` if given, else by natural key.

    With an :class:`Index` of ``existing``, only the objects of the same identity are compared
    (:meth:`Resource.matches` still decides).
    """
    index = index or Index(resource, existing)
    if wanted.get('id') is not None:
        return list(index.by_id.get(_id_key(wanted['id']), []))
    return [obj for obj in index.by_identity.get(resource.identity(wanted), []) if resource.matches(wanted, obj)]


def _effective(resource, current, wanted):
    """The object's managed fields after applying what the user set (compare-ready values)."""
    merged = resource.view(current) if current else {}
    for name in resource.field_names:
        if wanted.get(name) is not None:
            merged[name] = wanted[name]
    return merged


def age_order(obj):
    """The order of objects by age: created first (``created_at``), then the smallest id (:func:`_id_order`)."""
    return str(obj.get('created_at') or ''), _id_order(obj.get('id'))


def oldest(objects):
    """The object created first (then the smallest id): the one that duplicates converge on."""
    return min(objects, key=age_order)


def plan_one(resource, wanted, existing, state='present', keep_oldest=False, index=None):
    """The :class:`Change` for one wanted object among ``existing`` objects.

    ``wanted`` holds only the fields the user set (and optionally ``id``). Raises
    :class:`PlanError` when the wanted object matches several existing ones (unless
    ``keep_oldest``: then the oldest is the one planned for), or names an ``id`` that does not
    exist with ``state=present``.
    """
    matches = find(resource, wanted, existing, index)
    if state == 'absent':
        # The key is to be held by no object: one that the API cannot delete makes that impossible, whichever is chosen.
        for obj in matches:
            _refuse_locked(resource, obj, resource.lock_reason(obj))
    if len(matches) > 1 and keep_oldest:
        matches = [oldest(matches)]
    if len(matches) > 1:
        ids = ', '.join(sorted(str(obj.get('id')) for obj in matches))
        raise PlanError('{0} {1} matches {2} existing objects ({3}): set id to choose one.'.format(
            resource.name, resource.describe(wanted) if resource.describe else '', len(matches), ids), ids=ids)
    current = matches[0] if matches else None
    locked = resource.lock_reason(current)
    if state == 'absent':
        if current is None:
            return Change(None, None)
        return Change('delete', current, before=resource.view(current), after={})
    if current is None:
        if wanted.get('id') is not None:
            raise PlanError('No {0} has id {1}: it may have been deleted. Remove id to create a new one from '
                            '{2}.'.format(resource.name, wanted['id'], ' and '.join(resource.key_fields)), id=str(wanted['id']))
        body = resource.create_body(wanted)
        return Change('create', None, body=body, before={}, after=resource.view(body))
    before = resource.view(current)
    after = _effective(resource, current, wanted)
    body = dict((name, wanted[name]) for name in resource.field_names
                if wanted.get(name) is not None and not resource.same(name, before.get(name), wanted[name], after))
    if not body:
        return Change(None, current, before=before, after=before)
    _refuse_locked(resource, current, locked)
    for name in resource.field_names:
        if name not in body:
            after[name] = before[name]
    return Change('update', current, body=body, before=before, after=after)


def key_text(resource, obj):
    """The natural key of ``obj`` (qualifiers included) as messages show it: ``pattern='a.example', pattern_type='DOMAIN'``."""
    view = resource.view(dict(obj, id=None))
    return ', '.join('{0}={1}'.format(name, str(view.get(name)).lower() if isinstance(view.get(name), bool) else repr(view.get(name)))
                     for name in resource.key_fields + resource.key_qualifiers)


def _refuse_other_key(resource, wanted, current, number):
    """``state=absent`` with an id deletes that object: key fields given beside the id must be its own (item ``number``)."""
    stored = resource.view(current)
    given = [name for name in resource.key_fields + resource.key_qualifiers if wanted.get(name) is not None]
    if all(resource.same(name, stored.get(name), wanted[name], stored) for name in given):
        return
    raise PlanError('state=absent with id {0} would delete the {1} whose key is {2}, not the {3} given ({4}): correct the key, '
                    'or leave it out and let the id alone say which {1} to delete.'.format(
                        current.get('id'), resource.name, key_text(resource, current), ' and '.join(given),
                        ', '.join('{0}={1!r}'.format(name, wanted[name]) for name in given)), id=current.get('id'), item=number)


def declared_identity(resource, wanted):
    """The :meth:`Resource.identity` that the object of ``wanted`` (an item with an id) has once written, if the item's
    fields alone decide it (else None). (Without an id, the key fields do: :meth:`Resource.identity`.)

    The stored object's values fill what the item leaves unset, so the identity is known only if every key field is set and
    the flags left unset change nothing of it (such as an ``is_regex`` that decides whether the key compares without regard
    to case).
    """
    if any(wanted.get(name) is None for name in resource.key_fields):
        return None
    unset = [fld.name for fld in resource.fields if fld.kind == 'bool' and wanted.get(fld.name) is None]
    forms = set(resource.identity(dict(wanted, **dict((name, flag) for name in unset))) for flag in (False, True))
    return forms.pop() if len(forms) == 1 else None


def shared_key_problem(resource, first, second, renamer, renamed_id, identity_of):
    """The message for items ``first`` and ``second`` (counted from 1) that both declare one key, item ``renamer``
    setting it by id on ``renamed_id``: the run would leave two objects with that key (or one that both items change)."""
    return ('Items {0} and {1} both declare {2} {3}, item {4} by id ({5}): the run would leave that key on two objects, or on one '
            'that both items change. Keep one of the items, or give each its own key.'.format(
                first, second, resource.a_name, identity_of, renamer, renamed_id))


def renames(resource, change):
    """Whether ``change`` gives its object another natural key (in compare form: not a spelling alone)."""
    return change.action == 'update' and resource.identity(change.after) != resource.identity(change.before)


def _kept(resource, changes, existing):
    """The ``existing`` objects that a run of ``changes`` keeps as they are (no item designates them, none is deleted), by identity."""
    touched = set(_id_key(change.id) for change in changes if change.action == 'delete' or (change.index is not None and change.current is not None))
    kept = {}
    for obj in existing:
        if _id_key(obj.get('id')) not in touched:
            kept.setdefault(resource.identity(obj), obj)
    return kept


def _refuse_shared_keys(resource, wanted_items, changes, existing):
    """Refuse a plan whose end state would hold two objects with one key because of a rename by id: onto the key of another
    item (present, or absent: its key would be held again after the run), or of an object that the run keeps (neither
    designated by an item nor deleted). Objects that share a key already (legacy duplicates) and that no item renames
    are left as they are. Only an item with an id renames: without one, there is nothing to check."""
    if all(wanted.get('id') is None for wanted, _state in wanted_items):
        return
    kept, declared = None, {}
    for change in changes:
        if change.index is None:
            continue
        wanted, state = wanted_items[change.index]
        if state == 'absent' and wanted.get('id') is not None:
            continue
        identity = resource.identity(change.after if state == 'present' else wanted)
        renamed = change.action == 'update' and identity != resource.identity(change.before)
        if renamed and kept is None:
            kept = _kept(resource, changes, existing)
        other = declared.get(identity)
        if other is not None and (renamed or other[1]):
            renamer = change if renamed else other[2]
            raise PlanError(shared_key_problem(resource, other[0] + 1, change.index + 1, renamer.index + 1, renamer.id,
                                               key_text(resource, change.after if state == 'present' else wanted)),
                            item_numbers=[other[0] + 1, change.index + 1], id=renamer.id)
        declared.setdefault(identity, (change.index, renamed, change))
        holder = kept.get(identity) if renamed else None
        if holder is not None:
            raise PlanError('id {0} would rename {1} to {2}, the key of {3} {4}, which this run keeps: the run would leave that '
                            'key on two objects. Delete {4} in the same run (an item with state=absent, or purge), or choose another '
                            'key.'.format(change.id, resource.title(dict(change.before, id=None)), key_text(resource, change.after),
                                          resource.name, holder.get('id')),
                            item=change.index + 1, id=change.id, holder=holder.get('id'))


def _refuse_locked(resource, current, reason):
    if reason:
        raise PlanError('{0} is {1}: the API cannot change or delete it. Change it at its source, or leave it out.'.format(
            resource.title(resource.view(current)), reason), id=current.get('id'))


def plan(resource, wanted_items, existing, purge=False):
    """The changes that bring ``existing`` to what ``wanted_items`` describe, in their order.

    ``wanted_items`` is a list of ``(wanted, state)`` pairs, each planned by :func:`plan_one`
    against the same ``existing`` objects. Two items that designate the same existing object
    are a :class:`PlanError`. With ``purge``, every existing object that no item designates is
    deleted, after the changes of the items (but for locked ones, which are left alone, with the reason);
    an item whose key several objects hold keeps the oldest of them, and the others are deleted as
    duplicates.
    """
    changes, claimed, lookup = [], {}, Index(resource, existing)
    for index, (wanted, state) in enumerate(wanted_items):
        change = plan_one(resource, wanted, existing, state, keep_oldest=purge, index=lookup)
        change.index = index
        if change.action == 'delete':
            change.reason = 'absent'
            if wanted.get('id') is not None:
                _refuse_other_key(resource, wanted, change.current, index + 1)
        if change.current is not None:
            key = _id_key(change.id)
            if key in claimed:
                raise PlanError('Items {0} and {1} both designate {2} {3}: keep one of them.'.format(
                    claimed[key] + 1, index + 1, resource.name, change.id), id=change.id, item_numbers=[claimed[key] + 1, index + 1])
            claimed[key] = index
        changes.append(change)
    if purge:
        kept = dict((resource.identity(change.current), change.id) for change in changes
                    if change.current is not None and 'id' not in wanted_items[change.index][0])
        for obj in existing:
            if _id_key(obj.get('id')) not in claimed and resource.lock_reason(obj):
                changes.append(Change(None, obj, before=resource.view(obj), after=resource.view(obj), reason=resource.lock_reason(obj)))
            elif _id_key(obj.get('id')) not in claimed:
                twin = kept.get(resource.identity(obj))
                reason = 'duplicate of {0}'.format(twin) if twin else 'purge'
                changes.append(Change('delete', obj, before=resource.view(obj), after={}, reason=reason))
    _refuse_shared_keys(resource, wanted_items, changes, existing)
    return changes


def predict(resource, change):
    """The API object a real run would return, as far as it can be known without writing: without the
    fields only the server sets on the write (the id and timestamps of a new object, and what derives from the id,
    ``modified_at`` of an update)."""
    if change.action == 'delete':
        return {}
    if change.action == 'create':
        # A field left out of a create whose blank is null comes back as null (comments: null), and the resource's
        # ``created_with`` fields as it says.
        predicted = dict((fld.name, None) for fld in resource.fields if fld.blank_is_none)
        predicted.update(resource.created_with)
        predicted.update(change.body)
        return predicted
    merged = dict(resource.public(change.current))
    merged.update(change.body or {})
    merged.pop('modified_at', None)  # the server sets it on the write: not known before
    return merged


def diff_text(obj):
    """``obj`` as the JSON text ansible-core's default output shows a diff of data in, but with non-ASCII characters as
    they are: given a mapping, its default (JSON) output writes them as ``\\u`` escapes (``"Caf\\u00e9"``)."""
    return json.dumps(obj, sort_keys=True, indent=4, separators=(',', ': '), ensure_ascii=False) + '\n'


def diff(resource, change):
    """The before/after diff of one change: the managed fields (and id) as :func:`diff_text`, ``{}`` for an object that
    does not exist."""
    nothing = 'no {0}'.format(resource.name)
    return dict(
        before=diff_text(change.before),
        after=diff_text(change.after),
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


# ----- writing a planned set -----------------------------------------------------------------------------------------

MAX_BATCH_ITEMS = 1000
# The batch endpoint runs its arrays in this order; the per-request fallback keeps it.
BATCH_ARRAYS = (('delete', 'deletes'), ('update', 'patches'), ('create', 'posts'))
NO_BATCH_STATUSES = (404, 405)


class WriteFailed(Exception):
    """A write of a set failed: ``applied`` holds the ``(change, object)`` pairs known to be written,
    ``attempted`` the changes of the request that failed, ``failed`` those the error is about,
    ``error`` the :class:`CloudflareError`."""

    def __init__(self, error, applied, attempted, failed, batched):
        super().__init__(error.message)
        self.error = error
        self.applied = applied
        self.attempted = attempted
        self.failed = failed
        self.batched = batched


def batches(changes, limit=MAX_BATCH_ITEMS):
    """The batch request bodies that carry ``changes``, at most ``limit`` items per array.

    Returns ``[(body, members)]`` where ``members[(array, i)]`` is the change behind item ``i`` of
    ``array``, so that an error's ``source.pointer`` (``/posts/3/pattern``) leads back to it.
    """
    groups = dict((array, [change for change in changes if change.action == action]) for action, array in BATCH_ARRAYS)
    count = max(-(-len(group) // limit) for group in groups.values())
    result = []
    for number in range(count):
        body = dict(deletes=[], patches=[], puts=[], posts=[])
        members = {}
        for _action, array in BATCH_ARRAYS:
            for index, change in enumerate(groups[array][number * limit:(number + 1) * limit]):
                body[array].append(_batch_item(change))
                members[(array, index)] = change
        result.append((body, members))
    return result


def _batch_item(change):
    if change.action == 'delete':
        return {'id': change.id}
    if change.action == 'update':
        return dict(change.body, id=change.id)
    return dict(change.body)


def _pointed(error, members):
    """The changes that the errors of a failed batch point at (``/posts/3/pattern``)."""
    failed = []
    for err in error.errors:
        parts = str((err.get('source') or {}).get('pointer') or '').split('/')
        if len(parts) > 2 and parts[2].isdigit() and (parts[1], int(parts[2])) in members:
            change = members[(parts[1], int(parts[2]))]
            if change not in failed:
                failed.append(change)
    return failed


def ordered(changes):
    """``changes`` in the order the batch endpoint runs them: deletes, updates, creates."""
    return [change for action, _array in BATCH_ARRAYS for change in changes if change.action == action]


def write_set(client, resource, base_path, changes):
    """Send the writes of a planned set; return ``[(change, object)]`` as the API answered, in :func:`ordered` order.

    With a batch endpoint: one batch per :data:`MAX_BATCH_ITEMS` items (each atomic on its own). If the
    endpoint is missing (404 or 405 without a pointer into the batch), one request per change, as
    :func:`execute` sends them. Raises :class:`WriteFailed` saying what was applied before the failure.
    """
    pending = ordered([change for change in changes if change.changed])
    applied = []
    if resource.has_batch:
        batch_path = base_path + '/batch'
        for body, members in batches(pending):
            try:
                result = client.post(batch_path, body, repeatable=_repeatable(body))
            except CloudflareError as exc:
                if not applied and exc.status in NO_BATCH_STATUSES and not _pointed(exc, members):
                    break
                raise WriteFailed(exc, applied, list(members.values()), _pointed(exc, members), batched=True) from exc
            applied.extend(_batch_results(resource, result, members))
        else:
            return applied
    for change in pending:
        try:
            applied.append((change, execute(client, resource, base_path, change)))
        except CloudflareError as exc:
            raise WriteFailed(exc, applied, [change], [change], batched=False) from exc
    return applied


def _repeatable(body):
    """Whether a batch may be sent again after the server may have acted on it: when it holds only patches, which set
    the same values again (as a single PATCH does). A repeated delete of an object the first try deleted would fail the
    whole batch (the batch is atomic, and an unknown id is an error), and a repeated create would make a duplicate."""
    return not (body['deletes'] or body['puts'] or body['posts'])


def _batch_results(resource, result, members):
    """Pair each change of a batch with the object the API returned for it (``{}`` for a delete).

    The batch was applied: an answer that lacks an object (which the API documents) is not a failure;
    the change is paired with the object :func:`predict` expects instead.
    """
    pairs = []
    for (array, index), change in members.items():
        answers = result.get(array) if isinstance(result, dict) else None
        answer = answers[index] if isinstance(answers, list) and index < len(answers) else None
        if change.action == 'delete' or not (isinstance(answer, dict) and answer.get('id') is not None):
            answer = predict(resource, change)
        pairs.append((change, answer))
    return pairs


# ----- after a write: what is true now ------------------------------------------------------------------------------

def _key_only(wanted):
    return dict((name, value) for name, value in wanted.items() if name != 'id')


def visible(resource, change, wanted, listing, existing):
    """Whether the effect of ``change`` (planned for ``wanted``) shows in ``listing``, read after the write.

    A create shows as an object with the wanted key that was not among the ``existing`` ones read before;
    an update as an object that needs no more change; a delete as the id gone.
    """
    before_ids = set(_id_key(obj.get('id')) for obj in existing)
    by_id = dict((_id_key(obj.get('id')), obj) for obj in listing)
    if change.action == 'delete':
        return _id_key(change.id) not in by_id
    if change.action == 'update':
        current = by_id.get(_id_key(change.id))
        return current is not None and not plan_one(resource, dict(wanted, id=change.id), [current]).changed
    return any(_id_key(obj.get('id')) not in before_ids for obj in find(resource, _key_only(wanted), listing))


def converge(resource, created, listing):
    """The follow-up changes when a create raced another one into duplicates, and a warning for each.

    ``created`` holds ``(wanted, object)`` pairs of this run's creates, ``listing`` is read after them.
    Every run converges on the oldest object with the key (by ``created_at``, then id): a run whose
    new object is not the oldest deletes it, and updates the oldest to what it wanted.
    """
    follow_ups, warnings = [], []
    lookup = Index(resource, listing)
    for wanted, obj in created:
        mine = next(iter(lookup.by_id.get(_id_key(obj.get('id')), [])), None)
        holders = find(resource, _key_only(wanted), listing, lookup)
        keep = oldest(holders) if len(holders) > 1 else mine
        if mine is None or keep is mine:
            continue
        follow_ups.append(Change('delete', mine, before=resource.view(mine), after={}, reason='duplicate of {0}'.format(keep['id'])))
        update = plan_one(resource, dict(_key_only(wanted), id=keep['id']), [keep])
        if update.changed:
            follow_ups.append(update)
        warnings.append('{0}: another run created the same {1} at the same time. This run keeps the older one ({2}){3} and '
                        'deletes the one it created ({4}).'.format(resource.title(dict(resource.view(keep), id=None)), resource.name, keep['id'],
                                                                   ', updated to what it wants,' if update.changed else '', mine['id']))
    return follow_ups, warnings
