# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The warnings and messages of block senders, trusted domains and the impersonation registry, as a user reads them
in ansible-playbook's output: the same situations as allow_policy's (a change of case alone, options that
state=absent ignores, a value Cloudflare refuses), each naming the object it is about, never a policy; and the
examples of the sender settings guide (docs/examples), run as the guide runs them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml


@dataclass
class Case:
    playbook: str
    one: str  # module for one object
    many: str  # module for the set
    resource: str  # path segment and emulator seed key
    noun: str  # what the messages call one object
    stored: dict  # a record as seeded
    respelled: dict  # the same object, its key in another spelling
    stored_key: str  # the key as stored
    spelled_key: str  # the key as the task writes it
    why: str  # why the two spellings are the same
    key: str
    absent_extra: dict  # options state=absent ignores
    ignored: str  # how the warning lists them


CASES = [
    pytest.param(Case('block_senders.yml', 'block_sender', 'block_senders', 'block_senders', 'block sender',
                      stored=dict(pattern='mailer.example', pattern_type='DOMAIN', is_regex=False, comments=None),
                      respelled=dict(pattern='Mailer.EXAMPLE', pattern_type='DOMAIN'), stored_key='mailer.example',
                      spelled_key='Mailer.EXAMPLE', why='DOMAIN patterns compare without regard to case', key='pattern',
                      absent_extra=dict(comments='gone'), ignored='comments is'), id='block_senders'),
    pytest.param(Case('trusted_domains.yml', 'trusted_domain', 'trusted_domains', 'trusted_domains', 'trusted domain',
                      stored=dict(pattern='partner.example', is_regex=False, is_recent=True, is_similarity=False, comments=None),
                      respelled=dict(pattern='Partner.Example', is_recent=True), stored_key='partner.example',
                      spelled_key='Partner.Example', why='domains compare without regard to case', key='pattern',
                      absent_extra=dict(is_recent=True, is_similarity=True), ignored='is_recent, is_similarity are'), id='trusted_domains'),
    pytest.param(Case('impersonation_registry.yml', 'impersonation_registry_entry', 'impersonation_registry', 'impersonation_registry',
                      'impersonation registry entry',
                      stored=dict(email='ceo@example.com', is_email_regex=False, name='John Smith', comments=None),
                      respelled=dict(email='CEO@Example.com', name='John Smith'), stored_key='ceo@example.com',
                      spelled_key='CEO@Example.com', why='addresses compare without regard to case', key='email',
                      absent_extra=dict(name='John Smith', comments='gone'), ignored='name, comments are'), id='impersonation_registry'),
]


def text(run):
    """The output of a run as one line (ansible-playbook wraps long warnings)."""
    return ' '.join(run.output.split())


def spelling_warning(case):
    return ("{0} '{1}' is the stored '{2}' spelled differently ({3}), so it was not sent and the {4} keeps '{2}'. Write the {0} as "
            "stored to silence this; to store another spelling, remove the {4} (state=absent) and create it again.".format(
                case.key, case.spelled_key, case.stored_key, case.why, case.noun))


@pytest.mark.parametrize('case', CASES)
def test_a_change_of_case_alone_is_not_sent_and_the_warning_names_the_object(emulator, check_then_real, case):
    emulator.seed_records(case.resource, [case.stored])
    before = emulator.records(case.resource)
    run = check_then_real(case.playbook, case.respelled, args=['--tags', case.one])
    assert run.returncode == 0 and run.result['changed'] is False, run.output
    for shown in (run.preview, run):
        assert spelling_warning(case) in text(shown), shown.output
        assert 'polic' not in text(shown).lower()
    assert emulator.writes() == [] and [r['method'] for r in emulator.requests()] == ['GET']
    assert emulator.records(case.resource) == before


@pytest.mark.parametrize('case', CASES)
def test_a_set_item_spelled_differently_is_warned_with_its_label(emulator, check_then_real, case):
    emulator.seed_records(case.resource, [case.stored])
    run = check_then_real(case.playbook, dict(set_items=[case.respelled]), args=['--tags', case.many])
    assert run.returncode == 0 and run.result['changed'] is False, run.output
    assert run.result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged'
    label = ' '.join(str(case.respelled[name]) for name in ('pattern_type', case.key) if name in case.respelled)
    assert 'item 1 ({0}): {1}'.format(label, spelling_warning(case)) in text(run)
    assert emulator.writes() == []


