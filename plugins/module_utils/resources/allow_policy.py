# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The allow policy: fields, natural key, comparison and the rules of its pattern (the block sender's too)."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import (
    address_problem,
    hostname_problem,
    ip_form,
    ip_problem,
    is_ip_literal,
    length_problems,
    regex_problem,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource, form_flag

PATTERN_TYPES = ('EMAIL', 'DOMAIN', 'IP')
LEGACY_PATTERN_TYPE = 'UNKNOWN'
MAX_LENGTH = 1024


def pattern_problem(pattern, pattern_type, is_regex, resource):
    """Why ``pattern`` is not of the form of ``pattern_type`` (None when it is), as a message that names the fix;
    ``resource`` is the kind of object that holds the pattern."""
    if is_regex:
        problem = regex_problem(pattern)
        if problem:
            return 'pattern {0!r} is not a valid regular expression ({1}). Fix it, or set is_regex to false.'.format(pattern, problem)
        return None
    if pattern_type == 'EMAIL':
        problem = address_problem(pattern, resource.name)
        if problem:
            return ('pattern {0!r} is not an email address (user@example.com): {1}. For a regular expression, '
                    'set is_regex to true; for a whole domain, use pattern_type DOMAIN.'.format(pattern, problem))
    if pattern_type == 'DOMAIN' and is_ip_literal(pattern):
        if 'pattern_type' in resource.field_names:
            return 'pattern {0!r} is an IP address, not a domain name: for an IP sender, use pattern_type IP with the pattern {1!r}.'.format(
                pattern, pattern.strip('[]'))
        return 'pattern {0!r} is an IP address: an IP cannot be {1}; write a domain name (example.com).'.format(pattern, resource.a_name)
    if pattern_type == 'DOMAIN':
        problem = hostname_problem(pattern)
        if problem:
            return 'pattern {0!r} is not a domain name (example.com): {1}. For a regular expression, set is_regex to true.'.format(
                pattern, problem)
    if pattern_type == 'IP':
        problem = ip_problem(pattern, resource.a_name)
        if problem:
            return 'pattern {0!r} is not a public IPv4 or IPv6 address or CIDR range: {1}.'.format(pattern, problem)
    return None


def input_problems(resource, wanted, state, is_regex):
    """What is wrong with the pattern fields the user set (``pattern``, ``pattern_type``, ``comments``); ``is_regex`` is the
    value to check the pattern's form with (None: skip). The allow policy, the block sender and the trusted domain share
    these fields; ``resource`` is what the messages name."""
    pattern = wanted.get('pattern')
    pattern_type = wanted.get('pattern_type')
    problems = resource.key_problems(wanted)
    if state == 'present' and pattern_type == LEGACY_PATTERN_TYPE:
        problems.append('pattern_type UNKNOWN is deprecated and cannot be set: choose EMAIL, DOMAIN or IP '
                        '(UNKNOWN may only be used with state=absent, to remove a legacy entry).')
    too_long = length_problems('pattern', pattern, MAX_LENGTH, minimum=1)
    if too_long:
        problems.extend(too_long)
    elif pattern is not None and is_regex is not None and pattern_type in PATTERN_TYPES:
        problem = pattern_problem(pattern, pattern_type, is_regex, resource)
        if problem:
            problems.append(problem)
    return problems + length_problems('comments', wanted.get('comments'), MAX_LENGTH)


class SenderPattern(Resource):
    """A resource keyed by ``pattern`` and ``pattern_type`` (and ``is_regex``): the allow policy and the block sender.
    EMAIL and DOMAIN patterns compare without regard to case, IPs as networks, regular expressions exactly."""

    def compare_form(self, name, value, obj):
        if value is None:
            return None
        if name == 'pattern' and not obj.get('is_regex'):
            pattern_type = obj.get('pattern_type')
            if pattern_type in ('EMAIL', 'DOMAIN'):
                return value.lower()
            if pattern_type == 'IP':
                return ip_form(value) or value
        if name == 'pattern_type':
            return value.upper()
        return value

    def spelling(self, name, stored):
        if name != 'pattern' or stored.get('is_regex'):
            return None
        how = 'as networks' if stored.get('pattern_type') == 'IP' else 'without regard to case'
        return '{0} patterns compare {1}'.format(stored.get('pattern_type'), how)

    def describe(self, obj):
        return '{0} {1}'.format(obj.get('pattern_type') or '', obj.get('pattern') or '').strip()

    def check(self, wanted, state):
        """Without an id, an unset is_regex means a plain pattern, whose form is checked here, before any request; with an
        id, the form is checked against the existing object (:meth:`check_change`)."""
        return input_problems(self, wanted, state, form_flag(wanted, state, 'is_regex'))

    def check_state(self, params, state):
        """A legacy entry (pattern_type UNKNOWN) without an id, as older exports hold it, may stay in a set: it is checked as
        one to remove is, and :meth:`check_change` refuses to create or make one. With an id (as exports hold it now), it
        is legacy data like any other (``_plan.stored_check``)."""
        return 'absent' if params.get('pattern_type') == LEGACY_PATTERN_TYPE and params.get('id') is None else state

    def check_change(self, change):
        """An update that touches the pattern must leave a pattern of its type's form; other updates leave the pattern as it
        is, so a legacy entry (pattern_type UNKNOWN, or a pattern of an older form) can still have its flags changed."""
        if change.changed and (change.body or {}).get('pattern_type') == LEGACY_PATTERN_TYPE:
            return ['pattern_type UNKNOWN is deprecated: an existing legacy entry may be kept or removed, but no entry can be '
                    'created or changed to it. Choose EMAIL, DOMAIN or IP.']
        if change.action != 'update' or not set(change.body) & {'pattern', 'pattern_type', 'is_regex'}:
            return []
        after = change.after
        problem = after['pattern_type'] in PATTERN_TYPES and pattern_problem(after['pattern'], after['pattern_type'], after['is_regex'], self)
        return [problem] if problem else []


