# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The allow policy, described for the engine: fields, natural key, comparison, validation."""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._engine import Field, Resource

PATTERN_TYPES = ('EMAIL', 'DOMAIN', 'IP')
LEGACY_PATTERN_TYPE = 'UNKNOWN'
MAX_LENGTH = 1024
FLAGS = ('is_regex', 'verify_sender', 'is_trusted_sender', 'is_acceptable_sender', 'is_exempt_recipient')

_EMAIL = re.compile(r'^[^@\s]+@[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)+\.?$')
_JAVA_ONLY = re.compile(r'bad escape|unknown extension|bad character in group name|missing group name|missing >')
_DOMAIN = re.compile(r'^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)+\.?$')


def _ip_form(value):
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except ValueError:
        return None


def compare_form(name, value, policy):
    """How a value compares: EMAIL and DOMAIN patterns ignore case, IPs compare as networks, regexes exactly."""
    if value is None:
        return None
    if name == 'pattern' and not policy.get('is_regex'):
        pattern_type = policy.get('pattern_type')
        if pattern_type in ('EMAIL', 'DOMAIN'):
            return value.lower()
        if pattern_type == 'IP':
            return _ip_form(value) or value
    if name == 'pattern_type':
        return value.upper()
    return value


def describe(policy):
    return '{0} {1}'.format(policy.get('pattern_type') or '', policy.get('pattern') or '').strip()


ALLOW_POLICY = Resource(
    name='allow policy',
    collection_path='email-security/settings/allow_policies',
    fields=(
        Field('pattern', 'str'),
        Field('pattern_type', 'str'),
        Field('is_regex', 'bool', create_default=False),
        Field('verify_sender', 'bool', create_default=False),
        Field('is_trusted_sender', 'bool', create_default=False, deprecated='is_sender'),
        Field('is_acceptable_sender', 'bool', create_default=False, deprecated='is_spoof'),
        Field('is_exempt_recipient', 'bool', create_default=False, deprecated='is_recipient'),
        Field('comments', 'str', blank_is_none=True),
    ),
    key_fields=('pattern', 'pattern_type'),
    key_qualifiers=('is_regex',),
    compare_form=compare_form,
    describe=describe,
    list_filter=('pattern_type',),
    order_by=('pattern_type', 'pattern', 'is_regex'),
    deprecated_response_fields=('is_sender', 'is_spoof', 'is_recipient', 'last_modified'),
)


_DEPRECATED = dict(version='2.0.0', collection_name='cloudflare_one.email_security')

# The options that describe one allow policy (the module's, and later one item of a list of policies).
POLICY_OPTIONS = dict(
    id=dict(type='raw', aliases=['policy_id']),
    pattern=dict(type='str'),
    pattern_type=dict(type='str', choices=list(PATTERN_TYPES) + [LEGACY_PATTERN_TYPE]),
    is_regex=dict(type='bool'),
    verify_sender=dict(type='bool'),
    is_trusted_sender=dict(type='bool', aliases=['is_sender'], deprecated_aliases=[dict(name='is_sender', **_DEPRECATED)]),
    is_acceptable_sender=dict(type='bool', aliases=['is_spoof'], deprecated_aliases=[dict(name='is_spoof', **_DEPRECATED)]),
    is_exempt_recipient=dict(type='bool', aliases=['is_recipient'], deprecated_aliases=[dict(name='is_recipient', **_DEPRECATED)]),
    comments=dict(type='str'),
)


def wanted_policy(params, state):
    """The policy the user asked for (the fields set, and ``id`` as a string) and what is wrong with it.

    Without an id, an unset is_regex means a plain pattern, whose form is checked here, before any
    request; with an id, the form is checked against the existing policy (:func:`update_problems`).
    """
    wanted = dict((name, params[name]) for name in ALLOW_POLICY.field_names if params.get(name) is not None)
    raw_id = params.get('id')
    if raw_id is not None:
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or str(raw_id) == '':
            return wanted, ['id must be the identifier of an allow policy (a UUID string), got {0!r}.'.format(raw_id)]
        wanted['id'] = str(raw_id)
    is_regex = wanted.get('is_regex', None if 'id' in wanted else False)
    return wanted, input_problems(wanted, state, is_regex=is_regex if state == 'present' else None)


