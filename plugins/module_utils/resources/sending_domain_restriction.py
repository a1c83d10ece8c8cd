# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The sending-domain restriction: a domain, the senders it excludes from the restriction, and comments. The domain is
the key (compared without regard to case, as domain names are); ``exclude`` compares as a set. The list has no domain
filter, so a lookup reads them all; the batch endpoint takes deletes only, so creates and updates are one request each
(docs/api_rules.md)."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import length_problems
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource

MAX_LENGTH = 1024


class SendingDomainRestriction(Resource):

    def describe(self, obj):
        return obj.get('domain') or ''

    def check(self, wanted, state):
        problems = self.key_problems(wanted)
        if wanted.get('domain') == '':
            problems.append('domain must not be empty.')
        return problems + length_problems('comments', wanted.get('comments'), MAX_LENGTH)

    def check_change(self, change):
        """A create sends both fields the API requires: an empty exclusion list is said, not guessed."""
        if change.action == 'create' and change.body.get('exclude') is None:
            return ['exclude is required to create the sending domain restriction {0!r}: set it ([] excludes no sender).'.format(
                change.body.get('domain'))]
        return []


SENDING_DOMAIN_RESTRICTION = SendingDomainRestriction(
    name='sending domain restriction',
    collection_path='email-security/settings/sending_domain_restrictions',
    fields=(
        Field('domain', 'str', doc=(
            'The domain whose mail the restriction is about. Without O(id), O(domain) alone identifies the restriction, compared '
            'without regard to case.',
            'A domain that is the stored one in another case is not sent; the task is V(ok), and a warning names the stored spelling.',
        )),
        Field('exclude', 'list', elements='str', doc=(
            'The senders excluded from the restriction. Compared as a set: the order and repeats do not count. Required to create '
            'a restriction (V([]) excludes no sender).',
        )),
        Field('comments', 'str', blank_is_none=True, doc=(
            'A note, at most 1024 characters. An empty string clears it; an absent note and an empty one are the same.',
        )),
    ),
    key_fields=('domain',),
    result_key='sending_domain_restriction',
    items_option='sending_domain_restrictions',
    info_filters=('domain',),
    modules=('sending_domain_restriction', 'sending_domain_restrictions', 'sending_domain_restriction_info'),
    example=(('domain', 'example.com'), ('exclude', ['newsletter.example.com']), ('comments', 'Only the newsletter service sends as us')),
    caseless_key=('domain', None, 'domains'),  # domain names compare without regard to case
    order_by=('domain',),
    batch_arrays=('deletes',),  # the batch endpoint takes deletes only
    deprecated_response_fields=('last_modified',),
    ignored_when_absent=('exclude', 'comments'),
)
