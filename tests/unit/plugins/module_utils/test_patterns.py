# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Java's regular expression syntax, read by ``_patterns.python_form`` before Python's re judges the rest."""

from __future__ import annotations

import pytest

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import python_form, regex_problem


@pytest.mark.parametrize('java, python', [
    ('\\p{Alpha}+@example\\.com', 'a+@example\\.com'),
    ('\\pL\\PN', 'aa'),
    ('\\Qa.b\\E+', 'a\\.b+'),
    ('x\\Q(a', 'x\\(a'),  # \Q quotes to the end when no \E closes it
    ('a\\Eb', 'ab'),  # an \E that closes no \Q
    ('(?<user>[a-z]+)@example\\.com\\k<user>', '(?P<user>[a-z]+)@example\\.coma'),
    ('a(?i)b(?-i)c', 'abc'),
    ('(?i:ab)|(?:cd)', '(?:ab)|(?:cd)'),
    ('\\x{41}\\cA\\e\\G\\h\\R\\z', 'aaaaaaa'),
    ('(?<=a|bc)d(?<!e{1,2})', '(?:a|bc)d(?:e{1,2})'),
    ('(?<=a+)b', '(?<=a+)b'),  # unbounded: Java refuses it too, and so does re
    ('(?<=(a|b))c', '(?:(a|b))c'),
    ('a*+b++c?+d{2}+e{1,}+', 'a*b+c?d{2}e{1,}'),
    ('a*?+b+?', 'a*?b+?'),
    ('(?>a)', '(?:a)'),
    ('[]a][^]b][\\p{L}-z]', '[]a][^]b][a-z]'),
    ('[a-z&&[^aeiou]]+', '[a-z&&[^aeiou]]+'),
    ('(?=a)(?!b)(?P<n>c)\\1', '(?=a)(?!b)(?P<n>c)\\1'),
])
def test_python_form(java, python):
    assert python_form(java) == python
    assert regex_problem(java) is None or java == '(?<=a+)b'


@pytest.mark.parametrize('pattern', ['x\\', '(a', 'a{2,1}', '*a', '\\i', '(?<=a+)b', '(?P<1>a)', '[z-a]', 'a**', '\\p', '\\x{zz'])
def test_errors_of_java_too_are_refused(pattern):
    assert regex_problem(pattern)
