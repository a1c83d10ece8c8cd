# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The request counts that the documentation states are the ones the emulator's request log shows.

Each test quotes the sentences it proves (``STATED``: file and text, white space aside), so that a change of the text
or of the behaviour fails here; then it runs the stated scenario against the emulator and compares the log.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def documentation(path):
    """The text of ``path``; for a module, with the documentation that its family's doc fragment adds (built from the
    descriptor the module runs with, as ansible-doc shows it)."""
    text = (ROOT / path).read_text()
    if path.startswith('plugins/modules/'):
        from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Resource
        from ansible_collections.cloudflare_one.email_security.plugins.plugin_utils import _docs
        name = Path(path).stem
        module = importlib.import_module('ansible_collections.cloudflare_one.email_security.plugins.modules.' + name)
        resource = next(value for value in vars(module).values() if isinstance(value, Resource))
        text += ' '.join(strings(yaml.safe_load(_docs.fragment(resource, _docs.KINDS[resource.modules.index(name)]))))
    return text


def strings(data):
    """Every string in ``data`` (nested lists and mappings), in order."""
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for value in values for text in strings(value)]


def stated(path, *sentences):
    """Assert that ``path`` (relative to the collection) still states each of ``sentences``."""
    text = ' '.join(documentation(path).split())
    for sentence in sentences:
        assert ' '.join(sentence.split()) in text, '{0} no longer states: {1}'.format(path, sentence)


def log(emulator):
    """The requests of the log: the method, and ``batch`` for a batch, ``one`` for a request on one object."""
    found = []
    for request in emulator.requests():
        tail = request['path'].rsplit('/', 1)[-1]
        lists = ('allow_policies', 'block_senders', 'trusted_domains', 'impersonation_registry')
        kind = 'batch' if tail == 'batch' else ('list' if tail in lists else 'one')
        found.append('{0} {1}'.format(request['method'], kind))
    return found


def ok(run):
    assert run.returncode == 0, run.output
    return run


PARTNER = dict(pattern='partner.example', pattern_type='DOMAIN', verify_sender=True, comments='Partner mail')


def test_allow_policy(emulator, playbook, check_then_real):
    stated('plugins/modules/allow_policy.py',
           'A run that changes nothing sends one request (a read). A run that changes something sends two (a read and a write), '
           'and a create one more read')
    stated('docs/docsite/rst/guide_allow_policies.rst',
           '* - Nothing to change (``ok``) - 1: a read',
           '* - An update or a delete - 2: a read and a write * - A create - 3: a read, the write, and a read',
           '* - Check mode - the reads of the real run, no write: 1 (2 for a change of the key by id)',
           'A playbook that loops over *n* policies sends between *n* and *3n* requests')
    stated('docs/docsite/rst/guide_quickstart.rst',
           'The module creates the policy (one read, one write, and one more read). Run it again: ``ok``, one read, no write.')
    ok(check_then_real('allow_policy.yml', PARTNER))
    assert log(emulator) == ['GET list', 'POST list', 'GET list']
    emulator.clear_requests()
    ok(playbook('allow_policy.yml', PARTNER))
    assert log(emulator) == ['GET list']
    emulator.clear_requests()
    ok(playbook('allow_policy.yml', dict(PARTNER, comments='Renewed'), args=['--check']))
    assert log(emulator) == ['GET list']
    emulator.clear_requests()
    ok(playbook('allow_policy.yml', dict(PARTNER, comments='Renewed')))
    assert log(emulator) == ['GET list', 'PATCH one']
    stated('docs/docsite/rst/guide_allow_policies.rst', 'The read of a task with ``id`` is one request for that policy.')
    emulator.clear_requests()
    ok(playbook('allow_policy.yml', dict(PARTNER, comments='Renewed', policy_id=emulator.policies()[0]['id'])))
    assert log(emulator) == ['GET one']
    ok(check_then_real('allow_policy.yml', dict(PARTNER, state='absent')))
    assert log(emulator) == ['GET list', 'DELETE one']


