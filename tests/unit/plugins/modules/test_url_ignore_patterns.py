# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""url_ignore_pattern, url_ignore_patterns and url_ignore_pattern_info, with every HTTP call scripted."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API, warnings_of

URL = API + '/accounts/{0}/email-security/settings/url_ignore_patterns'.format(ACCOUNT)
LIST_QUERY = dict(page='1', per_page='1000')  # the list takes no order


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def stored(number, **fields):
    base = dict(id='u{0}'.format(number), pattern='^https://t{0}\\.example/'.format(number), comments=None,
                created_at='2026-12-0{0}T00:00:00Z'.format(number), modified_at='2026-12-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def expect_list(api, items):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(LIST_QUERY)])


def test_a_create_is_read_posted_read_and_a_rerun_is_one_request(api, run_module):
    expect_list(api, [])
    api.post(URL, json=envelope(stored(1)), match=[matchers.json_params_matcher(dict(pattern='^https://t1\\.example/'))])
    expect_list(api, [stored(1)])
    result = run_module('url_ignore_pattern', dict(pattern='^https://t1\\.example/'))
    assert result['changed'] is True and result['url_ignore_pattern']['id'] == 'u1' and 'last_modified' not in result['url_ignore_pattern']
    api.reset()
    expect_list(api, [stored(1)])
    again = run_module('url_ignore_pattern', dict(pattern='^https://t1\\.example/', comments=''), diff=True)
    assert again['changed'] is False and len(api.calls) == 1
    assert again['diff']['before_header'] == 'URL ignore pattern u1 ^https://t1\\.example/'


def test_patterns_compare_exactly(api, run_module):
    expect_list(api, [stored(1)])
    api.post(URL, json=envelope(stored(2, pattern='^HTTPS://t1\\.example/')))
    expect_list(api, [stored(1), stored(2, pattern='^HTTPS://t1\\.example/')])
    result = run_module('url_ignore_pattern', dict(pattern='^HTTPS://t1\\.example/'))
    assert result['changed'] is True and result['url_ignore_pattern']['id'] == 'u2'


@pytest.mark.parametrize('args, message', [
    (dict(pattern='(unclosed'), "pattern '(unclosed' is not a valid regular expression (missing ), unterminated subpattern at position 0)"),
    (dict(pattern=''), 'pattern must be 1 to 1024 characters long (it has 0).'),
    (dict(pattern='a', comments='x' * 1025), 'comments must be at most 1024 characters long (it has 1025).'),
    (dict(comments='only'), 'Set pattern to identify the URL ignore pattern, or set id.'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('url_ignore_pattern', args)
    assert result['failed'] is True and message in result['msg'] and len(api.calls) == 0


def test_a_pattern_that_no_longer_compiles_can_be_removed_and_is_kept_by_id_with_a_warning(api, run_module):
    legacy = stored(1, pattern='(legacy')
    expect_list(api, [legacy])
    api.delete(URL + '/u1', json=envelope(dict(id='u1')))
    result = run_module('url_ignore_pattern', dict(pattern='(legacy', state='absent'))
    assert result['changed'] is True
    api.reset()
    api.get(URL + '/u1', json=envelope(legacy))
    api.patch(URL + '/u1', json=envelope(dict(legacy, comments='kept')), match=[matchers.json_params_matcher(dict(comments='kept'))])
    kept = run_module('url_ignore_pattern', dict(id='u1', pattern='(legacy', comments='kept'))
    assert kept['changed'] is True and any('is legacy data' in warning for warning in warnings_of(kept))


def test_a_set_is_one_read_and_one_batch_and_falls_back_to_single_calls_without_the_route(api, run_module):
    expect_list(api, [stored(1), stored(2)])
    api.post(URL + '/batch', status=404, json=dict(success=False, errors=[dict(code=7003, message='No route for that URI')], messages=[],
                                                   result=None))
    api.delete(URL + '/u2', json=envelope(dict(id='u2')))
    api.post(URL, json=envelope(stored(3)), match=[matchers.json_params_matcher(dict(pattern='^https://t3\\.example/', comments='new'))])
    expect_list(api, [stored(1), stored(3, comments='new')])
    result = run_module('url_ignore_patterns', dict(purge=True, url_ignore_patterns=[
        dict(pattern='^https://t1\\.example/'), dict(pattern='^https://t3\\.example/', comments='new')]))
    assert result['msg'] == 'Plan: 1 to create, 0 to update, 1 to delete, 1 unchanged'
    assert [call.request.method for call in api.calls] == ['GET', 'POST', 'DELETE', 'POST', 'GET']
    assert result['url_ignore_patterns'] == [dict(pattern='^https://t1\\.example/', comments=''),
                                             dict(pattern='^https://t3\\.example/', comments='new')]


def test_info_exports_in_the_set_modules_shape(api, run_module):
    expect_list(api, [stored(2), stored(1, comments='c')])
    result = run_module('url_ignore_pattern_info', dict(pattern='^https://t1\\.example/'))
    assert result['url_ignore_patterns'] == [dict(pattern='^https://t1\\.example/', comments='c')] and result['duplicates'] == []
