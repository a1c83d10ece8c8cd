# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Block senders, trusted domains, the impersonation registry, URL ignore patterns, content policies, sending domain
restrictions and domains as a user sees them: ansible-playbook runs against the
emulator, each checked with the emulator's request log. One family of three modules per resource, the same scenarios.
Every scenario runs through ``check_then_real`` (the preview first, then the real run, compared), but for a fault on a write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

ID_FORMATS = ('uuid', 'integer')  # the emulator answers ids as UUID strings, or as JSON integers as real accounts did


@dataclass
class Family:
    playbook: str
    one: str  # module for one object
    many: str  # module for the set
    info: str
    resource: str  # path segment and emulator seed key
    items: list  # a set, as a user writes it
    changed: list  # the same set with one field changed in each of the first two items
    patches: list  # the bodies of those changes (without id)
    extra: dict  # one more entry, as seeded, that purge deletes
    bad: dict  # an item refused before any request
    bad_message: str
    full: dict = field(default_factory=dict)  # fields a seeded record has when the items leave them out
    key: str = 'pattern'
    note: str = 'comments'  # the free-text field
    batch: tuple = ('deletes', 'patches', 'posts')  # the arrays of the batch endpoint (the other changes: one request each)
    items_option: str = ''  # the set module's list, when it is not named after the resource
    switches: dict = field(default_factory=dict)  # options every task of the family sets (a delete needs allow_offboard)


