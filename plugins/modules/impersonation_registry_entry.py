# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: impersonation_registry_entry
short_description: Manage one entry of the Cloudflare Email Security impersonation registry
version_added: 0.1.0
description:
  - Create, update or delete one entry of the impersonation registry of Cloudflare Email Security (Cloudflare One). An entry
    protects a display name (O(name)), such as an executive's, from being used by senders other than O(email).
  - The module reads the registry, compares the entry with the options that are set, and writes only what differs.
    Options that are not set are not managed, that is, neither compared nor sent.
  - The API has no filter by email, so a lookup reads the whole registry (1000 entries a page). A run that changes nothing
    sends one request per 1000 entries; a change adds one write, and a create one more read (runs that created the same
    entry at the same time converge on the oldest).
  - Entries synced from a directory (a C(provenance) that starts with C(SNOOPY-), or a non-zero C(directory_id)) cannot be changed
    through the API. The module fails, before any write, rather than try to change or delete one.
  - Any other entry is a manual one, managed like any other. Cloudflare returns one made by hand with C(directory_id) V(0),
    its id in C(external_directory_node_id) and C(provenance) V(A1S_INTERNAL) (or null).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.impersonation_registry
  - cloudflare_one.email_security.attributes
seealso:
  - name: Cloudflare API reference
    description: The impersonation registry endpoints.
    link: https://developers.cloudflare.com/api/resources/email_security/subresources/settings/subresources/impersonation_registry/
"""

EXAMPLES = r"""
- name: Protect the CFO's display name (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.impersonation_registry_entry:
    account_id: "{{ cloudflare_account_id }}"
    email: cfo@example.com
    name: Jane Doe
    comments: Finance
  delegate_to: localhost

- name: Remove the entry
  cloudflare_one.email_security.impersonation_registry_entry:
    email: cfo@example.com
    state: absent
"""

RETURN = r"""
entry:
  description:
    - The entry as the API returned it after the write, or the current one when nothing changed; V({}) when it does not exist.
    - In check mode, the entry a real run would produce, without the fields only the server can assign (for a new entry its
      id, C(external_directory_node_id) and timestamps; C(directory_id) V(0), C(directory_node_id) null and C(provenance)
      V(A1S_INTERNAL) are predicted).
  returned: always
  type: dict
  sample:
    id: 3f2e1d0c-9b8a-4765-8432-10fedcba9876
    email: cfo@example.com
    is_email_regex: false
    name: Jane Doe
    comments: Finance
    directory_id: 0
    directory_node_id: null
    external_directory_node_id: 3f2e1d0c-9b8a-4765-8432-10fedcba9876
    provenance: A1S_INTERNAL
    created_at: "2026-11-26T10:00:00Z"
    modified_at: "2026-11-26T10:00:00Z"
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and
      C(id); V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create
      (and the changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the impersonation registry entry as a successful run
      would show it.
  returned: failure
  type: list
  elements: dict
id:
  description: When the task is refused after the read, the id of the impersonation registry entry it is about (such as the
    one an O(id) names, or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several entries (duplicates), their ids, separated by commas; set O(id) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another impersonation registry entry holds the new key and the run keeps
    it, the id of that impersonation registry entry.
  returned: failure
  type: str
status:
  description: When a request failed, its HTTP status; V(null) when no answer came.
  returned: failure
  type: int
  sample: 403
errors:
  description: When a request failed, Cloudflare's C(errors) list as received (C(code), C(message), C(source.pointer) where
    a field is at fault).
  returned: failure
  type: list
  elements: dict
  sample:
    - code: 10000
      message: Authentication error
cf_ray:
  description: When a request failed, the C(cf-ray) header of Cloudflare's answer, which identifies the request.
  returned: failure
  type: str
api_path:
  description: When a request failed, its path (after O(api_url)); never the credentials.
  returned: failure
  type: str
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/impersonation_registry
method:
  description: When a request failed, its HTTP method.
  returned: failure
  type: str
  sample: POST
may_have_applied:
  description:
    - When a request failed, V(true) if it was a write whose outcome is not known (no answer, a broken connection, a timeout,
      an HTTP 5xx) and reading again could not settle it; V(false) for a read, a refusal (4xx), or an outcome that reading
      again settled.
  returned: failure
  type: bool
"""

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_one
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.impersonation_registry import IMPERSONATION_REGISTRY


def main():
    run_one(IMPERSONATION_REGISTRY)


if __name__ == '__main__':
    main()
