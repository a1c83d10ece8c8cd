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
  - Entries synced from a directory (with a C(directory_id), or a C(provenance) other than V(A1S_INTERNAL)) cannot be changed
    through the API. The module fails, before any write, rather than try to change or delete one.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.api
  - cloudflare_one.email_security.attributes.one
  - cloudflare_one.email_security.attributes
  - cloudflare_one.email_security.options.one
options:
  id:
    description:
      - The identifier of the entry (a UUID string). When set, it alone identifies the entry, whose O(email) may then be
        changed; with O(state=present) and an O(id) that does not exist, the module fails.
      - With O(state=present) and O(id), the values set are checked once the entry is read. A value equal to the stored one is
        neither checked nor sent (a legacy entry, which the API accepted once and the current rules refuse, is kept, with a
        warning), and a value that differs must pass the rules, or the task fails before any write.
    type: raw
  email:
    description:
      - The one email address allowed to use the protected name, or a regular expression when O(is_email_regex=true).
      - Without O(is_email_regex=true), it must be one address (not several, comma-separated), checked before any request.
      - Without O(id), O(email) alone identifies the entry; addresses compare without regard to case, regular expressions exactly.
      - An address that is the stored one in another case is not sent; the task is V(ok), and a warning names the stored spelling.
    type: str
  is_email_regex:
    description:
      - Whether O(email) is a (Java) regular expression. V(false) is sent on create when not set.
      - It is not part of the identity; when it is not set, O(email) is checked as one address.
    type: bool
  name:
    description:
      - The display name to protect, 1 to 1024 characters. Required to create an entry.
    type: str
  comments:
    description:
      - A note about the entry. An empty string clears it; an absent comment and an empty one are the same.
    type: str
notes:
  - With O(state=absent), O(name) and O(comments) are ignored, and a warning says so.
seealso:
  - module: cloudflare_one.email_security.impersonation_registry
    description: Manage the whole impersonation registry in one task.
  - module: cloudflare_one.email_security.impersonation_registry_info
    description: Read the impersonation registry.
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
    - In check mode, the entry a real run would produce, without the fields only the server can assign.
  returned: always
  type: dict
  sample:
    id: 3f2e1d0c-9b8a-4765-8432-10fedcba9876
    email: cfo@example.com
    is_email_regex: false
    name: Jane Doe
    comments: Finance
    directory_id: null
    directory_node_id: null
    provenance: A1S_INTERNAL
    created_at: "2026-11-26T10:00:00Z"
    modified_at: "2026-11-26T10:00:00Z"
"""

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._api import cloudflare_module
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._impersonation_registry import (
    ENTRY_OPTIONS,
    IMPERSONATION_REGISTRY,
    update_problems,
    wanted_entry,
)
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._sets import one_argument_spec, run_one


def main():
    module = cloudflare_module(one_argument_spec(ENTRY_OPTIONS), supports_check_mode=True)
    run_one(module, IMPERSONATION_REGISTRY, 'entry', wanted_entry, update_problems)


if __name__ == '__main__':
    main()
