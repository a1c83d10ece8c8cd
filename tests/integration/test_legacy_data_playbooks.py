# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Legacy data: objects the API accepted once and the current rules refuse (keys that differ only in case, a private
IP, patterns of an older form, pattern_type UNKNOWN), seeded in the emulator with its validation bypassed. The info
module's output re-applies as it is, with and without include_ids: export, then apply it with purge through
check_then_real: nothing changes, nothing is written, and a warning names each legacy object."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from test_sibling_playbooks import requests  # pylint: disable=import-error


@dataclass
class Legacy:
    playbook: str
    info: str  # the info module (its tag)
    many: str  # the set module (its tag)
    resource: str  # path segment and emulator seed key
    returned: str  # the list option of the set module, and the info module's return
    items_var: str  # the playbook variable that holds the set
    records: list  # the legacy records, as seeded
    normal: list  # records the current rules accept
    respelled: str  # records[2] with another key value that the current rules refuse as well
    key: str = 'pattern'


FLAGS = dict(is_regex=False, verify_sender=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)
PATTERNS = [  # (pattern, pattern_type, is_regex): each refused today, or sharing its key with another one
    ('Example.com', 'DOMAIN', False), ('example.com', 'DOMAIN', False), ('10.0.0.1', 'IP', False),
    ('bad_domain', 'DOMAIN', False), ('a@example.com, b@example.com', 'EMAIL', False), ('(unclosed', 'EMAIL', True),
    ('anything goes', 'UNKNOWN', False),
]

CASES = [
    pytest.param(Legacy('allow_policies.yml', 'allow_policy_info.yml', 'allow_policies.yml', 'allow_policies', 'policies', 'policies',
                        records=[dict(FLAGS, pattern=p, pattern_type=t, is_regex=r, comments=None) for p, t, r in PATTERNS],
                        normal=[dict(FLAGS, pattern='partner.example', pattern_type='DOMAIN', comments='Partner')], respelled='10.0.0.2'),
                 id='allow_policies'),
    pytest.param(Legacy('block_senders.yml', 'block_sender_info', 'block_senders', 'block_senders', 'block_senders', 'set_items',
                        records=[dict(pattern=p, pattern_type=t, is_regex=r, comments=None) for p, t, r in PATTERNS],
                        normal=[dict(pattern='spam.example', pattern_type='DOMAIN', is_regex=False, comments='')], respelled='10.0.0.2'),
                 id='block_senders'),
    pytest.param(Legacy('trusted_domains.yml', 'trusted_domain_info', 'trusted_domains', 'trusted_domains', 'trusted_domains', 'set_items',
                        records=[dict(pattern=p, is_regex=r, is_recent=False, is_similarity=True, comments=None) for p, r in
                                 (('Example.com', False), ('example.com', False), ('bad_domain', False), ('(unclosed', True))],
                        normal=[dict(pattern='partner.example', is_regex=False, is_recent=True, is_similarity=False, comments='x')],
                        respelled='other_bad'),
                 id='trusted_domains'),
    pytest.param(Legacy('impersonation_registry.yml', 'impersonation_registry_info', 'impersonation_registry', 'impersonation_registry',
                        'entries', 'set_items',
                        records=[dict(email=e, is_email_regex=r, name=n, comments=None) for e, r, n in
                                 (('CEO@example.com', False, 'John Smith'), ('ceo@example.com', False, 'John Smith'),
                                  ('a@example.com, b@example.com', False, 'Two'), ('(unclosed', True, 'Board'))],
                        normal=[dict(email='cfo@example.com', is_email_regex=False, name='Jane Doe', comments='Finance')],
                        respelled='a@example.com; c@example.com', key='email'),
                 id='impersonation_registry'),
]


def seed(emulator, case):
    records = case.records + case.normal
    if case.resource == 'allow_policies':
        return emulator.seed(records)
    return emulator.seed_records(case.resource, records)


def export(playbook, case, include_ids):
    if case.resource == 'allow_policies':
        run = playbook(case.info, dict(include_ids=include_ids))
    else:
        run = playbook(case.playbook, dict(include_ids=include_ids), args=['--tags', case.info])
    assert run.returncode == 0, run.output
    return run.result[case.returned]


def apply(runner, case, items):
    if case.resource == 'allow_policies':
        return runner(case.many, dict(policies=items, purge=True))
    return runner(case.playbook, dict(set_items=items, purge=True), args=['--tags', case.many])


def warnings(run):
    """The warnings of a run, one a line (ansible-playbook wraps long ones, at spaces or after a hyphen, as in an id)."""
    return [' '.join(w.split()) for w in ' '.join(run.output.split()).split('[WARNING]: ')[1:]]


def names(warning, object_id):
    """Whether ``warning`` names ``object_id`` (wherever the output wrapped it)."""
    return object_id in ''.join(warning.split())


