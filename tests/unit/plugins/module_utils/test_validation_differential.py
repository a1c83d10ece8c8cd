# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A preview that passes means the apply passes: the module's validation and the API's agree.

Patterns of every type (valid, near-valid and hostile) are generated with hypothesis and judged
twice: by the module's validation (``ALLOW_POLICY.read``, which runs before any request, in check
mode too) and by the emulator's (``validate_create``, what a POST meets; the emulator implements
the API's rules as docs/api_rules.md states them). Both must accept or both refuse, except for the
documented cases deliberately left to the API (:data:`LEFT_TO_THE_API`).

The run is derandomised (the same cases every time, so CI is reproducible) and has no example
database; ``EXAMPLES`` cases per test, five tests.
"""

from __future__ import annotations

import ipaddress
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import REFUSED_NETWORKS, regex_problem
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY, pattern_problem
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.trusted_domain import TRUSTED_DOMAIN
from ansible_collections.cloudflare_one.email_security.tests.emulator.cloudflare_emulator import (
    NON_PUBLIC_NETWORKS,
    TRUSTED_DOMAINS,
    ApiError,
    validate_create,
)

EXAMPLES = 200
DIFFERENTIAL = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def left_to_the_api(pattern, is_regex):
    """The cases deliberately left to the API: the module accepts them and the API (Java) decides.

    * Java regular expression syntax that Python's ``re`` lacks: the escapes ``\\p{..}``, ``\\P{..}``,
      ``\\Q..\\E``, ``\\h``, ``\\H``, ``\\R``, ``\\V``, ``\\X``, ``\\z``, ``\\G``, ``\\e``, ``\\cX``,
      ``\\k<name>`` and ``\\x{h..h}``, named groups ``(?<name>..)``, the flags ``(?d)`` and ``(?U)``,
      flags after the start, and (before Python 3.11) atomic groups and possessive quantifiers.
      The emulator checks regexes with Python's ``re`` and refuses them; Cloudflare accepts them.
    """
    if not is_regex:
        return False
    try:
        re.compile(pattern)
    except re.error:
        return regex_problem(pattern) is None
    return False


def module_accepts(pattern, pattern_type, is_regex):
    wanted, problems = ALLOW_POLICY.read(dict(pattern=pattern, pattern_type=pattern_type, is_regex=is_regex), 'present')
    assert wanted['pattern'] == pattern
    for problem in problems:
        assert isinstance(problem, str) and problem.endswith('.') and problem.startswith('pattern')
    return not problems


def api_accepts(pattern, pattern_type, is_regex):
    body = dict(pattern=pattern, pattern_type=pattern_type, is_regex=is_regex, verify_sender=False, is_trusted_sender=False,
                is_acceptable_sender=False, is_exempt_recipient=False)
    try:
        validate_create(body)
    except ApiError as exc:
        assert exc.status == 400
        return False
    return True


def assert_agree(pattern, pattern_type, is_regex):
    module, api = module_accepts(pattern, pattern_type, is_regex), api_accepts(pattern, pattern_type, is_regex)
    if module and not api and left_to_the_api(pattern, is_regex):
        return
    assert module == api, 'the module {0} {1!r} ({2}, is_regex={3}) and the API {4}'.format(
        'accepts' if module else 'refuses', pattern, pattern_type, is_regex, 'accepts' if api else 'refuses')


# Building blocks, biased towards the edges of each form.
LABEL_CHARS = string.ascii_letters + string.digits + '-_.' + ' \t\n\u00e9\u0430*@%/:'
labels = st.one_of(
    st.text(string.ascii_lowercase + string.digits + '-', min_size=1, max_size=8),
    st.text(LABEL_CHARS, max_size=6),
    st.integers(min_value=60, max_value=66).map(lambda n: 'a' * n),
    st.sampled_from(['xn--bcher-kva', 'example', 'com', '-a', 'a-', 'a_b', '', '1']),
)
hostnames = st.one_of(
    st.lists(labels, min_size=1, max_size=5).map('.'.join),
    st.lists(labels, min_size=1, max_size=4).map(lambda parts: '.'.join(parts) + '.'),
    st.integers(min_value=240, max_value=260).map(lambda n: ('a' * 62 + '.') * (n // 63) + 'b' * max(1, n % 63)),
)
local_parts = st.one_of(
    st.text(string.ascii_letters + string.digits + '._%+-', min_size=1, max_size=10),
    st.text(string.ascii_letters + ' ,;:<>()[]"\\@\t\n\u00e9', max_size=8),
    st.integers(min_value=63, max_value=66).map(lambda n: 'x' * n),
)
emails = st.one_of(
    st.tuples(local_parts, hostnames).map('@'.join),
    st.tuples(local_parts, local_parts, hostnames).map(lambda parts: '{0},{1}@{2}'.format(*parts)),
    st.tuples(local_parts, hostnames).map(lambda parts: '{0}@{1}\n'.format(*parts)),
)
# Every IPv4 range either side refuses (so that a range one side lacks shows), and IPv4 addresses anywhere.
REFUSED_IPV4 = sorted({net for net in REFUSED_NETWORKS + NON_PUBLIC_NETWORKS if net.version == 4})
ipv4_networks = st.one_of(
    st.tuples(st.sampled_from(REFUSED_IPV4), st.integers(0, 2 ** 32 - 1), st.integers(0, 32)).map(
        lambda drawn: ipaddress.ip_network((int(drawn[0].network_address) | drawn[1] % drawn[0].num_addresses, max(drawn[2], drawn[0].prefixlen)),
                                           strict=False)),
    st.tuples(st.ip_addresses(v=4), st.integers(0, 32)).map(lambda drawn: ipaddress.ip_network(drawn, strict=False)),
)


def ipv6_forms(network, bare):
    """The IPv6 spellings of the IPv4 ``network``: mapped and compatible, dotted and hexadecimal; a prefix unless ``bare``."""
    high, low = int(network.network_address) >> 16, int(network.network_address) & 0xFFFF
    suffix = '' if bare else '/{0}'.format(96 + network.prefixlen)
    return [form + suffix for form in ('::ffff:{0}'.format(network.network_address), '::ffff:{0:x}:{1:x}'.format(high, low),
                                       '0:0:0:0:0:FFFF:{0}'.format(network.network_address), '::{0}'.format(network.network_address),
                                       '::{0:x}:{1:x}'.format(high, low))]


ipv6_forms_of_ipv4 = st.tuples(ipv4_networks, st.booleans()).map(
    lambda drawn: (drawn[0], ipv6_forms(drawn[0], bare=drawn[1] and drawn[0].prefixlen == 32)))
prefixes = st.one_of(st.just(''), st.integers(min_value=-1, max_value=130).map('/{0}'.format))
ip_addresses = st.one_of(
    st.tuples(st.ip_addresses(v=4).map(str), prefixes).map(''.join),
    st.tuples(st.ip_addresses(v=6).map(str), prefixes).map(''.join),
    st.tuples(st.ip_addresses(v=6).map(lambda ip: ip.exploded.upper()), prefixes).map(''.join),
    st.ip_addresses().map(lambda ip: str(ip) + '%eth0'),
    st.tuples(st.integers(0, 300), st.integers(0, 300), st.integers(0, 300), st.integers(0, 300), prefixes).map(
        lambda p: '{0}.{1}.{2}.{3}{4}'.format(*p)),
    ipv6_forms_of_ipv4.map(lambda drawn: drawn[1][0]),
    st.sampled_from(['::ffff:10.0.0.1', '::ffff:127.0.0.1', '::ffff:c0a8:101', '::10.0.0.1', '::ffff:10.0.0.0/104', '::ffff:0:0/96',
                     '::/96', '::fffe:0:0/95', '::ffff:8.8.8.8/128', '::8.8.8.8', '::ffff:203.0.113.0/120', '[2001:db8::1]']),
    st.sampled_from(['203.0.113.0/24', '203.0.113.7/24', '8.0.0.0/6', '0.0.0.0/0', '::/0', '2001:db8::/32', '::ffff:8.8.8.8',
                     ' 8.8.8.8', '8.8.8.8 ', '08.8.8.8', '1.2.3', '::', 'fe80::1%1', '2606:4700::/32', '2606:4700::1/32']),
)
REGEX_ATOMS = ['.', '*', '+', '?', '|', '(', ')', '[', ']', '{', '}', '^', '$', '\\', '\\\\', '\\.', '\\d', '\\w', '\\s', '\\b',
               '\\p{Alpha}', '\\Q', '\\E', '\\z', '\\h', '\\k<n>', '\\x{41}', '\\x41', '\\u00e9', '\\0', '\\1', '(?<n>', '(?P<n>',
               '(?:', '(?=', '(?!', '(?<=', '(?<!', '(?>', '(?i)', '(?d)', '(?U)', '{2}', '{2,1}', '{,3}', '*+', '++', 'a', '@',
               'example', '-', '[a-z]', '[^@]', '&&', '#', '\u00e9']
regexes = st.one_of(
    st.lists(st.sampled_from(REGEX_ATOMS), min_size=1, max_size=8).map(''.join),
    st.text(min_size=1, max_size=12),
)
hostile = st.text(min_size=0, max_size=40)


@DIFFERENTIAL
@given(pattern=emails, is_regex=st.just(False))
def test_email_patterns(pattern, is_regex):
    assert_agree(pattern, 'EMAIL', is_regex)


@DIFFERENTIAL
@given(pattern=st.one_of(hostnames, emails), is_regex=st.just(False))
def test_domain_patterns(pattern, is_regex):
    assert_agree(pattern, 'DOMAIN', is_regex)


@DIFFERENTIAL
@given(pattern=ip_addresses, is_regex=st.just(False))
def test_ip_patterns(pattern, is_regex):
    assert_agree(pattern, 'IP', is_regex)


@DIFFERENTIAL
@given(drawn=ipv6_forms_of_ipv4)
def test_the_ipv6_forms_of_an_ipv4_network_are_judged_as_it(drawn):
    """::ffff:10.0.0.1, ::ffff:a00:1 and ::10.0.0.1 designate 10.0.0.1: refused, or accepted, with it, by both sides."""
    network, forms = drawn
    accepted = module_accepts(str(network), 'IP', False)
    assert accepted == (not any(net.overlaps(network) for net in REFUSED_IPV4))
    for form in forms:
        assert_agree(form, 'IP', False)
        assert module_accepts(form, 'IP', False) == accepted, form


def trusted_domain_agrees(pattern):
    """The trusted domain's pattern (is_regex false), judged by the module and by the emulator; returns whether it is accepted."""
    module = not TRUSTED_DOMAIN.read(dict(pattern=pattern, is_regex=False), 'present')[1]
    try:
        validate_create(dict(pattern=pattern, is_regex=False, is_recent=False, is_similarity=False), resource=TRUSTED_DOMAINS)
    except ApiError:
        api = False
    else:
        api = True
    assert module == api, 'the module {0} the trusted domain {1!r} and the API {2}'.format(
        'accepts' if module else 'refuses', pattern, 'accepts' if api else 'refuses')
    return module


