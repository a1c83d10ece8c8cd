# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engine's set machinery on its own: identity, export, duplicates, batches and the per-request fallback."""

from __future__ import annotations

import pytest

from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import CloudflareError
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._plan import PlanError, converge, ordered, plan, visible
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._store import WriteFailed, batches, write_set
from ansible_collections.cloudflare_one.email_security.tests.unit.constants import hooked

BLOCK_SENDER = Resource(
    name='block sender',
    collection_path='email-security/settings/block_senders',
    fields=(Field('pattern', 'str'), Field('pattern_type', 'str'), Field('comments', 'str', blank_is_none=True)),
    key_fields=('pattern', 'pattern_type'),
)
NO_BATCH = Resource(name='entry', collection_path='entries', fields=(Field('email', 'str'),), key_fields=('email',), has_batch=False)


def sender(number, **fields):
    return dict(dict(id='b{0}'.format(number), pattern='s{0}.example'.format(number), pattern_type='DOMAIN', comments=None,
                     created_at='2026-11-0{0}T00:00:00Z'.format(number)), **fields)


class Client:
    """Answers each call in turn from a list of answers per method (an exception is raised)."""

    def __init__(self, **answers):
        self.answers = dict((name, list(values)) for name, values in answers.items())
        self.calls = []

    def _next(self, name, path, body=None):
        self.calls.append((name, path, body))
        answer = self.answers[name].pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def post(self, path, body, repeatable=False):
        self.repeatable = repeatable
        return self._next('post', path, body)

    def patch(self, path, body):
        return self._next('patch', path, body)

    def delete(self, path):
        return self._next('delete', path)


def test_identity_export_and_order():
    policy = dict(id='p1', pattern='Partner.Example', pattern_type='DOMAIN', is_sender=True, created_at='t1', modified_at='t2')
    assert ALLOW_POLICY.identity(policy) == ALLOW_POLICY.identity({'pattern': 'partner.example', 'pattern_type': 'DOMAIN'})
    assert ALLOW_POLICY.identity(policy) != ALLOW_POLICY.identity({'pattern': 'partner.example', 'pattern_type': 'DOMAIN', 'is_regex': True})
    assert ALLOW_POLICY.export(policy) == dict(pattern='Partner.Example', pattern_type='DOMAIN', is_regex=False, verify_sender=False,
                                               is_trusted_sender=True, is_acceptable_sender=False, is_exempt_recipient=False, comments='')
    # The input shape of the set module: the id first, never the read-only timestamps (which the set module refuses).
    assert ALLOW_POLICY.export(policy, include_ids=True) == dict(id='p1', **ALLOW_POLICY.export(policy))
    assert list(ALLOW_POLICY.export(policy, include_ids=True))[0] == 'id'
    assert ALLOW_POLICY.sort_key(policy) == ('DOMAIN', 'Partner.Example', 'False', (2, 0, 'p1'))
    assert BLOCK_SENDER.sort_key({'pattern': 'a', 'pattern_type': 'IP'}) == ('a', 'IP', (0, 0, ''))
    assert BLOCK_SENDER.sort_key({'pattern': 'a', 'pattern_type': 'IP', 'id': 28083}) == ('a', 'IP', (1, 28083, ''))


def test_with_purge_an_item_keeps_the_oldest_of_its_duplicates():
    newer, older = sender(2, pattern='dup.example'), sender(1, pattern='dup.example')
    changes = plan(BLOCK_SENDER, [({'pattern': 'dup.example', 'pattern_type': 'DOMAIN'}, 'present')], [newer, older, sender(3)], purge=True)
    assert [(c.action, c.id, c.reason) for c in changes] == [(None, 'b1', None), ('delete', 'b2', 'duplicate of b1'), ('delete', 'b3', 'purge')]
    same_time = [sender(1, id='z'), sender(1, id='a')]
    assert plan(BLOCK_SENDER, [({'pattern': 's1.example', 'pattern_type': 'DOMAIN'}, 'present')], same_time, purge=True)[0].id == 'a'


def test_an_item_by_id_claims_no_duplicates():
    changes = plan(BLOCK_SENDER, [({'id': 'b1'}, 'present'), ({'id': 'b2'}, 'absent')], [sender(1), sender(2, pattern='s1.example')], purge=True)
    assert [(c.action, c.id, c.reason) for c in changes] == [(None, 'b1', None), ('delete', 'b2', 'absent')]


def changes_of(count, action):
    if action == 'create':
        return plan(BLOCK_SENDER, [({'pattern': 'n{0}.example'.format(n), 'pattern_type': 'DOMAIN'}, 'present') for n in range(count)], [])
    existing = [sender(n) for n in range(count)]
    state = 'absent' if action == 'delete' else 'present'
    return plan(BLOCK_SENDER, [({'id': obj['id'], 'comments': 'x'}, state) for obj in existing], existing)


