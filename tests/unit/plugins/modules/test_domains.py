# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""domain, domains and domain_info, with every HTTP call scripted: the offboard guard, the immutable name, the fields a
create needs, the comparison of the list fields, the read-only fields and the verification record."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API

URL = API + '/accounts/{0}/email-security/settings/domains'.format(ACCOUNT)
LIST_QUERY = dict(page='1', per_page='1000', order='created_at', direction='asc')
CREATE = dict(allowed_delivery_modes=['DIRECT'], drop_dispositions=[], ip_restrictions=[], regions=['GLOBAL'])


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def stored(number, **fields):
    base = dict(id='d{0}'.format(number), domain='d{0}.example'.format(number), allowed_delivery_modes=['DIRECT', 'BCC'],
                drop_dispositions=['MALICIOUS'], ip_restrictions=['192.0.2.0/24', '2001:db8::1'], regions=['GLOBAL'], folder=None,
                integration_id=None, lookback_hops=None, require_tls_inbound=None, require_tls_outbound=None, transport=None,
                status='active', authorization=dict(authorized=True, timestamp='2026-12-01T00:00:00Z'), spf_status='good',
                emails_processed=dict(timestamp='2026-12-01T00:00:00Z', total_emails_processed=7, total_emails_processed_previous=3),
                created_at='2026-12-0{0}T00:00:00Z'.format(number), modified_at='2026-12-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def expect_list(api, items):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(LIST_QUERY)])


def test_an_equal_domain_in_other_spellings_is_ok_and_read_only_fields_are_ignored(api, run_module):
    expect_list(api, [stored(1)])
    result = run_module('domain', dict(domain='D1.Example', allowed_delivery_modes=['BCC', 'DIRECT', 'BCC'], drop_dispositions=['MALICIOUS'],
                                       ip_restrictions=['2001:DB8::1/128', '192.0.2.0/24'], regions=['GLOBAL'], require_tls_inbound=False,
                                       status='PENDING', emails_processed=dict(total_emails_processed=0)))
    assert result['changed'] is False and len(api.calls) == 1
    assert result['domain']['status'] == 'active'


def test_an_update_sends_only_what_changed(api, run_module):
    expect_list(api, [stored(1)])
    api.patch(URL + '/d1', json=envelope(stored(1, lookback_hops=3, regions=['US'])),
              match=[matchers.json_params_matcher(dict(lookback_hops=3, regions=['US']))])
    result = run_module('domain', dict(domain='d1.example', lookback_hops=3, regions=['US'], drop_dispositions=['MALICIOUS']), diff=True)
    assert result['changed'] is True and result['domain']['regions'] == ['US']
    assert '"lookback_hops": 3' in result['diff']['after'] and '"lookback_hops": null' in result['diff']['before']


def test_a_create_needs_the_four_lists_and_sends_them(api, run_module):
    expect_list(api, [])
    result = run_module('domain', dict(domain='new.example', regions=['US']))
    assert result['failed'] is True and len(api.calls) == 1
    assert result['msg'] == ("allowed_delivery_modes, drop_dispositions, ip_restrictions are required to create the domain 'new.example': "
                             'set allowed_delivery_modes and drop_dispositions and ip_restrictions ([] is allowed for drop_dispositions '
                             'and ip_restrictions).')
    api.reset()
    expect_list(api, [])
    api.post(URL, json=envelope(stored(5, domain='new.example', status='PENDING')),
             match=[matchers.json_params_matcher(dict(CREATE, domain='new.example'))])
    expect_list(api, [stored(5, domain='new.example', status='PENDING')])
    created = run_module('domain', dict(CREATE, domain='new.example'))
    assert created['changed'] is True and created['domain']['id'] == 'd5' and len(api.calls) == 3


def test_the_domain_cannot_change(api, run_module):
    api.get(URL + '/d1', json=envelope(stored(1)))
    result = run_module('domain', dict(id='d1', domain='other.example'))
    assert result['failed'] is True and len(api.calls) == 1
    assert result['msg'] == ("domain cannot change: domain d1 d1.example is 'd1.example', not 'other.example'. To protect another domain, "
                             'create it (an item without id).')


def test_offboarding_needs_allow_offboard_in_check_mode_too(api, run_module):
    for check_mode in (True, False):
        api.reset()
        expect_list(api, [stored(1)])
        result = run_module('domain', dict(domain='d1.example', state='absent'), check_mode=check_mode)
        assert result['failed'] is True and result['changed'] is False and len(api.calls) == 1
        assert result['msg'] == ('Deleting a domain offboards it: Email Security stops processing its mail, and that cannot be undone. '
                                 'Refused for domain d1 d1.example: set allow_offboard: true to delete it.')
    api.reset()
    expect_list(api, [stored(1)])
    api.delete(URL + '/d1', json=envelope(dict(id='d1')))
    assert run_module('domain', dict(domain='d1.example', state='absent', allow_offboard=True))['changed'] is True


def test_the_set_refuses_a_purge_naming_every_domain_then_writes_one_request_each(api, run_module):
    expect_list(api, [stored(1), stored(2), stored(3)])
    refused = run_module('domains', dict(purge=True, domains=[dict(domain='d1.example')]))
    assert refused['failed'] is True and len(api.calls) == 1
    assert 'Refused for domain d2 d2.example, domain d3 d3.example: set allow_offboard: true to delete them.' in refused['msg']
    api.reset()
    expect_list(api, [stored(1), stored(2), stored(3)])
    api.delete(URL + '/d2', json=envelope(dict(id='d2')))
    api.delete(URL + '/d3', json=envelope(dict(id='d3')))
    api.patch(URL + '/d1', json=envelope(stored(1, transport='mx.example')), match=[matchers.json_params_matcher(dict(transport='mx.example'))])
    result = run_module('domains', dict(purge=True, allow_offboard=True, domains=[dict(domain='d1.example', transport='mx.example')]))
    assert result['msg'] == 'Plan: 0 to create, 1 to update, 2 to delete, 0 unchanged'
    assert [call.request.method for call in api.calls] == ['GET', 'DELETE', 'DELETE', 'PATCH']
    assert result['domains'][0]['transport'] == 'mx.example' and result['domains'][0]['status'] == 'active'


@pytest.mark.parametrize('args, message', [
    (dict(domain='not a domain'), "domain 'not a domain' is not a domain name"),
    (dict(domain=''), "domain '' is not a domain name: it is empty."),
    (dict(domain='d.example', regions=[]), 'regions must have 1 to 10 elements (it has 0).'),
    (dict(domain='d.example', ip_restrictions=['192.0.2.7/24', 'mx.example']),
     "ip_restrictions must be IP addresses or networks (such as 192.0.2.10 or 192.0.2.0/24, without host bits set): '192.0.2.7/24', "
     "'mx.example' are not."),
    (dict(domain='d.example', ip_restrictions=['x']), "'x' is not."),
    (dict(domain='d.example', lookback_hops=21), 'lookback_hops must be 1 to 20 (it is 21).'),
    (dict(regions=['US']), 'Set domain to identify the domain, or set id.'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('domain', args)
    assert result['failed'] is True and message in result['msg'] and len(api.calls) == 0


def test_info_adds_the_verification_record_on_request(api, run_module):
    expect_list(api, [stored(2, status='PENDING'), stored(1)])
    api.get(URL + '/d1/verification', status=204)
    record = dict(status='pending', txt_record_name='_v.d2.example', txt_record_value='v=1', last_checked_at=None)
    api.get(URL + '/d2/verification', json=envelope(record))
    result = run_module('domain_info', dict(include_verification=True))
    first, second = result['domains']
    assert first['verification'] == dict(status=None, txt_record_name=None, txt_record_value=None, last_checked_at=None, verified=True)
    assert second['verification'] == dict(status='pending', txt_record_name='_v.d2.example', txt_record_value='v=1', last_checked_at=None,
                                          verified=False)
    assert first['status'] == 'active' and first['emails_processed']['total_emails_processed'] == 7
    api.reset()
    expect_list(api, [stored(1)])
    plain = run_module('domain_info', dict(domain='D1.EXAMPLE'))
    assert 'verification' not in plain['domains'][0] and len(api.calls) == 1


def test_items_whose_id_the_account_lacks_are_skipped_with_skip_missing_ids(api, run_module):
    for check_mode in (True, False):
        api.reset()
        expect_list(api, [stored(1)])
        if not check_mode:
            api.post(URL, json=envelope(stored(5, domain='new.example')), match=[matchers.json_params_matcher(dict(CREATE, domain='new.example'))])
            expect_list(api, [stored(1), stored(5, domain='new.example')])
        result = run_module('domains', dict(skip_missing_ids=True, domains=[
            dict(id='gone', domain='legacy.example', regions=[]), dict(CREATE, domain='new.example'), dict(domain='d1.example')]),
            check_mode=check_mode)
        assert result['msg'] == 'Plan: 1 to create, 0 to update, 0 to delete, 1 unchanged, 1 skipped (id not in the account)'
        assert result['skipped_items'] == [dict(domain='legacy.example', id='gone', item=1)]
        assert 'item 1 (legacy.example): skipped: no domain has id gone in this account (skip_missing_ids).' in str(result['warnings'])
    api.reset()
    expect_list(api, [stored(1)])
    refused = run_module('domains', dict(domains=[dict(id='gone', domain='legacy.example')]))
    assert refused['failed'] is True and 'No domain has id gone' in refused['msg']
