# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The planner: pure, no I/O. Given what the user wants and what exists, :func:`plan` decides, for each wanted object,
whether to create, update (with exactly the changed fields) or delete it (and, with ``purge``, which other objects to
delete); :func:`predict` says what a write will return, so that check mode and a real run report the same. A module
managing one object is the N = 1 case of the same planner.

Besides: the checks of a set's items (:func:`read_items`) and of the values an item changes on a stored object
(:func:`stored_check`), the warnings of a task (:func:`warnings`), and, after a write, whether it took effect
(:func:`visible`) and how runs that raced into duplicates converge (:func:`converge`).
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import age_order, id_key

# The order in which the API applies the changes of a batch (and the per-request fallback keeps it).
WRITE_ORDER = ('delete', 'update', 'create')
# The reason of the change of an item whose id no object has, skipped (a set module's ``skip_missing_ids``).
MISSING = 'id not in the account'


class PlanError(Exception):
    """What the user asked for cannot be planned (ambiguous match, unknown id, bad input)."""

    def __init__(self, message, **details):
        super().__init__(message)
        self.message = message
        self.details = details


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


class Index:
    """``existing`` objects looked up by id and by :meth:`Resource.identity`, so that planning N items
    against N objects costs N lookups, not N * N comparisons."""

    def __init__(self, resource, existing):
        self.by_id, self.by_identity = {}, {}
        for obj in existing:
            self.by_id.setdefault(id_key(obj.get('id')), []).append(obj)
            self.by_identity.setdefault(resource.identity(obj), []).append(obj)


def find(resource, wanted, existing, index=None):
    """The existing objects that ``wanted`` designates: by ``id`` if given, else by natural key.

    With an :class:`Index` of ``existing``, only the objects of the same identity are compared
    (:meth:`Resource.matches` still decides).
    """
    index = index or Index(resource, existing)
    if wanted.get('id') is not None:
        return list(index.by_id.get(id_key(wanted['id']), []))
    return [obj for obj in index.by_identity.get(resource.identity(wanted), []) if resource.matches(wanted, obj)]


def _effective(resource, current, wanted):
    """The object's managed fields after applying what the user set (compare-ready values)."""
    merged = resource.view(current) if current else {}
    for name in resource.field_names:
        if wanted.get(name) is not None:
            merged[name] = wanted[name]
    return merged


def oldest(objects):
    """The object created first (then the smallest id): the one that duplicates converge on."""
    return min(objects, key=age_order)


