# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What only domains have, as ansible-playbook shows it against the emulator: the offboard guard, the name that cannot
change, the read-only fields, the verification record, and the onboarding guide's playbook end to end. (Create, re-run,
change, purge and export, in both id formats: test_sibling_playbooks.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_sibling_playbooks import DOMAIN_ITEMS, DOMAINS, requests

GUIDE = str(Path(__file__).resolve().parents[2] / 'docs' / 'examples' / 'onboard_domain.yml')
OFFBOARD = 'Deleting a domain offboards it: Email Security stops processing its mail, and that cannot be undone.'


@pytest.fixture
def verification_reads(emulator):
    yield emulator.verification_reads
    emulator.verification_reads(0)


def test_offboarding_is_refused_without_allow_offboard_naming_every_domain_in_check_mode_too(emulator, check_then_real):
    stored = emulator.seed_records('domains', DOMAIN_ITEMS)
    refused = check_then_real(DOMAINS.playbook, dict(set_items=DOMAIN_ITEMS[:1], purge=True), args=['--tags', 'domains'])
    assert refused.returncode == 2 and refused.result['changed'] is False
    assert refused.result['msg'] == '{0} Refused for domain {1} example.org, domain {2} example.net: set allow_offboard: true to delete them.'.format(
        OFFBOARD, stored[1]['id'], stored[2]['id'])
    assert emulator.writes() == []
    single = check_then_real(DOMAINS.playbook, dict(domain='EXAMPLE.net', state='absent'), args=['--tags', 'domain'])
    assert single.returncode == 2 and 'Refused for domain {0} example.net: set allow_offboard: true to delete it.'.format(
        stored[2]['id']) in single.result['msg']
    assert emulator.writes() == []
    allowed = check_then_real(DOMAINS.playbook, dict(set_items=DOMAIN_ITEMS[:1], purge=True, allow_offboard=True), args=['--tags', 'domains'])
    assert allowed.returncode == 0 and allowed.result['msg'] == 'Plan: 0 to create, 0 to update, 2 to delete, 1 unchanged'
    assert requests(emulator) == [('GET', 'domains'), ('DELETE', str(stored[1]['id'])), ('DELETE', str(stored[2]['id']))]


def test_the_domain_of_an_id_cannot_change_and_read_only_fields_are_neither_compared_nor_sent(emulator, check_then_real):
    stored = emulator.seed_records('domains', [dict(DOMAIN_ITEMS[0], status='pending', verification_reads=3)])
    renamed = check_then_real(DOMAINS.playbook, dict(object_id=stored[0]['id'], domain='example.org'), args=['--tags', 'domain'])
    assert renamed.returncode == 2
    assert "domain cannot change: domain {0} example.com is 'example.com', not 'example.org'.".format(stored[0]['id']) in renamed.result['msg']
    exported = check_then_real(DOMAINS.playbook, dict(include_verification=True), args=['--tags', 'domain_info'])
    item = exported.result['domains'][0]
    assert item['status'] == 'pending' and item['verification']['verified'] is False and item['verification']['txt_record_value']
    # The export, read-only fields and verification record included, applies again: nothing is compared or sent of them.
    emulator.clear_requests()
    again = check_then_real(DOMAINS.playbook, dict(set_items=[dict(item, drop_dispositions=['SPOOF', 'MALICIOUS'])]), args=['--tags', 'domains'])
    assert again.returncode == 0 and again.result['changed'] is False, again.output
    assert requests(emulator) == [('GET', 'domains')]


def test_the_onboarding_guide_creates_the_domain_and_waits_until_it_is_verified(emulator, playbook, verification_reads):
    """The guide's playbook as shipped (its TXT record step needs community.general and the user's zone: not run). Not through
    check_then_real: the check run skips the reads of a domain that does not exist yet, so the two runs end differently."""
    verification_reads(2)
    preview = playbook(GUIDE, dict(verify_delay=0), args=['--check'])
    assert preview.returncode == 0 and 'changed=1' in preview.stdout, preview.output
    assert emulator.writes() == [] and emulator.records('domains') == []
    emulator.clear_requests()
    run = playbook(GUIDE, dict(verify_delay=0))
    assert run.returncode == 0, run.output
    assert run.result['domains'][0]['verification']['verified'] is True and run.result['attempts'] == 2
    assert '"txt_record_name": "_cf-email-security.example.com"' in run.stdout and 'FAILED - RETRYING' in run.stdout
    paths = [(r['method'], r['path'].split('/domains', 1)[1]) for r in emulator.requests()]
    domain_id = emulator.records('domains')[0]['id']
    verification = ('GET', '/{0}/verification'.format(domain_id))
    assert paths == [('GET', ''), ('POST', ''), ('GET', ''), ('GET', ''), verification, ('GET', ''), verification, ('GET', ''), verification]
    assert emulator.records('domains')[0]['status'] == 'ACTIVE'
