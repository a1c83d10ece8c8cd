# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The descriptor of one kind of Email Security object: :class:`Field` and :class:`Resource`.

A resource is data (its fields, natural key, paths, names) plus **hooks**, methods that a resource family overrides
where it differs: how a value compares (:meth:`Resource.compare_form`), what is wrong with an item
(:meth:`Resource.check`) or with a planned change (:meth:`Resource.check_change`), why an object is locked
(:meth:`Resource.locked`). Everything else (planning, requests, the Ansible side) reads the descriptor and calls
the hooks; nothing here does I/O. One file per family in ``resources/`` holds its descriptor.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field

# Option names deprecated with their API field stay until this version.
DEPRECATED_IN = dict(version='2.0.0', collection_name='cloudflare_one.email_security')


@dataclass(frozen=True)
class Field:
    """One writable field of a resource, and the option of the same name.

    ``kind`` is ``bool``, ``int``, ``str``, ``list`` (of ``elements``, compared as a set: order and repeats do not count, and
    each element in its :meth:`Resource.compare_form`), or ``raw`` (a read-only field, :attr:`Resource.read_only`).
    ``create_default`` is sent on create when the user did not set the field (``None``: the field is left out).
    ``deprecated`` is the field's deprecated twin that the API mirrors in responses; it is read when the new name is
    missing, never sent, and a deprecated alias of the option.
    ``blank_is_none``: the API answers an unset string as null, which compares equal to ''. ``choices`` are the
    option's; ``doc`` its description (lines of the generated documentation, ``docs/architecture.md``).
    """

    name: str
    kind: str
    create_default: object = None
    deprecated: str | None = None
    blank_is_none: bool = False
    choices: tuple = ()
    doc: tuple = ()
    elements: str | None = None

    def read(self, obj):
        """The value in an API object, with a missing bool read as false, a null string as ''."""
        value = obj.get(self.name)
        if value is None and self.deprecated:
            value = obj.get(self.deprecated)
        if self.kind == 'bool':
            return bool(value)
        if self.kind == 'list':
            return list(value or [])
        if value is None and self.blank_is_none:
            return ''
        return value

    def option(self, aliases=True):
        """The Ansible argument spec of the field's option (with its deprecated alias, unless ``aliases`` is false)."""
        spec = dict(type=self.kind)
        if self.elements:
            spec['elements'] = self.elements
        if self.choices:
            spec['choices'] = list(self.choices)
        if self.deprecated and aliases:
            spec.update(aliases=[self.deprecated], deprecated_aliases=[dict(name=self.deprecated, **DEPRECATED_IN)])
        return spec


def id_key(value):
    """Ids are opaque strings (UUIDs now, integers once), compared without regard to case."""
    return str(value).lower()


def id_order(value):
    """The order of ids: none first, then integer ids (or their decimal form) by value, then the others as strings;
    so 9 comes before 10 whether the API answers it as an integer or a string."""
    if value is None or value == '':
        return (0, 0, '')
    key = id_key(value)
    return (1, int(key), '') if key.isascii() and key.isdigit() else (2, 0, key)


def age_order(obj):
    """The order of objects by age: created first (``created_at``), then the smallest id (:func:`id_order`)."""
    return str(obj.get('created_at') or ''), id_order(obj.get('id'))


def form_flag(wanted, state, flag):
    """The value of the flag ``flag`` (such as ``is_regex``) to check the form of the key with, before any request.

    What the user set; unset without an id, false (a plain value, as a create sends it). None, meaning no check
    now: with ``state=absent`` (only the key counts), or with an id and the flag unset (the stored object decides,
    and :meth:`Resource.check_change` checks the result).
    """
    if state != 'present':
        return None
    return wanted.get(flag, None if 'id' in wanted else False)


