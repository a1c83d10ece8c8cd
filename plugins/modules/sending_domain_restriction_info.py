# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: sending_domain_restriction_info
short_description: Read Cloudflare Email Security sending domain restrictions, in a shape that can be applied again
version_added: 0.1.0
description:
  - Read one sending domain restriction of Cloudflare Email Security (Cloudflare One) by O(id), or all of them, following every
    page (1000 a page), optionally filtered.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.sending_domain_restriction.info
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: Export the sending domain restrictions (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.sending_domain_restriction_info:
    account_id: "{{ cloudflare_account_id }}"
  register: current
  delegate_to: localhost
"""

RETURN = r"""
sending_domain_restrictions:
  description:
    - The restrictions, sorted by C(domain), each with every field that
      O(cloudflare_one.email_security.sending_domain_restrictions#module:sending_domain_restrictions) takes.
    - With O(include_ids=true), each also has C(id) (as the API returns it), and nothing else. The read-only C(created_at) and
      C(modified_at) are left out, since the set module does not take them.
    - Without it, a restriction that its key cannot address has C(id) too, so that the list applies again as it is (legacy
      data, such as two restrictions of one domain).
  returned: always
  type: list
  elements: dict
  sample: [{domain: example.com, exclude: [newsletter.example.com], comments: ''}]
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
duplicates:
  description:
    - The natural keys (C(domain)) that more than one of the sending domain restrictions read holds, each with C(ids), oldest
      first. Such sending domain restrictions can only be managed one by one by id.
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

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_info
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.sending_domain_restriction import SENDING_DOMAIN_RESTRICTION


def main():
    run_info(SENDING_DOMAIN_RESTRICTION)


if __name__ == '__main__':
    main()