BLOCK = Family(
    'block_senders.yml', 'block_sender', 'block_senders', 'block_sender_info', 'block_senders',
    items=[dict(pattern='spam.example', pattern_type='DOMAIN', comments='Campaign'),
           dict(pattern='.*@bulk\\.example', pattern_type='EMAIL', is_regex=True),
           dict(pattern='198.51.100.0/24', pattern_type='IP')],
    changed=[dict(pattern='spam.example', pattern_type='DOMAIN', comments='Campaign 2'),
             dict(pattern='.*@bulk\\.example', pattern_type='EMAIL', is_regex=True, comments='Bulk'),
             dict(pattern='198.51.100.0/24', pattern_type='IP')],
    patches=[dict(comments='Campaign 2'), dict(comments='Bulk')],
    extra=dict(pattern='old.example', pattern_type='DOMAIN', is_regex=False, comments=None),
    bad=dict(pattern='10.1.2.3', pattern_type='IP'), bad_message="item 2 (IP 10.1.2.3): pattern '10.1.2.3' is not a public",
    full=dict(is_regex=False, comments=None),
)
TRUSTED = Family(
    'trusted_domains.yml', 'trusted_domain', 'trusted_domains', 'trusted_domain_info', 'trusted_domains',
    items=[dict(pattern='partner-mail.example', is_recent=True, comments='New partner domain'),
           dict(pattern='examp1e.example', is_similarity=True),
           dict(pattern='.*\\.group\\.example', is_regex=True, is_recent=True, is_similarity=True)],
    changed=[dict(pattern='partner-mail.example', is_recent=False, comments='New partner domain'),
             dict(pattern='EXAMP1E.example', is_similarity=True, is_recent=True),
             dict(pattern='.*\\.group\\.example', is_regex=True, is_recent=True, is_similarity=True)],
    patches=[dict(is_recent=False), dict(is_recent=True)],
    extra=dict(pattern='old.example', is_regex=False, is_recent=True, is_similarity=False, comments=None),
    bad=dict(pattern='not a domain'), bad_message="item 2 (not a domain): pattern 'not a domain' is not a domain name",
    full=dict(is_regex=False, is_recent=False, is_similarity=False, comments=None),
)
REGISTRY = Family(
    'impersonation_registry.yml', 'impersonation_registry_entry', 'impersonation_registry', 'impersonation_registry_info',
    'impersonation_registry',
    items=[dict(email='ceo@example.com', name='John Smith'),
           dict(email='cfo@example.com', name='Jane Doe', comments='Finance'),
           dict(email='.*@board\\.example\\.com', is_email_regex=True, name='Board')],
    changed=[dict(email='ceo@example.com', name='John A. Smith'),
             dict(email='CFO@example.com', name='Jane Doe', comments='Finance and legal'),
             dict(email='.*@board\\.example\\.com', is_email_regex=True, name='Board')],
    patches=[dict(name='John A. Smith'), dict(comments='Finance and legal')],
    extra=dict(email='former@example.com', is_email_regex=False, name='Former', comments=None),
    bad=dict(email='a@example.com, b@example.com', name='Two'),
    bad_message="item 2 (a@example.com, b@example.com): email 'a@example.com, b@example.com' is not an email address",
    full=dict(is_email_regex=False, comments=None), key='email', batch=(), items_option='entries',
)
URL = Family(
    'url_ignore_patterns.yml', 'url_ignore_pattern', 'url_ignore_patterns', 'url_ignore_pattern_info', 'url_ignore_patterns',
    items=[dict(pattern='https://tracker\\.example/.*', comments='Newsletter'),
           dict(pattern='^https://sso\\.example\\.com/saml/'),
           dict(pattern='.*\\?utm_source=.*')],
    changed=[dict(pattern='https://tracker\\.example/.*', comments='Newsletter 2'),
             dict(pattern='^https://sso\\.example\\.com/saml/', comments='Single sign-on'),
             dict(pattern='.*\\?utm_source=.*')],
    patches=[dict(comments='Newsletter 2'), dict(comments='Single sign-on')],
    extra=dict(pattern='^https://old\\.example/', comments=None),
    bad=dict(pattern='https://(unclosed'), bad_message="item 2 (https://(unclosed): pattern 'https://(unclosed' is not a valid regular expression",
    full=dict(comments=None),
)
CONTENT = Family(
    'content_policies.yml', 'content_policy', 'content_policies', 'content_policy_info', 'content_policies',
    items=[dict(name='Invoice fraud', pattern='(?i)wire transfer.*urgent', targets=['SUBJECT', 'BODY'], enabled=True),
           dict(name='Gift cards', pattern='(?i)gift ?cards?', targets=['BODY'], enabled=False, notes='Watch'),
           dict(name='Payroll', pattern='(?i)direct deposit', targets=['SUBJECT'], enabled=True)],
    changed=[dict(name='Invoice fraud', pattern='(?i)wire transfer.*urgent', targets=['BODY', 'SUBJECT', 'BODY'], enabled=False),
             dict(name='Gift cards', pattern='(?i)gift ?cards?', targets=['BODY', 'SUBJECT'], enabled=False, notes='Watch'),
             dict(name='Payroll', pattern='(?i)direct deposit', targets=['SUBJECT'], enabled=True)],
    patches=[dict(enabled=False), dict(targets=['BODY', 'SUBJECT'])],
    extra=dict(name='Old', pattern='old', targets=['BODY'], enabled=True, notes=None),
    bad=dict(name='Broken', pattern='(?i)wire (transfer', targets=['BODY'], enabled=True),
    bad_message="item 2 (Broken): pattern '(?i)wire (transfer' is not a valid regular expression",
    full=dict(notes=None), key='name', note='notes',
)
RESTRICTION = Family(
    'sending_domain_restrictions.yml', 'sending_domain_restriction', 'sending_domain_restrictions', 'sending_domain_restriction_info',
    'sending_domain_restrictions',
    items=[dict(domain='example.com', exclude=['newsletter.example.com'], comments='Newsletter only'),
           dict(domain='example.org', exclude=[]),
           dict(domain='example.net', exclude=['a.example.net', 'b.example.net'])],
    changed=[dict(domain='example.com', exclude=['newsletter.example.com'], comments='Newsletter service only'),
             dict(domain='EXAMPLE.org', exclude=['relay.example.org']),
             dict(domain='example.net', exclude=['b.example.net', 'a.example.net', 'a.example.net'])],
    patches=[dict(comments='Newsletter service only'), dict(exclude=['relay.example.org'])],
    extra=dict(domain='old.example', exclude=[], comments=None),
    bad=dict(domain='', exclude=[]), bad_message='item 2: domain must not be empty.',
    full=dict(comments=None), key='domain', batch=('deletes',),
)
DOMAIN_ITEMS = [
    dict(domain='example.com', allowed_delivery_modes=['DIRECT'], drop_dispositions=['MALICIOUS', 'SPOOF'], ip_restrictions=[], regions=['GLOBAL']),
    dict(domain='example.org', allowed_delivery_modes=['BCC', 'JOURNAL'], drop_dispositions=[], ip_restrictions=['192.0.2.0/24'],
         regions=['US'], transport='mx.example.org'),
    dict(domain='example.net', allowed_delivery_modes=['API'], drop_dispositions=['SPAM'], ip_restrictions=['2001:db8::/32'],
         regions=['DE', 'US'], lookback_hops=3)]
