# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The forms of values that Cloudflare accepts, shared by the resources: an email address, a host name, a public IP
address or network, a (Java) regular expression.

Each ``*_problem`` function says why a value is not of its form, as the part of a message that names the fix (None when
it is). ``holder`` is what the value belongs to, as messages name it ('an allow policy'). The rules are those of
docs/api_rules.md; the emulator in tests/emulator applies its own copy of them, and
tests/unit/plugins/module_utils/test_validation_differential.py checks that both agree.
"""

from __future__ import annotations

import ipaddress
import re
import warnings

MAX_HOSTNAME_LENGTH = 253
_LABEL = re.compile(r'[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
_LABEL_CHARACTERS = re.compile(r'[A-Za-z0-9-]*')
_LOCAL_PART = re.compile(r'[^@\s"(),:;<>\[\]\\]{1,64}')
_LOCAL_PART_FORBIDDEN = '"(),:;<>[]\\'
# Ranges Cloudflare refuses in an IP pattern: private, unique-local, loopback, link-local, unspecified and
# broadcast, with the multicast and reserved blocks and the shared address space around them.
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

# Regular expressions are Java's. Python's re, which checks them here, lacks some of Java's syntax: :func:`python_form`
# replaces it with Python syntax that is valid where it stands, so that re judges the rest; what re then refuses (an
# unbalanced parenthesis, a trailing backslash, a repeat of nothing, a reversed range) Java refuses too.
_JAVA_ATOMS = frozenset('eGhHRVXz')  # \e \G \h \H \R \V \X \z: one atom each, which Python's re lacks
_JAVA_FLAGS = re.compile(r'\(\?[idmsuxU]*(?:-[idmsuxU]*)?([:)])')  # (?i) anywhere, (?d) and (?U) too, and (?i:...)
_JAVA_ESCAPES = re.compile(r'\\(?:[pP](?:\{[^}]*\}|[A-Za-z])|x\{[0-9A-Fa-f]*\}|k<[^>]*>|c.)')  # \p{..} \pL \x{..} \k<name> \cX
_QUANTIFIER = re.compile(r'[*+?]|\{[0-9]+(?:,[0-9]*)?\}')
_LOOK_BEHIND = re.compile(r'\(\?<[=!]((?:[^()\\]|\\.)*)\)')


def python_form(pattern):
    """``pattern``, a Java regular expression, with the syntax that only Java has replaced by Python syntax that is valid
    where it stands (a letter for an escape of one character or class, ``(?P<name>`` for a named group, a plain group for
    an atomic group or a bounded look-behind), flags dropped and possessive quantifiers made greedy: Python's re then
    accepts it if and only if Java's syntax does, as far as re can tell."""
    out, index, depth = [], 0, 0
    while index < len(pattern):
        char, rest = pattern[index], pattern[index:]
        escape = _JAVA_ESCAPES.match(pattern, index)
        if char == '\\' and rest[1:2] == 'Q':  # \Q...\E quotes, up to \E or the end
            end = pattern.find('\\E', index + 2)
            out.append(re.escape(pattern[index + 2:] if end < 0 else pattern[index + 2:end]))
            index = len(pattern) if end < 0 else end + 2
        elif escape or (char == '\\' and rest[1:2] and rest[1] in _JAVA_ATOMS):
            out.append('a')
            index = escape.end() if escape else index + 2
        elif char == '\\' and rest[1:2] == 'E':  # an \E that closes no \Q: Java ignores it
            index += 2
        elif char == '\\':
            out.append(rest[:2])
            index += 2
        elif depth:  # in a character class, where Java nests classes ([a-z&&[^aeiou]])
            depth += {'[': 1, ']': -1}.get(char, 0)
            out.append(char)
            index += 1
        elif char == '[':
            opening = re.match(r'\[\^?\]?', rest).group()  # a ] right after [ or [^ is a character
            out.append(opening)
            depth, index = 1, index + len(opening)
        elif rest.startswith('(?'):
            out.append(_python_group(pattern, index))
            index += len(_java_group(pattern, index))
        else:
            quantifier = _QUANTIFIER.match(pattern, index)
            if quantifier:  # a quantifier, lazy or not, and a + after it, which makes it possessive
                lazy = pattern[quantifier.end():quantifier.end() + 1] == '?'
                out.append(quantifier.group() + ('?' if lazy else ''))
                index = quantifier.end() + lazy
                index += pattern[index:index + 1] == '+'
            else:
                out.append(char)
                index += 1
    return ''.join(out)


def _java_group(pattern, index):
    """The opening of the group at ``index`` that :func:`_python_group` replaces (``(?i)``, ``(?<name>``, ``(?``)."""
    flags = _JAVA_FLAGS.match(pattern, index)
    if flags and flags.group() != '(?:':
        return flags.group()
    for opening in ('(?<=', '(?<!', '(?>'):
        if pattern.startswith(opening, index):
            return opening
    return '(?<' if pattern.startswith('(?<', index) else '(?'


def _python_group(pattern, index):
    opening = _java_group(pattern, index)
    if opening.endswith(')'):  # flags: Java takes them anywhere, and (?d) and (?U), which Python lacks
        return ''
    if opening.endswith(':') and opening != '(?:':
        return '(?:'
    if opening == '(?>':  # atomic group (Python < 3.11 lacks it)
        return '(?:'
    if opening in ('(?<=', '(?<!'):  # Java takes a bounded width ((?<=a|bc), (?<=a{1,3})), Python only a fixed one
        body = _LOOK_BEHIND.match(pattern, index)
        return opening if body and re.search(r'[*+]|,}', body.group(1)) else '(?:'
    return '(?P<' if opening == '(?<' else opening


def regex_problem(pattern):
    """Why ``pattern`` is not a valid (Java) regular expression, as far as Python's re can tell (None when it is)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # FutureWarning about [[ and -- in classes, which mean something else in Java anyway
            re.compile(python_form(pattern))
    except re.error as exc:
        return str(exc)
    return None


def length_problems(name, value, maximum, minimum=0):
    """Why option ``name``'s ``value`` is not ``minimum`` to ``maximum`` characters long: a list of one sentence, or empty
    when it is (or is not set)."""
    if value is None or minimum <= len(value) <= maximum:
        return []
    if minimum:
        return ['{0} must be {1} to {2} characters long (it has {3}).'.format(name, minimum, maximum, len(value))]
    return ['{0} must be at most {1} characters long (it has {2}).'.format(name, maximum, len(value))]


def ip_form(value):
    """The network an IP pattern designates, in its canonical spelling; None when it is not an address or a network
    (a range with host bits set, such as 192.0.2.7/24, is not one: it would otherwise match 192.0.2.0/24)."""
    try:
        return str(ipaddress.ip_network(value))
    except ValueError:
        return None


def hostname_problem(name):
    """Why ``name`` is not a host name as Cloudflare accepts it (None when it is)."""
    if name.endswith('.') and len(name) > 1 and hostname_problem(name[:-1]) is None:
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


def address_problem(address, holder_name):
    """Why ``address`` is not one email address as Cloudflare accepts it (None when it is); ``holder_name`` is what holds
    it ('allow policy')."""
    local, at, domain = address.rpartition('@')
    if not at:
        return 'it has no @'
    if not _LOCAL_PART.fullmatch(local):
        if not 1 <= len(local) <= 64:
            return 'the part before the @ must be 1 to 64 characters long (it has {0})'.format(len(local))
        bad = next(char for char in local if char in _LOCAL_PART_FORBIDDEN or char == '@' or char.isspace() or not _LOCAL_PART.fullmatch(char))
        return ('the part before the @ holds {0!r}: one address per {1}, without spaces or any of '
                '" ( ) , : ; < > [ ] \\ @ (for several addresses, write one {1} each)'.format(bad, holder_name))
    problem = hostname_problem(domain)
    if problem and problem.startswith('it ends with a dot'):
        return 'it ends with a dot: write {0!r}'.format(address[:-1])
    return 'its domain {0!r} is not a host name: {1}'.format(domain, problem) if problem else None


def ip_problem(value, holder):
    """Why ``value`` is not a public IP address or network as Cloudflare accepts it in ``holder`` ('an allow policy';
    None when it is)."""
    if '%' in value:
        return 'it has a zone index (%...), which {0} cannot use: leave it out'.format(holder)
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return 'it is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.10, 203.0.113.0/24 or 2001:db8::/32)'
    if ip_form(value) is None:
        return 'it has host bits set: write the network {0!r} (or the address {1!r} alone)'.format(
            str(network), value.split('/', 1)[0])
    refused = next((net for net in REFUSED_NETWORKS if net.version == network.version and net.overlaps(network)), None)
    if refused in _IPV6_FORMS:
        refused = '{0} (the IPv6 form of {1})'.format(refused, _IPV6_FORMS[refused])
    if refused is not None:
        return ('it is or includes {0}, a private, loopback, link-local, multicast or otherwise non-public range, which '
                'Cloudflare refuses in {1}: only public senders can be listed'.format(refused, holder))
    return None


# What an IP address or network may be written with (a superset; after a % comes an IPv6 zone, of any characters): a
# pattern with any other character is none, which saves the cost of ipaddress's refusal for every domain of a large set.
_IP_CHARACTERS = re.compile(r'[0-9A-Fa-f.:/\[\]]+')


def is_ip_literal(value):
    """Whether ``value`` is an IP address or network, bare or in brackets (``192.0.2.1``, ``[2001:db8::1]``)."""
    if not _IP_CHARACTERS.fullmatch(value.partition('%')[0]):
        return False
    try:
        ipaddress.ip_network(value[1:-1] if value[:1] + value[-1:] == '[]' else value, strict=False)
    except ValueError:
        return False
    return True
