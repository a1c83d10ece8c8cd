# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The attributes of the collection's modules.

    Every module extends the fragment of its kind, ``cloudflare_one.email_security.attributes.one`` (one object),
    ``.set`` (a whole set in one task) or ``.info`` (read only), and then ``cloudflare_one.email_security.attributes``
    (the action group). In that order, ansible-doc lists check_mode, diff_mode and idempotent before action_group.
    """

    DOCUMENTATION = r"""
options: {}
attributes:
  action_group:
    support: full
    membership:
      - cloudflare_one.email_security.cloudflare
    description: Use C(group/cloudflare_one.email_security.cloudflare) in C(module_defaults) to set the connection options once.
"""

    # A module that manages one object. Use with DOCUMENTATION.
    ONE = r"""
options: {}
attributes:
  check_mode:
    support: full
    description: Sends no write request, and returns the same RV(ignore:changed), object and diff as a real run (the object
      without the fields only the server sets on the write).
  diff_mode:
    support: full
    description: Shows the managed fields before and after.
  idempotent:
    support: full
    description: A second run with the same options reports no change.
"""

    # A module that manages a whole set in one task. Use with DOCUMENTATION.
    SET = r"""
options: {}
attributes:
  check_mode:
    support: full
    description: Sends no write request, and returns the same results and diff as a real run, but for the ids the server gives
      to what it creates.
  diff_mode:
    support: full
    description: Shows, for each entry that changes, its managed fields before and after, with a header naming it.
  idempotent:
    support: full
    description: A second run with the same options reports no change.
"""

    # A module that only reads. Use with DOCUMENTATION.
    INFO = r"""
options: {}
attributes:
  check_mode:
    support: full
    description: The module only reads; it runs the same in check mode.
  diff_mode:
    support: N/A
    description: The module changes nothing, so there is nothing to show.
  idempotent:
    support: full
    description: The module changes nothing.
"""