DOMAINS = Family(
    'domains.yml', 'domain', 'domains', 'domain_info', 'domains',
    items=DOMAIN_ITEMS,
    changed=[dict(DOMAIN_ITEMS[0], drop_dispositions=['SPOOF', 'MALICIOUS', 'SPAM']),
             dict(DOMAIN_ITEMS[1], domain='EXAMPLE.org', ip_restrictions=['192.0.2.0/24', '198.51.100.7']),
             dict(DOMAIN_ITEMS[2], ip_restrictions=['2001:DB8::/32', '2001:db8::/32'], regions=['US', 'DE'])],
    patches=[dict(drop_dispositions=['SPOOF', 'MALICIOUS', 'SPAM']), dict(ip_restrictions=['192.0.2.0/24', '198.51.100.7'])],
    extra=dict(domain='old.example', allowed_delivery_modes=['DIRECT'], drop_dispositions=[], ip_restrictions=[], regions=['GLOBAL']),
    bad=dict(domain='not a domain', regions=['US']), bad_message="item 2 (not a domain): domain 'not a domain' is not a domain name",
    key='domain', note='transport', batch=(), switches=dict(allow_offboard=True),
)
FAMILIES = [pytest.param(BLOCK, id='block_senders'), pytest.param(TRUSTED, id='trusted_domains'),
            pytest.param(REGISTRY, id='impersonation_registry'), pytest.param(URL, id='url_ignore_patterns'),
            pytest.param(CONTENT, id='content_policies'), pytest.param(RESTRICTION, id='sending_domain_restrictions'),
            pytest.param(DOMAINS, id='domains')]
# A directory-synced registry entry: never changed, left alone by purge.
SYNCED = dict(email='synced@example.com', is_email_regex=False, name='From the directory', comments=None, directory_id=12,
              directory_node_id=34, provenance='SNOOPY-OFFICE_365')


def seeded(family, items):
    return [dict(family.full, **item) for item in items]


def run_set(runner, family, items, args=(), **switches):
    """Run the set module of the family; ``runner`` is the ``playbook`` or the ``check_then_real`` fixture."""
    return runner(family.playbook, dict(family.switches, set_items=items, **switches), args=['--tags', family.many] + list(args))


def requests(emulator):
    """(method, last path segment) of each request the emulator logged."""
    return [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.requests()]


