# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The Ansible side of every module, for any :class:`_resource.Resource`: the argument specs built from the descriptor,
and the whole of a module for one object (:func:`run_one`, such as ``allow_policy``), a set (:func:`run_set`,
``allow_policies``) and reading (:func:`run_info`, ``allow_policy_info``).

A module reads what exists (``_store``), plans (``_plan``), and writes only in a real run. What it returns is built
from the plan (``_report``), so check mode and a real run return the same, but for a new object's id. After a create it
reads once more, so that runs that raced each other into duplicates converge; after a write of unknown outcome it reads
again and reports what is true.
"""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import CloudflareError
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._connection import (
    account_path,
    cloudflare_client,
    cloudflare_module,
    fail_from_error,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._plan import (
    MISSING,
    Index,
    PlanError,
    checked_after_read,
    converge,
    find,
    guarded_deletes,
    item_label,
    key_only,
    oldest,
    ordered,
    plan,
    predict,
    read_items,
    renames,
    stored_check,
    visible,
    warnings,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._report import (
    diff,
    duplicates,
    export_set,
    report,
    resulting_set,
    selected,
    set_diff,
    write_failure,
    written_entry,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import id_key
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._store import (
    WriteFailed,
    execute,
    fetch,
    fetch_sub,
    read_and_plan,
    write_set,
)

STATES = ('present', 'absent')


def object_options(resource, filters=None):
    """The options that describe one ``resource`` object: ``id`` and each field (or only the fields of ``filters``, without
    their deprecated aliases, as the info module filters)."""
    options = dict(id=dict(type='raw'))
    if resource.id_aliases:
        options['id']['aliases'] = list(resource.id_aliases)
    for fld in resource.fields:
        if filters is None or fld.name in filters:
            options[fld.name] = fld.option(aliases=filters is None)
    if filters is None:
        options.update((fld.name, dict(type='raw')) for fld in resource.read_only)
    return options


def guard_options(resource):
    """The option of ``Resource.delete_guard``, if the resource has one."""
    return dict(((resource.delete_guard[0], dict(type='bool', default=False)),) if resource.delete_guard else ())


def item_argument_spec(resource):
    """The options of an object, and of an item of a set: the object's options (with the read-only fields, ignored) and
    ``state``."""
    return dict(object_options(resource), state=dict(type='str', choices=list(STATES), default='present'))


def one_argument_spec(resource):
    """The options of a module for one object: the item's, and the option of ``Resource.delete_guard``."""
    return dict(item_argument_spec(resource), **guard_options(resource))


def set_argument_spec(resource):
    """The options of a set module: the list of items (each the object's options plus ``state``) and the set switches."""
    return dict({
        resource.items_option: dict(type='list', elements='dict', required=True, options=item_argument_spec(resource)),
        'purge': dict(type='bool', default=False),
        'allow_empty': dict(type='bool', default=False),
        'fail_on_drift': dict(type='bool', default=False),
        'skip_missing_ids': dict(type='bool', default=False),
    }, **guard_options(resource))


def info_argument_spec(resource):
    """The options of an ``_info`` module: ``id``, the filters, ``include_ids`` and the options of ``Resource.info_reads``."""
    return dict(object_options(resource, resource.info_filters), include_ids=dict(type='bool', default=False),
                **dict((option, dict(type='bool', default=False)) for option, _key, _path, _doc in resource.info_reads))


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
        follow_ups, messages = converge(resource, [(wanted, obj)], listing)
        for message in messages:
            module.warn(message)
        for follow_up in follow_ups:
            written = execute(client, resource, base_path, follow_up)
            done.append((follow_up, written))
            obj = written if follow_up.action == 'update' else oldest(find(resource, wanted, listing))
    except CloudflareError as exc:
        _fail_after_writes(module, resource, exc, done, 'The {0} was created ({1}), but reading it again afterwards (or removing a '
                           'duplicate that a concurrent run made) failed: '.format(resource.name, done[0][1].get('id')),
                           lambda _changes: diff(resource, change))
    return obj


def run_one(resource):
    """The whole of a module for one object: validate, read, plan, warn, write (not in check mode), return."""
    module = cloudflare_module(one_argument_spec(resource), supports_check_mode=True)
    state = module.params['state']
    wanted, problems = resource.read(module.params, state)
    if problems and not checked_after_read(wanted, state):
        module.fail_json(msg=' '.join(problems))
    client = cloudflare_client(module)
    base_path = account_path(module.params, resource.collection_path)
    try:
        existing, (change,) = read_and_plan(client, resource, base_path, wanted, [(wanted, state)])
        problems, legacy = stored_check(resource, wanted, state, change)
        problems = problems or resource.check_change(change) or guarded_deletes(resource, [change], module.params)
        if problems:
            module.fail_json(msg=' '.join(problems), changed=False)
        if renames(resource, change):  # the id alone was read: read the holders of the new key, which the run keeps
            known = Index(resource, existing).by_id
            existing += [obj for obj in fetch(client, resource, base_path, key_only(change.after)) if id_key(obj.get('id')) not in known]
            (change,) = plan(resource, [(wanted, state)], existing)
        for note in warnings(resource, wanted, state, change) + legacy:
            module.warn(note)
        if change.changed and not module.check_mode:
            obj = _write_one(module, client, resource, base_path, wanted, existing, change)
        else:
            obj = predict(resource, change) if change.changed else change.current
    except PlanError as exc:
        module.fail_json(msg=exc.message, changed=False, **dict((name, value) for name, value in exc.details.items() if name != 'item'))
    except CloudflareError as exc:
        fail_from_error(module, exc, changed=False)
    result = {'changed': change.changed, resource.result_key: resource.public(obj)}
    if module._diff:
        result['diff'] = diff(resource, change)
    module.exit_json(**result)