ip_literals = st.one_of(st.ip_addresses().map(str), st.ip_addresses(v=6).map('[{0}]'.format), ip_addresses)


@DIFFERENTIAL
@given(pattern=ip_literals)
def test_an_ip_is_no_domain(pattern):
    """192.0.2.1, [2001:db8::1] and 2001:db8::1 are refused as a DOMAIN pattern and as a trusted domain, on both sides."""
    assert_agree(pattern, 'DOMAIN', False)
    assert_agree('[{0}]'.format(pattern), 'DOMAIN', False)
    ip = True
    try:
        ipaddress.ip_network(pattern, strict=False)
    except ValueError:
        ip = False
    for spelling in (pattern, '[{0}]'.format(pattern)):
        accepted = trusted_domain_agrees(spelling)
        assert not (ip and accepted)
        assert not (ip and module_accepts(spelling, 'DOMAIN', False))


@pytest.mark.parametrize('pattern', ['192.0.2.1', '[2001:db8::1]', '2001:db8::1', '203.0.113.0/24'])
def test_an_ip_as_domain_points_to_pattern_type_ip(pattern):
    problem = pattern_problem(pattern, 'DOMAIN', False, ALLOW_POLICY)
    assert problem == 'pattern {0!r} is an IP address, not a domain name: for an IP sender, use pattern_type IP with the pattern {1!r}.'.format(
        pattern, pattern.strip('[]'))
    assert not api_accepts(pattern, 'DOMAIN', False)
    assert TRUSTED_DOMAIN.read(dict(pattern=pattern), 'present')[1] == [
        'pattern {0!r} is an IP address: an IP cannot be a trusted domain; write a domain name (example.com).'.format(pattern)]


