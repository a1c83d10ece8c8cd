# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated collections: one file per family, named after its URL segment, defining RESOURCE (a Resource).

Adding a family is a new file beside these and one line in FAMILIES (docs/emulator.md, "Adding a family").
"""

from __future__ import annotations

import importlib

# The emulated collections in their order everywhere: the store, the seed keys, the control routes, error messages.
FAMILIES = (
    "allow_policies",
    "block_senders",
    "trusted_domains",
    "impersonation_registry",
    "url_ignore_patterns",
    "content_policies",
    "sending_domain_restrictions",
    "domains",
)


def _load(families):
    """{URL segment: Resource} of the family files named."""
    resources = {}
    for family in families:
        resource = importlib.import_module("." + family, __name__).RESOURCE
        resources[resource.name] = resource
    return resources


RESOURCES = _load(FAMILIES)  # URL segment -> Resource
SEED_KEYS = {resource.seed_key: resource for resource in RESOURCES.values()}  # seed key -> Resource


def resource_named(name):
    """The Resource of a resource name or seed key (ValueError for an unknown one)."""
    resource = RESOURCES.get(name) or SEED_KEYS.get(name)
    if resource is None:
        raise ValueError("unknown resource '%s' (known: %s)" % (name, ", ".join(RESOURCES)))
    return resource