def test_batches_hold_at_most_the_limit_per_array_in_the_api_order():
    changes = changes_of(3, 'create') + changes_of(2, 'update') + changes_of(1, 'delete')
    (first, members_1), (second, members_2) = batches(changes, limit=2)
    assert first == dict(deletes=[{'id': 'b0'}], patches=[{'id': 'b0', 'comments': 'x'}, {'id': 'b1', 'comments': 'x'}], puts=[],
                         posts=[{'pattern': 'n0.example', 'pattern_type': 'DOMAIN'}, {'pattern': 'n1.example', 'pattern_type': 'DOMAIN'}])
    assert second == dict(deletes=[], patches=[], puts=[], posts=[{'pattern': 'n2.example', 'pattern_type': 'DOMAIN'}])
    assert members_2[('posts', 0)] is changes[2] and members_1[('deletes', 0)] is changes[5]
    assert [c.action for c in ordered(changes)] == ['delete', 'update', 'update', 'create', 'create', 'create']


def test_a_batch_answer_is_paired_with_the_changes_and_gaps_are_predicted():
    changes = changes_of(2, 'create') + changes_of(1, 'update') + changes_of(1, 'delete')
    client = Client(post=[{'posts': [{'id': 'n0', 'pattern': 'n0.example'}, 'not an object'], 'patches': [], 'deletes': [{'id': 'b0'}]}])
    applied = write_set(client, BLOCK_SENDER, '/base', changes)
    assert [(c.action, obj) for c, obj in applied] == [
        ('delete', {}), ('update', dict(sender(0), comments='x')), ('create', {'id': 'n0', 'pattern': 'n0.example'}),
        ('create', {'pattern': 'n1.example', 'pattern_type': 'DOMAIN', 'comments': None})]
    assert client.calls[0][:2] == ('post', '/base/batch')
    client = Client(post=[None])
    predicted = [obj for _c, obj in write_set(client, BLOCK_SENDER, '/base', changes_of(1, 'create'))]
    assert predicted == [{'pattern': 'n0.example', 'pattern_type': 'DOMAIN', 'comments': None}]


def test_without_a_batch_endpoint_one_request_per_change():
    changes = changes_of(1, 'create') + changes_of(1, 'delete')
    missing = CloudflareError('no route', status=404, errors=[{'code': 7003, 'message': 'No route'}])
    client = Client(post=[missing, {'id': 'n0'}], delete=[{'id': 'b0'}])
    applied = write_set(client, BLOCK_SENDER, '/base', changes)
    assert [call[:2] for call in client.calls] == [('post', '/base/batch'), ('delete', '/base/b0'), ('post', '/base')]
    assert [obj for _c, obj in applied] == [{}, {'id': 'n0'}]


def test_a_resource_without_batch_goes_request_by_request_and_says_what_was_applied():
    changes = plan(NO_BATCH, [({'email': 'a@x.example'}, 'present'), ({'email': 'b@x.example'}, 'present')], [])
    client = Client(post=[{'id': 'e1'}, CloudflareError('refused', status=400)])
    with pytest.raises(WriteFailed) as info:
        write_set(client, NO_BATCH, '/base', changes)
    assert [obj for _c, obj in info.value.applied] == [{'id': 'e1'}]
    assert info.value.failed == [changes[1]] and info.value.batched is False
    assert [call[1] for call in client.calls] == ['/base', '/base']


@pytest.mark.parametrize('pointers, failed', [
    (['/posts/1/pattern', '/posts/1/pattern_type'], [1]),
    (['/posts/7/pattern', '/nonsense', '', None, '/posts/x'], []),
])
def test_a_failed_batch_names_the_changes_its_errors_point_at(pointers, failed):
    changes = changes_of(2, 'create')
    errors = [{'code': 1001, 'message': 'bad', 'source': {'pointer': p}} if p is not None else {'code': 1001} for p in pointers]
    client = Client(post=[CloudflareError('refused', status=400, errors=errors)])
    with pytest.raises(WriteFailed) as info:
        write_set(client, BLOCK_SENDER, '/base', changes)
    assert info.value.failed == [changes[n] for n in failed]
    assert info.value.applied == [] and info.value.batched is True


def test_a_missing_batch_endpoint_after_a_first_batch_is_a_failure_not_a_fallback():
    changes = changes_of(1001, 'create')
    client = Client(post=[{'posts': []}, CloudflareError('no route', status=404)])
    with pytest.raises(WriteFailed) as info:
        write_set(client, BLOCK_SENDER, '/base', changes)
    assert len(info.value.applied) == 1000 and len(client.calls) == 2


def test_a_404_that_points_into_the_batch_is_a_failure_not_a_fallback():
    changes = changes_of(1, 'update')
    gone = CloudflareError('gone', status=404, errors=[{'code': 1002, 'message': 'Not found', 'source': {'pointer': '/patches/0/id'}}])
    with pytest.raises(WriteFailed) as info:
        write_set(Client(post=[gone]), BLOCK_SENDER, '/base', changes)
    assert info.value.failed == changes