ALLOW_POLICY = SenderPattern(
    name='allow policy',
    collection_path='email-security/settings/allow_policies',
    fields=(
        Field('pattern', 'str', doc=(
            'The email address, domain, IP address or CIDR range, or a regular expression when O(is_regex=true).',
            '1 to 1024 characters, checked before any request (in check mode too) with the rules of the API, so that a preview that '
            'passes is an apply that passes. A domain is ASCII letters, digits and hyphens, without a trailing dot (the message gives '
            'the corrected value), and not an IP address; an IP range has no host bits set (V(203.0.113.0/24), not V(203.0.113.7/24)) '
            'and is public (private, loopback, link-local, multicast and reserved ranges are refused, and so are their IPv4-mapped and '
            'IPv4-compatible IPv6 forms, such as V(::ffff:10.0.0.1)).',
            'Without O(id), O(pattern) and O(pattern_type) identify the object. EMAIL and DOMAIN patterns are then compared without '
            'regard to case, IP patterns as networks (V(203.0.113.1) is V(203.0.113.1/32)), and regular expressions exactly.',
            'Only an object with the same O(is_regex) matches, an unset O(is_regex) meaning V(false). A task without O(is_regex) '
            'designates a plain pattern, never a regular expression. To identify a regular expression by its pattern, set '
            'O(is_regex=true); to turn a plain pattern into a regular expression (or back), address the object by O(id).',
            'A pattern that is the stored one spelled differently (another case, V(203.0.113.1/32) for V(203.0.113.1)) designates the '
            'same object; it is not sent, and a warning says so.',
        )),
        Field('pattern_type', 'str', choices=PATTERN_TYPES + (LEGACY_PATTERN_TYPE,), doc=(
            'What O(pattern) is.',
            'V(UNKNOWN) is a deprecated type that old entries may still have. It cannot be set, but it may designate such an entry: '
            'to remove it (O(state=absent)), or, in an exported set, to keep it.',
        )),
        Field('is_regex', 'bool', create_default=False, doc=(
            'Whether O(pattern) is a (Java) regular expression. It is checked here with Python\'s C(re) module, which accepts the common '
            'syntax of both; constructs only Java knows (such as C(\\p{Alpha}), C(\\Q...\\E) or C((?<name>...))) are left for the API to '
            'check. Errors of both, such as a trailing backslash, are refused before any request.',
            'When an object is looked up by pattern and this is not set, only plain (not regular expression) patterns match.',
        )),
        Field('verify_sender', 'bool', create_default=False, doc=(
            'Whether the policy only applies to mail that passes DMARC, SPF or DKIM authentication.',
        )),
        Field('is_trusted_sender', 'bool', create_default=False, deprecated='is_sender', doc=(
            'Whether mail from this sender bypasses all detections and link following.',
        )),
        Field('is_acceptable_sender', 'bool', create_default=False, deprecated='is_spoof', doc=(
            'Whether mail from this sender is exempt from the Spam, Spoof and Bulk dispositions (not from Malicious or Suspicious).',
        )),
        Field('is_exempt_recipient', 'bool', create_default=False, deprecated='is_recipient', doc=(
            'Whether mail to this recipient bypasses all detections.',
        )),
        Field('comments', 'str', blank_is_none=True, doc=(
            'A note, at most 1024 characters. An empty string clears it; an absent note and an empty one are the same.',
        )),
    ),
    key_fields=('pattern', 'pattern_type'),
    key_qualifiers=('is_regex',),
    result_key='policy',
    items_option='policies',
    info_filters=('pattern_type', 'pattern', 'is_regex', 'verify_sender', 'is_trusted_sender', 'is_acceptable_sender', 'is_exempt_recipient'),
    id_aliases=('policy_id',),
    modules=('allow_policy', 'allow_policies', 'allow_policy_info'),
    example=(('pattern', 'partner.example'), ('pattern_type', 'DOMAIN'), ('is_regex', False), ('verify_sender', True),
             ('is_trusted_sender', False), ('is_acceptable_sender', True), ('is_exempt_recipient', False),
             ('comments', 'Partner mail, exempt from spam and bulk')),
    list_filter=('pattern_type',),
    order_by=('pattern_type', 'pattern', 'is_regex'),
    deprecated_response_fields=('is_sender', 'is_spoof', 'is_recipient', 'last_modified'),
    # Only pattern, pattern_type and is_regex (or id) designate the policy to delete.
    ignored_when_absent=('verify_sender', 'is_trusted_sender', 'is_acceptable_sender', 'is_exempt_recipient', 'comments'),
    short_name='policy',
)
