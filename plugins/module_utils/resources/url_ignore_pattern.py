# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The URL ignore pattern: a regular expression for URLs that Email Security does not scan, and comments. The pattern is
always a regular expression, so it compares exactly. The list takes no order and no filter (docs/api_rules.md), and the
batch endpoint is in the published schema but in no SDK: where an account lacks it, the set is written one request per
change (``_store.write_set``)."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import length_problems, regex_problem
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource

MAX_LENGTH = 1024


class UrlIgnorePattern(Resource):

    def describe(self, obj):
        return obj.get('pattern') or ''

    def check(self, wanted, state):
        """The pattern's length, and with state=present its form (a pattern to remove is only its key)."""
        pattern = wanted.get('pattern')
        problems = self.key_problems(wanted)
        too_long = length_problems('pattern', pattern, MAX_LENGTH, minimum=1)
        invalid = pattern is not None and state == 'present' and not too_long and regex_problem(pattern)
        if too_long:
            problems.extend(too_long)
        elif invalid:
            problems.append('pattern {0!r} is not a valid regular expression ({1}): a URL ignore pattern is always one; escape '
                            'the characters that are not meant as operators (such as \\. for a dot).'.format(pattern, invalid))
        return problems + length_problems('comments', wanted.get('comments'), MAX_LENGTH)


URL_IGNORE_PATTERN = UrlIgnorePattern(
    name='URL ignore pattern',
    plural='URL ignore patterns',
    collection_path='email-security/settings/url_ignore_patterns',
    fields=(
        Field('pattern', 'str', doc=(
            'A (Java) regular expression; a URL it matches is not scanned. 1 to 1024 characters, checked before any request '
            '(constructs only Java knows, such as C(\\\\p{Alpha}), are left for the API to check).',
            'Without O(id), O(pattern) alone identifies the URL ignore pattern, compared exactly.',
        )),
        Field('comments', 'str', blank_is_none=True, doc=(
            'A note, at most 1024 characters. An empty string clears it; an absent note and an empty one are the same.',
        )),
    ),
    key_fields=('pattern',),
    result_key='url_ignore_pattern',
    items_option='url_ignore_patterns',
    info_filters=('pattern',),
    modules=('url_ignore_pattern', 'url_ignore_patterns', 'url_ignore_pattern_info'),
    example=(('pattern', 'https://tracker\\.example/.*'), ('comments', 'Tracking links of the newsletter')),
    list_order=(),  # the list takes page and per_page only: it answers in its own order
    order_by=('pattern',),
    deprecated_response_fields=('last_modified',),
    ignored_when_absent=('comments',),
)
