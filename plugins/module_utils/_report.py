# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""What a run returns, built from the plan (pure, no I/O), so that check mode and a real run return the same: the plan
line and the ``created``/``updated``/``deleted`` lists (:func:`report`), the diff, the resulting set in the input shape
of the set module (:func:`export_set`, the export of the info module too), the keys held twice (:func:`duplicates`),
and what a failed write says it applied (:func:`write_failure`).
"""

from __future__ import annotations

import json

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._plan import MISSING, Index, item_label, legacy_reasons
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import age_order


def _entry(resource, change):
    """One line of ``created``, ``updated`` or ``deleted``: which object, and what happens to it."""
    entry = {'id': change.id} if change.id is not None else {}
    if change.index is not None:
        entry['item'] = change.index + 1
    if change.action == 'create':
        entry.update(resource.export(change.after))
    elif change.action == 'update':
        entry.update(resource.key(change.before))
        entry['before'] = dict((name, change.before.get(name)) for name in change.body)
        entry['after'] = dict((name, change.after.get(name)) for name in change.body)
    else:
        entry.update(resource.key(change.before))
        entry['reason'] = change.reason
    return entry


def report(resource, changes):
    """``changed``, the plan line and the lists of a planned set, the same in check mode and in a real run."""
    counts = dict(create=0, update=0, delete=0, unchanged=0)
    left, skipped = {}, []
    for change in changes:
        if change.reason == MISSING:
            skipped.append(dict(resource.key(change.after), id=change.after['id'], item=change.index + 1))
        elif change.action is None and change.index is None:
            left[change.reason] = left.get(change.reason, 0) + 1
        else:
            counts[change.action or 'unchanged'] += 1
    line = 'Plan: {create} to create, {update} to update, {delete} to delete, {unchanged} unchanged'.format(**counts)
    line += ''.join(', {0} left alone ({1})'.format(count, reason) for reason, count in sorted(left.items()))
    line += ', {0} skipped ({1})'.format(len(skipped), MISSING) if skipped else ''
    return dict(
        changed=any(change.changed for change in changes),
        msg=line,
        summary=counts,
        created=[_entry(resource, change) for change in changes if change.action == 'create'],
        updated=[_entry(resource, change) for change in changes if change.action == 'update'],
        deleted=[_entry(resource, change) for change in changes if change.action == 'delete'],
        skipped_items=skipped,
    )


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


def set_diff(resource, changes):
    """One before/after entry per changed object, in the set's order, each with a header naming it."""
    changed = [change for change in changes if change.changed]
    changed.sort(key=lambda change: resource.sort_key(change.current or change.after))
    return [diff(resource, change) for change in changed]


def resulting_set(resource, existing, applied):
    """The objects after ``applied`` (``[(change, object)]``), in the set's order."""
    objects = dict((obj['id'], obj) for obj in existing)
    created = []
    for change, obj in applied:
        if change.action == 'delete':
            objects.pop(change.id, None)
        elif change.action == 'update':
            objects[change.id] = obj
        else:
            created.append(obj)
    return sorted(list(objects.values()) + created, key=resource.sort_key)


def written_entry(resource, change, obj=None):
    """One line of what a failure returns: the change as in ``created``/``updated``/``deleted``, with its ``action``,
    and the ``id`` of an object it created when known (``obj``, as the API answered)."""
    entry = _entry(resource, change)
    if change.action == 'create' and (obj or {}).get('id') is not None:
        entry = dict(id=obj['id'], **entry)
    entry['action'] = change.action
    return entry


def write_failure(resource, exc, pending, settled=None, with_diff=False):
    """``fail_json`` fields for a set write that failed: what was applied, what failed, what was not sent.

    ``settled`` is, after a write whose outcome was unknown, the ``(change, object)`` pairs of the failed request that a
    new read showed in effect (None: the outcome was certain, or could not be read). ``with_diff``: the fields hold the
    diff of what was applied.
    """
    written = list(exc.applied) + list(settled or [])
    applied = [change for change, _obj in written]
    settled = None if settled is None else [change for change, _obj in settled]
    done = set(id(change) for change in applied)
    failed = [change for change in (exc.attempted if settled is not None else exc.failed) if id(change) not in done]
    seen = set(id(change) for change in applied + failed)
    not_applied = [change for change in pending if id(change) not in seen]
    named = ', '.join(item_label(resource, change.index + 1, change.after or change.before).rstrip(': ') if change.index is not None
                      else '{0} {1}'.format(resource.name, change.id) for change in exc.failed)
    what = 'batch' if exc.batched else 'request'
    if settled is not None:
        outcome = ('Read again after it: {0} of the {1} changes of the failed {2} took effect, {3} did not; '
                   'running the task again finishes the work without duplicates.'.format(len(settled), len(exc.attempted), what,
                                                                                         len(exc.attempted) - len(settled)))
    elif exc.error.may_have_applied:
        outcome = ('It is not known whether Cloudflare applied the last {0}: run the task again (in check mode '
                   'to see what is left).'.format(what))
    elif exc.batched:
        outcome = 'Nothing of the failed batch was applied (a batch is atomic).'
    else:
        outcome = 'The failed request was not applied.'
    error = exc.error.settled_message() if settled is not None else exc.error.message
    message = '{0} {1} Applied: {2} of {3} changes.{4}'.format(
        error, outcome, len(applied), len(pending), ' The error is about {0}.'.format(named) if named else '')
    fields = exc.error.to_dict()
    if settled is not None:
        fields['may_have_applied'] = False
    fields.update(
        changed=bool(applied),
        applied=[written_entry(resource, change, obj) for change, obj in written],
        failed_changes=[written_entry(resource, change) for change in failed],
        not_applied=[written_entry(resource, change) for change in not_applied],
    )
    if with_diff:
        fields['diff'] = set_diff(resource, applied)
    return message, fields


def export_set(resource, objects, include_ids=False, among=None):
    """``objects`` in the input shape of the set module (:meth:`Resource.export`), so that they apply again as they are: an
    object that its key cannot address (legacy data, :func:`legacy_reasons`, its key compared among ``among``, else
    ``objects``) carries its ``id`` even without ``include_ids``."""
    holders = dict((id(obj), group) for group in Index(resource, objects if among is None else among).by_identity.values() for obj in group)
    exported = []
    for obj in objects:
        shaped = resource.export(obj)
        legacy = obj.get('id') is not None and legacy_reasons(resource, obj, holders.get(id(obj), ()), shaped)
        exported.append(dict(id=obj['id'], **shaped) if include_ids or legacy else shaped)
    return exported


def selected(resource, obj, filters):
    view = resource.view(obj)
    return all(resource.same(name, view.get(name), value, view) for name, value in filters.items())


def duplicates(resource, objects):
    """The natural keys held by more than one object, each with the ids (oldest first)."""
    groups = {}
    for obj in objects:
        groups.setdefault(resource.identity(obj), []).append(obj)
    found = []
    for group in groups.values():
        if len(group) > 1:
            group.sort(key=age_order)
            found.append(dict(resource.key(resource.view(group[0])), ids=[obj.get('id') for obj in group]))
    return sorted(found, key=resource.sort_key)
