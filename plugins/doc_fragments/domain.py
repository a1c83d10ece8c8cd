# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.domain import DOMAIN
from ansible_collections.cloudflare_one.email_security.plugins.plugin_utils._docs import fragments


class ModuleDocFragment:
    """The documentation of the domain modules, built from the descriptor when Ansible loads it (``plugin_utils/_docs.py``):
    the module for one object (``DOCUMENTATION``), the set (``SET``), the info module (``INFO``)."""

    DOCUMENTATION, SET, INFO = fragments(DOMAIN)