@pytest.mark.parametrize('pattern, fix', [
    ('::ffff:10.0.0.1', '(the IPv6 form of 10.0.0.0/8), a private'),
    ('::ffff:127.0.0.1', '(the IPv6 form of 127.0.0.0/8), a private'),
    ('::ffff:c0a8:101', '(the IPv6 form of 192.168.0.0/16), a private'),
    ('::10.0.0.1', 'it is or includes ::a00:0/104 (the IPv6 form of 10.0.0.0/8)'),
    ('::ffff:10.0.0.0/104', '(the IPv6 form of 10.0.0.0/8), a private'),
])
def test_the_ipv6_forms_of_private_ipv4_are_refused(pattern, fix):
    assert not api_accepts(pattern, 'IP', False)
    problem = pattern_problem(pattern, 'IP', False, ALLOW_POLICY)
    assert problem and fix in problem, problem


@pytest.mark.parametrize('pattern', ['::ffff:8.8.8.8', '::ffff:808:808', '::8.8.8.8', '::ffff:203.0.113.0/120'])
def test_the_ipv6_forms_of_public_ipv4_are_accepted(pattern):
    assert api_accepts(pattern, 'IP', False)
    assert pattern_problem(pattern, 'IP', False, ALLOW_POLICY) is None


@DIFFERENTIAL
@given(pattern=regexes, pattern_type=st.sampled_from(['EMAIL', 'DOMAIN', 'IP']))
def test_regex_patterns(pattern, pattern_type):
    assert_agree(pattern, pattern_type, True)


