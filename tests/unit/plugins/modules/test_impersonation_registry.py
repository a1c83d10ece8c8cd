# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""impersonation_registry_entry, impersonation_registry and impersonation_registry_info, with every HTTP call scripted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from responses import matchers

from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.impersonation_registry import IMPERSONATION_REGISTRY
from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API

URL = API + '/accounts/{0}/email-security/settings/impersonation_registry'.format(ACCOUNT)
LIST_QUERY = dict(page='1', per_page='1000', order='created_at', direction='asc')


def warnings_of(result):
    """The warning texts of a result (structured events on ansible-core 2.19 and later, gathered for the whole process,
    so a test looks for its own among them)."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def envelope(result):
    return dict(success=True, errors=[], messages=[], result=result, result_info=dict(page=1, per_page=1000))


def entry(number, **fields):
    base = dict(id='e{0}'.format(number), email='p{0}@example.com'.format(number), is_email_regex=False, name='Person {0}'.format(number),
                comments=None, directory_id=None, directory_node_id=None, external_directory_node_id=None, provenance='A1S_INTERNAL',
                created_at='2026-11-0{0}T00:00:00Z'.format(number), modified_at='2026-11-0{0}T00:00:00Z'.format(number))
    base.update(fields)
    return base


def synced(number):
    return entry(number, directory_id=7, directory_node_id=number, provenance='SNOOPY-OFFICE_365')


def expect_list(api, items):
    api.get(URL, json=envelope(items), match=[matchers.query_param_matcher(LIST_QUERY)])


def test_an_entry_is_created_with_its_name_then_left_alone(api, run_module):
    expect_list(api, [])
    api.post(URL, json=envelope(entry(1)),
             match=[matchers.json_params_matcher(dict(email='p1@example.com', is_email_regex=False, name='Person 1'))])
    expect_list(api, [entry(1)])
    result = run_module('impersonation_registry_entry', dict(email='p1@example.com', name='Person 1'))
    assert result['changed'] is True and result['entry']['id'] == 'e1'
    api.reset()
    expect_list(api, [entry(1)])
    assert run_module('impersonation_registry_entry', dict(email='P1@Example.com', name='Person 1'))['changed'] is False


@pytest.mark.parametrize('args, message', [
    (dict(name='X'), 'Set email to identify the impersonation registry entry, or set id.'),
    (dict(email='a@example.com, b@example.com', name='X'), "email 'a@example.com, b@example.com' is not an email address"),
    (dict(email='', name='X'), 'email must not be empty.'),
    (dict(email='(', is_email_regex=True, name='X'), "email '(' is not a valid regular expression"),
    (dict(email='a@example.com', name=''), 'name must be 1 to 1024 characters long (it has 0).'),
    (dict(id=1.5), 'id must be the identifier of an impersonation registry entry (a UUID string, or an integer), got 1.5.'),
])
def test_bad_input_is_refused_before_any_request(api, run_module, args, message):
    result = run_module('impersonation_registry_entry', args)
    assert result['failed'] is True and message in result['msg']
    assert len(api.calls) == 0


def test_a_create_without_name_is_refused_before_writing(api, run_module):
    expect_list(api, [])
    result = run_module('impersonation_registry_entry', dict(email='new@example.com'))
    assert result['failed'] is True and result['msg'].startswith('name is required to create the impersonation registry entry new@example.com')


def test_an_email_changed_by_id_is_checked_before_writing(api, run_module):
    api.get(URL + '/e1', json=envelope(entry(1, email='.*', is_email_regex=True)))
    result = run_module('impersonation_registry_entry', dict(id='e1', is_email_regex=False))
    assert result['failed'] is True and result['msg'].startswith("email '.*' is not an email address")


def test_a_directory_synced_entry_is_never_changed(api, run_module):
    expect_list(api, [synced(1)])
    result = run_module('impersonation_registry_entry', dict(email='p1@example.com', name='Renamed'))
    assert result['failed'] is True
    assert result['msg'] == ('impersonation registry entry e1 p1@example.com is synced from a directory: the API cannot change or '
                             'delete it. Change it at its source, or leave it out.')


def test_the_set_writes_one_request_per_change_in_order_and_purge_leaves_synced_entries(api, run_module):
    expect_list(api, [entry(1), synced(2), entry(3), entry(4, provenance=None)])
    api.delete(URL + '/e3', json=envelope(dict(id='e3')))
    api.delete(URL + '/e4', json=envelope(dict(id='e4')))
    api.patch(URL + '/e1', json=envelope(entry(1, name='New')), match=[matchers.json_params_matcher(dict(name='New'))])
    api.post(URL, json=envelope(entry(5)), match=[matchers.json_params_matcher(dict(email='p5@example.com', is_email_regex=False, name='Person 5'))])
    expect_list(api, [entry(1, name='New'), synced(2), entry(5)])
    result = run_module('impersonation_registry', dict(purge=True, entries=[
        dict(email='p1@example.com', name='New'), dict(email='p5@example.com', name='Person 5')]))
    assert result['msg'] == 'Plan: 1 to create, 1 to update, 2 to delete, 0 unchanged, 1 left alone (synced from a directory)'
    assert [(call.request.method, call.request.url.rsplit('/', 1)[-1].split('?')[0]) for call in api.calls] == [
        ('GET', 'impersonation_registry'), ('DELETE', 'e3'), ('DELETE', 'e4'), ('PATCH', 'e1'), ('POST', 'impersonation_registry'),
        ('GET', 'impersonation_registry')]
    assert [e['email'] for e in result['entries']] == ['p1@example.com', 'p2@example.com', 'p5@example.com']


def test_a_failed_request_reports_what_was_applied(api, run_module):
    expect_list(api, [entry(1), entry(2)])
    api.delete(URL + '/e2', json=envelope(dict(id='e2')))
    api.patch(URL + '/e1', status=400, json=dict(success=False, errors=[dict(code=1001, message='bad')], messages=[], result=None))
    result = run_module('impersonation_registry', dict(entries=[dict(email='p1@example.com', name='New'), dict(email='p2@example.com', state='absent'),
                                                                dict(email='p6@example.com', name='Six')]))
    assert result['failed'] is True and result['changed'] is True
    assert [e['id'] for e in result['applied']] == ['e2']
    assert [e['id'] for e in result['failed_changes']] == ['e1']
    assert [e['email'] for e in result['not_applied']] == ['p6@example.com']


def test_info_exports_synced_entries_too_and_the_export_reapplies_with_purge(api, run_module):
    expect_list(api, [entry(1), synced(2)])
    exported = run_module('impersonation_registry_info', {})['entries']
    assert exported == [dict(email='p1@example.com', is_email_regex=False, name='Person 1', comments=''),
                        dict(email='p2@example.com', is_email_regex=False, name='Person 2', comments='')]
    expect_list(api, [entry(1), synced(2)])
    again = run_module('impersonation_registry', dict(purge=True, entries=exported))
    assert again['changed'] is False and again['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 2 unchanged'


def test_a_change_of_case_alone_is_not_sent_and_says_so_naming_the_entry(api, run_module):
    expect_list(api, [entry(1)])
    result = run_module('impersonation_registry', dict(entries=[dict(email='P1@Example.com', name='Person 1')]))
    assert result['changed'] is False and len(api.calls) == 1
    assert ("item 1 (P1@Example.com): email 'P1@Example.com' is the stored 'p1@example.com' spelled differently "
            "(addresses compare without regard to case), so it was not sent and the impersonation registry entry "
            "keeps 'p1@example.com'. Write the email as stored to silence this; to store another spelling, remove "
            "the impersonation registry entry (state=absent) and create it again.") in warnings_of(result)


def test_state_absent_warns_that_name_and_comments_are_ignored(api, run_module):
    expect_list(api, [entry(1)])
    result = run_module('impersonation_registry_entry', dict(email='p1@example.com', name='Someone', comments='x', state='absent'),
                        check_mode=True)
    assert result['changed'] is True
    assert ('state=absent deletes the impersonation registry entry: name, comments are ignored (they only matter '
            'with state=present).') in warnings_of(result)


@pytest.mark.parametrize('email, message', [
    ('a,b@example.com', "the part before the @ holds ',': one address per impersonation registry entry, without spaces"),
    ('ceo@example.com.', "it ends with a dot: write 'ceo@example.com'"),
])
def test_an_address_is_refused_naming_the_entry(api, run_module, email, message):
    result = run_module('impersonation_registry_entry', dict(email=email, name='CEO'))
    assert result['failed'] is True and message in result['msg'] and 'polic' not in result['msg']
    assert len(api.calls) == 0


def test_info_refuses_a_bad_id_naming_an_entry(api, run_module):
    result = run_module('impersonation_registry_info', dict(id=True))
    assert result['failed'] is True
    assert result['msg'] == 'id must be the identifier of an impersonation registry entry (a UUID string, or an integer), got True.'


RECORDED = Path(__file__).resolve().parents[3] / 'data' / 'recorded_impersonation_registry_2025-04.json'


def recorded():
    """The response body of a real GET of the registry recorded in April 2025 (see the file's ``source``), verbatim:
    one manual entry, integer id 12444788, directory_id 0, external_directory_node_id '12444788', no modified_at."""
    return json.loads(RECORDED.read_text())['response']


def test_the_recorded_entry_is_what_the_test_replays():
    (manual,) = recorded()['result']
    assert manual['id'] == 12444788 and manual['comments'] is None and 'modified_at' not in manual
    assert (manual['directory_id'], manual['directory_node_id'], manual['external_directory_node_id'], manual['provenance']) == (
        0, None, '12444788', 'A1S_INTERNAL')


@pytest.mark.parametrize('fields, synced_', [
    (dict(), False),  # the recorded manual entry
    (dict(provenance=None), False),
    (dict(directory_id=None, provenance=None), False),
    (dict(directory_id=None), False),
    (dict(directory_id=7), True),
    (dict(directory_id=7, provenance=None), True),
    (dict(provenance='SNOOPY-OFFICE_365'), True),
    (dict(provenance='SNOOPY-GOOGLE_DIRECTORY', directory_id=None), True),
    (dict(directory_id=0, directory_node_id=34), False),
])
def test_only_a_snoopy_provenance_or_a_non_zero_directory_id_is_synced(fields, synced_):
    (manual,) = recorded()['result']
    assert (IMPERSONATION_REGISTRY.locked(dict(manual, **fields)) is not None) is synced_


def test_the_recorded_manual_entry_is_updated_by_its_integer_id(api, run_module):
    (manual,) = recorded()['result']
    changed = dict(manual, name='Chief Executive', modified_at='2026-11-26T10:00:00Z')
    api.get(URL + '/12444788', json=dict(recorded(), result=manual))
    preview = run_module('impersonation_registry_entry', dict(id=12444788, name='Chief Executive'), check_mode=True)
    shown = dict((name, value) for name, value in manual.items() if name != 'last_modified')  # deprecated, not returned
    assert preview['changed'] is True and preview['entry'] == dict(shown, name='Chief Executive')
    api.get(URL + '/12444788', json=dict(recorded(), result=manual))
    api.patch(URL + '/12444788', json=envelope(changed), match=[matchers.json_params_matcher(dict(name='Chief Executive'))])
    result = run_module('impersonation_registry_entry', dict(id=12444788, name='Chief Executive'))
    assert result['changed'] is True and result['entry'] == dict((k, v) for k, v in changed.items() if k != 'last_modified')


def test_purge_deletes_the_recorded_manual_entry_and_leaves_synced_ones(api, run_module):
    (manual,) = recorded()['result']
    by_directory = dict(manual, id=12444789, email='synced@example.com', is_email_regex=False, directory_id=7, external_directory_node_id='x')
    by_provenance = dict(manual, id=12444790, email='snoopy@example.com', is_email_regex=False, provenance='SNOOPY-OFFICE_365')
    listing = dict(recorded(), result=[manual, by_directory, by_provenance])
    api.get(URL, json=listing, match=[matchers.query_param_matcher(LIST_QUERY)])
    api.delete(URL + '/12444788', json=envelope(dict(id=12444788)))
    result = run_module('impersonation_registry', dict(purge=True, allow_empty=True, entries=[]))
    assert result['msg'] == 'Plan: 0 to create, 0 to update, 1 to delete, 0 unchanged, 2 left alone (synced from a directory)'
    assert result['deleted'] == [dict(id=12444788, email='email', reason='purge')]
    assert [e['email'] for e in result['entries']] == ['snoopy@example.com', 'synced@example.com']


def test_check_mode_predicts_the_directory_fields_of_a_new_entry(api, run_module):
    expect_list(api, [])
    preview = run_module('impersonation_registry_entry', dict(email='new@example.com', name='New'), check_mode=True)
    assert preview['changed'] is True
    assert preview['entry'] == dict(email='new@example.com', is_email_regex=False, name='New', comments=None, directory_id=0,
                                    directory_node_id=None, provenance='A1S_INTERNAL')


LEGACY = [entry(1, email='CEO@example.com'), entry(2, email='ceo@example.com'), entry(3, email='a@example.com, b@example.com'),
          entry(4, email='(unclosed', is_email_regex=True), entry(5)]


@pytest.mark.parametrize('include_ids', [False, True])
def test_an_export_of_legacy_data_applies_again_with_purge_without_a_write(api, run_module, include_ids):
    expect_list(api, LEGACY)
    exported = run_module('impersonation_registry_info', dict(include_ids=include_ids))['entries']
    assert sorted(e['id'] for e in exported if 'id' in e) == ['e{0}'.format(n) for n in range(1, 5 + include_ids)]
    assert all('created_at' not in e for e in exported)
    api.reset()
    expect_list(api, LEGACY)
    result = run_module('impersonation_registry', dict(entries=exported, purge=True), check_mode=True)
    assert result['changed'] is False and result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 5 unchanged'
    assert len(api.calls) == 1
    found = warnings_of(result)
    expected = ['e1', 'e2', 'e3', 'e4']
    assert len(found) == len(expected) and all(any(' {0} '.format(n) in w for w in found) for n in expected), found
    assert any("impersonation registry entry e3 a@example.com, b@example.com is legacy data (the API accepted it once; the current rules "
               "would not): email 'a@example.com, b@example.com' is not an email address" in w for w in found)


@pytest.mark.parametrize('purge', [False, True])
def test_state_absent_on_a_key_that_a_synced_entry_holds_too_is_refused_in_the_first_run(api, run_module, purge):
    # Found by the model test: with purge, the first run deleted the manual entry and left the synced one, and the next
    # run was refused; the key cannot become absent, so the first run says so (and without purge too).
    manual, held = entry(1, email='a@example.com'), dict(synced(2), email='a@example.com')
    expect_list(api, [manual, held])
    result = run_module('impersonation_registry', dict(purge=purge, entries=[dict(email='a@example.com', state='absent')]))
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].endswith('e2 a@example.com is synced from a directory: the API cannot change or delete it. '
                                  'Change it at its source, or leave it out.')
    assert len(api.calls) == 1
