# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engine on its own, with a small descriptor of another resource: a new Email Security
resource costs a descriptor, and the planner, executor and lookup work for it unchanged."""

from __future__ import annotations

import pytest

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import CloudflareError
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._plan import PlanError, oldest, plan, plan_one, predict
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._report import duplicates
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._store import batches, execute, fetch
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY, input_problems

# Shaped like block_senders (pattern, pattern_type, is_regex, comments), with the default comparison.
BLOCK_SENDER = Resource(
    name='block sender',
    collection_path='email-security/settings/block_senders',
    fields=(Field('pattern', 'str'), Field('pattern_type', 'str'), Field('is_regex', 'bool', create_default=False),
            Field('comments', 'str', blank_is_none=True)),
    key_fields=('pattern', 'pattern_type'),
)
EXISTING = {'id': 'b1', 'pattern': 'spam.example', 'pattern_type': 'DOMAIN', 'is_regex': False, 'comments': None}


class FakeClient:
    """Records calls; answers from ``answers`` (an exception is raised)."""

    def __init__(self, **answers):
        self.calls = []
        self.answers = answers

    def _answer(self, name, *args):
        self.calls.append((name,) + args)
        answer = self.answers.get(name)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get(self, path, params=None):
        return self._answer('get', path, params)

    def post(self, path, body):
        return self._answer('post', path, body)

    def patch(self, path, body):
        return self._answer('patch', path, body)

    def delete(self, path):
        return self._answer('delete', path)

    def list_all(self, path, params=None, per_page=1000, order=None, direction='asc'):
        return self._answer('list_all', path, params, order, direction)


def test_another_resource_plans_with_the_default_comparison():
    assert plan_one(BLOCK_SENDER, {'pattern': 'spam.example', 'pattern_type': 'DOMAIN', 'comments': ''}, [EXISTING]).action is None
    # without a compare form, case matters
    change = plan_one(BLOCK_SENDER, {'pattern': 'SPAM.example', 'pattern_type': 'DOMAIN'}, [EXISTING])
    assert change.action == 'create'
    assert change.body == {'pattern': 'SPAM.example', 'pattern_type': 'DOMAIN', 'is_regex': False}
    assert BLOCK_SENDER.title(change.after) == 'block sender'


def test_update_and_prediction():
    change = plan_one(BLOCK_SENDER, {'id': 'b1', 'comments': 'noted'}, [EXISTING])
    assert (change.action, change.body, change.id) == ('update', {'comments': 'noted'}, 'b1')
    assert change.before['comments'] == '' and change.after['comments'] == 'noted'
    assert predict(BLOCK_SENDER, change) == dict(EXISTING, comments='noted')


def test_the_prediction_of_a_create_without_comments_has_comments_null_as_the_api_returns():
    # Found by check_then_real (tests/integration): the preview of a create left comments out, the real run returned null.
    change = plan_one(ALLOW_POLICY, {'pattern': 'partner.example', 'pattern_type': 'DOMAIN'}, [])
    assert 'comments' not in change.body
    assert predict(ALLOW_POLICY, change) == dict(change.body, comments=None)
    with_comment = plan_one(ALLOW_POLICY, {'pattern': 'partner.example', 'pattern_type': 'DOMAIN', 'comments': 'kept'}, [])
    assert predict(ALLOW_POLICY, with_comment)['comments'] == 'kept'


def test_views_of_nothing_are_empty():
    assert BLOCK_SENDER.view(None) == {} and BLOCK_SENDER.public({}) == {}
    assert plan_one(BLOCK_SENDER, {'id': 'zz'}, [EXISTING], state='absent').action is None


def test_unknown_id_cannot_be_created():
    with pytest.raises(PlanError, match='No block sender has id zz') as info:
        plan_one(BLOCK_SENDER, {'id': 'zz', 'comments': 'x'}, [EXISTING])
    assert info.value.details == {'id': 'zz'}


def test_execute_sends_one_write_per_action():
    client = FakeClient(post={'id': 'new'}, patch={'id': 'b1'}, delete={'id': 'b1'})
    base = '/accounts/a/email-security/settings/block_senders'
    assert execute(client, BLOCK_SENDER, base, plan_one(BLOCK_SENDER, {'pattern': 'x.example', 'pattern_type': 'DOMAIN'}, [])) == {'id': 'new'}
    assert execute(client, BLOCK_SENDER, base, plan_one(BLOCK_SENDER, {'id': 'b1', 'is_regex': True}, [EXISTING])) == {'id': 'b1'}
    assert execute(client, BLOCK_SENDER, base, plan_one(BLOCK_SENDER, {'id': 'b1'}, [EXISTING], state='absent')) == {}
    assert [call[:2] for call in client.calls] == [('post', base), ('patch', base + '/b1'), ('delete', base + '/b1')]
    with pytest.raises(ValueError):
        execute(client, BLOCK_SENDER, base, plan_one(BLOCK_SENDER, {'id': 'b1'}, [EXISTING]))


def test_a_failed_delete_other_than_404_is_raised():
    client = FakeClient(delete=CloudflareError('boom', status=500))
    with pytest.raises(CloudflareError, match='boom'):
        execute(client, BLOCK_SENDER, '/x', plan_one(BLOCK_SENDER, {'id': 'b1'}, [EXISTING], state='absent'))


def test_fetch_by_id_quotes_it_and_by_key_lists_with_the_filter():
    client = FakeClient(get=EXISTING, list_all=[EXISTING])
    assert fetch(client, ALLOW_POLICY, '/base', {'id': 'a/b'}) == [EXISTING]
    assert fetch(client, ALLOW_POLICY, '/base', {'pattern': 'x', 'pattern_type': 'EMAIL'}) == [EXISTING]
    assert client.calls == [('get', '/base/a%2Fb', None), ('list_all', '/base', {'pattern_type': 'EMAIL'}, 'created_at', 'asc')]


def test_fetch_raises_errors_other_than_a_missing_object():
    client = FakeClient(get=CloudflareError('forbidden', status=403))
    with pytest.raises(CloudflareError):
        fetch(client, ALLOW_POLICY, '/base', {'id': 'x'})


@pytest.mark.parametrize('wanted, is_regex, problems', [
    ({'pattern': 'a@b.example', 'pattern_type': 'EMAIL'}, False, []),
    ({'pattern': 'example.com', 'pattern_type': 'DOMAIN'}, False, []),
    ({'pattern': '2001:db8::1', 'pattern_type': 'IP'}, False, []),
    ({'pattern': '.*@b\\.example', 'pattern_type': 'EMAIL'}, True, []),
    ({'pattern': 'anything', 'pattern_type': 'UNKNOWN'}, False, []),
    ({'pattern': 'not a domain', 'pattern_type': 'DOMAIN'}, None, []),
])
def test_input_problems_for_good_input(wanted, is_regex, problems):
    assert input_problems(ALLOW_POLICY, wanted, 'absent' if wanted['pattern_type'] == 'UNKNOWN' else 'present', is_regex) == problems


def test_compare_form_of_missing_values():
    assert ALLOW_POLICY.same('pattern', None, None, {'pattern_type': 'EMAIL'})
    assert not ALLOW_POLICY.same('pattern', None, 'a@b.example', {'pattern_type': 'EMAIL'})


def test_a_set_of_objects_is_planned_item_by_item_against_one_listing():
    other = dict(EXISTING, id='b2', pattern='junk.example')
    stale = dict(EXISTING, id='b3', pattern='stale.example')
    items = [
        ({'pattern': 'spam.example', 'pattern_type': 'DOMAIN', 'comments': 'known'}, 'present'),
        ({'pattern': 'new.example', 'pattern_type': 'DOMAIN'}, 'present'),
        ({'id': 'B2'}, 'absent'),
    ]
    changes = plan(BLOCK_SENDER, items, [EXISTING, other, stale])
    assert [(c.action, c.id) for c in changes] == [('update', 'b1'), ('create', None), ('delete', 'b2')]
    purged = plan(BLOCK_SENDER, items, [EXISTING, other, stale], purge=True)
    assert [(c.action, c.id) for c in purged] == [('update', 'b1'), ('create', None), ('delete', 'b2'), ('delete', 'b3')]


def test_two_items_for_one_object_are_refused():
    items = [({'id': 'b1', 'comments': 'a'}, 'present'), ({'pattern': 'spam.example', 'pattern_type': 'DOMAIN'}, 'absent')]
    with pytest.raises(PlanError, match='Items 1 and 2 both designate block sender b1'):
        plan(BLOCK_SENDER, items, [EXISTING])


def test_execute_quotes_the_id():
    class Client:
        calls = []

        def patch(self, path, body):
            self.calls.append(path)
            return {'id': 'a/b'}
    existing = dict(EXISTING, id='a/b')
    change = plan_one(BLOCK_SENDER, {'id': 'a/b', 'comments': 'x'}, [existing])
    client = Client()
    execute(client, BLOCK_SENDER, '/base', change)
    assert client.calls == ['/base/a%2Fb']


@pytest.mark.parametrize('ids', [(10, 9), ('10', '9'), (10, '9'), ('28084', 28083)])
def test_integer_ids_order_by_value_so_the_smallest_is_kept_among_duplicates(ids):
    # Accounts answered with integer ids in 2025: "the smallest id" of two duplicates created at the same time is 9, not 10.
    twins = [dict(EXISTING, id=ids[0], created_at='2026-11-01T00:00:00Z'), dict(EXISTING, id=ids[1], created_at='2026-11-01T00:00:00Z')]
    assert oldest(twins)['id'] == ids[1]
    changes = plan(BLOCK_SENDER, [(dict(pattern='spam.example', pattern_type='DOMAIN'), 'present')], twins, purge=True)
    assert [(change.action, change.id, change.reason) for change in changes] == [
        (None, ids[1], None), ('delete', ids[0], 'duplicate of {0}'.format(ids[1]))]
    assert [obj['id'] for obj in sorted(twins, key=BLOCK_SENDER.sort_key)] == [ids[1], ids[0]]
    assert duplicates(BLOCK_SENDER, twins)[0]['ids'] == [ids[1], ids[0]]


def test_an_integer_id_designates_the_object_and_is_sent_as_the_api_gave_it():
    existing = [dict(EXISTING, id=28083), dict(EXISTING, id=28084, pattern='other.example')]
    (change,) = plan(BLOCK_SENDER, [(dict(id='28083', comments='changed'), 'present')], existing)
    assert (change.action, change.id, change.body) == ('update', 28083, dict(comments='changed'))
    ((body, _members),) = batches([change])
    assert body['patches'] == [dict(comments='changed', id=28083)]
    client = FakeClient(patch=dict(EXISTING, id=28083, comments='changed'))
    execute(client, BLOCK_SENDER, '/base', change)
    assert client.calls == [('patch', '/base/28083', dict(comments='changed'))]


def test_a_resource_without_hooks_checks_only_that_the_key_is_set():
    assert BLOCK_SENDER.read({'pattern': 'x.example', 'state': 'present'}, 'present') == (
        {'pattern': 'x.example'}, ['Set both pattern and pattern_type to identify the block sender, or set id.'])
    assert BLOCK_SENDER.read({'id': 7, 'pattern': 'anything'}, 'present') == ({'id': '7', 'pattern': 'anything'}, [])
    assert BLOCK_SENDER.check_change(plan_one(BLOCK_SENDER, {'id': 'b1', 'pattern': '(unchecked'}, [EXISTING])) == []
    assert BLOCK_SENDER.sub_read('anything', {'kept': True}) == {'kept': True}  # a further read is returned as answered
