# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""What the modules of the collection do, for any :class:`Resource`: one object (``allow_policy``),
a set (``allow_policies``), and reading (``allow_policy_info``).

A module reads what exists, plans with :func:`_engine.plan`, and writes only in a real run
(one request, or the batch endpoint for a set). What it returns is built from the plan, so
check mode and a real run return the same, but for a new object's id. After a create it reads
once more, so that runs that raced each other into duplicates converge; after a write of
unknown outcome it reads again and reports what is true.
"""

from __future__ import annotations

import time

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._api import (
    CloudflareError,
    account_path,
    cloudflare_client,
    fail_from_error,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._engine import (
    Index,
    PlanError,
    WriteFailed,
    _id_key,
    _key_only,
    age_order,
    converge,
    declared_identity,
    diff,
    execute,
    fetch,
    find,
    id_problem,
    key_text,
    notes as resource_notes,
    oldest,
    ordered,
    plan,
    predict,
    renames,
    shared_key_problem,
    visible,
    write_set,
)

STATES = ('present', 'absent')
# When several objects hold the key of an item, another run may be converging after a race
# (each run deletes its own duplicate within two requests): read again after these waits before failing.
AMBIGUITY_WAITS = (1.0, 2.0, 4.0)


def read_and_plan(client, resource, base_path, wanted, items, purge=False):
    """Read what exists (``fetch`` of ``wanted``) and plan ``items`` against it: ``(existing, changes)``.

    A key that several objects hold (:class:`PlanError` with ``ids``) is read again after each of
    :data:`AMBIGUITY_WAITS` before the error is raised, since racing runs converge by themselves.
    """
    for wait in AMBIGUITY_WAITS:
        existing = fetch(client, resource, base_path, wanted)
        try:
            return existing, plan(resource, items, existing, purge=purge)
        except PlanError as exc:
            if 'ids' not in exc.details:
                raise
        time.sleep(wait)
    existing = fetch(client, resource, base_path, wanted)
    return existing, plan(resource, items, existing, purge=purge)


def object_options(resource, **overrides):
    """The options that describe one ``resource`` object: ``id`` and each field, of the field's type, with ``overrides``
    (such as the choices of a field) replacing the spec of a name."""
    options = dict(id=dict(type='raw'), **dict((fld.name, dict(type=fld.kind)) for fld in resource.fields))
    options.update(overrides)
    return options


def one_argument_spec(options):
    """The options of a module for one object: ``state`` and the object's options."""
    return dict(options, state=dict(type='str', choices=list(STATES), default='present'))


def read_wanted(resource, params, state, problems_of):
    """The object the user asked for (the fields set, and ``id`` as a string) and what is wrong with it.

    ``problems_of(wanted, state)`` is the resource's own check of the fields; it is not run when the id is malformed.
    """
    wanted, problem = _given(resource, params, resource.field_names)
    return wanted, [problem] if problem else problems_of(wanted, state)


def _given(resource, params, names):
    """The options of ``names`` that are set, with ``id`` as a string, and what is wrong with the id (None: nothing)."""
    wanted = dict((name, params[name]) for name in names if params.get(name) is not None)
    problem = id_problem(resource, params.get('id'))
    if params.get('id') is not None and not problem:
        wanted['id'] = str(params['id'])
    return wanted, problem


def checked_after_read(wanted, state):
    """Whether the values of ``wanted`` are checked once its object is read (:func:`stored_check`), not before any
    request: when it has an id (with state=present), since a value equal to the stored one is not sent."""
    return 'id' in wanted and state == 'present'


def legacy_reasons(resource, obj, read_item, holders=(), shaped=None):
    """Why the stored ``obj`` is legacy data, which the API accepted once and the current rules refuse (empty: it is not):
    what ``read_item`` (the module's check) finds wrong with it as an item (its export, ``shaped`` if given, with its id),
    and the other objects of ``holders`` that hold its key (such as keys that differ only in case), which only the id
    tells apart."""
    _wanted, reasons = read_item(dict(shaped or resource.export(obj), id=obj.get('id')), 'present')
    others = [other for other in holders if _id_key(other.get('id')) != _id_key(obj.get('id'))]
    if others:
        reasons = reasons + ['Its key is held by {0} too: only the id tells them apart.'.format(
            ', '.join(resource.title(resource.view(other)) for other in others))]
    return reasons


