# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A whole account as code: the collection's playbooks cloudflare_one.email_security.export and .apply (the role
cloudflare_one.email_security.settings) against the emulator seeded with every family, legacy data included."""

from __future__ import annotations

import json
import re

import yaml

from test_legacy_data_playbooks import FLAGS  # pylint: disable=import-error
from test_stated_request_counts import stated  # pylint: disable=import-error
from test_sibling_playbooks import BLOCK, CONTENT, DOMAINS, REGISTRY, RESTRICTION, TRUSTED, URL, seeded  # pylint: disable=import-error

EXPORT, APPLY = 'cloudflare_one.email_security.export', 'cloudflare_one.email_security.apply'
POLICIES = [dict(FLAGS, pattern='partner.example', pattern_type='DOMAIN', is_acceptable_sender=True, comments='Partner'),
            dict(FLAGS, pattern='soc@example.com', pattern_type='EMAIL', is_exempt_recipient=True, comments=None)]
# Legacy data: a private IP and two block senders whose keys differ only in case (only their ids tell them apart).
LEGACY_POLICY = dict(FLAGS, pattern='10.0.0.1', pattern_type='IP', comments=None)
LEGACY_BLOCKS = [dict(pattern='Junk.example', pattern_type='DOMAIN', is_regex=False, comments=None),
                 dict(pattern='junk.example', pattern_type='DOMAIN', is_regex=False, comments=None)]
SEEDS = dict(policies=POLICIES + [LEGACY_POLICY], block_senders=seeded(BLOCK, BLOCK.items) + LEGACY_BLOCKS,
             trusted_domains=seeded(TRUSTED, TRUSTED.items), impersonation_registry=seeded(REGISTRY, REGISTRY.items),
             url_ignore_patterns=seeded(URL, URL.items), content_policies=seeded(CONTENT, CONTENT.items),
             sending_domain_restrictions=seeded(RESTRICTION, RESTRICTION.items), domains=DOMAINS.items)
FAMILIES = ('domains', 'allow_policies', 'block_senders', 'trusted_domains', 'impersonation_registry', 'url_ignore_patterns',
            'content_policies', 'sending_domain_restrictions')
STORE = dict((family, 'policies' if family == 'allow_policies' else family) for family in FAMILIES)


def seed(emulator):
    stored = emulator.seed_records('policies', SEEDS['policies'])
    for name, records in SEEDS.items():
        if name != 'policies':
            emulator.seed_records(name, records)
    emulator.clear_requests()
    return stored


def test_export_reapply_rebuild_and_a_reviewed_three_family_change(emulator, playbook, tmp_path):
    seed(emulator)
    export_file = tmp_path / 'account.yml'
    exported = playbook(EXPORT, dict(email_security_export_path=str(export_file)))
    assert exported.returncode == 0, exported.output
    assert [r['method'] for r in emulator.requests()] == ['GET'] * 8
    export = yaml.safe_load(export_file.read_text())
    assert sorted(export) == sorted('email_security_' + family for family in FAMILIES)
    legacy_ids = [item['id'] for item in export['email_security_allow_policies'] + export['email_security_block_senders'] if 'id' in item]
    assert len(legacy_ids) == 3  # the private IP, and both block senders that only their ids tell apart
    assert 'status' not in export['email_security_domains'][0]

    # The export applies again to the same account: 8 reads (the plan), no write, and the plan says so.
    stated('docs/docsite/rst/guide_account_as_code.rst',
           "Such an unchanged run sends one read per family (eight requests, when each family's list fits in one page of the API's "
           'answers) and no write.')
    emulator.clear_requests()
    plan_md, plan_json = tmp_path / 'plan.md', tmp_path / 'plan.json'
    paths = dict(email_security_plan_path=str(plan_md), email_security_plan_json_path=str(plan_json))
    again = playbook(APPLY, dict(paths, email_security_purge=True), args=['-e', '@' + str(export_file)])
    assert again.returncode == 0 and 'changed=0' in again.stdout, again.output
    assert [r['method'] for r in emulator.requests()] == ['GET'] * 8
    plan = json.loads(plan_json.read_text())
    assert plan['changed'] is False and plan['line'] == 'Plan: 0 to create, 0 to update, 0 to delete, 26 unchanged, 0 skipped, in 8 of 8 families'

    # To an empty account: every object the API accepts is recreated, the legacy ones are listed as not recreated.
    emulator.reset()
    rebuilt = playbook(APPLY, dict(paths, email_security_purge=True), args=['-e', '@' + str(export_file)])
    assert rebuilt.returncode == 0 and 'changed=8 ' in rebuilt.stdout, rebuilt.output  # one task per family reports its change
    plan = json.loads(plan_json.read_text())
    assert plan['totals'] == dict(create=23, update=0, delete=0, unchanged=0, skipped=3)
    assert sorted(entry['id'] for family in plan['families'].values() for entry in family['skipped']) == sorted(legacy_ids)
    assert '**not recreated** `IP 10.0.0.1`' in plan_md.read_text()
    for family in FAMILIES:
        assert len(emulator.records(STORE[family])) == len(SEEDS[STORE[family] if family != 'allow_policies' else 'policies']) - (
            1 if family == 'allow_policies' else 2 if family == 'block_senders' else 0)

    # A reviewed change of three families, previewed: the plan lists exactly those changes, and nothing is written.
    emulator.clear_requests()
    changed = yaml.safe_load(export_file.read_text())
    changed['email_security_domains'][0]['regions'] = ['US']
    changed['email_security_url_ignore_patterns'].pop()
    changed['email_security_content_policies'].append(dict(name='Payroll 2', pattern='(?i)payroll', targets=['BODY'], enabled=True))
    changed_file = tmp_path / 'changed.yml'
    changed_file.write_text(yaml.safe_dump(changed))
    before = emulator.stored()
    preview = playbook(APPLY, dict(paths, email_security_purge=True), args=['-e', '@' + str(changed_file), '--check', '--diff'])
    assert preview.returncode == 0 and 'changed=3 ' in preview.stdout, preview.output
    assert emulator.writes() == [] and emulator.stored() == before
    plan = json.loads(plan_json.read_text())
    assert plan['mode'] == 'check' and plan['totals'] == dict(create=1, update=1, delete=1, unchanged=21, skipped=3)
    changes = dict((family, (len(p['created']), len(p['updated']), len(p['deleted']))) for family, p in plan['families'].items()
                   if p['created'] or p['updated'] or p['deleted'])
    assert changes == dict(domains=(0, 1, 0), url_ignore_patterns=(0, 0, 1), content_policies=(1, 0, 0))
    markdown = plan_md.read_text()
    assert "* **update** `example.com`: regions `[\"GLOBAL\"]` → `[\"US\"]`" in markdown
    print(markdown)

    # The plan approved in the preview, passed to the real run as an AWX workflow passes it: the account changed meanwhile
    # (a policy added by hand), so the plans differ and nothing is written.
    emulator.seed_records('policies', [dict(FLAGS, pattern='by-hand.example', pattern_type='DOMAIN', comments=None)])
    before = emulator.stored()
    approved = tmp_path / 'approved.json'
    approved.write_text(json.dumps(dict(email_security_plan=dict(localhost=plan))))
    stale = playbook(APPLY, dict(email_security_purge=True), args=['-e', '@' + str(changed_file), '-e', '@' + str(approved)])
    assert stale.returncode == 2 and emulator.writes() == [] and emulator.stored() == before, stale.output
    assert 'is no longer the approved one' in stale.stdout and 'now: Plan: 1 to create, 1 to update, 2 to delete' in stale.stdout

    # The drift alarm of a scheduled job: a real run (no --check) that fails on the same drift, and writes nothing.
    alarm = playbook(APPLY, dict(email_security_purge=True, email_security_fail_on_drift=True), args=['-e', '@' + str(changed_file)])
    assert alarm.returncode == 2 and emulator.writes() == [] and emulator.stored() == before, alarm.output
    assert 'Drift from the declared Email Security settings of localhost' in alarm.stdout
    assert 'Plan: 1 to create, 1 to update, 2 to delete, 21 unchanged, 3 skipped, in 8 of 8 families' in alarm.stdout


def test_bad_variables_fail_before_any_request_and_unset_families_are_not_read(emulator, playbook):
    wrong_type = playbook(APPLY, dict(email_security_domains='example.com'))
    assert wrong_type.returncode == 2, wrong_type.output
    # ansible-core's words: 'of type str' from 2.19 on, "of type <class 'str'>" before.
    assert re.search(r"Elements value for option 'email_security_domains' is of type (str|<class 'str'>) and we were unable to "
                     r'convert to dict', wrong_type.output), wrong_type.output
    unknown_family = playbook(APPLY, dict(email_security_purge=['allow_policies', 'policies'], email_security_allow_policies=[]))
    assert unknown_family.returncode == 2, unknown_family.output
    assert 'email_security_purge must be true, false or a list of family names' in unknown_family.output
    refused = playbook(APPLY, dict(email_security_allow_policies=[], email_security_block_senders=[dict(pattern='10.0.0.1', pattern_type='IP')]))
    assert refused.returncode == 2 and "pattern '10.0.0.1' is not a public" in refused.output, refused.output
    # The plan pass read the allow policies, and no family left unset; the refused item failed before its family's request.
    assert [r['method'] for r in emulator.requests()] == ['GET']
