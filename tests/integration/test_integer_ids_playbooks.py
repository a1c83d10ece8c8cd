# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Accounts that answer with JSON integer ids (as real ones did in 2025), and the impersonation registry's manual entries
as a real answer recorded in April 2025 shows them: ansible-playbook runs against the emulator in its integer id mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RECORDED = Path(__file__).resolve().parents[1] / 'data' / 'recorded_impersonation_registry_2025-04.json'

# Per family: the playbook, the modules, the result key of the single module, the option name of the id in the
# playbook, the info module's list, a new object, and a change of it.
FAMILIES = [
    pytest.param(('allow_policy.yml', None, 'policy', 'policy_id', 'allow_policy_info.yml', 'policies', 'allow_policies',
                  dict(pattern='partner.example', pattern_type='DOMAIN', is_acceptable_sender=True), dict(comments='changed')),
                 id='allow_policies'),
    pytest.param(('block_senders.yml', 'block_sender', 'block_sender', 'object_id', 'block_sender_info', 'block_senders', 'block_senders',
                  dict(pattern='spam.example', pattern_type='DOMAIN'), dict(comments='changed')), id='block_senders'),
    pytest.param(('trusted_domains.yml', 'trusted_domain', 'trusted_domain', 'object_id', 'trusted_domain_info', 'trusted_domains',
                  'trusted_domains', dict(pattern='partner-mail.example', is_recent=True), dict(comments='changed')), id='trusted_domains'),
    pytest.param(('impersonation_registry.yml', 'impersonation_registry_entry', 'entry', 'object_id', 'impersonation_registry_info',
                  'entries', 'impersonation_registry', dict(email='ceo@example.com', name='John Smith'), dict(name='John A. Smith')),
                 id='impersonation_registry'),
]


@pytest.fixture
def integer_ids(emulator):
    emulator.id_format('integer')
    yield
    emulator.id_format('uuid')


@pytest.mark.parametrize('family', FAMILIES)
def test_one_object_is_created_then_changed_by_its_integer_id_and_its_export_with_ids_reapplies(
        emulator, playbook, check_then_real, integer_ids, family):
    book, tag, key, id_option, info, listed, resource, new, change = family
    tags = ['--tags', tag] if tag else []
    created = check_then_real(book, new, args=tags)
    assert created.returncode == 0 and created.result['changed'] is True, created.output
    object_id = created.result[key]['id']
    assert isinstance(object_id, int)

    changed = check_then_real(book, dict(change, **{id_option: object_id}), args=tags)
    assert changed.returncode == 0 and changed.result['changed'] is True, changed.output
    assert changed.result[key]['id'] == object_id and all(changed.result[key][name] == value for name, value in change.items())
    assert [(r['method'], r['path'].rsplit('/', 1)[-1], r['body']) for r in emulator.requests()] == [
        ('GET', str(object_id), None), ('PATCH', str(object_id), change)]

    exported = playbook(info, dict(include_ids=True)) if not tag else playbook(book, dict(include_ids=True), args=['--tags', info])
    assert exported.returncode == 0, exported.output
    items = exported.result[listed]
    assert [item['id'] for item in items] == [object_id]
    # The export carries the read-only timestamps too, which the set modules do not take: the id and the fields re-apply.
    items = [dict((name, value) for name, value in item.items() if name not in ('created_at', 'modified_at')) for item in items]
    emulator.clear_requests()  # a run that changes nothing: no preview needed
    again = (playbook('allow_policies.yml', dict(policies=items, purge=True)) if not tag
             else playbook(book, dict(set_items=items, purge=True), args=['--tags', resource]))
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert [r['method'] for r in emulator.requests()] == ['GET']


def recorded_entry():
    """The manual entry of a real answer recorded in April 2025 (see the file's ``source``), as the emulator can replay it:
    ``"modified_at": null`` (and no ``last_modified``) makes it answer without modified_at, as recorded."""
    (entry,) = json.loads(RECORDED.read_text())['response']['result']
    entry = dict(entry, modified_at=None)
    del entry['last_modified']
    return entry


def test_the_recorded_manual_entry_is_updated_by_its_integer_id(emulator, check_then_real, integer_ids):
    (seeded,) = emulator.seed_records('impersonation_registry', [recorded_entry()])
    assert seeded['id'] == 12444788 and 'modified_at' not in seeded and seeded['directory_id'] == 0
    run = check_then_real('impersonation_registry.yml', dict(object_id=12444788, name='Chief Executive', comments='Board'),
                          args=['--tags', 'impersonation_registry_entry'])
    assert run.returncode == 0 and run.result['changed'] is True, run.output
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.requests()] == [('GET', '12444788'), ('PATCH', '12444788')]
    (stored,) = emulator.records('impersonation_registry')
    assert (stored['name'], stored['comments'], stored['directory_id'], stored['provenance']) == ('Chief Executive', 'Board', 0, 'A1S_INTERNAL')


SYNCED = [dict(email='synced@example.com', is_email_regex=False, name='From the directory', comments=None, directory_id=7,
               directory_node_id=34, provenance=None, id=7001),
          dict(email='snoopy@example.com', is_email_regex=False, name='From Office 365', comments=None, directory_id=0,
               directory_node_id=None, provenance='SNOOPY-OFFICE_365', id=7002)]


def test_purge_deletes_the_recorded_manual_entry_and_leaves_synced_ones_alone(emulator, check_then_real, integer_ids):
    emulator.seed_records('impersonation_registry', [recorded_entry()] + SYNCED)
    run = check_then_real('impersonation_registry.yml', dict(set_items=[dict(email='new@example.com', name='New')], purge=True),
                          args=['--tags', 'impersonation_registry'])
    assert run.returncode == 0, run.output
    assert run.result['msg'] == 'Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged, 2 left alone (synced from a directory)'
    assert [(d['id'], d['reason']) for d in run.result['deleted']] == [(12444788, 'purge')]
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.writes()] == [('DELETE', '12444788'),
                                                                                        ('POST', 'impersonation_registry')]
    assert sorted(r['email'] for r in emulator.records('impersonation_registry')) == ['new@example.com', 'snoopy@example.com',
                                                                                      'synced@example.com']
    (new,) = [r for r in emulator.records('impersonation_registry') if r['email'] == 'new@example.com']
    assert isinstance(new['id'], int) and (new['directory_id'], new['external_directory_node_id']) == (0, str(new['id']))
