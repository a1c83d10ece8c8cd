# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: domain
short_description: Manage one domain protected by Cloudflare Email Security
version_added: 0.1.0
description:
  - Onboard, update or offboard one domain of Cloudflare Email Security (Cloudflare One), with how its mail reaches Email
    Security, what is dropped, and where it is processed.
  - The module reads the current domain, compares it with the options that are set, and writes only what differs (a PATCH
    of the changed fields). Options that are not set are not managed, that is, neither compared nor sent.
  - A lookup by O(domain) reads every domain (1000 a page; the API's domain filter has no documented case rules). A run that
    changes nothing sends one request per 1000 domains; a change adds one write, and a create one more read (runs that
    created the same domain at the same time converge on the oldest).
  - Deleting a domain offboards it, which cannot be undone, so O(state=absent) needs O(allow_offboard=true).
  - A new domain must then be verified; see the guide "Onboard a domain" and
    O(cloudflare_one.email_security.domain_info#module:include_verification).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.domain
  - cloudflare_one.email_security.attributes
seealso:
  - name: Cloudflare API reference
    description: The domain endpoints.
    link: https://developers.cloudflare.com/api/resources/email_security/subresources/settings/subresources/domains/
"""

EXAMPLES = r"""
- name: Protect example.com, its mail coming directly (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.domain:
    account_id: "{{ cloudflare_account_id }}"
    domain: example.com
    allowed_delivery_modes: [DIRECT]
    drop_dispositions: [MALICIOUS, SPOOF]
    ip_restrictions: []
    regions: [GLOBAL]
  delegate_to: localhost

- name: Also drop spam (the other fields are left as they are)
  cloudflare_one.email_security.domain:
    domain: example.com
    drop_dispositions: [MALICIOUS, SPOOF, SPAM]

- name: Offboard it (cannot be undone)
  cloudflare_one.email_security.domain:
    domain: old.example.com
    state: absent
    allow_offboard: true
"""

RETURN = r"""
domain:
  description:
    - The domain as the API returned it after the write, or the current one when nothing changed; V({}) when it does not exist.
    - In check mode, the domain a real run would produce, without the fields only the server can assign (the id, timestamps,
      and for a new domain its C(status) and C(authorization)).
  returned: always
  type: dict
  sample:
    id: 3f1e2d4c-5b6a-4798-8a0b-1c2d3e4f5a6b
    domain: example.com
    allowed_delivery_modes: [DIRECT]
    drop_dispositions: [MALICIOUS, SPOOF]
    ip_restrictions: []
    regions: [GLOBAL]
    status: PENDING
    created_at: "2026-12-03T10:00:00Z"
    modified_at: "2026-12-03T10:00:00Z"
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and
      C(id); V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create
      (and the changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the domain as a successful run would show it.
  returned: failure
  type: list
  elements: dict
id:
  description: When the task is refused after the read, the id of the domain it is about (such as the one an O(id) names,
    or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several domains (duplicates), their ids, separated by commas; set O(id) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another domain holds the new key and the run keeps it, the id of that
    domain.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/domains
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.domain import DOMAIN


def main():
    run_one(DOMAIN)


if __name__ == '__main__':
    main()
