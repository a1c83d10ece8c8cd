# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The impersonation registry entry: an email address (or a regular expression) whose display name ``name`` is
protected. The API has no batch endpoint and no email filter; entries synced from a directory cannot be changed
through it."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import address_problem, length_problems, regex_problem
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource, form_flag

MAX_NAME_LENGTH = 1024
# What Cloudflare answers for an entry made by hand (a real response recorded in April 2025, cf-terraforming testdata;
# tests/data/recorded_impersonation_registry_2025-04.json): directory_id 0, directory_node_id null,
# external_directory_node_id the id as a string, provenance A1S_INTERNAL.
SYNCED_PROVENANCE_PREFIX = 'SNOOPY-'
# What a create is answered with besides what it sends, but for what derives from the new id (external_directory_node_id).
CREATED_WITH = (('directory_id', 0), ('directory_node_id', None), ('provenance', 'A1S_INTERNAL'))


class ImpersonationRegistry(Resource):

    def describe(self, obj):
        return obj.get('email') or ''

    def locked(self, obj):
        """Why ``obj`` cannot be changed: it was synced from a directory (the API refuses to update it).

        Synced means a ``provenance`` that starts with ``SNOOPY-``, or a non-zero integer ``directory_id``; nothing else.
        A manual entry comes back with ``directory_id: 0`` and its id in ``external_directory_node_id``.
        """
        directory_id, provenance = obj.get('directory_id'), obj.get('provenance')
        if (isinstance(provenance, str) and provenance.startswith(SYNCED_PROVENANCE_PREFIX)) or (
                isinstance(directory_id, int) and not isinstance(directory_id, bool) and directory_id != 0):
            return 'synced from a directory'
        return None

    def email_problem(self, email, is_regex):
        """Why ``email`` is not of the form ``is_regex`` says (None when it is): one address, or a regular expression."""
        if email == '':
            return 'email must not be empty.'
        if is_regex:
            problem = regex_problem(email)
            return problem and 'email {0!r} is not a valid regular expression ({1}). Fix it, or set is_email_regex to false.'.format(email, problem)
        problem = address_problem(email, self.name)
        return problem and ('email {0!r} is not an email address (user@example.com): {1}. For a regular expression, set is_email_regex '
                            'to true.'.format(email, problem))

    def check(self, wanted, state):
        email = wanted.get('email')
        problems = self.key_problems(wanted)
        is_regex = form_flag(wanted, state, 'is_email_regex')
        if email is not None and is_regex is not None:
            problem = self.email_problem(email, is_regex)
            if problem:
                problems.append(problem)
        return problems + length_problems('name', wanted.get('name'), MAX_NAME_LENGTH, minimum=1)

    def check_change(self, change):
        """A create needs a name; an update that touches the email or is_email_regex must leave an email of the right form."""
        if change.action == 'create' and not change.body.get('name'):
            return ['name is required to create the {0} {1}: set it to the display name to protect.'.format(self.name, change.body.get('email'))]
        if change.action != 'update' or not set(change.body) & {'email', 'is_email_regex'}:
            return []
        problem = self.email_problem(change.after['email'], change.after['is_email_regex'])
        return [problem] if problem else []


IMPERSONATION_REGISTRY = ImpersonationRegistry(
    name='impersonation registry entry',
    collection_path='email-security/settings/impersonation_registry',
    fields=(
        Field('email', 'str', doc=(
            'The one email address allowed to use the protected name, or a regular expression when O(is_email_regex=true).',
            'Without O(is_email_regex=true), it must be one address (not several, comma-separated), checked before any request.',
            'Without O(id), O(email) alone identifies the entry; addresses compare without regard to case, regular expressions exactly.',
            'An address that is the stored one in another case is not sent; the task is V(ok), and a warning names the stored spelling.',
        )),
        Field('is_email_regex', 'bool', create_default=False, doc=(
            'Whether O(email) is a (Java) regular expression.',
            'It is not part of the identity; when it is not set, O(email) is checked as one address.',
        )),
        Field('name', 'str', doc=(
            'The display name to protect, 1 to 1024 characters. Required to create an entry.',
        )),
        Field('comments', 'str', blank_is_none=True, doc=(
            'A note. An empty string clears it; an absent note and an empty one are the same.',
        )),
    ),
    key_fields=('email',),
    result_key='entry',
    items_option='entries',
    info_filters=('email', 'is_email_regex', 'name'),
    modules=('impersonation_registry_entry', 'impersonation_registry', 'impersonation_registry_info'),
    example=(('email', 'cfo@example.com'), ('is_email_regex', False), ('name', 'Jane Doe'), ('comments', 'Finance')),
    caseless_key=('email', 'is_email_regex', 'addresses'),  # addresses compare without regard to case, regular expressions exactly
    order_by=('email',),
    list_filter=(),  # there is no email filter: every lookup reads the whole registry, 1000 a page
    has_batch=False,  # one request per change, deletes, then updates, then creates, each in the order planned
    deprecated_response_fields=('last_modified',),
    # is_email_regex is not among them: it says how the email compares, so it changes which entry a task designates.
    ignored_when_absent=('name', 'comments'),
    created_with=CREATED_WITH,
)