def stored_check(resource, read_item, wanted, state, change, holders=()):
    """``(problems, warnings)`` of ``wanted`` once the object it designates is read (see :func:`checked_after_read`).

    A value equal to the stored one is not sent, so it is not checked: ``wanted`` is checked as a task that sets only
    the values it changes is, and a write that would send a value the current rules refuse is still refused before
    any write. The warning names the object when what the run leaves of it is legacy data (:func:`legacy_reasons`,
    its key compared with ``holders``)."""
    if not checked_after_read(wanted, state):
        return [], []
    _sent, problems = read_item(dict(change.body or {}, id=wanted['id']), state)
    if problems:
        return problems, []
    reasons = legacy_reasons(resource, predict(resource, change), read_item, holders)
    if not reasons:
        return [], []
    return [], ['{0} is legacy data (the API accepted it once; the current rules would not): {1} It stays as it is: a value '
                'equal to the stored one is neither checked nor sent, and a value that differs must pass the rules.'.format(
                    resource.title(resource.view(change.current)), ' '.join(reasons))]


def export_set(resource, objects, read_item, include_ids=False, among=None):
    """``objects`` in the input shape of the set module (:meth:`Resource.export`), so that they apply again as they are: an
    object that its key cannot address (legacy data, :func:`legacy_reasons`, its key compared among ``among``, else
    ``objects``) carries its ``id`` even without ``include_ids``."""
    holders = dict((id(obj), group) for group in Index(resource, objects if among is None else among).by_identity.values() for obj in group)
    exported = []
    for obj in objects:
        shaped = resource.export(obj)
        legacy = obj.get('id') is not None and legacy_reasons(resource, obj, read_item, holders.get(id(obj), ()), shaped)
        exported.append(dict(id=obj['id'], **shaped) if include_ids or legacy else shaped)
    return exported


def _write_one(module, client, resource, base_path, wanted, existing, change):
    """Send the write of one change and return the object as it now is.

    A write of unknown outcome (no answer, a 5xx) is resolved by reading again: the module fails with
    ``applied: []`` (nothing written) if it did not take effect, and goes on if it did. After a create, the module
    reads once more, and converges with runs that created the same object at the same time.
    """
    try:
        obj = execute(client, resource, base_path, change)
    except CloudflareError as exc:
        if not exc.may_have_applied:
            raise
        listing = fetch(client, resource, base_path, wanted)
        if not visible(resource, change, wanted, listing, existing):
            fields = exc.to_dict()
            fields.update(may_have_applied=False, applied=[], changed=False)
            module.fail_json(msg='{0} Reading again shows that it did not take effect: nothing was written, and running the task '
                                 'again is safe.'.format(exc.settled_message()), **fields)
        module.warn('Cloudflare did not answer the {0} ({1}), but reading again shows that it took effect.'.format(
            exc.method, exc.settled_message()))
        obj = _settled_object(resource, change, wanted, listing, Index(resource, existing).by_id)
    if change.action != 'create':
        return obj
    done = [(change, obj)]
    try:
        listing = fetch(client, resource, base_path, wanted)
        follow_ups, warnings = converge(resource, [(wanted, obj)], listing)
        for warning in warnings:
            module.warn(warning)
        for follow_up in follow_ups:
            written = execute(client, resource, base_path, follow_up)
            done.append((follow_up, written))
            obj = written if follow_up.action == 'update' else oldest(find(resource, wanted, listing))
    except CloudflareError as exc:
        _fail_after_writes(module, resource, exc, done, 'The {0} was created ({1}), but reading it again afterwards (or removing a '
                           'duplicate that a concurrent run made) failed: '.format(resource.name, done[0][1].get('id')),
                           lambda _changes: diff(resource, change))
    return obj