def diff_lines(run):
    return [line for line in run.stdout.splitlines() if line.startswith(('---', '+++', '@@', '+', '-', ' '))]


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
@pytest.mark.parametrize('family', FAMILIES)
def test_create_a_set_then_a_rerun_is_one_request(emulator, check_then_real, family, id_format):
    run = run_set(check_then_real, family, family.items)
    assert run.returncode == 0, run.output
    assert run.result['msg'] == 'Plan: 3 to create, 0 to update, 0 to delete, 0 unchanged'
    writes = [('POST', 'batch')] if 'posts' in family.batch else [('POST', family.resource)] * 3
    assert requests(emulator) == [('GET', family.resource)] + writes + [('GET', family.resource)]
    stored = emulator.records(family.resource)
    assert sorted(r[family.key] for r in stored) == sorted(i[family.key] for i in family.items)
    assert sorted(e['id'] for e in run.result['created']) == sorted(r['id'] for r in stored)
    assert all(isinstance(e['id'], int if id_format == 'integer' else str) for e in run.result['created'])
    assert all('id' not in e for e in run.preview.result['created'])
    if family is TRUSTED:  # a create sends all three booleans
        assert emulator.requests()[1]['body']['posts'][1] == dict(pattern='examp1e.example', is_regex=False, is_recent=False,
                                                                  is_similarity=True)

    again = run_set(check_then_real, family, family.items)
    assert again.returncode == 0, again.output
    assert again.result['changed'] is False
    assert again.result['msg'] == 'Plan: 0 to create, 0 to update, 0 to delete, 3 unchanged'
    assert requests(emulator) == [('GET', family.resource)]


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
@pytest.mark.parametrize('family', FAMILIES)
def test_a_change_is_previewed_in_check_mode_then_applied_with_the_same_diff(emulator, check_then_real, family, id_format):
    before = dict((r[family.key].lower(), r) for r in emulator.seed_records(family.resource, seeded(family, family.items)))
    real = run_set(check_then_real, family, family.changed)
    assert real.returncode == 0, real.output
    assert real.result['msg'] == 'Plan: 0 to create, 2 to update, 0 to delete, 1 unchanged'
    assert diff_lines(real) and diff_lines(real) == diff_lines(real.preview)
    ids = [before[item[family.key].lower()]['id'] for item in family.changed[:2]]
    if 'patches' in family.batch:
        assert requests(emulator) == [('GET', family.resource), ('POST', 'batch')]
        assert emulator.requests()[1]['body']['patches'] == [dict(patch, id=id_) for patch, id_ in zip(family.patches, ids)]
    else:
        assert requests(emulator) == [('GET', family.resource), ('PATCH', str(ids[0])), ('PATCH', str(ids[1]))]
        assert [r['body'] for r in emulator.requests()[1:]] == family.patches
    assert real.result['updated'][0]['after'] == family.patches[0]


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
@pytest.mark.parametrize('family', FAMILIES)
def test_purge_deletes_what_the_list_does_not_name(emulator, check_then_real, family, id_format):
    records = seeded(family, family.items) + [family.extra] + ([SYNCED] if family is REGISTRY else [])
    stored = emulator.seed_records(family.resource, records)
    extra_id = [r['id'] for r in stored if r[family.key] == family.extra[family.key]]
    run = run_set(check_then_real, family, family.items, purge=True)
    assert run.returncode == 0, run.output
    line = 'Plan: 0 to create, 0 to update, 1 to delete, 3 unchanged'
    assert run.result['msg'] == line + (', 1 left alone (synced from a directory)' if family is REGISTRY else '')
    assert [(d['id'], d['reason']) for d in run.result['deleted']] == [(extra_id[0], 'purge')]
    write = ('POST', 'batch') if 'deletes' in family.batch else ('DELETE', str(extra_id[0]))
    assert requests(emulator) == [('GET', family.resource), write]
    left = sorted(r[family.key] for r in emulator.records(family.resource))
    assert left == sorted([i[family.key] for i in family.items] + (['synced@example.com'] if family is REGISTRY else []))


@pytest.mark.parametrize('id_format', ID_FORMATS, indirect=True)
@pytest.mark.parametrize('family', FAMILIES)
def test_the_export_applies_again_with_purge_without_a_write(emulator, playbook, check_then_real, family, id_format):
    emulator.seed_records(family.resource, seeded(family, family.items) + ([SYNCED] if family is REGISTRY else []))
    exported = playbook(family.playbook, args=['--tags', family.info])
    assert exported.returncode == 0, exported.output
    export = exported.result[family.items_option or family.resource]
    assert len(export) == (4 if family is REGISTRY else 3)
    assert all('id' not in item for item in export)
    again = run_set(check_then_real, family, export, purge=True)
    assert again.returncode == 0, again.output
    assert again.result['changed'] is False
    assert requests(emulator) == [('GET', family.resource)]


@pytest.mark.parametrize('family', FAMILIES)
def test_bad_input_is_refused_before_any_request(emulator, check_then_real, family):
    run = run_set(check_then_real, family, [family.items[0], family.bad])
    assert run.returncode == 2
    assert family.bad_message in run.result['msg']
    single = check_then_real(family.playbook, dict(family.bad), args=['--tags', family.one])
    assert single.returncode == 2 and family.bad_message.split(': ', 1)[1] in single.result['msg']
    assert emulator.requests() == []


