# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local emulator of the Cloudflare Email Security settings API: allow policies, block senders,
trusted domains and the impersonation registry.

Test and benchmark helper only; it never talks to Cloudflare.  Standard library only.
See docs/emulator.md for the behaviour, the control API, the differences from the real API and the files of the
cf_emulator package beside this file, which holds the code; this file is the script and the module callers import.

Run as a script::

    python tests/emulator/cloudflare_emulator.py --port 0

or in-process::

    from cloudflare_emulator import Emulator
    with Emulator() as emu:
        base_url = emu.url   # e.g. http://127.0.0.1:43121/client/v4
"""

from __future__ import annotations

import sys

if __package__:  # imported as ansible_collections.<namespace>.<name>.tests.emulator.cloudflare_emulator
    from .cf_emulator import FIRST_INTEGER_ID, NON_PUBLIC_NETWORKS, RESOURCES, ApiError, Emulator, build_parser, main
else:  # run as a script, or imported with tests/emulator on sys.path
    from cf_emulator import (  # pylint: disable=import-error
        FIRST_INTEGER_ID, NON_PUBLIC_NETWORKS, RESOURCES, ApiError, Emulator, build_parser, main)

__all__ = [
    "ALLOW_POLICIES", "BLOCK_SENDERS", "FIRST_INTEGER_ID", "IMPERSONATION_REGISTRY", "NON_PUBLIC_NETWORKS", "RESOURCES",
    "TRUSTED_DOMAINS", "ApiError", "Emulator", "build_parser", "main", "validate_create",
]

ALLOW_POLICIES = RESOURCES["allow_policies"]
BLOCK_SENDERS = RESOURCES["block_senders"]
TRUSTED_DOMAINS = RESOURCES["trusted_domains"]
IMPERSONATION_REGISTRY = RESOURCES["impersonation_registry"]


def validate_create(body, prefix="", resource=None):
    """What a create (POST) does with a body, an allow policy's unless resource (a Resource) says otherwise:
    the writable fields, or ApiError (400) listing the problems."""
    return (resource or ALLOW_POLICIES).validate_create(body, prefix)


if __name__ == "__main__":
    sys.exit(main())