def run_one(module, resource, result_key, read_wanted, write_problems, notes=resource_notes):
    """The whole of a module for one object: validate, read, plan, warn, write (not in check mode), return.

    ``write_problems(resource, change)`` says what is wrong with the planned change; ``notes(resource, wanted, state,
    change)`` gives its warnings (:func:`_engine.notes`, from the resource's descriptor, unless told otherwise).
    """
    state = module.params['state']
    wanted, problems = read_wanted(module.params, state)
    if problems and not checked_after_read(wanted, state):
        module.fail_json(msg=' '.join(problems))
    client = cloudflare_client(module)
    base_path = account_path(module.params, resource.collection_path)
    try:
        existing, (change,) = read_and_plan(client, resource, base_path, wanted, [(wanted, state)])
        problems, legacy = stored_check(resource, read_wanted, wanted, state, change)
        problems = problems or write_problems(resource, change)
        if problems:
            module.fail_json(msg=' '.join(problems), changed=False)
        if renames(resource, change):  # the id alone was read: read the holders of the new key, which the run keeps
            known = Index(resource, existing).by_id
            existing += [obj for obj in fetch(client, resource, base_path, _key_only(change.after)) if _id_key(obj.get('id')) not in known]
            (change,) = plan(resource, [(wanted, state)], existing)
        for note in notes(resource, wanted, state, change) + legacy:
            module.warn(note)
        if change.changed and not module.check_mode:
            obj = _write_one(module, client, resource, base_path, wanted, existing, change)
        else:
            obj = predict(resource, change) if change.changed else change.current
    except PlanError as exc:
        module.fail_json(msg=exc.message, changed=False, **dict((name, value) for name, value in exc.details.items() if name != 'item'))
    except CloudflareError as exc:
        fail_from_error(module, exc, changed=False)
    result = {'changed': change.changed, result_key: resource.public(obj)}
    if module._diff:
        result['diff'] = diff(resource, change)
    module.exit_json(**result)


def set_argument_spec(items_option, item_options):
    """The options of a set module: the list of items (each ``item_options`` plus ``state``) and the set switches."""
    item = dict(item_options, state=dict(type='str', choices=list(STATES), default='present'))
    return {
        items_option: dict(type='list', elements='dict', required=True, options=item),
        'purge': dict(type='bool', default=False),
        'allow_empty': dict(type='bool', default=False),
        'fail_on_drift': dict(type='bool', default=False),
    }


def _label(resource, number, wanted):
    described = resource.describe(wanted) if resource.describe else ''
    return 'item {0}{1}: '.format(number, ' ({0})'.format(described) if described else '')


def read_items(resource, items, read_item):
    """``[(wanted, state)]`` for the items of a set module, and what is wrong with them, each problem naming its item.

    Two items that designate the same object (by id, or by natural key in compare form) are a problem too, and so are
    an item that sets by id the key another item declares (:func:`_engine.declared_identity`; the plan refuses the
    cases that only the stored objects decide). The values of an item that has an id (state=present) are checked once
    its object is read (:func:`stored_check`).
    """
    wanted_items, problems, seen, keyed = [], [], {}, {}
    for number, params in enumerate(items, 1):
        state = params.get('state') or 'present'
        wanted, item_problems = read_item(params, state)
        wanted_items.append((wanted, state))
        if checked_after_read(wanted, state):
            item_problems = []
        problems.extend(_label(resource, number, wanted) + problem for problem in item_problems)
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
            problems.append(shared_key_problem(resource, other[0], number, by_id, with_id['id'], key_text(resource, by_key)))
        keyed.setdefault(declared, (number, wanted))
    return wanted_items, problems


def _key(resource, view):
    return dict((name, view.get(name)) for name in resource.key_fields + resource.key_qualifiers)


def _entry(resource, change):
    """One line of ``created``, ``updated`` or ``deleted``: which object, and what happens to it."""
    entry = {'id': change.id} if change.id is not None else {}
    if change.index is not None:
        entry['item'] = change.index + 1
    if change.action == 'create':
        entry.update(resource.export(change.after))
    elif change.action == 'update':
        entry.update(_key(resource, change.before))
        entry['before'] = dict((name, change.before.get(name)) for name in change.body)
        entry['after'] = dict((name, change.after.get(name)) for name in change.body)
    else:
        entry.update(_key(resource, change.before))
        entry['reason'] = change.reason
    return entry