@pytest.mark.parametrize('family', FAMILIES)
def test_one_object_is_created_changed_and_removed(emulator, check_then_real, family):
    wanted = dict(family.items[1])
    created = check_then_real(family.playbook, wanted, args=['--tags', family.one])
    assert created.returncode == 0 and created.result['changed'] is True, created.output
    assert [r['method'] for r in emulator.requests()] == ['GET', 'POST', 'GET']
    same = check_then_real(family.playbook, wanted, args=['--tags', family.one])
    assert same.returncode == 0 and same.result['changed'] is False, same.output
    assert requests(emulator) == [('GET', family.resource)]
    change = dict(wanted, **{family.note: 'changed'})
    real = check_then_real(family.playbook, change, args=['--tags', family.one])
    assert real.returncode == 0 and real.result['changed'] is True, real.output
    assert diff_lines(real) and diff_lines(real) == diff_lines(real.preview)
    assert [r['body'] for r in emulator.writes()] == [{family.note: 'changed'}]
    removed = check_then_real(family.playbook, dict(wanted, state='absent', **family.switches), args=['--tags', family.one])
    assert removed.returncode == 0 and removed.result['changed'] is True, removed.output
    assert [r['method'] for r in emulator.requests()] == ['GET', 'DELETE']
    assert emulator.records(family.resource) == []


def test_a_directory_synced_entry_is_not_changed_and_the_task_says_why(emulator, check_then_real):
    emulator.seed_records('impersonation_registry', [SYNCED])
    run = check_then_real(REGISTRY.playbook, dict(email='synced@example.com', name='Renamed'), args=['--tags', REGISTRY.one])
    assert run.returncode == 2
    assert 'is synced from a directory: the API cannot change or delete it' in run.result['msg']
    assert emulator.writes() == []


def test_a_failed_request_of_the_registry_says_what_was_applied(emulator, playbook):
    # Not through check_then_real: the fault is on a write, which the check run does not send (it predicts success).
    emulator.seed_records('impersonation_registry', seeded(REGISTRY, REGISTRY.items[:1]))
    emulator.fault(method='POST', path='impersonation_registry$', status=400, code=1001, message='refused by a test')
    run = run_set(playbook, REGISTRY, [dict(REGISTRY.items[0], name='Renamed'), REGISTRY.items[1], REGISTRY.items[2]])
    assert run.returncode == 2
    assert run.result['changed'] is True
    assert [e['after'] for e in run.result['applied']] == [dict(name='Renamed')]
    assert [e['email'] for e in run.result['failed_changes']] == ['cfo@example.com']
    assert [e['email'] for e in run.result['not_applied']] == ['.*@board\\.example\\.com']
    assert 'Applied: 1 of 3 changes.' in run.result['msg']


def test_url_ignore_patterns_are_written_one_request_each_where_the_account_has_no_batch_route(emulator, check_then_real):
    """The batch endpoint of URL ignore patterns is in the published schema but in no SDK: an account that answers that it
    has no such route gets one request per change, and the same result."""
    emulator.seed_records(URL.resource, seeded(URL, URL.items[:1]) + [URL.extra])
    emulator.fault(method='POST', path='url_ignore_patterns/batch$', status=404, code=7003, message='No route for that URI')
    run = run_set(check_then_real, URL, URL.items, purge=True)
    assert run.returncode == 0, run.output
    assert run.result['msg'] == 'Plan: 2 to create, 0 to update, 1 to delete, 1 unchanged'
    extra = [r for r in emulator.requests() if r['method'] == 'DELETE'][0]['path'].rsplit('/', 1)[-1]
    assert requests(emulator) == [('GET', URL.resource), ('POST', 'batch'), ('DELETE', extra), ('POST', URL.resource),
                                  ('POST', URL.resource), ('GET', URL.resource)]
    assert sorted(r['pattern'] for r in emulator.records(URL.resource)) == sorted(i['pattern'] for i in URL.items)


def test_the_url_ignore_patterns_guide_example_applies_reruns_ok_and_its_export_reapplies(emulator, playbook, check_then_real):
    example = str(Path(__file__).resolve().parents[2] / 'docs' / 'examples' / 'url_ignore_patterns.yml')
    emulator.seed_records(URL.resource, [URL.extra])
    applied = check_then_real(example, args=['--skip-tags', 'export'])  # the read shows the list before the apply in check mode
    assert applied.returncode == 0, applied.output
    assert sorted(r['pattern'] for r in emulator.records(URL.resource)) == ['^https://sso\\.example\\.com/saml/', 'https://tracker\\.example/.*']
    emulator.clear_requests()
    again = playbook(example)
    assert again.returncode == 0 and 'changed=0' in again.stdout, again.output
    assert [r['method'] for r in emulator.requests()] == ['GET', 'GET']  # the set, then the export
    export = [line for line in again.stdout.splitlines() if 'tracker' in line]
    assert export, again.output
