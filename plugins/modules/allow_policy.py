# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: allow_policy
short_description: Manage one Cloudflare Email Security allow policy
version_added: 0.1.0
description:
  - Create, update or delete one allow policy of Cloudflare Email Security (Cloudflare One).
  - An allow policy exempts mail from a sender (email address, domain or IP) from some or all detections,
    or exempts a recipient.
  - The module reads the current policy, compares it with the options that are set, and writes only what differs.
    Options that are not set are not managed, that is, neither compared nor sent.
  - A run that changes nothing sends one request (a read). A run that changes something sends two (a read and a write),
    and a create one more read (runs that created the same policy at the same time converge on the oldest).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.allow_policy
  - cloudflare_one.email_security.attributes
notes:
  - A flag that the API leaves out of a policy is taken as V(false) when comparing.
  - Pattern forms are checked before any request with the rules of the API; only Java-only regular expression syntax is left to the API.
  - "In check mode, RV(policy) of a policy to be created has no server-assigned fields (C(id), C(created_at), C(modified_at)),
    and that of a policy to be updated has no C(modified_at)."
  - In a loop, give each policy once; two items that designate one policy (V(8.8.8.8) and V(8.8.8.8/32)) undo each other
    on every run. The module C(cloudflare_one.email_security.allow_policies) manages a list and refuses such input.
seealso:
  - name: Cloudflare Email Security allow policies
    description: Cloudflare's guide to allow policies.
    link: https://developers.cloudflare.com/cloudflare-one/email-security/settings/detection-settings/allow-policies/
  - name: Cloudflare API reference
    description: The allow policy endpoints.
    link: https://developers.cloudflare.com/api/resources/email_security/subresources/settings/subresources/allow_policies/
"""

EXAMPLES = r"""
- name: Trust a partner's domain (runs on the controller; the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.allow_policy:
    account_id: "{{ cloudflare_account_id }}"
    pattern: partner.example
    pattern_type: DOMAIN
    is_acceptable_sender: true
    verify_sender: true
    comments: Partner mail, exempt from spam and bulk
  delegate_to: localhost

- name: Set the connection options once for every module of the collection
  module_defaults:
    group/cloudflare_one.email_security.cloudflare:
      account_id: "{{ cloudflare_account_id }}"
      api_token: "{{ vault_cloudflare_api_token }}"
  block:
    - name: Exempt the security team's mailbox
      cloudflare_one.email_security.allow_policy:
        pattern: soc@example.com
        pattern_type: EMAIL
        is_exempt_recipient: true

    - name: Exempt a partner's sending range from spam and bulk (203.0.113.0/24 is a documentation range; use your own)
      cloudflare_one.email_security.allow_policy:
        pattern: 203.0.113.0/24
        pattern_type: IP
        is_acceptable_sender: true
        verify_sender: true

    - name: Only where it is needed, let a sender bypass every detection (trusted sender)
      cloudflare_one.email_security.allow_policy:
        pattern: 198.51.100.25
        pattern_type: IP
        is_trusted_sender: true
        verify_sender: true

    - name: Update by natural key; options not given (here the other flags) are left as they are
      cloudflare_one.email_security.allow_policy:
        pattern: partner.example
        pattern_type: DOMAIN
        comments: ""

    - name: Change the pattern itself, addressing the policy by id
      cloudflare_one.email_security.allow_policy:
        id: 0d9f7d2c-4b8e-4a36-9f4e-2f1a5c6b7d80
        pattern: partner-mail.example

    - name: Allow a family of addresses with a regular expression
      cloudflare_one.email_security.allow_policy:
        pattern: '.*@alerts\.example\.com'
        pattern_type: EMAIL
        is_regex: true
        is_acceptable_sender: true

    - name: Remove a policy
      cloudflare_one.email_security.allow_policy:
        pattern: old-partner.example
        pattern_type: DOMAIN
        state: absent

# Preview a change before it is merged: ansible-playbook site.yml --check --diff
# shows, per policy, the fields before and after, and writes nothing.
"""

RETURN = r"""
policy:
  description:
    - The policy as the API returned it after the write, or the current one when nothing changed.
    - In check mode, the policy a real run would produce, without the fields only the server can assign.
    - V({}) when the policy does not exist (O(state=absent)).
    - The deprecated duplicate fields of the API (C(is_sender), C(is_spoof), C(is_recipient), C(last_modified)) are left out.
  returned: always
  type: dict
  sample:
    id: 0d9f7d2c-4b8e-4a36-9f4e-2f1a5c6b7d80
    pattern: partner.example
    pattern_type: DOMAIN
    is_regex: false
    verify_sender: true
    is_trusted_sender: false
    is_acceptable_sender: true
    is_exempt_recipient: false
    comments: Partner mail, exempt from spam and bulk
    created_at: "2026-11-26T10:00:00Z"
    modified_at: "2026-11-26T10:00:00Z"
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and
      C(id); V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create
      (and the changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the policy as a successful run would show it.
  returned: failure
  type: list
  elements: dict
id:
  description: When the task is refused after the read, the id of the policy it is about (such as the one an O(id) names,
    or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several policies (duplicates), their ids, separated by commas; set O(id) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another policy holds the new key and the run keeps it, the id of that
    policy.
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

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_one
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.allow_policy import ALLOW_POLICY


def main():
    run_one(ALLOW_POLICY)


if __name__ == '__main__':
    main()