def wanted_set_item(params, state):
    """:func:`wanted_policy` for one item of a set. A legacy entry (pattern_type UNKNOWN), as an export holds it, may
    stay in the set: it is read as one to remove is, and :func:`update_problems` refuses to create or make one."""
    return wanted_policy(params, 'absent' if params.get('pattern_type') == LEGACY_PATTERN_TYPE else state)


def pattern_problem(pattern, pattern_type, is_regex):
    """Why ``pattern`` is not of the form of ``pattern_type`` (None when it is)."""
    if is_regex:
        try:
            re.compile(pattern)
        except re.error as exc:
            if _JAVA_ONLY.match(exc.msg):
                return None  # \p{Alpha}, \Q...\E, (?<name>...): Java syntax that Python's re lacks; the API decides
            return 'pattern {0!r} is not a valid regular expression ({1}). Fix it, or set is_regex to false.'.format(pattern, exc)
        return None
    if pattern_type == 'EMAIL' and not _EMAIL.match(pattern):
        return ('pattern {0!r} is not an email address (user@example.com). For a regular expression, '
                'set is_regex to true; for a whole domain, use pattern_type DOMAIN.'.format(pattern))
    if pattern_type == 'DOMAIN' and not _DOMAIN.match(pattern):
        return 'pattern {0!r} is not a domain name (example.com). For a regular expression, set is_regex to true.'.format(pattern)
    if pattern_type == 'IP' and _ip_form(pattern) is None:
        return 'pattern {0!r} is not an IPv4 or IPv6 address or CIDR range (192.0.2.10, 2001:db8::/32).'.format(pattern)
    return None


def input_problems(wanted, state, is_regex=None):
    """What is wrong with the fields the user set; ``is_regex`` is the value to check the pattern's form with (None: skip)."""
    problems = []
    pattern = wanted.get('pattern')
    pattern_type = wanted.get('pattern_type')
    if wanted.get('id') is None and (pattern is None or pattern_type is None):
        problems.append('Set both pattern and pattern_type to identify the allow policy, or set id.')
    if state == 'present' and pattern_type == LEGACY_PATTERN_TYPE:
        problems.append('pattern_type UNKNOWN is deprecated and cannot be set: choose EMAIL, DOMAIN or IP '
                        '(UNKNOWN may only be used with state=absent, to remove a legacy entry).')
    if pattern is not None and not 1 <= len(pattern) <= MAX_LENGTH:
        problems.append('pattern must be 1 to {0} characters long (it has {1}).'.format(MAX_LENGTH, len(pattern)))
    elif pattern is not None and is_regex is not None and pattern_type in PATTERN_TYPES:
        problem = pattern_problem(pattern, pattern_type, is_regex)
        if problem:
            problems.append(problem)
    comments = wanted.get('comments')
    if comments is not None and len(comments) > MAX_LENGTH:
        problems.append('comments must be at most {0} characters long (it has {1}).'.format(MAX_LENGTH, len(comments)))
    return problems


def update_problems(change):
    """What is wrong with an update that touches the pattern; other updates leave the pattern as it is, so
    a legacy entry (pattern_type UNKNOWN, or a pattern of an older form) can still have its flags changed."""
    if change.changed and (change.body or {}).get('pattern_type') == LEGACY_PATTERN_TYPE:
        return ['pattern_type UNKNOWN is deprecated: an existing legacy entry may be kept or removed, but no entry can be '
                'created or changed to it. Choose EMAIL, DOMAIN or IP.']
    if change.action != 'update' or not set(change.body) & {'pattern', 'pattern_type', 'is_regex'}:
        return []
    after = change.after
    problem = after['pattern_type'] in PATTERN_TYPES and pattern_problem(after['pattern'], after['pattern_type'], after['is_regex'])
    return [problem] if problem else []
