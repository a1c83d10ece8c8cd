# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: allow_policy_info
short_description: Read Cloudflare Email Security allow policies, in a shape that can be applied again
version_added: 0.1.0
description:
  - Read one allow policy of Cloudflare Email Security (Cloudflare One) by O(id), or all of them, following every page
    (1000 a page), optionally filtered.
  - RV(policies) is in the input shape of M(cloudflare_one.email_security.allow_policies), so that it can be written to a vars
    file and applied again, to the same account or another one (export).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.allow_policy.info
  - cloudflare_one.email_security.attributes
notes:
  - A flag that the API leaves out of a policy is returned as V(false), and a missing comment as an empty string.
seealso:
  - ref: ansible_collections.cloudflare_one.email_security.docsite.guide_policy_sets
    description: Export an account's allow policies to a vars file.
"""

EXAMPLES = r"""
- name: Read every allow policy of the account
  cloudflare_one.email_security.allow_policy_info:
    account_id: "{{ cloudflare_account_id }}"
  register: current
  delegate_to: localhost

- name: Write them to a vars file that allow_policies accepts unchanged (export)
  ansible.builtin.copy:
    content: "{{ {'allow_policies': current.policies} | to_nice_yaml(indent=2) }}"
    dest: allow_policies.yml
    mode: "0644"
  delegate_to: localhost

- name: Which trusted senders are there?
  cloudflare_one.email_security.allow_policy_info:
    is_trusted_sender: true
  register: trusted
"""

RETURN = r"""
policies:
  description:
    - The policies, sorted by C(pattern_type), C(pattern) and C(is_regex), each with every field that
      O(cloudflare_one.email_security.allow_policies#module:policies) takes, and no deprecated field.
    - With O(include_ids=true), each also has C(id) (as the API returns it, a UUID string or an integer on
      accounts that answer so), and nothing else. The read-only C(created_at) and C(modified_at) are left
      out, since the set module does not take them.
    - Without it, a policy that its key cannot address has C(id) too, so that the list applies again as it is. That is legacy data, which
      the API accepted once and the current rules refuse (a key that another policy holds, such as one that differs only in
      case; a value of an older form). Applying the list, the set module keeps such a policy as it is, with a warning.
  returned: always
  type: list
  elements: dict
  sample:
    - pattern_type: DOMAIN
      pattern: partner.example
      is_regex: false
      verify_sender: true
      is_trusted_sender: false
      is_acceptable_sender: true
      is_exempt_recipient: false
      comments: Partner mail
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
duplicates:
  description:
    - The natural keys (C(pattern), C(pattern_type), C(is_regex)) that more than one of the policies read holds, each with
      C(ids), oldest first. Such policies can only be managed one by one by id.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/allow_policies
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY


def main():
    run_info(ALLOW_POLICY)


if __name__ == '__main__':
    main()