@pytest.mark.parametrize('case', CASES)
def test_state_absent_says_which_options_it_ignores_and_deletes_the_object(emulator, check_then_real, case):
    emulator.seed_records(case.resource, [case.stored])
    wanted = dict(dict((name, value) for name, value in case.stored.items() if name in ('pattern', 'pattern_type', 'email')),
                  state='absent', **case.absent_extra)
    run = check_then_real(case.playbook, wanted, args=['--tags', case.one])
    assert run.returncode == 0 and run.result['changed'] is True, run.output
    warning = 'state=absent deletes the {0}: {1} ignored (they only matter with state=present).'.format(case.noun, case.ignored)
    assert warning in text(run.preview) and warning in text(run)
    assert [w['method'] for w in emulator.writes()] == ['DELETE']
    assert emulator.records(case.resource) == []


@pytest.mark.parametrize('case', CASES)
def test_state_absent_with_only_the_key_warns_of_nothing(emulator, check_then_real, case):
    emulator.seed_records(case.resource, [case.stored])
    wanted = dict(dict((name, value) for name, value in case.stored.items() if name in ('pattern', 'pattern_type', 'email')), state='absent')
    run = check_then_real(case.playbook, wanted, args=['--tags', case.one])
    assert run.returncode == 0 and run.result['changed'] is True, run.output
    for each in (run.preview, run):
        assert 'state=absent deletes' not in text(each) and 'spelled differently' not in text(each)
    assert [w['method'] for w in emulator.writes()] == ['DELETE']


@pytest.mark.parametrize('playbook_name, tag, wanted, message', [
    ('block_senders.yml', 'block_sender', dict(pattern='fe80::1%eth0', pattern_type='IP'),
     "pattern 'fe80::1%eth0' is not a public IPv4 or IPv6 address or CIDR range: it has a zone index (%...), which a block sender "
     "cannot use: leave it out."),
    ('block_senders.yml', 'block_sender', dict(pattern='10.1.2.3', pattern_type='IP'),
     'it is or includes 10.0.0.0/8, a private, loopback, link-local, multicast or otherwise non-public range, which Cloudflare '
     'refuses in a block sender: only public senders can be listed.'),
    ('block_senders.yml', 'block_sender', dict(pattern='a,b@example.com', pattern_type='EMAIL'),
     "the part before the @ holds ',': one address per block sender"),
    ('impersonation_registry.yml', 'impersonation_registry_entry', dict(email='a,b@example.com', name='Two'),
     "the part before the @ holds ',': one address per impersonation registry entry"),
    ('trusted_domains.yml', 'trusted_domain', dict(pattern='partner.example.'),
     "pattern 'partner.example.' is not a domain name (example.com): it ends with a dot: write 'partner.example'."),
    ('impersonation_registry.yml', 'impersonation_registry_entry', dict(email='ceo@example.com.', name='CEO'),
     "it ends with a dot: write 'ceo@example.com'"),
])
def test_refusals_name_the_object_and_come_before_any_request(emulator, playbook, playbook_name, tag, wanted, message):
    run = playbook(playbook_name, wanted, args=['--tags', tag])
    assert run.returncode == 2, run.output
    assert message in run.result['msg'] and 'polic' not in run.result['msg']
    assert emulator.requests() == []


# ----- the examples of the sender settings guide (docs/examples), as the guide runs them -----------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / 'docs' / 'examples'
RESOURCES = ('block_senders', 'trusted_domains', 'impersonation_registry')
SYNCED = dict(email='board-sync@example.com', is_email_regex=False, name='From the directory', comments=None, directory_id=12,
              directory_node_id=34, provenance='SNOOPY-OFFICE_365')


SERVER_SET = ('id', 'created_at', 'modified_at', 'last_modified')


def stored(emulator):
    """What the account holds, per resource, without ids and timestamps (a null comment read as empty, as modules do)."""
    return dict((resource, sorted(sorted((k, str('' if v is None and k == 'comments' else v)) for k, v in record.items() if k not in SERVER_SET)
                                  for record in emulator.records(resource))) for resource in RESOURCES)


def seed_lists(emulator, lists, extra=()):
    """Seed the three lists of a sender_lists.yml file (every field explicit, as the API shows them)."""
    defaults = dict(block_senders=dict(is_regex=False, comments=None),
                    trusted_domains=dict(is_regex=False, is_recent=False, is_similarity=False, comments=None),
                    impersonation_registry=dict(is_email_regex=False, comments=None))
    for resource in RESOURCES:
        records = [dict(defaults[resource], **item) for item in lists[resource]]
        emulator.seed_records(resource, records + [record for name, record in extra if name == resource])


