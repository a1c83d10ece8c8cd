# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Values (and one helper) the unit tests share."""

from __future__ import annotations

import dataclasses

API = 'https://api.example.test/client/v4'
ACCOUNT = '0123456789abcdef0123456789abcdef'
TOKEN = 'unit-test-SECRET-token-value'
COLLECTION = '/accounts/{0}/email-security/settings/allow_policies'.format(ACCOUNT)


def warnings_of(result):
    """The warning texts of a module result (ansible-core 2.19 and later return them as structured events)."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def hooked(resource, **hooks):
    """``resource`` with some of its hooks replaced by the functions ``hooks`` (``locked=lambda obj: ...``), as a
    family's subclass overrides them."""
    subclass = type('Hooked' + type(resource).__name__, (type(resource),), dict((name, _method(function)) for name, function in hooks.items()))
    return subclass(**dict((fld.name, getattr(resource, fld.name)) for fld in dataclasses.fields(resource) if fld.init))


def _method(function):
    return lambda self, *args: function(*args)
