# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""sending_domain_restriction, sending_domain_restrictions and sending_domain_restriction_info, with every HTTP call
scripted."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API

URL = API + '/accounts/{0}/email-security/settings/sending_domain_restrictions'.format(ACCOUNT)
LIST_QUERY = dict(page='1', per_page='1000', order='created_at', direction='asc')


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def stored(number, **fields):
    base = dict(id='r{0}'.format(number), domain='d{0}.example'.format(number), exclude=['a.d{0}.example'.format(number)], comments=None,
                created_at='2026-12-0{0}T00:00:00Z'.format(number), modified_at='2026-12-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def expect_list(api, items):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(LIST_QUERY)])


def test_the_set_deletes_in_one_batch_then_updates_and_creates_one_request_each(api, run_module):
    expect_list(api, [stored(1), stored(2), stored(3)])
    api.post(URL + '/batch', json=envelope(dict(deletes=[dict(id='r3')])), match=[matchers.json_params_matcher(dict(deletes=[dict(id='r3')]))])
    api.patch(URL + '/r2', json=envelope(stored(2, exclude=[])), match=[matchers.json_params_matcher(dict(exclude=[]))])
    api.post(URL, json=envelope(stored(4)), match=[matchers.json_params_matcher(dict(domain='d4.example', exclude=['a.d4.example']))])
    expect_list(api, [stored(1), stored(2, exclude=[]), stored(4)])
    result = run_module('sending_domain_restrictions', dict(purge=True, sending_domain_restrictions=[
        dict(domain='D1.example', exclude=['a.d1.example', 'a.d1.example']), dict(domain='d2.example', exclude=[]),
        dict(domain='d4.example', exclude=['a.d4.example'])]))
    assert result['msg'] == 'Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged'
    assert [(call.request.method, call.request.url.rsplit('/', 1)[-1]) for call in api.calls] == [
        ('GET', 'sending_domain_restrictions?page=1&per_page=1000&order=created_at&direction=asc'), ('POST', 'batch'), ('PATCH', 'r2'),
        ('POST', 'sending_domain_restrictions'), ('GET', 'sending_domain_restrictions?page=1&per_page=1000&order=created_at&direction=asc')]


def test_a_create_needs_exclude_and_the_domain_compares_without_regard_to_case(api, run_module):
    expect_list(api, [stored(1)])
    result = run_module('sending_domain_restriction', dict(domain='new.example'))
    assert result['failed'] is True and len(api.calls) == 1
    assert result['msg'] == "exclude is required to create the sending domain restriction 'new.example': set it ([] excludes no sender)."
    api.reset()
    expect_list(api, [stored(1)])
    same = run_module('sending_domain_restriction', dict(domain='D1.EXAMPLE', exclude=['a.d1.example']), diff=True)
    assert same['changed'] is False and same['diff']['before_header'] == 'sending domain restriction r1 d1.example'


@pytest.mark.parametrize('args, message', [
    (dict(domain='', exclude=[]), 'domain must not be empty.'),
    (dict(domain='d.example', comments='x' * 1025), 'comments must be at most 1024 characters long (it has 1025).'),
    (dict(exclude=[]), 'Set domain to identify the sending domain restriction, or set id.'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('sending_domain_restriction', args)
    assert result['failed'] is True and message in result['msg'] and len(api.calls) == 0


def test_info_exports_in_the_set_modules_shape(api, run_module):
    expect_list(api, [stored(2), stored(1, comments='c')])
    result = run_module('sending_domain_restriction_info', dict(domain='D1.example'))
    assert result['sending_domain_restrictions'] == [dict(domain='d1.example', exclude=['a.d1.example'], comments='c')]
