# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The trusted domain. Its pattern is a domain, checked and compared as an allow policy's pattern of type DOMAIN
(unless is_regex); the flags say what is exempted, so they are attributes, not identity."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource, form_flag
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY, input_problems, pattern_problem


class TrustedDomain(Resource):

    def describe(self, obj):
        return obj.get('pattern') or ''

    def check(self, wanted, state):
        # The pattern's form is that of an allow policy's of type DOMAIN.
        return input_problems(self, dict(wanted, pattern_type='DOMAIN'), state, form_flag(wanted, state, 'is_regex'))

    def check_change(self, change):
        """An update that touches the pattern or is_regex: the resulting pattern must have the form is_regex says."""
        if change.action != 'update' or not set(change.body) & {'pattern', 'is_regex'}:
            return []
        problem = pattern_problem(change.after['pattern'], 'DOMAIN', change.after['is_regex'], self)
        return [problem] if problem else []


# The API's pattern filter has no documented case rules (docs/api_rules.md), so a lookup reads the whole
# collection (1000 a page) and matches on the client: no list_filter.
TRUSTED_DOMAIN = TrustedDomain(
    name='trusted domain',
    collection_path='email-security/settings/trusted_domains',
    fields=(
        Field('pattern', 'str', doc=(
            'The domain (such as V(partner.example)), or a regular expression when O(is_regex=true), 1 to 1024 characters.',
            'Without O(is_regex=true), it must be a domain name as for an allow policy of type DOMAIN (ASCII letters, digits and '
            'hyphens, at least two labels, no trailing dot), checked before any request.',
            'Without O(id), O(pattern) alone identifies the trusted domain; domains compare without regard to case, regular '
            'expressions exactly.',
            'A domain that is the stored one in another case is not sent; the task is V(ok), and a warning names the stored spelling.',
        )),
        Field('is_regex', 'bool', create_default=False, doc=(
            'Whether O(pattern) is a (Java) regular expression.',
            'It is not part of the identity; when it is not set, the pattern is checked as a domain name.',
        )),
        # A create sends all three booleans, as the API requires.
        Field('is_recent', 'bool', create_default=False, doc=(
            'Whether mail from this recently registered domain is exempt from the MALICIOUS and SUSPICIOUS dispositions that its age '
            'would give.',
        )),
        Field('is_similarity', 'bool', create_default=False, doc=(
            'Whether mail from this look-alike domain is exempt from the SPOOF disposition that its proximity would give.',
        )),
        Field('comments', 'str', blank_is_none=True, doc=ALLOW_POLICY.field('comments').doc),
    ),
    key_fields=('pattern',),
    result_key='trusted_domain',
    items_option='trusted_domains',
    info_filters=('pattern', 'is_regex', 'is_recent', 'is_similarity'),
    modules=('trusted_domain', 'trusted_domains', 'trusted_domain_info'),
    example=(('pattern', 'partner-mail.example'), ('is_regex', False), ('is_recent', True), ('is_similarity', False),
             ('comments', 'New partner domain')),
    caseless_key=('pattern', 'is_regex', 'domains'),  # domains compare without regard to case, regular expressions exactly
    order_by=('pattern',),
    deprecated_response_fields=('last_modified',),
    # is_regex is not among them: it says how the pattern compares, so it changes which domain a task designates.
    ignored_when_absent=('is_recent', 'is_similarity', 'comments'),
)
