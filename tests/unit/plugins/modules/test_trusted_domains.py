# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""trusted_domain, trusted_domains and trusted_domain_info, with every HTTP call scripted."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API

URL = API + '/accounts/{0}/email-security/settings/trusted_domains'.format(ACCOUNT)
LIST_QUERY = dict(page='1', per_page='1000', order='created_at', direction='asc')
FLAGS = dict(is_regex=False, is_recent=False, is_similarity=False)


def warnings_of(result):
    """The warning texts of a result (structured events on ansible-core 2.19 and later, gathered for the whole process,
    so a test looks for its own among them)."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def domain(number, **fields):
    base = dict(FLAGS, id='t{0}'.format(number), pattern='d{0}.example'.format(number), comments=None,
                created_at='2026-11-0{0}T00:00:00Z'.format(number), modified_at='2026-11-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def expect_list(api, items):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(LIST_QUERY)])


def test_a_create_sends_all_three_booleans_and_a_rerun_is_one_request(api, run_module):
    expect_list(api, [])
    api.post(URL, json=envelope(domain(1, is_recent=True)),
             match=[matchers.json_params_matcher(dict(FLAGS, pattern='d1.example', is_recent=True))])
    expect_list(api, [domain(1, is_recent=True)])
    result = run_module('trusted_domain', dict(pattern='d1.example', is_recent=True))
    assert result['changed'] is True and result['trusted_domain']['id'] == 't1'
    api.reset()
    expect_list(api, [domain(1, is_recent=True)])
    again = run_module('trusted_domain', dict(pattern='D1.EXAMPLE', is_recent=True), diff=True)
    assert again['changed'] is False and len(api.calls) == 1
    assert again['diff']['before_header'] == 'trusted domain t1 d1.example'


def test_a_pattern_is_the_key_and_the_flags_are_attributes(api, run_module):
    expect_list(api, [domain(1, pattern='.*\\.d1\\.example', is_regex=True)])
    api.patch(URL + '/t1', json=envelope(domain(1, pattern='.*\\.d1\\.example', is_regex=True, is_similarity=True)),
              match=[matchers.json_params_matcher(dict(is_similarity=True))])
    result = run_module('trusted_domain', dict(pattern='.*\\.d1\\.example', is_regex=True, is_similarity=True))
    assert result['changed'] is True and result['trusted_domain']['is_similarity'] is True


@pytest.mark.parametrize('args, message', [
    (dict(is_recent=True), 'Set pattern to identify the trusted domain, or set id.'),
    (dict(pattern='example'), "pattern 'example' is not a domain name (example.com): a domain name has at least two labels"),
    (dict(pattern='a(', is_regex=True), "pattern 'a(' is not a valid regular expression"),
    (dict(pattern='d.example', comments='x' * 1025), 'comments must be at most 1024 characters long'),
    (dict(id=''), "id must be the identifier of a trusted domain (a UUID string, or an integer), got ''."),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('trusted_domain', args)
    assert result['failed'] is True and message in result['msg']
    assert len(api.calls) == 0


def test_turning_a_regex_into_a_plain_pattern_by_id_checks_the_form_before_writing(api, run_module):
    api.get(URL + '/t1', json=envelope(domain(1, pattern='.*x', is_regex=True)))
    result = run_module('trusted_domain', dict(id='t1', is_regex=False))
    assert result['failed'] is True and result['msg'].startswith("pattern '.*x' is not a domain name")
    assert len(api.calls) == 1


def test_a_set_is_one_batch_and_the_export_reapplies(api, run_module):
    expect_list(api, [domain(1), domain(2)])
    api.post(URL + '/batch', json=envelope(dict(deletes=[{'id': 't2'}], patches=[], puts=[], posts=[domain(3)])),
             match=[matchers.json_params_matcher(dict(deletes=[{'id': 't2'}], patches=[], puts=[],
                                                      posts=[dict(FLAGS, pattern='d3.example')]))])
    expect_list(api, [domain(1), domain(3)])
    result = run_module('trusted_domains', dict(purge=True, trusted_domains=[dict(pattern='d1.example'), dict(pattern='d3.example')]))
    assert result['msg'] == 'Plan: 1 to create, 0 to update, 1 to delete, 1 unchanged'
    api.reset()
    expect_list(api, [domain(1), domain(3)])
    exported = run_module('trusted_domain_info', dict(is_recent=False))['trusted_domains']
    assert exported == result['trusted_domains'] == [dict(FLAGS, pattern='d1.example', comments=''),
                                                     dict(FLAGS, pattern='d3.example', comments='')]
    expect_list(api, [domain(1), domain(3)])
    again = run_module('trusted_domains', dict(purge=True, trusted_domains=exported))
    assert again['changed'] is False
    update = [dict(id='t1', is_regex=True)]
    expect_list(api, [domain(1, pattern='x(')])
    refused = run_module('trusted_domains', dict(trusted_domains=update))
    assert refused['failed'] is True and "item 1 (x(): pattern 'x(' is not a valid regular expression" in refused['msg']


def test_a_change_of_case_alone_is_not_sent_and_says_so_naming_the_trusted_domain(api, run_module):
    expect_list(api, [domain(1)])
    result = run_module('trusted_domain', dict(pattern='D1.Example', comments='partner'), check_mode=True)
    assert result['changed'] is True and len(api.calls) == 1
    assert ("pattern 'D1.Example' is the stored 'd1.example' spelled differently (domains compare without regard "
            "to case), so it was not sent and the trusted domain keeps 'd1.example'. Write the pattern as stored "
            "to silence this; to store another spelling, remove the trusted domain (state=absent) and create it again.") in warnings_of(result)


def test_a_regex_pattern_compares_exactly_so_another_case_is_another_domain(api, run_module):
    expect_list(api, [domain(1, pattern='.*\\.d1\\.example', is_regex=True)])
    result = run_module('trusted_domain', dict(pattern='.*\\.D1\\.example', is_regex=True), check_mode=True)
    assert result['changed'] is True and not any("'.*\\\\.D1\\\\.example' is the stored" in w for w in warnings_of(result))


def test_state_absent_warns_of_the_flags_it_ignores_in_a_set_too(api, run_module):
    expect_list(api, [domain(1), domain(2)])
    result = run_module('trusted_domains', dict(trusted_domains=[
        dict(pattern='d1.example', state='absent', is_recent=True, comments='x'),
        dict(pattern='d2.example', state='absent', is_regex=False)]), check_mode=True)
    assert result['changed'] is True and result['summary']['delete'] == 2
    assert ('item 1 (d1.example): state=absent deletes the trusted domain: is_recent, comments are ignored '
            '(they only matter with state=present).') in warnings_of(result)


LEGACY = [domain(1, pattern='Example.com'), domain(2, pattern='example.com'), domain(3, pattern='bad_domain'),
          domain(4, pattern='(unclosed', is_regex=True), domain(5)]


@pytest.mark.parametrize('include_ids', [False, True])
def test_an_export_of_legacy_data_applies_again_with_purge_without_a_write(api, run_module, include_ids):
    expect_list(api, LEGACY)
    exported = run_module('trusted_domain_info', dict(include_ids=include_ids))['trusted_domains']
    assert sorted(d['id'] for d in exported if 'id' in d) == ['t{0}'.format(n) for n in range(1, 5 + include_ids)]
    assert all('created_at' not in d for d in exported)
    api.reset()
    expect_list(api, LEGACY)
    result = run_module('trusted_domains', dict(trusted_domains=exported, purge=True), check_mode=True)
    assert result['changed'] is False and result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 5 unchanged'
    assert len(api.calls) == 1
    found = warnings_of(result)
    expected = ['t1', 't2', 't3', 't4']
    assert len(found) == len(expected) and all(any(' {0} '.format(n) in w for w in found) for n in expected), found
    assert any("trusted domain t3 bad_domain is legacy data (the API accepted it once; the current rules would not): pattern 'bad_domain' "
               "is not a domain name" in w for w in found)
    assert any('trusted domain t1 Example.com is legacy data (the API accepted it once; the current rules would not): Its key is held by '
               'trusted domain t2 example.com too' in w for w in found)