def plan_one(resource, wanted, existing, state='present', keep_oldest=False, index=None, skip_missing=False):
    """The :class:`Change` for one wanted object among ``existing`` objects.

    ``wanted`` holds only the fields the user set (and optionally ``id``). Raises
    :class:`PlanError` when the wanted object matches several existing ones (unless
    ``keep_oldest``: then the oldest is the one planned for), or names an ``id`` that does not
    exist with ``state=present`` (unless ``skip_missing``: then nothing is done, for the reason :data:`MISSING`).
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
            resource.name, resource.describe(wanted), len(matches), ids), ids=ids)
    current = matches[0] if matches else None
    locked = resource.lock_reason(current)
    if state == 'absent':
        if current is None:
            return Change(None, None)
        return Change('delete', current, before=resource.view(current), after={})
    if current is None:
        if wanted.get('id') is not None and skip_missing:
            return Change(None, None, after=resource.view(wanted), reason=MISSING)
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


def _refuse_other_key(resource, wanted, current, number):
    """``state=absent`` with an id deletes that object: key fields given beside the id must be its own (item ``number``)."""
    stored = resource.view(current)
    given = [name for name in resource.key_fields + resource.key_qualifiers if wanted.get(name) is not None]
    if all(resource.same(name, stored.get(name), wanted[name], stored) for name in given):
        return
    raise PlanError('state=absent with id {0} would delete the {1} whose key is {2}, not the {3} given ({4}): correct the key, '
                    'or leave it out and let the id alone say which {1} to delete.'.format(
                        current.get('id'), resource.name, resource.key_text(current), ' and '.join(given),
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
    touched = set(id_key(change.id) for change in changes if change.action == 'delete' or (change.index is not None and change.current is not None))
    kept = {}
    for obj in existing:
        if id_key(obj.get('id')) not in touched:
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
                                               resource.key_text(change.after if state == 'present' else wanted)),
                            item_numbers=[other[0] + 1, change.index + 1], id=renamer.id)
        declared.setdefault(identity, (change.index, renamed, change))
        holder = kept.get(identity) if renamed else None
        if holder is not None:
            raise PlanError('id {0} would rename {1} to {2}, the key of {3} {4}, which this run keeps: the run would leave that '
                            'key on two objects. Delete {4} in the same run (an item with state=absent, or purge), or choose another '
                            'key.'.format(change.id, resource.title(dict(change.before, id=None)), resource.key_text(change.after),
                                          resource.name, holder.get('id')),
                            item=change.index + 1, id=change.id, holder=holder.get('id'))


def _refuse_locked(resource, current, reason):
    if reason:
        raise PlanError('{0} is {1}: the API cannot change or delete it. Change it at its source, or leave it out.'.format(
            resource.title(resource.view(current)), reason), id=current.get('id'))


def plan(resource, wanted_items, existing, purge=False, skip_missing=False):
    """The changes that bring ``existing`` to what ``wanted_items`` describe, in their order.

    ``wanted_items`` is a list of ``(wanted, state)`` pairs, each planned by :func:`plan_one`
    against the same ``existing`` objects. Two items that designate the same existing object
    are a :class:`PlanError`. With ``purge``, every existing object that no item designates is
    deleted, after the changes of the items (but for locked ones, which are left alone, with the reason);
    an item whose key several objects hold keeps the oldest of them, and the others are deleted as
    duplicates. With ``skip_missing``, an item whose id no object has is skipped (:func:`plan_one`).
    """
    changes, claimed, lookup = [], {}, Index(resource, existing)
    for index, (wanted, state) in enumerate(wanted_items):
        change = plan_one(resource, wanted, existing, state, keep_oldest=purge, index=lookup, skip_missing=skip_missing)
        change.index = index
        if change.action == 'delete':
            change.reason = 'absent'
            if wanted.get('id') is not None:
                _refuse_other_key(resource, wanted, change.current, index + 1)
        if change.current is not None:
            key = id_key(change.id)
            if key in claimed:
                raise PlanError('Items {0} and {1} both designate {2} {3}: keep one of them.'.format(
                    claimed[key] + 1, index + 1, resource.name, change.id), id=change.id, item_numbers=[claimed[key] + 1, index + 1])
            claimed[key] = index
        changes.append(change)
    if purge:
        kept = dict((resource.identity(change.current), change.id) for change in changes
                    if change.current is not None and 'id' not in wanted_items[change.index][0])
        for obj in existing:
            if id_key(obj.get('id')) not in claimed and resource.lock_reason(obj):
                changes.append(Change(None, obj, before=resource.view(obj), after=resource.view(obj), reason=resource.lock_reason(obj)))
            elif id_key(obj.get('id')) not in claimed:
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


def ordered(changes):
    """``changes`` in the order the batch endpoint runs them: deletes, updates, creates."""
    return [change for action in WRITE_ORDER for change in changes if change.action == action]


def key_only(wanted):
    return dict((name, value) for name, value in wanted.items() if name != 'id')


def visible(resource, change, wanted, listing, existing):
    """Whether the effect of ``change`` (planned for ``wanted``) shows in ``listing``, read after the write.

    A create shows as an object with the wanted key that was not among the ``existing`` ones read before;
    an update as an object that needs no more change; a delete as the id gone.
    """
    before_ids = set(id_key(obj.get('id')) for obj in existing)
    by_id = dict((id_key(obj.get('id')), obj) for obj in listing)
    if change.action == 'delete':
        return id_key(change.id) not in by_id
    if change.action == 'update':
        current = by_id.get(id_key(change.id))
        return current is not None and not plan_one(resource, dict(wanted, id=change.id), [current]).changed
    return any(id_key(obj.get('id')) not in before_ids for obj in find(resource, key_only(wanted), listing))


def converge(resource, created, listing):
    """The follow-up changes when a create raced another one into duplicates, and a warning for each.

    ``created`` holds ``(wanted, object)`` pairs of this run's creates, ``listing`` is read after them.
    Every run converges on the oldest object with the key (by ``created_at``, then id): a run whose
    new object is not the oldest deletes it, and updates the oldest to what it wanted.
    """
    follow_ups, messages = [], []
    lookup = Index(resource, listing)
    for wanted, obj in created:
        mine = next(iter(lookup.by_id.get(id_key(obj.get('id')), [])), None)
        holders = find(resource, key_only(wanted), listing, lookup)
        keep = oldest(holders) if len(holders) > 1 else mine
        if mine is None or keep is mine:
            continue
        follow_ups.append(Change('delete', mine, before=resource.view(mine), after={}, reason='duplicate of {0}'.format(keep['id'])))
        update = plan_one(resource, dict(key_only(wanted), id=keep['id']), [keep])
        if update.changed:
            follow_ups.append(update)
        messages.append('{0}: another run created the same {1} at the same time. This run keeps the older one ({2}){3} and '
                        'deletes the one it created ({4}).'.format(resource.title(dict(resource.view(keep), id=None)), resource.name, keep['id'],
                                                                   ', updated to what it wants,' if update.changed else '', mine['id']))
    return follow_ups, messages


def warnings(resource, wanted, state, change):
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
    if not current or change.action == 'delete':
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


def item_label(resource, number, wanted):
    described = resource.describe(wanted)
    return 'item {0}{1}: '.format(number, ' ({0})'.format(described) if described else '')


def read_items(resource, items):
    """``[(wanted, state)]`` for the items of a set module, and what is wrong with them, each problem naming its item.

    Two items that designate the same object (by id, or by natural key in compare form) are a problem too, and so are
    an item that sets by id the key another item declares (:func:`declared_identity`; the plan refuses the
    cases that only the stored objects decide). The values of an item that has an id (state=present) are checked once
    its object is read (:func:`stored_check`).
    """
    wanted_items, problems, seen, keyed = [], [], {}, {}
    for number, params in enumerate(items, 1):
        state = params.get('state') or 'present'
        wanted, item_problems = resource.read_item(params, state)
        wanted_items.append((wanted, state))
        if checked_after_read(wanted, state):
            item_problems = []
        problems.extend(item_label(resource, number, wanted) + problem for problem in item_problems)
        if item_problems:
            continue
        identity = ('id', str(wanted['id']).lower()) if 'id' in wanted else resource.identity(wanted)
        if identity in seen:
            problems.append('Items {0} and {1} both designate {2} {3}: keep one of them.'.format(
                seen[identity], number, resource.name, resource.describe(wanted) if 'id' not in wanted else wanted['id']))
        else:
            seen[identity] = number
        declared = identity if 'id' not in wanted else declared_identity(resource, wanted) if state == 'present' else None
        if declared is None:
            continue
        other = keyed.get(declared)
        if other is not None and ('id' in wanted) != ('id' in other[1]):
            (by_id, with_id), (_number, by_key) = ((number, wanted), other) if 'id' in wanted else (other, (number, wanted))
            problems.append(shared_key_problem(resource, other[0], number, by_id, with_id['id'], resource.key_text(by_key)))
        keyed.setdefault(declared, (number, wanted))
    return wanted_items, problems


def guarded_deletes(resource, changes, params):
    """Why the deletes among ``changes`` are refused (``Resource.delete_guard``), naming each object, unless the task's
    ``params`` set the guard's option: a list of one sentence, or empty."""
    deletes = [change.before for change in changes if change.action == 'delete']
    if not resource.delete_guard or params.get(resource.delete_guard[0]) or not deletes:
        return []
    option, reason = resource.delete_guard
    return ['Deleting {0} {1}. Refused for {2}: set {3}: true to delete {4}.'.format(
        resource.a_name, reason, ', '.join(resource.title(obj) for obj in deletes), option, 'it' if len(deletes) == 1 else 'them')]