def test_info_by_id_is_one_request(emulator, playbook):
    stated('plugins/modules/allow_policy_info.py', 'The identifier of one policy to read (one request).')
    seeded = emulator.seed([dict(PARTNER, is_regex=False, is_trusted_sender=False, is_acceptable_sender=False, is_exempt_recipient=False)])
    ok(playbook('allow_policy_info.yml', dict(policy_id=seeded[0]['id'])))
    assert log(emulator) == ['GET one']


SINGLES = [
    pytest.param('block_senders.yml', 'block_sender', 'plugins/modules/block_sender.py', dict(pattern='spam.example', pattern_type='DOMAIN'),
                 dict(comments='Campaign'), id='block_sender'),
    pytest.param('trusted_domains.yml', 'trusted_domain', 'plugins/modules/trusted_domain.py', dict(pattern='partner-mail.example'),
                 dict(is_recent=True), id='trusted_domain'),
]


@pytest.mark.parametrize('name, tag, doc, key, change', SINGLES)
def test_block_sender_and_trusted_domain(emulator, playbook, check_then_real, name, tag, doc, key, change):
    stated(doc, 'A run that changes nothing sends one request (a read). A run that changes something sends two (a read and a write), '
                'and a create one more read')
    stated('docs/docsite/rst/guide_sender_settings.rst',
           'A task that creates an object sends three requests (the read, the ``POST``, and a read',
           'a task with nothing to change sends one, the read.')
    tags = ['--tags', tag]
    ok(check_then_real(name, key, args=tags))
    assert log(emulator) == ['GET list', 'POST list', 'GET list']
    emulator.clear_requests()
    ok(playbook(name, key, args=tags))
    assert log(emulator) == ['GET list']
    ok(check_then_real(name, dict(key, **change), args=tags))
    assert log(emulator) == ['GET list', 'PATCH one']
    ok(check_then_real(name, dict(key, state='absent'), args=tags))
    assert log(emulator) == ['GET list', 'DELETE one']


def test_impersonation_registry_entry(emulator, playbook, check_then_real):
    stated('plugins/modules/impersonation_registry_entry.py',
           'A run that changes nothing sends one request per 1000 entries; a change adds one write, and a create one more read')
    tags = ['--tags', 'impersonation_registry_entry']
    entry = dict(email='ceo@example.com', name='John Smith')
    ok(check_then_real('impersonation_registry.yml', entry, args=tags))
    assert log(emulator) == ['GET list', 'POST list', 'GET list']
    emulator.clear_requests()
    ok(playbook('impersonation_registry.yml', entry, args=tags))
    assert log(emulator) == ['GET list']
    ok(check_then_real('impersonation_registry.yml', dict(entry, name='John A. Smith'), args=tags))
    assert log(emulator) == ['GET list', 'PATCH one']
    emulator.seed_records('impersonation_registry', [dict(email='e{0}@example.com'.format(n), name='E{0}'.format(n), is_email_regex=False)
                                                     for n in range(1000)])
    ok(playbook('impersonation_registry.yml', dict(entry, name='John A. Smith'), args=tags))
    assert log(emulator) == ['GET list', 'GET list']


def policies(count, start=0):
    return [dict(pattern='sender{0}@example.com'.format(n), pattern_type='EMAIL', is_regex=False, verify_sender=False, is_trusted_sender=False,
                 is_acceptable_sender=True, is_exempt_recipient=False, comments=None) for n in range(start, start + count)]


def test_allow_policies(emulator, playbook, check_then_real):
    stated('plugins/modules/allow_policies.py',
           'A run that changes nothing sends one request per 1000 policies (one for up to 1000). Changes add one batch request per '
           '1000, and a run that creates reads the list once more afterwards')
    stated('docs/docsite/rst/guide_policy_sets.rst',
           '* - nothing to change, up to 1,000 policies - 1 (one page of the list)',
           '* - up to 1000 changes - the list pages + 1 batch, and, when it creates, the list pages once more')
    stated('README.md', 'a whole set of allow policies in one task: one read, one atomic batch (and a read after creates)',
           'apply the same vars file as one set instead: one read, one atomic batch (and a read after creates)')
    wanted = policies(1000)
    emulator.seed(wanted)
    ok(playbook('allow_policies.yml', dict(policies=wanted)))
    assert log(emulator) == ['GET list']
    emulator.seed(policies(999, start=1000), clear=False)
    emulator.clear_requests()
    # 1,999 policies: two pages; 1000 changes in one batch.
    ok(check_then_real('allow_policies.yml', dict(policies=[dict(policy, comments='changed') for policy in wanted[:1000]])))
    assert log(emulator) == ['GET list', 'GET list', 'POST batch']
    ok(check_then_real('allow_policies.yml', dict(policies=policies(10, start=5000))))
    assert log(emulator) == ['GET list', 'GET list', 'POST batch', 'GET list', 'GET list', 'GET list']