def report(resource, changes):
    """``changed``, the plan line and the lists of a planned set, the same in check mode and in a real run."""
    counts = dict(create=0, update=0, delete=0, unchanged=0)
    left = {}
    for change in changes:
        if change.action is None and change.index is None:
            left[change.reason] = left.get(change.reason, 0) + 1
        else:
            counts[change.action or 'unchanged'] += 1
    line = 'Plan: {create} to create, {update} to update, {delete} to delete, {unchanged} unchanged'.format(**counts)
    line += ''.join(', {0} left alone ({1})'.format(count, reason) for reason, count in sorted(left.items()))
    return dict(
        changed=any(change.changed for change in changes),
        msg=line,
        summary=counts,
        created=[_entry(resource, change) for change in changes if change.action == 'create'],
        updated=[_entry(resource, change) for change in changes if change.action == 'update'],
        deleted=[_entry(resource, change) for change in changes if change.action == 'delete'],
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


def _written(resource, change, obj=None):
    """One line of what a failure returns: the change as in ``created``/``updated``/``deleted``, with its ``action``,
    and the ``id`` of an object it created when known (``obj``, as the API answered)."""
    entry = _entry(resource, change)
    if change.action == 'create' and (obj or {}).get('id') is not None:
        entry = dict(id=obj['id'], **entry)
    entry['action'] = change.action
    return entry


def _failure(resource, exc, pending, settled=None, with_diff=False):
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
    named = ', '.join(_label(resource, change.index + 1, change.after or change.before).rstrip(': ') if change.index is not None
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
        applied=[_written(resource, change, obj) for change, obj in written],
        failed_changes=[_written(resource, change) for change in failed],
        not_applied=[_written(resource, change) for change in not_applied],
    )
    if with_diff:
        fields['diff'] = set_diff(resource, applied)
    return message, fields


def _wanted_of(items, change):
    return items[change.index][0] if change.index is not None else {}


def _settled_object(resource, change, wanted, listing, known):
    """The object as a change that took effect (:func:`visible` in ``listing``, read after it) left it: for a create, the
    oldest new object with the key (one whose id is not among ``known``, the ids read before; so that its id is known),
    else as :func:`predict` expects it."""
    if change.action == 'create':
        return oldest([item for item in find(resource, _key_only(wanted), listing) if _id_key(item.get('id')) not in known])
    return predict(resource, change)


def _write(module, client, resource, base_path, items, existing, changes, items_option):
    """Write ``changes``; resolve a write of unknown outcome by reading again; return ``(applied pairs, listing or None)``.

    After creates, the set is read once more, and creates that raced another run into duplicates
    converge (:func:`converge`); the listing read then is returned as the truth. A failure on the way
    says what was written (with its diff, when the task runs with --diff).
    """
    pending = ordered([change for change in changes if change.changed])
    try:
        applied = write_set(client, resource, base_path, changes)
    except WriteFailed as exc:
        settled = None
        if exc.error.may_have_applied:
            try:
                listing = fetch(client, resource, base_path, {})
            except CloudflareError:
                listing = None
            if listing is not None:
                known = Index(resource, existing).by_id
                settled = [(change, _settled_object(resource, change, _wanted_of(items, change), listing, known)) for change in exc.attempted
                           if visible(resource, change, _wanted_of(items, change), listing, existing)]
                if len(exc.applied) + len(settled) == len(pending):
                    module.warn('Cloudflare did not answer the last write ({0}), but reading again shows that it took '
                                'effect.'.format(exc.error.settled_message()))
                    return exc.applied + settled, listing
        message, fields = _failure(resource, exc, pending, settled, with_diff=module._diff)
        module.fail_json(msg=message, **fields)
    created = [(_wanted_of(items, change), obj) for change, obj in applied if change.action == 'create']
    if not created:
        return applied, None
    follow_ups = []
    try:
        listing = fetch(client, resource, base_path, {})
        follow_ups, warnings = converge(resource, created, listing)
        for warning in warnings:
            module.warn(warning)
        if follow_ups:
            write_set(client, resource, base_path, follow_ups)
            listing = fetch(client, resource, base_path, {})
    except (CloudflareError, WriteFailed) as exc:
        done = applied + (exc.applied if isinstance(exc, WriteFailed) else [(change, {}) for change in follow_ups])
        _fail_after_writes(module, resource, getattr(exc, 'error', exc), done,
                           'The changes were written, but reading the {0} again afterwards (or removing a duplicate that a concurrent '
                           'run made) failed: '.format(items_option), lambda changes: set_diff(resource, changes))
    return applied, listing


def _fail_after_writes(module, resource, error, written, what, diff_of):
    """``fail_json`` for a failure after some writes of a run: ``written`` (``[(change, object)]``) is what was written;
    the message is ``what`` and the error's; ``diff_of(changes)`` is the diff of them, returned with --diff."""
    fields = error.to_dict()
    fields.update(changed=True, applied=[_written(resource, change, obj) for change, obj in written])
    if module._diff:
        fields['diff'] = diff_of([change for change, _obj in written])
    module.fail_json(msg=what + error.message, **fields)


def run_set(module, resource, items_option, read_item, write_problems, notes=resource_notes):
    """The whole of a set module: validate, read once, plan, report, write (not in check mode), return.

    ``write_problems`` and ``notes`` are as for :func:`run_one`; each problem and warning names its item.
    """
    params = module.params
    items, problems = read_items(resource, params[items_option], read_item)
    if not items and params['purge'] and not params['allow_empty']:
        problems.append('{0} is empty and purge is true, which would delete every {1}: set allow_empty to true if that is '
                        'what you want.'.format(items_option, resource.name))
    if problems:
        module.fail_json(msg=' '.join(problems), changed=False)

    client = cloudflare_client(module)
    base_path = account_path(params, resource.collection_path)
    try:
        existing, changes = read_and_plan(client, resource, base_path, {}, items, purge=params['purge'])
    except PlanError as exc:
        number = exc.details.get('item')
        module.fail_json(msg=(_label(resource, number, items[number - 1][0]) if number else '') + exc.message, changed=False, **exc.details)
    except CloudflareError as exc:
        fail_from_error(module, exc, changed=False)
    problems, legacy = [], {}
    kept = None
    if any(checked_after_read(wanted, state) for wanted, state in items):  # the objects that hold keys after the run
        gone = set(_id_key(change.id) for change in changes if change.action == 'delete')
        kept = Index(resource, [obj for obj in existing if _id_key(obj.get('id')) not in gone])
    for change in changes:
        if change.index is not None:
            wanted, state = items[change.index]
            holders = kept.by_identity.get(resource.identity(predict(resource, change)), ()) if checked_after_read(wanted, state) else ()
            refused, legacy[change.index] = stored_check(resource, read_item, wanted, state, change, holders)
            if refused:
                problems.extend(_label(resource, change.index + 1, wanted) + problem for problem in refused)
                continue
        problems.extend(_label(resource, change.index + 1, change.after) + problem for problem in write_problems(resource, change))
    if problems:
        module.fail_json(msg=' '.join(problems), changed=False)
    for change in changes:
        if change.index is not None:
            wanted, state = items[change.index]
            for note in notes(resource, wanted, state, change) + legacy[change.index]:
                module.warn(_label(resource, change.index + 1, wanted) + note)

    result = report(resource, changes)
    if module._diff:
        result['diff'] = set_diff(resource, changes)
    if params['fail_on_drift'] and result['changed']:
        result.update(changed=False, msg='Drift from the declared {0} (fail_on_drift is set, nothing was written). {1}'.format(
            items_option, result['msg']))
        module.fail_json(**result)

    listing = None
    if module.check_mode or not result['changed']:
        applied = [(change, predict(resource, change)) for change in ordered(changes) if change.changed]
    else:
        applied, listing = _write(module, client, resource, base_path, items, existing, changes, items_option)
        created_ids = iter(obj.get('id') for change, obj in applied if change.action == 'create')
        for entry in result['created']:
            entry['id'] = next(created_ids)
    final = sorted(listing, key=resource.sort_key) if listing is not None else resulting_set(resource, existing, applied)
    result[items_option] = export_set(resource, final, read_item)
    module.exit_json(**result)


def info_argument_spec(filter_options):
    """The options of an ``_info`` module: ``id``, the filters, and ``include_ids``."""
    return dict(filter_options, include_ids=dict(type='bool', default=False))


def _selected(resource, obj, filters):
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
            found.append(dict(_key(resource, resource.view(group[0])), ids=[obj.get('id') for obj in group]))
    return sorted(found, key=resource.sort_key)


def run_info(module, resource, items_option, filter_names, read_item):
    """The whole of an ``_info`` module: read one object by id, or all (every page), filter, return in input shape
    (:func:`export_set`; ``read_item`` is the set module's check of an item)."""
    params = module.params
    wanted, problem = _given(resource, params, filter_names)
    if problem:
        module.fail_json(msg=problem)
    client = cloudflare_client(module)
    base_path = account_path(params, resource.collection_path)
    try:
        found = fetch(client, resource, base_path, wanted)
    except CloudflareError as exc:
        fail_from_error(module, exc, changed=False)
    filters = dict((name, value) for name, value in wanted.items() if name != 'id')
    selected = sorted((obj for obj in found if _selected(resource, obj, filters)), key=resource.sort_key)
    module.exit_json(
        changed=False,
        **{items_option: export_set(resource, selected, read_item, include_ids=params['include_ids'], among=found),
           'duplicates': duplicates(resource, selected)})
