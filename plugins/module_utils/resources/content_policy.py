# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The content policy: a named regular expression matched against the subject or the body of a message. Its surface is
the official SDKs', not a published schema (docs/api_rules.md): its name is the key, compared exactly (nothing documents
its case rules), and ``targets`` compares as a set."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import regex_problem
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource

TARGETS = ('SUBJECT', 'BODY')
REQUIRED_ON_CREATE = ('pattern', 'targets', 'enabled')


class ContentPolicy(Resource):

    def describe(self, obj):
        return obj.get('name') or ''

    def check(self, wanted, state):
        """A name, a pattern that compiles (with state=present) and at least one target, before any request."""
        problems = self.key_problems(wanted)
        if wanted.get('name') == '':
            problems.append('name must not be empty.')
        pattern = wanted.get('pattern')
        invalid = pattern is not None and state == 'present' and ('it is empty' if pattern == '' else regex_problem(pattern))
        if invalid:
            problems.append('pattern {0!r} is not a valid regular expression ({1}).'.format(pattern, invalid))
        if wanted.get('targets') == []:
            problems.append('targets must name at least one of SUBJECT and BODY.')
        return problems

    def check_change(self, change):
        """A create sends every field the API requires: nothing is guessed for a field the task leaves out."""
        missing = [name for name in REQUIRED_ON_CREATE if change.action == 'create' and change.body.get(name) is None]
        if missing:
            return ['{0} {1} required to create the content policy {2!r}: set {3}.'.format(
                ', '.join(missing), 'is' if len(missing) == 1 else 'are', change.body.get('name'), ' and '.join(missing))]
        return []


CONTENT_POLICY = ContentPolicy(
    name='content policy',
    collection_path='email-security/settings/content_policies',
    fields=(
        Field('name', 'str', doc=(
            'The name of the policy. Without O(id), O(name) alone identifies the content policy, compared exactly.',
        )),
        Field('pattern', 'str', doc=(
            'The (Java) regular expression the policy looks for in O(targets); checked before any request (constructs only Java '
            'knows are left for the API to check). Required to create a policy.',
        )),
        Field('targets', 'list', elements='str', choices=TARGETS, doc=(
            'Where the policy looks: the subject (V(SUBJECT)), the body (V(BODY)), or both. Compared as a set: the order and '
            'repeats do not count. Required to create a policy.',
        )),
        Field('enabled', 'bool', doc=(
            'Whether the policy is in force. Required to create a policy.',
        )),
        Field('notes', 'str', blank_is_none=True, doc=(
            'A note. An empty string clears it; an absent note and an empty one are the same.',
        )),
    ),
    key_fields=('name',),
    result_key='content_policy',
    items_option='content_policies',
    info_filters=('name', 'enabled'),
    modules=('content_policy', 'content_policies', 'content_policy_info'),
    example=(('name', 'Invoice fraud'), ('pattern', '(?i)wire transfer.*urgent'), ('targets', ['SUBJECT', 'BODY']), ('enabled', True),
             ('notes', 'Seen in the 2026-11 campaign')),
    list_filter=('name',),
    order_by=('name',),
    ignored_when_absent=('pattern', 'targets', 'enabled', 'notes'),
)
