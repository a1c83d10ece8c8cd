# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the documentation promises a new user: install before use, examples that give least privilege
to fictional senders the API accepts, an author line without the UNKNOWN marker in every module, a loop guide that warns."""

from __future__ import annotations

import importlib
import ipaddress
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY, pattern_problem
from ansible_collections.cloudflare_one.email_security.plugins.modules import allow_policy

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTATION_RANGES = [ipaddress.ip_network(net) for net in ('192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32')]
# ansible-test validate-modules: an author line names a GitHub handle, or carries the !UNKNOWN marker.
AUTHOR_LINE = re.compile(r'^\w.*(\(@([\w-]+)\))(?![\w.])')


def example_policies():
    """Every allow policy the examples show: the module's EXAMPLES and docs/examples/*.yml."""
    policies = []
    for task in yaml.safe_load(allow_policy.EXAMPLES):
        for sub in [task] + task.get('block', []):
            if 'cloudflare_one.email_security.allow_policy' in sub:
                policies.append(sub['cloudflare_one.email_security.allow_policy'])
    for name in ('policies.yml', 'policies-v2.yml'):
        policies.extend(yaml.safe_load((ROOT / 'docs' / 'examples' / name).read_text())['allow_policies'])
    return policies


def test_the_readme_installs_the_collection_before_it_runs_a_playbook():
    text = (ROOT / 'README.md').read_text()
    section = text[text.index('## Using it against your Cloudflare account'):text.index('## Requirements')]
    assert section.index('ansible-galaxy collection install') < section.index('ansible-playbook')


@pytest.mark.parametrize('policy', [p for p in example_policies() if p.get('pattern_type') == 'IP'], ids=lambda p: p['pattern'])
def test_example_ranges_are_fictional_and_accepted(policy):
    network = ipaddress.ip_network(policy['pattern'])
    assert any(network.subnet_of(doc) for doc in DOCUMENTATION_RANGES if doc.version == network.version)
    assert pattern_problem(policy['pattern'], 'IP', False, ALLOW_POLICY) is None


def test_every_example_pattern_passes_the_modules_validation():
    policies = [p for p in example_policies() if p.get('pattern_type') and '{{' not in str(p.get('pattern'))]
    assert len(policies) >= 10
    for policy in policies:
        assert pattern_problem(policy['pattern'], policy['pattern_type'], policy.get('is_regex', False), ALLOW_POLICY) is None, policy


def test_the_examples_show_the_least_privilege_flag_first():
    text = allow_policy.EXAMPLES
    assert text.index('is_acceptable_sender: true') < text.index('is_trusted_sender: true')
    first = (ROOT / 'docs' / 'examples' / 'policies.yml').read_text()
    assert 'is_trusted_sender: true' not in first  # the first set trusts no one; the reviewed set (v2) trusts one partner domain


@pytest.mark.parametrize('name', sorted(path.stem for path in (ROOT / 'plugins' / 'modules').glob('*.py')))
def test_the_author_line_is_accepted_without_the_unknown_marker(name):
    module = importlib.import_module('ansible_collections.cloudflare_one.email_security.plugins.modules.' + name)
    authors = yaml.safe_load(module.DOCUMENTATION)['author']
    assert authors and all(AUTHOR_LINE.match(line) and '!UNKNOWN' not in line for line in authors)


def test_the_loop_guide_warns_about_duplicates_and_nulls():
    guide = ' '.join((ROOT / 'docs' / 'docsite' / 'rst' / 'guide_allow_policies.rst').read_text().split())
    assert 'Give each policy once.' in guide and '``cloudflare_one.email_security.allow_policies``' in guide
    assert 'Null values in a vars file.' in guide
    assert "map('rejectattr', 'value', 'none')" in (ROOT / 'docs' / 'examples' / 'allow_policies.yml').read_text()
    assert 'shows as written in ``--diff`` output, whatever the output format' in guide
