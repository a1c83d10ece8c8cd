# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Value rules of patterns: e-mail address, domain name, public IP address or network, regular expression.

The emulator's own rules (docs/emulator.md, "Create, update, validation"): they do not come from the collection's
plugins, so that the differential test (tests/unit/plugins/module_utils/test_validation_differential.py) compares two
independent implementations.
"""

from __future__ import annotations

import ipaddress
import re

PATTERN_TYPES = ("EMAIL", "DOMAIN", "IP", "UNKNOWN")  # UNKNOWN (deprecated): stored and filtered, never written
WRITABLE_PATTERN_TYPES = ("EMAIL", "DOMAIN", "IP")

LABEL_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
LOCAL_PART_RE = re.compile(r"^[^@\s\"(),:;<>\[\]\\]{1,64}$")

# Private, unique-local, loopback, link-local, unspecified and broadcast (the ranges the API refuses), plus the
# multicast and reserved blocks and the shared address space. Documentation ranges (192.0.2.0/24, 2001:db8::/32) are
# accepted.
NON_PUBLIC_NETWORKS = tuple(ipaddress.ip_network(net) for net in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
    "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
))
# An IPv6 address that embeds an IPv4 one designates it: the IPv4-mapped ::ffff:a.b.c.d and the IPv4-compatible ::a.b.c.d.
IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def is_hostname(value):
    """True for a host name with at least one dot, labels of letters, digits and inner hyphens, at most 253 characters."""
    if len(value) > 253 or "." not in value:
        return False
    return all(LABEL_RE.fullmatch(label) for label in value.split("."))


def is_email(value):
    """True for local@domain with a plain local part and a host name as domain."""
    local, sep, domain = value.rpartition("@")
    return bool(sep) and bool(LOCAL_PART_RE.fullmatch(local)) and is_hostname(domain)


def embedded_ipv4(network):
    """The IPv4 network an IPv6 network in ::ffff:0:0/96 or ::/96 designates (None for any other network)."""
    for block in (IPV4_MAPPED, IPV4_COMPATIBLE):
        if network.version == 6 and network.prefixlen >= 96 and network.subnet_of(block):
            return ipaddress.IPv4Network((int(network.network_address) & 0xFFFFFFFF, network.prefixlen - 96))
    return None


def is_public_ip(value):
    """True when value is a public IPv4/IPv6 address or CIDR network (host bits must be zero)
    that overlaps none of NON_PUBLIC_NETWORKS, an IPv6 form of an IPv4 network judged as that network."""
    if "%" in value:
        return False
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        return False
    embedded = embedded_ipv4(network)
    if embedded is not None:
        network = embedded
    elif network.version == 6 and (network.overlaps(IPV4_MAPPED) or network.overlaps(IPV4_COMPATIBLE)):
        return False  # it holds all of ::ffff:0:0/96 or ::/96, so every IPv4 address, private ones too
    return not any(net.version == network.version and net.overlaps(network) for net in NON_PUBLIC_NETWORKS)


def is_ip_literal(value):
    """True when value is an IP address or network, bare or in brackets."""
    try:
        ipaddress.ip_network(value[1:-1] if value[:1] + value[-1:] == "[]" else value, strict=False)
    except ValueError:
        return False
    return True


def pattern_problem(policy):
    """Check the pattern against is_regex and pattern_type; return a message or None.

    A regular expression must compile with Python's re, the stand-in for the Java regular expressions of the real
    service (docs/emulator.md says which constructs the two judge differently).
    """
    pattern = policy.get("pattern")
    if not isinstance(pattern, str):
        return None
    if policy.get("is_regex") is True:
        try:
            re.compile(pattern)
        except re.error as exc:
            return "invalid regular expression: %s" % exc
        return None
    pattern_type = policy.get("pattern_type")
    if pattern_type == "EMAIL" and not is_email(pattern):
        return "must be an email address (local@domain.tld) when pattern_type is EMAIL and is_regex is false"
    if pattern_type == "DOMAIN" and is_ip_literal(pattern):
        return "must be a domain name, not an IP address, when pattern_type is DOMAIN and is_regex is false"
    if pattern_type == "DOMAIN" and not is_hostname(pattern):
        return "must be a domain name when pattern_type is DOMAIN and is_regex is false"
    if pattern_type == "IP" and not is_public_ip(pattern):
        return "must be a public IPv4 or IPv6 address or CIDR when pattern_type is IP and is_regex is false"
    return None


def typed_pattern_problem(record):
    """Record check of the families with pattern, pattern_type and is_regex (allow policies, block senders):
    ("pattern", message) or None."""
    problem = pattern_problem(record)
    return ("pattern", problem) if problem else None