@dataclass(frozen=True)
class Resource:
    """A descriptor of one kind of Email Security object; a family subclasses it to override the hooks."""

    name: str
    collection_path: str
    fields: tuple
    key_fields: tuple
    # What the modules call things: the single module's result ('policy'), the set module's list and the info module's
    # result ('policies'), and the filters of the info module (fields).
    result_key: str = ''
    items_option: str = ''
    info_filters: tuple = ()
    id_aliases: tuple = ()
    # The family's modules (one object, the set, the info module), and an object of the family as the documentation
    # shows it (``(field, value)`` pairs): tests/update_docs.py writes their documentation from the descriptor.
    modules: tuple = ()
    example: tuple = ()
    # Fields that must be equal too for a key to match, an unset one counting as its create_default (is_regex).
    key_qualifiers: tuple = ()
    # ``(field, regex_flag, plural)``: the key ``field`` compares without regard to case unless the object's
    # ``regex_flag`` makes it a regular expression; ``plural`` names such values in messages ('domains').
    caseless_key: tuple = ()
    list_filter: tuple = ()
    # The order a list is read in (``order``, ``direction``), oldest first; empty where the list takes no order.
    list_order: tuple = ('created_at', 'asc')
    deprecated_response_fields: tuple = ()
    order_by: tuple = ()
    has_batch: bool = True
    # The arrays the batch endpoint takes; the changes of the others are sent one request each, after the batch.
    batch_arrays: tuple = ('deletes', 'patches', 'puts', 'posts')
    # The options that state=absent does not use (it designates the object by its key, or id, alone); a task that
    # sets them is warned (``_plan.warnings``).
    ignored_when_absent: tuple = ()
    # What the warnings of a task call one object, where the module's name already says which kind it is
    # ('policy' for 'allow policy'); empty: the name.
    short_name: str = ''
    # What the documentation calls several objects; empty: the items option's words ('block senders').
    plural: str = ''
    # ``(name, value)`` pairs that the API answers a create with, for fields the create does not send (such as the
    # directory fields of a manual registry entry): check mode predicts them.
    created_with: tuple = ()
    # Fields the API answers with but never takes (kind ``raw``): the info module returns them, the other modules take them
    # as options (so that its output applies again) and neither compare nor send them.
    read_only: tuple = ()
    # ``(option, reason)``: a delete is refused, before any write, unless the task sets the bool ``option`` (``reason``: why
    # a delete needs it, such as 'it offboards the domain'); empty: deletes need nothing.
    delete_guard: tuple = ()
    # ``(option, key, path, doc)``: the info module's bool ``option`` adds to each object under ``key`` what ``GET
    # <object's path>/<path>`` answers, in the form :meth:`sub_read` gives it; ``doc`` documents the option.
    info_reads: tuple = ()
    field_names: tuple = dc_field(init=False)
    _by_name: dict = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, 'field_names', tuple(f.name for f in self.fields))
        object.__setattr__(self, '_by_name', dict((f.name, f) for f in self.fields + self.read_only))

    # ----- hooks: what a family overrides ------------------------------------------------------------------------

    def compare_form(self, name, value, obj):
        """How value ``value`` of field ``name`` (an element, for a list) compares, ``obj`` being the object it belongs to
        (see ``caseless_key``)."""
        if self.caseless_key and name == self.caseless_key[0] and value is not None and not obj.get(self.caseless_key[1]):
            return value.lower()
        return value

    def spelling(self, name, stored):
        """Why a value of key field ``name`` that differs from the ``stored`` object's yet compares equal is the same (such
        as 'domains compare without regard to case'), or None if it compares exactly."""
        if self.caseless_key and name == self.caseless_key[0] and not stored.get(self.caseless_key[1]):
            return '{0} compare without regard to case'.format(self.caseless_key[2])
        return None

    def describe(self, obj):  # pylint: disable=unused-argument
        """The object's key as messages show it after the name ('DOMAIN partner.example'); empty: the name alone."""
        return ''

    def locked(self, obj):  # pylint: disable=unused-argument
        """Why the stored ``obj`` cannot be changed through the API (such as an entry synced from a directory), or None."""
        return None

    def check(self, wanted, state):
        """What is wrong with the fields of ``wanted`` (the options set) for ``state``, before any request."""
        return self.key_problems(wanted)

    def check_change(self, change):  # pylint: disable=unused-argument
        """What is wrong with a planned change (``_plan.Change``): what only the stored object tells."""
        return []

    def sub_read(self, key, result):  # pylint: disable=unused-argument
        """What the info module returns under ``key`` (of ``info_reads``) for ``result``, the answer's result (None for an
        answer without a body, HTTP 204)."""
        return result

    def check_state(self, params, state):  # pylint: disable=unused-argument
        """The state an item of a set (or an exported object) is checked as: ``state``, unless the family reads some
        items more leniently (the allow policy's legacy type)."""
        return state

    # ----- reading what the user wants ---------------------------------------------------------------------------

    def id_problem(self, raw_id):
        """Why ``raw_id`` (the option ``id``) cannot be the id of an object (None when it can, or is not set).

        A string or an integer: Cloudflare documents UUID strings, and accounts answered with integers in 2025."""
        if raw_id is None:
            return None
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or str(raw_id) == '':
            return 'id must be the identifier of {0} (a UUID string, or an integer), got {1!r}.'.format(self.a_name, raw_id)
        return None

    def key_problems(self, wanted):
        """What is missing from ``wanted`` to designate an object: its key fields, unless it has an id."""
        if wanted.get('id') is not None or all(wanted.get(name) is not None for name in self.key_fields):
            return []
        fields = ('both ' if len(self.key_fields) == 2 else '') + ' and '.join(self.key_fields)
        return ['Set {0} to identify the {1}, or set id.'.format(fields, self.name)]

    def given(self, params, names):
        """The options of ``names`` that are set, with ``id`` as a string, and what is wrong with the id (None: nothing)."""
        wanted = dict((name, params[name]) for name in names if params.get(name) is not None)
        problem = self.id_problem(params.get('id'))
        if params.get('id') is not None and not problem:
            wanted['id'] = str(params['id'])
        return wanted, problem

    def read(self, params, state):
        """The object a task asks for (the fields set, and ``id`` as a string) and what is wrong with it (:meth:`check`,
        not run when the id is malformed)."""
        wanted, problem = self.given(params, self.field_names)
        return wanted, [problem] if problem else self.check(wanted, state)

    def read_item(self, params, state):
        """:meth:`read` for an item of a set, or an exported object, checked as :meth:`check_state` says."""
        return self.read(params, self.check_state(params, state))

    # ----- the object's shapes -------------------------------------------------------------------------------------

    def lock_reason(self, obj):
        """:meth:`locked` of ``obj``; None when there is no object."""
        return self.locked(obj) if obj else None

    @property
    def a_name(self):
        """The name with its indefinite article: 'an allow policy', 'a block sender'."""
        return '{0} {1}'.format('an' if self.name[:1] in 'aeiou' else 'a', self.name)

    def field(self, name):
        return self._by_name[name]

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
        if fld.kind == 'list':
            return set(self.compare_form(name, value, context) for value in left or ()) == set(
                self.compare_form(name, value, context) for value in right or ())
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

    def key(self, obj):
        """The natural key of ``obj`` (qualifiers included), as the results show it."""
        view = self.view(obj)
        return dict((name, view.get(name)) for name in self.key_fields + self.key_qualifiers)

    def key_text(self, obj):
        """The natural key of ``obj`` as messages show it: ``pattern='a.example', pattern_type='DOMAIN'``."""
        return ', '.join('{0}={1}'.format(name, str(value).lower() if isinstance(value, bool) else repr(value))
                         for name, value in self.key(dict(obj, id=None)).items())

    def export(self, obj, include_ids=False):
        """``obj`` in the input shape of the set module: every managed field that has a value, explicit, in field order
        (a null one is left out, which means the same), with ``include_ids`` ``id`` first, then the :attr:`read_only` fields
        ``obj`` has, as it has them."""
        view = self.view(obj)
        shaped = dict((name, view[name]) for name in self.field_names if view[name] is not None)
        shaped.update((fld.name, obj[fld.name]) for fld in self.read_only if fld.name in obj)
        if include_ids and obj.get('id') is not None:
            shaped = dict(id=obj['id'], **shaped)
        return shaped

    def sort_key(self, obj):
        """The order in which sets are listed and diffed: ``order_by`` (else the key), then the id."""
        view = self.view(obj)
        return tuple(str(view.get(name)) for name in self.order_by or self.key_fields) + (id_order(obj.get('id')),)

    def title(self, obj):
        text = self.describe(obj)
        if obj.get('id'):
            text = '{0} {1}'.format(obj['id'], text).strip()
        return '{0} {1}'.format(self.name, text).strip()