@DIFFERENTIAL
@given(pattern=st.one_of(hostile, emails, hostnames, ip_addresses, regexes), pattern_type=st.sampled_from(['EMAIL', 'DOMAIN', 'IP']),
       is_regex=st.booleans())
def test_any_pattern_of_any_type(pattern, pattern_type, is_regex):
    assert_agree(pattern, pattern_type, is_regex)


@pytest.mark.parametrize('pattern, pattern_type, is_regex', [
    ('a' * 1024, 'EMAIL', True), ('a' * 1025, 'EMAIL', True), ('', 'DOMAIN', False),
    ('x' * 64 + '@example.com', 'EMAIL', False), ('x' * 65 + '@example.com', 'EMAIL', False),
])
def test_lengths(pattern, pattern_type, is_regex):
    assert_agree(pattern, pattern_type, is_regex)


# The rows of the issue that the preview approved and the API refused: now refused before any request,
# with a message that names the fix.
@pytest.mark.parametrize('pattern, pattern_type, is_regex, fix', [
    ('partner.example.com.', 'DOMAIN', False, "it ends with a dot: write 'partner.example.com'"),
    ('soc@partner.example.com.', 'EMAIL', False, "it ends with a dot: write 'soc@partner.example.com'"),
    ('mail_out.example.com', 'DOMAIN', False, "the label 'mail_out' holds '_': a label has only ASCII letters, digits and hyphens"),
    ('1.1.1.1/24', 'IP', False, "it has host bits set: write the network '1.1.1.0/24' (or the address '1.1.1.1' alone)"),
    ('a,b@example.com', 'EMAIL', False, "the part before the @ holds ',': one address per allow policy"),
    ('x\\', 'EMAIL', True, 'is not a valid regular expression (bad escape (end of pattern)'),
    ('10.1.2.0/24', 'IP', False, 'it is or includes 10.0.0.0/8'),
    ('8.0.0.0/6', 'IP', False, 'it is or includes 10.0.0.0/8'),
    ('fe80::1%eth0', 'IP', False, 'it has a zone index'),
    ('example', 'DOMAIN', False, 'a domain name has at least two labels'),
    ('a..example', 'DOMAIN', False, 'it has an empty label'),
    ('-a.example', 'DOMAIN', False, "the label '-a' starts or ends with a hyphen"),
    ('b\u00fccher.example', 'DOMAIN', False, 'its xn-- form'),
    ('a' * 64 + '.example', 'DOMAIN', False, 'is longer than 63 characters'),
    (('a' * 62 + '.') * 4 + 'example', 'DOMAIN', False, 'a host name has at most 253 characters'),
    ('soc', 'EMAIL', False, 'it has no @'),
    ('@example.com', 'EMAIL', False, 'the part before the @ must be 1 to 64 characters long (it has 0)'),
    ('soc@mail_out.example', 'EMAIL', False, "its domain 'mail_out.example' is not a host name"),
])
def test_the_issues_rows_are_refused_with_the_fix(pattern, pattern_type, is_regex, fix):
    assert not api_accepts(pattern, pattern_type, is_regex)
    problem = pattern_problem(pattern, pattern_type, is_regex, ALLOW_POLICY)
    assert problem and fix in problem, problem


@pytest.mark.parametrize('pattern', ['\\p{Alpha}+@example\\.com', '\\Qa.b\\E', '(?<user>[a-z]+)@example\\.com', 'a(?i)b', '\\x{41}',
                                     '(?U)\\w+', '\\h', '\\k<n>', '(?<=a|bc)d'])
def test_java_only_syntax_is_left_to_the_api(pattern):
    assert left_to_the_api(pattern, True)
    assert pattern_problem(pattern, 'EMAIL', True, ALLOW_POLICY) is None


@pytest.mark.parametrize('pattern', ['x\\', '(a', 'a{2,1}', '*a', '\\i', '(?<=a+)b', '(?P<1>a)', '[z-a]'])
def test_invalid_in_java_too_is_refused(pattern):
    assert not left_to_the_api(pattern, True)
    assert pattern_problem(pattern, 'EMAIL', True, ALLOW_POLICY)


@pytest.mark.parametrize('pattern, java', [
    ('a*+', True),  # possessive, which Python < 3.11 refuses
    ('a**', False),
    ('(?>a)', True),  # atomic group, which Python < 3.11 refuses
    ('(?P', False),
    ('x\\', False),
    ('a(?i)b', True),  # flags after the start, which Python >= 3.11 refuses
])
def test_java_syntax_is_judged_the_same_on_every_python_version(pattern, java):
    """The check reads Java's syntax itself (``_patterns.python_form``), not the wording of re's errors, which differs
    between Python versions; so whatever Python runs the module, these are judged alike."""
    assert (regex_problem(pattern) is None) is java
