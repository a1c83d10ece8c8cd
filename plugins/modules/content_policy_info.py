# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: content_policy_info
short_description: Read Cloudflare Email Security content policies, in a shape that can be applied again
version_added: 0.1.0
description:
  - Read one content policy of Cloudflare Email Security (Cloudflare One) by O(id), or all of them, following every page
    (1000 a page), optionally filtered.
  - Content policies are not in the schema Cloudflare publishes (at the commit this collection was built against); the module
    follows the surface of the official SDKs (npm C(cloudflare) 7.3, PyPI C(cloudflare) 5.9), which may change.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.content_policy.info
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: Export the content policies (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.content_policy_info:
    account_id: "{{ cloudflare_account_id }}"
  register: current
  delegate_to: localhost
"""

RETURN = r"""
content_policies:
  description:
    - The policies, sorted by C(name), each with every field that
      O(cloudflare_one.email_security.content_policies#module:content_policies) takes.
    - With O(include_ids=true), each also has C(id) (as the API returns it), and nothing else. The read-only C(created_at) and
      C(modified_at) are left out, since the set module does not take them.
    - Without it, a policy that its key cannot address has C(id) too, so that the list applies again as it is (legacy data,
      such as two policies with one name).
  returned: always
  type: list
  elements: dict
  sample: [{name: Invoice fraud, pattern: '(?i)wire transfer.*urgent', targets: [SUBJECT, BODY], enabled: true, notes: ''}]
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
duplicates:
  description:
    - The natural keys (C(name)) that more than one of the content policies read holds, each with C(ids), oldest first. Such
      content policies can only be managed one by one by id.
  returned: success
  type: list
  elements: dict
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

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_info
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.content_policy import CONTENT_POLICY


def main():
    run_info(CONTENT_POLICY)


if __name__ == '__main__':
    main()
