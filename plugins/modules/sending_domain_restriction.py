# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: sending_domain_restriction
short_description: Manage one Cloudflare Email Security sending domain restriction
version_added: 0.1.0
description:
  - Create, update or delete one sending domain restriction of Cloudflare Email Security (Cloudflare One), which restricts
    the mail sent as a domain, but for the senders it excludes.
  - The module reads the current restriction, compares it with the options that are set, and writes only what differs.
    Options that are not set are not managed, that is, neither compared nor sent.
  - The API has no filter by domain, so a lookup reads every restriction (1000 a page). A run that changes nothing sends one
    request per 1000 restrictions; a change adds one write, and a create one more read (runs that created the same restriction
    at the same time converge on the oldest).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.sending_domain_restriction
  - cloudflare_one.email_security.attributes
seealso:
  - name: Cloudflare API reference
    description: The sending domain restriction endpoints.
    link: https://developers.cloudflare.com/api/resources/email_security/subresources/settings/subresources/sending_domain_restrictions/
"""

EXAMPLES = r"""
- name: Only the newsletter service may send as example.com (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.sending_domain_restriction:
    account_id: "{{ cloudflare_account_id }}"
    domain: example.com
    exclude: [newsletter.example.com]
  delegate_to: localhost
"""

RETURN = r"""
sending_domain_restriction:
  description:
    - The restriction as the API returned it after the write, or the current one when nothing changed; V({}) when it does not exist.
    - In check mode, the restriction a real run would produce, without the fields only the server can assign.
  returned: always
  type: dict
  sample:
    id: 5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716
    domain: example.com
    exclude: [newsletter.example.com]
    comments: Only the newsletter service sends as us
    created_at: "2026-12-03T10:00:00Z"
    modified_at: "2026-12-03T10:00:00Z"
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and
      C(id); V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create
      (and the changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the sending domain restriction as a successful run
      would show it.
  returned: failure
  type: list
  elements: dict
id:
  description: When the task is refused after the read, the id of the sending domain restriction it is about (such as the
    one an O(id) names, or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several sending domain restrictions (duplicates), their ids, separated by commas; set
    O(id) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another sending domain restriction holds the new key and the run keeps
    it, the id of that sending domain restriction.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/sending_domain_restrictions
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.sending_domain_restriction import SENDING_DOMAIN_RESTRICTION


def main():
    run_one(SENDING_DOMAIN_RESTRICTION)


if __name__ == '__main__':
    main()
