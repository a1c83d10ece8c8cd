# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""content_policy, content_policies and content_policy_info, with every HTTP call scripted."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API

URL = API + '/accounts/{0}/email-security/settings/content_policies'.format(ACCOUNT)


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def stored(number, **fields):
    base = dict(id='c{0}'.format(number), name='Policy {0}'.format(number), pattern='p{0}+'.format(number), targets=['SUBJECT', 'BODY'],
                enabled=True, notes=None, created_at='2026-12-0{0}T00:00:00Z'.format(number), modified_at='2026-12-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def expect_list(api, items, **query):
    query = dict(dict(page='1', per_page='1000', order='created_at', direction='asc'), **query)
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(query)])


def test_a_lookup_by_name_is_filtered_by_the_api_and_targets_compare_as_a_set(api, run_module):
    expect_list(api, [stored(1)], name='Policy 1')
    result = run_module('content_policy', dict(name='Policy 1', targets=['BODY', 'SUBJECT', 'BODY'], enabled=True), diff=True)
    assert result['changed'] is False and len(api.calls) == 1
    assert result['diff']['before_header'] == 'content policy c1 Policy 1'
    api.reset()
    expect_list(api, [stored(1)], name='Policy 1')
    api.patch(URL + '/c1', json=envelope(stored(1, targets=['BODY'])), match=[matchers.json_params_matcher(dict(targets=['BODY']))])
    changed = run_module('content_policy', dict(name='Policy 1', targets=['BODY']))
    assert changed['changed'] is True and changed['content_policy']['targets'] == ['BODY']


def test_a_create_sends_the_fields_the_api_requires_and_nothing_is_guessed(api, run_module):
    expect_list(api, [], name='New')
    result = run_module('content_policy', dict(name='New', pattern='a+'))
    assert result['failed'] is True and len(api.calls) == 1
    assert result['msg'] == "targets, enabled are required to create the content policy 'New': set targets and enabled."
    api.reset()
    expect_list(api, [], name='New')
    api.post(URL, json=envelope(stored(2, name='New')),
             match=[matchers.json_params_matcher(dict(name='New', pattern='a+', targets=['BODY'], enabled=False))])
    expect_list(api, [stored(2, name='New')], name='New')
    created = run_module('content_policy', dict(name='New', pattern='a+', targets=['BODY'], enabled=False))
    assert created['changed'] is True and created['content_policy']['id'] == 'c2'


@pytest.mark.parametrize('args, message', [
    (dict(name='', pattern='a'), 'name must not be empty.'),
    (dict(name='n', pattern='(a'), "pattern '(a' is not a valid regular expression (missing ), unterminated subpattern at position 0)."),
    (dict(name='n', pattern=''), "pattern '' is not a valid regular expression (it is empty)."),
    (dict(name='n', targets=[]), 'targets must name at least one of SUBJECT and BODY.'),
    (dict(pattern='a'), 'Set name to identify the content policy, or set id.'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('content_policy', args)
    assert result['failed'] is True and message in result['msg'] and len(api.calls) == 0


def test_a_set_and_its_export(api, run_module):
    expect_list(api, [stored(1), stored(2, enabled=False)])
    api.post(URL + '/batch', json=envelope(dict(deletes=[dict(id='c2')], patches=[], puts=[], posts=[])),
             match=[matchers.json_params_matcher(dict(deletes=[dict(id='c2')], patches=[], puts=[], posts=[]))])
    result = run_module('content_policies', dict(purge=True, content_policies=[dict(name='Policy 1', targets=['BODY', 'SUBJECT'])]))
    assert result['msg'] == 'Plan: 0 to create, 0 to update, 1 to delete, 1 unchanged'
    assert result['content_policies'] == [dict(name='Policy 1', pattern='p1+', targets=['SUBJECT', 'BODY'], enabled=True, notes='')]
    api.reset()
    expect_list(api, [stored(1), stored(2, enabled=False)])
    exported = run_module('content_policy_info', dict(enabled=False))
    assert [item['name'] for item in exported['content_policies']] == ['Policy 2']
