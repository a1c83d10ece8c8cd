# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: block_sender
short_description: Manage one Cloudflare Email Security block sender
version_added: 0.1.0
description:
  - Create, update or delete one block sender of Cloudflare Email Security (Cloudflare One). Mail from a blocked sender
    (email address, domain or IP, or a regular expression) is blocked.
  - The module reads the current entry, compares it with the options that are set, and writes only what differs.
    Options that are not set are not managed, that is, neither compared nor sent.
  - A run that changes nothing sends one request (a read). A run that changes something sends two (a read and a write),
    and a create one more read (runs that created the same entry at the same time converge on the oldest).
  - O(pattern), O(pattern_type) and O(is_regex) mean, compare and are checked as for
    M(cloudflare_one.email_security.allow_policy).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.block_sender
  - cloudflare_one.email_security.attributes
seealso:
  - name: Cloudflare API reference
    description: The block sender endpoints.
    link: https://developers.cloudflare.com/api/resources/email_security/subresources/settings/subresources/block_senders/
"""

EXAMPLES = r"""
- name: Block a domain (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.block_sender:
    account_id: "{{ cloudflare_account_id }}"
    pattern: spam.example
    pattern_type: DOMAIN
    comments: Campaign of 2026-11
  delegate_to: localhost

- name: Block a family of addresses with a regular expression
  cloudflare_one.email_security.block_sender:
    pattern: '.*@bulk\.example'
    pattern_type: EMAIL
    is_regex: true

- name: Unblock an address range (203.0.113.0/24 is a documentation range)
  cloudflare_one.email_security.block_sender:
    pattern: 203.0.113.0/24
    pattern_type: IP
    state: absent
"""

RETURN = r"""
block_sender:
  description:
    - The entry as the API returned it after the write, or the current one when nothing changed; V({}) when it does not exist.
    - In check mode, the entry a real run would produce, without the fields only the server can assign.
  returned: always
  type: dict
  sample:
    id: 5c2e6f1a-7b3d-4e8f-9a0b-1c2d3e4f5a6b
    pattern: spam.example
    pattern_type: DOMAIN
    is_regex: false
    comments: Campaign of 2026-11
    created_at: "2026-11-26T10:00:00Z"
    modified_at: "2026-11-26T10:00:00Z"
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and
      C(id); V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create
      (and the changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the block sender as a successful run would show it.
  returned: failure
  type: list
  elements: dict
id:
  description: When the task is refused after the read, the id of the block sender it is about (such as the one an O(id) names,
    or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several block senders (duplicates), their ids, separated by commas; set O(id) to choose
    one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another block sender holds the new key and the run keeps it, the id
    of that block sender.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/block_senders
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.block_sender import BLOCK_SENDER


def main():
    run_one(BLOCK_SENDER)


if __name__ == '__main__':
    main()