def test_converge_keeps_the_oldest_and_only_the_newer_run_acts():
    wanted = {'pattern': 'dup.example', 'pattern_type': 'DOMAIN'}
    older, newer = sender(1, id='old', pattern='dup.example'), sender(2, id='new', pattern='dup.example')
    assert converge(BLOCK_SENDER, [(wanted, older)], [older, newer]) == ([], [])
    assert converge(BLOCK_SENDER, [(wanted, sender(3, id='gone'))], [older]) == ([], [])
    follow_ups, warnings = converge(BLOCK_SENDER, [(wanted, newer)], [older, newer])
    assert [(c.action, c.id, c.reason) for c in follow_ups] == [('delete', 'new', 'duplicate of old')]
    assert warnings == ['block sender: another run created the same block sender at the same time. This run keeps '
                        'the older one (old) and deletes the one it created (new).']


def test_visible_tells_whether_a_change_took_effect():
    existing = [sender(1), sender(2)]
    changes = plan(BLOCK_SENDER, [({'id': 'b1'}, 'absent'), ({'id': 'b2', 'comments': 'x'}, 'present'),
                                  ({'pattern': 'n.example', 'pattern_type': 'DOMAIN'}, 'present')], existing)
    wanted = [{'id': 'b1'}, {'id': 'b2', 'comments': 'x'}, {'pattern': 'n.example', 'pattern_type': 'DOMAIN'}]
    after = [sender(2, comments='x'), sender(3, id='b3', pattern='n.example')]
    assert [visible(BLOCK_SENDER, c, w, after, existing) for c, w in zip(changes, wanted)] == [True, True, True]
    assert [visible(BLOCK_SENDER, c, w, existing, existing) for c, w in zip(changes, wanted)] == [False, False, False]
    assert visible(BLOCK_SENDER, changes[1], wanted[1], [], existing) is False


REGISTRY = hooked(Resource(name='entry', collection_path='entries', fields=(Field('email', 'str'), Field('name', 'str')), key_fields=('email',),
                           has_batch=False), locked=lambda obj: 'synced from a directory' if obj.get('directory_id') is not None else None)


def test_locked_objects_are_never_changed_and_purge_leaves_them_alone():
    synced = {'id': 's1', 'email': 'ceo@example.com', 'name': 'CEO', 'directory_id': 7}
    manual = {'id': 'm1', 'email': 'cfo@example.com', 'name': 'CFO', 'directory_id': None}
    assert plan(REGISTRY, [({'email': 'ceo@example.com', 'name': 'CEO'}, 'present')], [synced])[0].action is None
    for wanted, state in (({'email': 'ceo@example.com', 'name': 'Boss'}, 'present'), ({'id': 's1'}, 'absent')):
        with pytest.raises(PlanError, match='entry s1 is synced from a directory: the API cannot change or delete it'):
            plan(REGISTRY, [(wanted, state)], [synced])
    changes = plan(REGISTRY, [], [synced, manual], purge=True)
    assert [(c.action, c.id, c.reason) for c in changes] == [(None, 's1', 'synced from a directory'), ('delete', 'm1', 'purge')]
    assert REGISTRY.lock_reason(None) is None and BLOCK_SENDER.lock_reason(synced) is None


def test_matching_is_by_identity_and_matches_decides():
    plain = dict(id='p1', pattern='soc@example.com', pattern_type='EMAIL', is_regex=False)
    assert not ALLOW_POLICY.matches({'pattern': 'soc@example.com', 'pattern_type': 'EMAIL', 'is_regex': True}, plain)
    assert ALLOW_POLICY.matches({'pattern': 'SOC@example.com', 'pattern_type': 'EMAIL'}, plain)
    many = [dict(plain, id='p{0}'.format(n), pattern='u{0}@example.com'.format(n)) for n in range(2000)]
    items = [({'pattern': 'U{0}@example.com'.format(n), 'pattern_type': 'EMAIL'}, 'present') for n in range(2000)]
    assert [c.id for c in plan(ALLOW_POLICY, items, many)] == ['p{0}'.format(n) for n in range(2000)]


def test_a_set_applied_again_unchanged_compares_equal_values_as_they_are():
    """Planning N unchanged items brings only the identities (each object's and each item's) to their compare form:
    values that are equal are the same without it (``make bench-bulk``: 1,000 unchanged policies)."""
    forms = []

    def compare_form(name, value, obj):
        forms.append(name)
        return ALLOW_POLICY.compare_form(name, value, obj)

    counted = hooked(ALLOW_POLICY, compare_form=compare_form)
    existing = [dict(id='p{0}'.format(n), pattern='s{0}.example'.format(n), pattern_type='DOMAIN', comments='Partner {0}'.format(n))
                for n in range(100)]
    items = [(dict(pattern=obj['pattern'], pattern_type='DOMAIN', comments=obj['comments'], verify_sender=False), 'present')
             for obj in existing]
    changes = plan(counted, items, existing)
    assert [(c.action, c.id) for c in changes] == [(None, obj['id']) for obj in existing]
    identity_size = len(ALLOW_POLICY.key_fields + ALLOW_POLICY.key_qualifiers)
    assert len(forms) <= 2 * identity_size * len(existing)
    assert not counted.same('pattern', 'A.example', 'b.example', {'pattern_type': 'DOMAIN'})
    assert counted.same('pattern', 'A.example', 'a.EXAMPLE', {'pattern_type': 'DOMAIN'})
    assert counted.field('comments') is ALLOW_POLICY.fields[-1]
