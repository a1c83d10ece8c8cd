# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: domain_info
short_description: Read the domains protected by Cloudflare Email Security, in a shape that can be applied again
version_added: 0.1.0
description:
  - Read one domain of Cloudflare Email Security (Cloudflare One) by O(id), or all of them, following every page (1000 a page),
    optionally filtered, with their status and, on request, their verification record.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.domain.info
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: Export the domains (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.domain_info:
    account_id: "{{ cloudflare_account_id }}"
  register: current
  delegate_to: localhost

- name: Wait until example.com is verified
  cloudflare_one.email_security.domain_info:
    domain: example.com
    include_verification: true
  register: onboarding
  until: onboarding.domains[0].verification.verified
  retries: 30
  delay: 60
"""

RETURN = r"""
domains:
  description:
    - The domains, sorted by C(domain), each with every field that O(cloudflare_one.email_security.domains#module:domains) takes,
      and the read-only fields the API answered with (C(status), C(authorization), C(spf_status), C(dmarc_status),
      C(emails_processed), C(inbox_provider), C(o365_tenant_id)), which the set module takes and ignores.
    - With O(include_verification=true), each also has C(verification).
    - With O(include_ids=true), each also has C(id) (as the API returns it). Without it, a domain that its key cannot address
      has C(id) too, so that the list applies again as it is (legacy data, such as two domains whose names differ only in case).
  returned: always
  type: list
  elements: dict
  sample:
    - domain: example.com
      allowed_delivery_modes: [DIRECT]
      drop_dispositions: [MALICIOUS, SPOOF]
      ip_restrictions: []
      regions: [GLOBAL]
      folder: null
      integration_id: null
      lookback_hops: null
      require_tls_inbound: false
      require_tls_outbound: false
      transport: null
      status: PENDING
      verification:
        status: PENDING
        txt_record_name: _cf-email-security.example.com
        txt_record_value: cf-email-security-verification=8d2f0c
        last_checked_at: null
        verified: false
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
duplicates:
  description:
    - The natural keys (C(domain)) that more than one of the domains read holds, each with C(ids), oldest first. Such domains
      can only be managed one by one by id.
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

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_info
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.domain import DOMAIN


def main():
    run_info(DOMAIN)


if __name__ == '__main__':
    main()
