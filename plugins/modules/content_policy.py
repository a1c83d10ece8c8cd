# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: content_policy
short_description: Manage one Cloudflare Email Security content policy
version_added: 0.1.0
description:
  - Create, update or delete one content policy of Cloudflare Email Security (Cloudflare One), a named regular expression
    looked for in the subject or the body of a message.
  - The module reads the current policy, compares it with the options that are set, and writes only what differs.
    Options that are not set are not managed, that is, neither compared nor sent.
  - A lookup by O(name) is one request (the API filters by name); a change adds one write, and a create one more read (runs
    that created the same policy at the same time converge on the oldest).
  - Content policies are not in the schema Cloudflare publishes (at the commit this collection was built against); the module
    follows the surface of the official SDKs (npm C(cloudflare) 7.3, PyPI C(cloudflare) 5.9), which may change.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.content_policy
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: Flag invoice fraud in subjects and bodies (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.content_policy:
    account_id: "{{ cloudflare_account_id }}"
    name: Invoice fraud
    pattern: '(?i)wire transfer.*urgent'
    targets: [SUBJECT, BODY]
    enabled: true
  delegate_to: localhost

- name: Turn it off, keeping it
  cloudflare_one.email_security.content_policy:
    name: Invoice fraud
    enabled: false
"""

RETURN = r"""
content_policy:
  description:
    - The policy as the API returned it after the write, or the current one when nothing changed; V({}) when it does not exist.
    - In check mode, the policy a real run would produce, without the fields only the server can assign.
  returned: always
  type: dict
  sample:
    id: 1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a
    name: Invoice fraud
    pattern: '(?i)wire transfer.*urgent'
    targets: [SUBJECT, BODY]
    enabled: true
    notes: Seen in the 2026-11 campaign
    created_at: "2026-12-03T10:00:00Z"
    modified_at: "2026-12-03T10:00:00Z"
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and
      C(id); V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create
      (and the changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the content policy as a successful run would show
      it.
  returned: failure
  type: list
  elements: dict
id:
  description: When the task is refused after the read, the id of the content policy it is about (such as the one an O(id)
    names, or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several content policies (duplicates), their ids, separated by commas; set O(id) to choose
    one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another content policy holds the new key and the run keeps it, the id
    of that content policy.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/content_policies
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.content_policy import CONTENT_POLICY


def main():
    run_one(CONTENT_POLICY)


if __name__ == '__main__':
    main()
