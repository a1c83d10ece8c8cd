# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The allow policy, described for the engine: fields, natural key, comparison, validation."""

from __future__ import annotations

import ipaddress
import re
import warnings

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._engine import Field, Resource, form_flag, key_problems
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._sets import read_wanted

PATTERN_TYPES = ('EMAIL', 'DOMAIN', 'IP')
LEGACY_PATTERN_TYPE = 'UNKNOWN'
MAX_LENGTH = 1024
FLAGS = ('is_regex', 'verify_sender', 'is_trusted_sender', 'is_acceptable_sender', 'is_exempt_recipient')

# The forms Cloudflare accepts (API_FACTS.md; the emulator in tests/emulator applies the same rules, and
# tests/unit/plugins/module_utils/test_validation_differential.py checks that both agree).
MAX_HOSTNAME_LENGTH = 253
_LABEL = re.compile(r'[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
_LABEL_CHARACTERS = re.compile(r'[A-Za-z0-9-]*')
_LOCAL_PART = re.compile(r'[^@\s"(),:;<>\[\]\\]{1,64}')
_LOCAL_PART_FORBIDDEN = '"(),:;<>[]\\'
# Ranges Cloudflare refuses in an IP pattern: private, unique-local, loopback, link-local, unspecified and
# broadcast (API_FACTS.md), with the multicast and reserved blocks and the shared address space around them.
_REFUSED_IPV4 = tuple(ipaddress.ip_network(net) for net in (
    '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
    '224.0.0.0/4', '240.0.0.0/4',
))


def _ipv6_forms(network):
    """The IPv4-mapped (``::ffff:10.0.0.0/104``) and IPv4-compatible (``::10.0.0.0/104``) IPv6 forms of the IPv4 ``network``:
    an address written so designates the IPv4 one, and is refused (or accepted) like it."""
    return tuple(ipaddress.IPv6Network((base | int(network.network_address), 96 + network.prefixlen)) for base in (0xffff << 32, 0))


# Each IPv6 form of a refused IPv4 range, and the range it designates (named in the message).
_IPV6_FORMS = dict((form, net) for net in _REFUSED_IPV4 for form in _ipv6_forms(net))
REFUSED_NETWORKS = _REFUSED_IPV4 + tuple(ipaddress.ip_network(net) for net in (
    '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
)) + tuple(_IPV6_FORMS)

# Regular expressions are Java's. Python's re, which checks them here, lacks some of Java's syntax; an
# error that is about such syntax is left for the API to judge; the other errors of re (an unbalanced parenthesis, a
# trailing backslash, a repeat of nothing, a reversed range) Java refuses too.
_JAVA_ONLY_ESCAPES = frozenset('ceGhHkpPQERVXz')  # \cX \e \G \h \H \k<name> \p{..} \P{..} \Q..\E \R \V \X \z
_JAVA_ONLY_FLAGS = frozenset('dU')  # (?d) UNIX_LINES, (?U) UNICODE_CHARACTER_CLASS
_LOOK_BEHIND = re.compile(r'\(\?<[=!]((?:[^()\\]|\\.)*)\)')


def java_only(exc, pattern):
    """Whether the ``re.error`` ``exc`` that ``pattern`` raised is about syntax that Java has and Python's re lacks."""
    msg, pos = exc.msg, exc.pos
    if msg.startswith('bad escape \\'):  # not 'bad escape (end of pattern)': a trailing backslash is invalid in Java too
        return msg[-1] in _JAVA_ONLY_ESCAPES
    if msg.startswith('incomplete escape \\x'):
        return pattern[pos:pos + 3] == '\\x{'  # \x{h..h}
    if msg.startswith('unknown extension ?'):
        extension = msg[len('unknown extension ?'):]
        # (?<name>..) named group, (?>..) atomic group (Python < 3.11), (?d) and (?U) flags
        return extension == '>' or extension in _JAVA_ONLY_FLAGS or (extension[:1] == '<' and extension[1:2].isascii() and extension[1:2].isalpha())
    if msg == 'global flags not at the start of the expression':  # Java allows (?i) anywhere (Python >= 3.11 does not)
        return True
    if msg == 'look-behind requires fixed-width pattern':  # Java allows a bounded width, such as (?<=a|bc) or (?<=a{1,3})
        return not any(re.search(r'[*+]|,}', body) for body in _LOOK_BEHIND.findall(pattern))
    if msg == 'multiple repeat':  # a possessive quantifier such as a*+ (Python < 3.11)
        return pattern[pos:pos + 1] == '+'
    return False


def _ip_form(value):
    """The network an IP pattern designates, in its canonical spelling; None when it is not an address or a network
    (a range with host bits set, such as 192.0.2.7/24, is not one: it would otherwise match 192.0.2.0/24)."""
    try:
        return str(ipaddress.ip_network(value))
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


def spelling(name, stored):
    """Why a pattern that differs from the ``stored`` one yet compares equal is the same (see :func:`compare_form`)."""
    if name != 'pattern' or stored.get('is_regex'):
        return None
    how = 'as networks' if stored.get('pattern_type') == 'IP' else 'without regard to case'
    return '{0} patterns compare {1}'.format(stored.get('pattern_type'), how)


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
    # Only pattern, pattern_type and is_regex (or id) designate the policy to delete.
    ignored_when_absent=('verify_sender', 'is_trusted_sender', 'is_acceptable_sender', 'is_exempt_recipient', 'comments'),
    spelling=spelling,
    short_name='policy',
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
    return read_wanted(ALLOW_POLICY, params, state, pattern_fields_problems)


def pattern_fields_problems(wanted, state, resource=ALLOW_POLICY):
    """:func:`input_problems` of the fields set, the pattern's form checked with :func:`form_flag` (the block sender's too)."""
    return input_problems(wanted, state, is_regex=form_flag(wanted, state, 'is_regex'), resource=resource)


def _hostname_problem(name):
    """Why ``name`` is not a host name as Cloudflare accepts it (None when it is)."""
    if name.endswith('.') and len(name) > 1 and _hostname_problem(name[:-1]) is None:
        return "it ends with a dot: write {0!r}".format(name[:-1])
    if len(name) > MAX_HOSTNAME_LENGTH:
        return 'a host name has at most {0} characters (it has {1})'.format(MAX_HOSTNAME_LENGTH, len(name))
    labels = name.split('.')
    if len(labels) < 2:
        return 'a domain name has at least two labels, such as example.com'
    for label in labels:
        if _LABEL.fullmatch(label):
            continue
        if label == '':
            return 'it has an empty label (a leading, trailing or double dot)'
        if len(label) > 63:
            return 'the label {0!r} is longer than 63 characters'.format(label[:20] + '...')
        if not _LABEL_CHARACTERS.fullmatch(label):
            bad = next(char for char in label if not _LABEL_CHARACTERS.fullmatch(char))
            return ('the label {0!r} holds {1!r}: a label has only ASCII letters, digits and hyphens '
                    '(an internationalised name is written in its xn-- form)'.format(label, bad))
        return 'the label {0!r} starts or ends with a hyphen'.format(label)
    return None


def address_problem(address, name='allow policy'):
    """Why ``address`` is not one email address as Cloudflare accepts it (None when it is); ``name`` is what holds it."""
    local, at, domain = address.rpartition('@')
    if not at:
        return 'it has no @'
    if not _LOCAL_PART.fullmatch(local):
        if not 1 <= len(local) <= 64:
            return 'the part before the @ must be 1 to 64 characters long (it has {0})'.format(len(local))
        bad = next(char for char in local if char in _LOCAL_PART_FORBIDDEN or char == '@' or char.isspace() or not _LOCAL_PART.fullmatch(char))
        return ('the part before the @ holds {0!r}: one address per {1}, without spaces or any of '
                '" ( ) , : ; < > [ ] \\ @ (for several addresses, write one {1} each)'.format(bad, name))
    problem = _hostname_problem(domain)
    if problem and problem.startswith('it ends with a dot'):
        return 'it ends with a dot: write {0!r}'.format(address[:-1])
    return 'its domain {0!r} is not a host name: {1}'.format(domain, problem) if problem else None


def _ip_problem(value, resource=None):
    """Why ``value`` is not a public IP address or network as Cloudflare accepts it in a ``resource`` object (None when it is)."""
    resource = resource or ALLOW_POLICY
    if '%' in value:
        return 'it has a zone index (%...), which {0} cannot use: leave it out'.format(resource.a_name)
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return 'it is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.10, 203.0.113.0/24 or 2001:db8::/32)'
    if _ip_form(value) is None:
        return 'it has host bits set: write the network {0!r} (or the address {1!r} alone)'.format(
            str(network), value.split('/', 1)[0])
    refused = next((net for net in REFUSED_NETWORKS if net.version == network.version and net.overlaps(network)), None)
    if refused in _IPV6_FORMS:
        refused = '{0} (the IPv6 form of {1})'.format(refused, _IPV6_FORMS[refused])
    if refused is not None:
        return ('it is or includes {0}, a private, loopback, link-local, multicast or otherwise non-public range, which '
                'Cloudflare refuses in {1}: only public senders can be listed'.format(refused, resource.a_name))
    return None


# What an IP address or network may be written with (a superset; after a % comes an IPv6 zone, of any characters): a
# pattern with any other character is none, which saves the cost of ipaddress's refusal for every domain of a large set.
_IP_CHARACTERS = re.compile(r'[0-9A-Fa-f.:/\[\]]+')


def _is_ip_literal(value):
    """Whether ``value`` is an IP address or network, bare or in brackets (``192.0.2.1``, ``[2001:db8::1]``)."""
    if not _IP_CHARACTERS.fullmatch(value.partition('%')[0]):
        return False
    try:
        ipaddress.ip_network(value[1:-1] if value[:1] + value[-1:] == '[]' else value, strict=False)
    except ValueError:
        return False
    return True


def regex_problem(pattern):
    """Why ``pattern`` is not a valid (Java) regular expression, as far as Python's re can tell (None when it is)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # FutureWarning about [[ and -- in classes, which mean something else in Java anyway
            re.compile(pattern)
    except re.error as exc:
        if java_only(exc, pattern):
            return None  # \p{Alpha}, \Q...\E, (?<name>...): Java syntax that Python's re lacks; the API decides
        return str(exc)
    return None


def set_item(read_one):
    """``read_one`` (:func:`wanted_policy`, or the block sender's) for one item of a set. A legacy entry (pattern_type
    UNKNOWN) without an id, as older exports hold it, may stay in the set: it is read as one to remove is, and
    :func:`update_problems` refuses to create or make one. With an id (as exports hold it now), it is legacy data like
    any other (``_sets.stored_check``)."""
    def read_item(params, state):
        legacy = params.get('pattern_type') == LEGACY_PATTERN_TYPE and params.get('id') is None
        return read_one(params, 'absent' if legacy else state)
    return read_item


wanted_set_item = set_item(wanted_policy)


def pattern_problem(pattern, pattern_type, is_regex, resource=None):
    """Why ``pattern`` is not of the form of ``pattern_type`` (None when it is), as a message that names the fix;
    ``resource`` (the allow policy when None) is the kind of object that holds the pattern."""
    resource = resource or ALLOW_POLICY
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
    if pattern_type == 'DOMAIN' and _is_ip_literal(pattern):
        if 'pattern_type' in resource.field_names:
            return 'pattern {0!r} is an IP address, not a domain name: for an IP sender, use pattern_type IP with the pattern {1!r}.'.format(
                pattern, pattern.strip('[]'))
        return 'pattern {0!r} is an IP address: an IP cannot be {1}; write a domain name (example.com).'.format(pattern, resource.a_name)
    if pattern_type == 'DOMAIN':
        problem = _hostname_problem(pattern)
        if problem:
            return 'pattern {0!r} is not a domain name (example.com): {1}. For a regular expression, set is_regex to true.'.format(
                pattern, problem)
    if pattern_type == 'IP':
        problem = _ip_problem(pattern, resource)
        if problem:
            return 'pattern {0!r} is not a public IPv4 or IPv6 address or CIDR range: {1}.'.format(pattern, problem)
    return None


def input_problems(wanted, state, is_regex=None, resource=None):
    """What is wrong with the fields the user set; ``is_regex`` is the value to check the pattern's form with (None: skip).
    ``resource`` (the allow policy when None) is what the messages name: block senders and trusted domains have the same
    pattern fields."""
    resource = resource or ALLOW_POLICY
    pattern = wanted.get('pattern')
    pattern_type = wanted.get('pattern_type')
    problems = key_problems(resource, wanted)
    if state == 'present' and pattern_type == LEGACY_PATTERN_TYPE:
        problems.append('pattern_type UNKNOWN is deprecated and cannot be set: choose EMAIL, DOMAIN or IP '
                        '(UNKNOWN may only be used with state=absent, to remove a legacy entry).')
    if pattern is not None and not 1 <= len(pattern) <= MAX_LENGTH:
        problems.append('pattern must be 1 to {0} characters long (it has {1}).'.format(MAX_LENGTH, len(pattern)))
    elif pattern is not None and is_regex is not None and pattern_type in PATTERN_TYPES:
        problem = pattern_problem(pattern, pattern_type, is_regex, resource)
        if problem:
            problems.append(problem)
    comments = wanted.get('comments')
    if comments is not None and len(comments) > MAX_LENGTH:
        problems.append('comments must be at most {0} characters long (it has {1}).'.format(MAX_LENGTH, len(comments)))
    return problems


def update_problems(resource, change):
    """What is wrong with an update that touches the pattern; other updates leave the pattern as it is, so
    a legacy entry (pattern_type UNKNOWN, or a pattern of an older form) can still have its flags changed.
    ``resource`` is the allow policy or the block sender, whose patterns are alike."""
    if change.changed and (change.body or {}).get('pattern_type') == LEGACY_PATTERN_TYPE:
        return ['pattern_type UNKNOWN is deprecated: an existing legacy entry may be kept or removed, but no entry can be '
                'created or changed to it. Choose EMAIL, DOMAIN or IP.']
    if change.action != 'update' or not set(change.body) & {'pattern', 'pattern_type', 'is_regex'}:
        return []
    after = change.after
    problem = after['pattern_type'] in PATTERN_TYPES and pattern_problem(after['pattern'], after['pattern_type'], after['is_regex'], resource)
    return [problem] if problem else []