def checked_after_read(wanted, state):
    """Whether the values of ``wanted`` are checked once its object is read (:func:`stored_check`), not before any
    request: when it has an id (with state=present), since a value equal to the stored one is not sent."""
    return 'id' in wanted and state == 'present'


def legacy_reasons(resource, obj, holders=(), shaped=None):
    """Why the stored ``obj`` is legacy data, which the API accepted once and the current rules refuse (empty: it is not):
    what :meth:`Resource.read_item` finds wrong with it as an item (its export, ``shaped`` if given, with its id),
    and the other objects of ``holders`` that hold its key (such as keys that differ only in case), which only the id
    tells apart."""
    _wanted, reasons = resource.read_item(dict(shaped or resource.export(obj), id=obj.get('id')), 'present')
    others = [other for other in holders if id_key(other.get('id')) != id_key(obj.get('id'))]
    if others:
        reasons = reasons + ['Its key is held by {0} too: only the id tells them apart.'.format(
            ', '.join(resource.title(resource.view(other)) for other in others))]
    return reasons


def stored_check(resource, wanted, state, change, holders=()):
    """``(problems, warnings)`` of ``wanted`` once the object it designates is read (see :func:`checked_after_read`).

    A value equal to the stored one is not sent, so it is not checked: ``wanted`` is checked as a task that sets only
    the values it changes is, and a write that would send a value the current rules refuse is still refused before
    any write. The warning names the object when what the run leaves of it is legacy data (:func:`legacy_reasons`,
    its key compared with ``holders``)."""
    if not checked_after_read(wanted, state):
        return [], []
    _sent, problems = resource.read_item(dict(change.body or {}, id=wanted['id']), state)
    if problems:
        return problems, []
    reasons = legacy_reasons(resource, predict(resource, change), holders)
    if not reasons:
        return [], []
    return [], ['{0} is legacy data (the API accepted it once; the current rules would not): {1} It stays as it is: a value '
                'equal to the stored one is neither checked nor sent, and a value that differs must pass the rules.'.format(
                    resource.title(resource.view(change.current)), ' '.join(reasons))]