@pytest.mark.parametrize('include_ids', [False, True], ids=['without_ids', 'with_ids'])
@pytest.mark.parametrize('case', CASES)
def test_an_export_of_legacy_data_applies_again_with_purge_without_a_write(emulator, playbook, check_then_real, case, include_ids):
    stored = seed(emulator, case)
    legacy_ids = [record['id'] for record in stored[:len(case.records)]]
    exported = export(playbook, case, include_ids)
    assert len(exported) == len(stored)
    # Every object its key cannot address carries its id, even without include_ids; only the fields and the id.
    by_key = dict((item[case.key], item) for item in exported)
    assert sorted(item.get('id') for item in exported if 'id' in item) == sorted(
        [record['id'] for record in stored] if include_ids else legacy_ids)
    assert all(set(item) <= set(case.normal[0]) | {'id'} for item in exported)
    assert 'id' not in by_key[case.normal[0][case.key]] or include_ids

    emulator.clear_requests()
    run = apply(check_then_real, case, exported)
    assert run.returncode == 0, run.output
    assert run.result['changed'] is False
    assert run.result['msg'].startswith('Plan: 0 to create, 0 to update, 0 to delete, {0} unchanged'.format(len(stored)))
    assert requests(emulator) == [('GET', case.resource)]
    assert [r for r in emulator.requests() if r['method'] != 'GET'] == []
    found = warnings(run)
    for legacy_id in legacy_ids:
        assert any(names(warning, legacy_id) and 'legacy' in warning for warning in found), (legacy_id, found)
    assert not any(names(warning, stored[-1]['id']) for warning in found), found
    # What the set module returns re-applies too: it is the export.
    assert run.result[case.returned] == export(playbook, case, False)


@pytest.mark.parametrize('case', CASES)
def test_a_change_of_a_legacy_value_is_refused_before_any_write_and_other_fields_may_change(emulator, playbook, check_then_real, case):
    stored = seed(emulator, case)
    exported = export(playbook, case, False)
    legacy = next(item for item in exported if item.get('id') == stored[2]['id'])
    respelled = dict(legacy, **{case.key: case.respelled})
    emulator.clear_requests()
    refused = apply(check_then_real, case, [respelled if item is legacy else item for item in exported])
    assert refused.returncode == 2, refused.output
    assert refused.result['msg'].startswith('item {0} ('.format(exported.index(legacy) + 1)), refused.result['msg']
    assert repr(case.respelled) in refused.result['msg']
    assert requests(emulator) == [('GET', case.resource)]

    commented = dict(legacy, comments='Reviewed')
    run = apply(check_then_real, case, [commented if item is legacy else item for item in exported])
    assert run.returncode == 0, run.output
    assert run.result['changed'] is True and run.result['msg'].startswith('Plan: 0 to create, 1 to update, 0 to delete')
    writes = [r for r in emulator.requests() if r['method'] != 'GET']
    assert len(writes) == 1
    body = writes[0]['body']
    sent = body['patches'] if 'patches' in body else [dict(body, id=writes[0]['path'].rsplit('/', 1)[-1])]
    assert sent == [dict(id=legacy['id'], comments='Reviewed')]


@pytest.mark.parametrize('case', CASES)
def test_every_family_exports_a_null_and_an_empty_comment_as_an_empty_string(emulator, playbook, check_then_real, case):
    normal = case.normal[0]
    other = dict(normal, **{case.key: 'second.example' if case.key == 'pattern' else 'second@example.com'})
    seed(emulator, Legacy(**dict(vars(case), records=[dict(normal, comments=None)], normal=[dict(other, comments='')])))
    for include_ids in (False, True):
        exported = export(playbook, case, include_ids)
        assert [item['comments'] for item in exported] == ['', ''], exported
    emulator.clear_requests()
    run = apply(check_then_real, case, exported)
    assert run.returncode == 0 and run.result['changed'] is False, run.output
    assert [item['comments'] for item in run.result[case.returned]] == ['', '']
    assert requests(emulator) == [('GET', case.resource)]


def test_the_single_module_keeps_a_legacy_policy_given_by_id_and_sends_only_what_differs(emulator, check_then_real):
    stored = emulator.seed([dict(FLAGS, pattern='10.0.0.1', pattern_type='IP', comments=None)])[0]
    as_stored = dict(policy_id=stored['id'], pattern='10.0.0.1', pattern_type='IP', is_regex=False)
    kept = check_then_real('allow_policy.yml', as_stored)
    assert kept.returncode == 0 and kept.result['changed'] is False, kept.output
    assert any(names(w, 'allowpolicy{0}IP10.0.0.1islegacydata'.format(stored['id'])) for w in warnings(kept)), kept.output
    assert [r['method'] for r in emulator.requests()] == ['GET']

    refused = check_then_real('allow_policy.yml', dict(as_stored, pattern='10.0.0.2'))
    assert refused.returncode == 2 and refused.result['msg'].startswith("pattern '10.0.0.2' is not a public"), refused.output
    assert [r['method'] for r in emulator.requests()] == ['GET']

    commented = check_then_real('allow_policy.yml', dict(as_stored, comments='Reviewed'))
    assert commented.returncode == 0 and commented.result['changed'] is True, commented.output
    assert [(r['method'], r['body']) for r in emulator.requests()] == [('GET', None), ('PATCH', {'comments': 'Reviewed'})]
