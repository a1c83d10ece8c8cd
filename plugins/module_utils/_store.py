# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The only code that turns reads and plans into requests: :func:`fetch` reads what exists with as few requests as
possible, :func:`read_and_plan` reads and plans (again, while racing runs converge), :func:`execute` sends the write
of one change, :func:`write_set` the writes of a set (the batch endpoint where the resource has one, else one request
per change). Requests go through :class:`_client.CloudflareClient`; what to send comes from ``_plan``.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import CloudflareError
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._plan import PlanError, ordered, plan, predict

# When several objects hold the key of an item, another run may be converging after a race
# (each run deletes its own duplicate within two requests): read again after these waits before failing.
AMBIGUITY_WAITS = (1.0, 2.0, 4.0)
MAX_BATCH_ITEMS = 1000
# The arrays of a batch request body, by action, in the order the endpoint runs them (``_plan.WRITE_ORDER``).
BATCH_ARRAYS = (('delete', 'deletes'), ('update', 'patches'), ('create', 'posts'))
ALL_ARRAYS = ('deletes', 'patches', 'puts', 'posts')
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


def batches(changes, limit=MAX_BATCH_ITEMS, arrays=ALL_ARRAYS):
    """The batch request bodies that carry ``changes``, at most ``limit`` items per array; ``arrays`` are those the
    endpoint takes (all of them, each sent even when empty, or only ``deletes`` for some resources).

    Returns ``[(body, members)]`` where ``members[(array, i)]`` is the change behind item ``i`` of
    ``array``, so that an error's ``source.pointer`` (``/posts/3/pattern``) leads back to it.
    """
    groups = dict((array, [change for change in changes if change.action == action]) for action, array in BATCH_ARRAYS if array in arrays)
    count = max(-(-len(group) // limit) for group in groups.values())
    result = []
    for number in range(count):
        body = dict((array, []) for array in arrays)
        members = {}
        for array in groups:
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


def write_set(client, resource, base_path, changes):
    """Send the writes of a planned set; return ``[(change, object)]`` as the API answered, in :func:`ordered` order.

    With a batch endpoint: one batch per :data:`MAX_BATCH_ITEMS` items (each atomic on its own); the changes of an
    array that the resource's batch lacks (``Resource.batch_arrays``) follow, one request each. If the endpoint is
    missing (404 or 405 without a pointer into the batch), one request per change, as :func:`execute` sends them.
    Raises :class:`WriteFailed` saying what was applied before the failure.
    """
    pending = ordered([change for change in changes if change.changed])
    applied, single = [], pending
    if resource.has_batch:
        batch_path = base_path + '/batch'
        takes = [action for action, array in BATCH_ARRAYS if array in resource.batch_arrays]
        for body, members in batches([change for change in pending if change.action in takes], arrays=resource.batch_arrays):
            try:
                result = client.post(batch_path, body, repeatable=_repeatable(body))
            except CloudflareError as exc:
                if not applied and exc.status in NO_BATCH_STATUSES and not _pointed(exc, members):
                    break
                raise WriteFailed(exc, applied, list(members.values()), _pointed(exc, members), batched=True) from exc
            applied.extend(_batch_results(resource, result, members))
        else:
            single = [change for change in pending if change.action not in takes]
    for change in single:
        try:
            applied.append((change, execute(client, resource, base_path, change)))
        except CloudflareError as exc:
            raise WriteFailed(exc, applied, [change], [change], batched=False) from exc
    return applied


def _repeatable(body):
    """Whether a batch may be sent again after the server may have acted on it: when it holds only patches, which set
    the same values again (as a single PATCH does). A repeated delete of an object the first try deleted would fail the
    whole batch (the batch is atomic, and an unknown id is an error), and a repeated create would make a duplicate."""
    return not (body.get('deletes') or body.get('puts') or body.get('posts'))


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


def object_path(base_path, object_id):
    """The path of one object: the collection's path and the id (an integer id in its decimal form)."""
    return '{0}/{1}'.format(base_path, quote(str(object_id), safe=''))


def execute(client, resource, base_path, change):
    """Send the write of one change and return the object as the API answered (``{}`` once deleted).

    A DELETE answered 404 means someone else deleted the object meanwhile; it counts as done.
    """
    if change.action == 'create':
        return _object(client.post(base_path, change.body), 'POST', base_path)
    item_path = object_path(base_path, change.id)
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
        item_path = object_path(base_path, wanted['id'])
        try:
            return [_object(client.get(item_path), 'GET', item_path)]
        except CloudflareError as exc:
            if exc.status == 404 and not exc.no_route:
                return []
            raise
    params = dict((name, wanted[name]) for name in resource.list_filter if wanted.get(name) is not None)
    order, direction = resource.list_order or (None, 'asc')
    items = [_object(item, 'GET', base_path) for item in client.list_all(base_path, params=params, order=order, direction=direction)]
    for item in items:  # the server filtered on these: an object that leaves them out has them
        for name, value in params.items():
            if item.get(name) is None:
                item[name] = value
    return items


def fetch_sub(client, base_path, object_id, path):
    """What ``GET <the object's path>/<path>`` answers (such as a domain's verification record), None for an answer without
    a body (HTTP 204)."""
    return client.get('{0}/{1}'.format(object_path(base_path, object_id), path))


def _object(result, method, path):
    """``result`` if it is an API object (a dict with an ``id``), else a :class:`CloudflareError`."""
    if isinstance(result, dict) and result.get('id') is not None:
        return result
    raise CloudflareError('Cloudflare answered {0} {1} with a result that is not an object with an id: {2!r:.200}'.format(method, path, result),
                          method=method, path=path)


def read_and_plan(client, resource, base_path, wanted, items, purge=False, skip_missing=False):
    """Read what exists (``fetch`` of ``wanted``) and plan ``items`` against it: ``(existing, changes)``.

    A key that several objects hold (:class:`PlanError` with ``ids``) is read again after each of
    :data:`AMBIGUITY_WAITS` before the error is raised, since racing runs converge by themselves.
    """
    for wait in AMBIGUITY_WAITS:
        existing = fetch(client, resource, base_path, wanted)
        try:
            return existing, plan(resource, items, existing, purge=purge, skip_missing=skip_missing)
        except PlanError as exc:
            if 'ids' not in exc.details:
                raise
        time.sleep(wait)
    existing = fetch(client, resource, base_path, wanted)
    return existing, plan(resource, items, existing, purge=purge, skip_missing=skip_missing)