def _wanted_of(items, change):
    return items[change.index][0] if change.index is not None else {}


def _settled_object(resource, change, wanted, listing, known):
    """The object as a change that took effect (:func:`visible` in ``listing``, read after it) left it: for a create, the
    oldest new object with the key (one whose id is not among ``known``, the ids read before; so that its id is known),
    else as :func:`predict` expects it."""
    if change.action == 'create':
        return oldest([item for item in find(resource, key_only(wanted), listing) if id_key(item.get('id')) not in known])
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
        message, fields = write_failure(resource, exc, pending, settled, with_diff=module._diff)
        module.fail_json(msg=message, **fields)
    created = [(_wanted_of(items, change), obj) for change, obj in applied if change.action == 'create']
    if not created:
        return applied, None
    follow_ups = []
    try:
        listing = fetch(client, resource, base_path, {})
        follow_ups, messages = converge(resource, created, listing)
        for message in messages:
            module.warn(message)
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
    fields.update(changed=True, applied=[written_entry(resource, change, obj) for change, obj in written])
    if module._diff:
        fields['diff'] = diff_of([change for change, _obj in written])
    module.fail_json(msg=what + error.message, **fields)


def run_set(resource):
    """The whole of a set module: validate, read once, plan, report, write (not in check mode), return. Each problem and
    warning names its item."""
    module = cloudflare_module(set_argument_spec(resource), supports_check_mode=True)
    params, items_option = module.params, resource.items_option
    items, problems = read_items(resource, params[items_option])
    if not items and params['purge'] and not params['allow_empty']:
        problems.append('{0} is empty and purge is true, which would delete every {1}: set allow_empty to true if that is '
                        'what you want.'.format(items_option, resource.name))
    if problems:
        module.fail_json(msg=' '.join(problems), changed=False)

    client = cloudflare_client(module)
    base_path = account_path(params, resource.collection_path)
    try:
        existing, changes = read_and_plan(client, resource, base_path, {}, items, purge=params['purge'],
                                          skip_missing=params['skip_missing_ids'])
    except PlanError as exc:
        number = exc.details.get('item')
        module.fail_json(msg=(item_label(resource, number, items[number - 1][0]) if number else '') + exc.message, changed=False, **exc.details)
    except CloudflareError as exc:
        fail_from_error(module, exc, changed=False)
    problems, legacy = [], {}
    kept = None
    if any(checked_after_read(wanted, state) for wanted, state in items):  # the objects that hold keys after the run
        gone = set(id_key(change.id) for change in changes if change.action == 'delete')
        kept = Index(resource, [obj for obj in existing if id_key(obj.get('id')) not in gone])
    for change in changes:
        if change.reason == MISSING:
            continue
        if change.index is not None:
            wanted, state = items[change.index]
            holders = kept.by_identity.get(resource.identity(predict(resource, change)), ()) if checked_after_read(wanted, state) else ()
            refused, legacy[change.index] = stored_check(resource, wanted, state, change, holders)
            if refused:
                problems.extend(item_label(resource, change.index + 1, wanted) + problem for problem in refused)
                continue
        problems.extend(item_label(resource, change.index + 1, change.after) + problem for problem in resource.check_change(change))
    problems.extend(guarded_deletes(resource, changes, params))
    if problems:
        module.fail_json(msg=' '.join(problems), changed=False)
    for change in changes:
        if change.reason == MISSING:
            module.warn(item_label(resource, change.index + 1, items[change.index][0]) + 'skipped: no {0} has id {1} in this account '
                        '(skip_missing_ids).'.format(resource.name, change.after['id']))
        elif change.index is not None:
            wanted, state = items[change.index]
            for note in warnings(resource, wanted, state, change) + legacy[change.index]:
                module.warn(item_label(resource, change.index + 1, wanted) + note)

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
    result[items_option] = export_set(resource, final)
    module.exit_json(**result)


def run_info(resource):
    """The whole of an ``_info`` module: read one object by id, or all (every page), filter, return in input shape
    (:func:`_report.export_set`), with what the options of ``Resource.info_reads`` add (one request per object)."""
    module = cloudflare_module(info_argument_spec(resource), supports_check_mode=True)
    params = module.params
    wanted, problem = resource.given(params, resource.info_filters)
    if problem:
        module.fail_json(msg=problem)
    client = cloudflare_client(module)
    base_path = account_path(params, resource.collection_path)
    filters = dict((name, value) for name, value in wanted.items() if name != 'id')
    try:
        found = fetch(client, resource, base_path, wanted)
        chosen = sorted((obj for obj in found if selected(resource, obj, filters)), key=resource.sort_key)
        exported = export_set(resource, chosen, include_ids=params['include_ids'], among=found)
        for option, key, path, _doc in resource.info_reads:
            for obj, item in zip(chosen, exported) if params[option] else ():
                item[key] = resource.sub_read(key, fetch_sub(client, base_path, obj['id'], path))
    except CloudflareError as exc:
        fail_from_error(module, exc, changed=False)
    module.exit_json(changed=False, **{resource.items_option: exported, 'duplicates': duplicates(resource, chosen)})