SETS = [
    pytest.param('block_senders.yml', 'block_senders', 'block_senders', dict(pattern='spam.example', pattern_type='DOMAIN'),
                 'plugins/modules/block_senders.py', 'POST batch', id='block_senders'),
    pytest.param('trusted_domains.yml', 'trusted_domains', 'trusted_domains', dict(pattern='partner-mail.example'),
                 'plugins/modules/trusted_domains.py', 'POST batch', id='trusted_domains'),
    pytest.param('impersonation_registry.yml', 'impersonation_registry', 'impersonation_registry', dict(email='ceo@example.com', name='CEO'),
                 None, 'POST list', id='impersonation_registry'),
]


@pytest.mark.parametrize('name, tag, resource, item, doc, create', SETS)
def test_sender_sets(emulator, playbook, check_then_real, name, tag, resource, item, doc, create):
    if doc:
        stated(doc, 'A run that changes nothing sends one request per 1000 entries (one for up to 1000).')
    stated('README.md', 'the block list as a set: one read, one atomic batch (and a read after creates)',
           'trusted domains as a set: one read, one atomic batch (and a read after creates)',
           'the registry as a set: one read, one request per change (the API has no batch) and a read after creates')
    stated('docs/docsite/rst/guide_sender_settings.rst',
           '* - nothing to change - 1 (the read) - 1 (the read)',
           '* - changes - the read, one atomic batch (up to 1000 changes an array), and a read after creates - the read, one request '
           'per change (the API has no batch endpoint: deletes, then updates, then creates), and a read after creates')
    tags = ['--tags', tag]
    ok(check_then_real(name, dict(set_items=[item]), args=tags))
    assert log(emulator) == ['GET list', create, 'GET list']
    emulator.clear_requests()
    ok(playbook(name, dict(set_items=[item]), args=tags))
    assert log(emulator) == ['GET list']
    ok(check_then_real(name, dict(set_items=[dict(item, comments='changed')]), args=tags))
    assert log(emulator) == ['GET list', 'POST batch' if create == 'POST batch' else 'PATCH one']


def test_domains(emulator, playbook, check_then_real):
    """What the domain modules and the guide "Onboard a domain" state, on one domain."""
    stated('plugins/modules/domain.py', 'A run that changes nothing sends one request per 1000 domains; a change adds one write, and a '
                                        'create one more read')
    stated('plugins/modules/domains.py', 'A run that changes nothing sends one request per 1000 domains.')
    stated('docs/docsite/rst/guide_domains.rst', 'a run with nothing to change sends one request (the read, 1000 domains a page); each '
                                                 'change adds one request, and a run with creates one more read.')
    item = dict(domain='example.com', allowed_delivery_modes=['DIRECT'], drop_dispositions=[], ip_restrictions=[], regions=['GLOBAL'])
    ok(check_then_real('domains.yml', item, args=['--tags', 'domain']))
    created = [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in emulator.requests()]
    assert created == [('GET', 'domains'), ('POST', 'domains'), ('GET', 'domains')]
    emulator.clear_requests()
    ok(playbook('domains.yml', dict(set_items=[item]), args=['--tags', 'domains']))
    assert [r['method'] for r in emulator.requests()] == ['GET']
    ok(check_then_real('domains.yml', dict(item, transport='mx.example.com'), args=['--tags', 'domain']))
    assert [r['method'] for r in emulator.requests()] == ['GET', 'PATCH']