def test_the_single_tasks_create_then_a_rerun_is_one_request_each(emulator, playbook, check_then_real):
    run = check_then_real(str(EXAMPLES / 'sender_settings_single.yml'))
    assert 'changed=3' in run.preview.output, run.preview.output
    assert run.returncode == 0 and 'changed=3' in run.output, run.output
    assert [w['method'] for w in emulator.writes()] == ['POST'] * 3
    assert [r['pattern'] for r in emulator.records('block_senders')] == ['invoices@lookalike-supplier.example']
    assert [(r['pattern'], r['is_recent']) for r in emulator.records('trusted_domains')] == [('partner-mail.example', True)]
    assert [(r['email'], r['name']) for r in emulator.records('impersonation_registry')] == [('ceo@example.com', 'Alex Example')]
    emulator.clear_requests()
    again = playbook(str(EXAMPLES / 'sender_settings_single.yml'))
    assert again.returncode == 0 and 'changed=0' in again.output, again.output
    assert emulator.writes() == [] and len(emulator.requests()) == 4  # four tasks
    assert 'run it again and it is ok with one request.' in (EXAMPLES / 'sender_settings_single.yml').read_text()  # as stated


def test_the_lists_apply_as_sets_and_purge_leaves_directory_entries_alone(emulator, check_then_real, playbook):
    lists = yaml.safe_load((EXAMPLES / 'sender_lists.yml').read_text())
    run = check_then_real(str(EXAMPLES / 'apply_sender_settings.yml'))
    assert run.returncode == 0, run.output
    writes = [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in emulator.writes()]
    assert writes == [('POST', 'batch'), ('POST', 'batch')] + [('POST', 'impersonation_registry')] * len(lists['impersonation_registry'])
    assert sorted(r['pattern'] for r in emulator.records('block_senders')) == sorted(i['pattern'] for i in lists['block_senders'])
    emulator.reset()  # the account as applied, with one entry synced from a directory and one block sender not in the list
    seed_lists(emulator, lists, extra=[('impersonation_registry', SYNCED),
                                       ('block_senders', dict(pattern='old.example', pattern_type='DOMAIN', is_regex=False, comments=None))])
    purged = check_then_real(str(EXAMPLES / 'apply_sender_settings.yml'), dict(purge=True))
    assert purged.returncode == 0, purged.output
    # The last task's result: the registry's plan line.
    assert purged.result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 2 unchanged, 1 left alone (synced from a directory)', purged.result
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in emulator.writes()] == [('POST', 'batch')]
    assert 'old.example' not in [r['pattern'] for r in emulator.records('block_senders')]
    assert 'board-sync@example.com' in [r['email'] for r in emulator.records('impersonation_registry')]


def test_the_export_applies_again_with_purge_without_a_write(emulator, playbook, tmp_path):
    lists = yaml.safe_load((EXAMPLES / 'sender_lists.yml').read_text())
    seed_lists(emulator, lists, extra=[('impersonation_registry', SYNCED)])
    before = stored(emulator)
    exported = tmp_path / 'exported_senders.yml'
    run = playbook(str(EXAMPLES / 'export_sender_settings.yml'), dict(export_file=str(exported)))
    assert run.returncode == 0, run.output
    data = yaml.safe_load(exported.read_text())
    assert sorted(data) == sorted(RESOURCES) and len(data['impersonation_registry']) == 3
    assert all('id' not in item for items in data.values() for item in items)
    emulator.clear_requests()
    again = playbook(str(EXAMPLES / 'apply_sender_settings.yml'), dict(sender_lists_file=str(exported), purge=True))
    assert again.returncode == 0 and 'changed=0' in again.output, again.output
    assert emulator.writes() == [] and len(emulator.requests()) == 3
    guide = ' '.join((EXAMPLES.parent / 'docsite' / 'rst' / 'guide_sender_settings.rst').read_text().split())
    assert 'Re-applied to the same account with ``purge: true``, the export reports ``ok`` with one request per list and no write.' in guide
    assert stored(emulator) == before
    emulator.reset()
    restored = playbook(str(EXAMPLES / 'apply_sender_settings.yml'), dict(sender_lists_file=str(exported)))
    assert restored.returncode == 0, restored.output
    now = stored(emulator)
    assert now['block_senders'] == before['block_senders'] and now['trusted_domains'] == before['trusted_domains']
    # The registry: the manual entries again; the directory-synced one is exported too, and recreated as a manual entry.
    assert sorted(r['email'] for r in emulator.records('impersonation_registry')) == sorted(
        [i['email'] for i in lists['impersonation_registry']] + [SYNCED['email']])
