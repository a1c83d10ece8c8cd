# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: content_policies
short_description: Manage a set of Cloudflare Email Security content policies in one task
version_added: 0.1.0
description:
  - Create, update and delete many content policies of Cloudflare Email Security (Cloudflare One) at once.
  - The module reads every policy of the account once (1000 a page), plans the whole list against them, and writes every
    change in one atomic request to the batch endpoint (one batch per 1000 creates, updates or deletes).
  - A run that changes nothing sends one request per 1000 policies (one for up to 1000).
  - Content policies are not in the schema Cloudflare publishes (at the commit this collection was built against); the module
    follows the surface of the official SDKs (npm C(cloudflare) 7.3, PyPI C(cloudflare) 5.9), which may change.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.content_policy.set
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: The account's content policies are exactly these (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.content_policies:
    account_id: "{{ cloudflare_account_id }}"
    purge: true
    content_policies:
      - name: Invoice fraud
        pattern: '(?i)wire transfer.*urgent'
        targets: [SUBJECT, BODY]
        enabled: true
      - name: Gift cards
        pattern: '(?i)gift ?cards?'
        targets: [BODY]
        enabled: false
  delegate_to: localhost
"""

RETURN = r"""
content_policies:
  description: The resulting set (in check mode, the set a real run would leave), sorted by C(name), in the input shape of
    O(content_policies), without ids but for legacy data (objects that only their id addresses), as
    M(cloudflare_one.email_security.content_policy_info) exports it.
  returned: success
  type: list
  elements: dict
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
msg:
  description: The plan, in one line, with the content policies left alone and why.
  returned: always
  type: str
  sample: 'Plan: 2 to create, 1 to update, 0 to delete, 997 unchanged'
summary:
  description: How many content policies are created, updated and deleted, and how many items need no change.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: dict
  sample:
    create: 2
    update: 1
    delete: 0
    unchanged: 997
created:
  description:
    - The content policies created (in check mode, to be created), each with every managed field.
    - C(item) is the position of the item in O(content_policies), counted from 1; C(id) is missing in check mode.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 2b7c0e4a-8f1d-4d6b-a0c5-9e3f7a1b2c4d
      item: 1
      name: Invoice fraud
      pattern: (?i)wire transfer.*urgent
      targets:
        - SUBJECT
        - BODY
      enabled: true
      notes: Seen in the 2026-11 campaign
updated:
  description: The content policies updated, each with its key, and the changed fields C(before) and C(after).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 0d9f7d2c-4b8e-4a36-9f4e-2f1a5c6b7d80
      item: 2
      name: Invoice fraud
      before:
        pattern: ''
      after:
        pattern: (?i)wire transfer.*urgent
deleted:
  description:
    - The content policies deleted, each with its key and C(reason), V(absent) (an item says so), V(purge) (no item designates
      it), or C(duplicate of <id>) (with O(purge), the older content policy with the same key is kept).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 9a4d2e10-3b5c-4f8e-a1d2-7c6b5a4e3f21
      name: Invoice fraud
      reason: purge
skipped_items:
  description:
    - With O(skip_missing_ids=true), the items whose C(id) no content policy of the account has, not written, each with C(item)
      (its position in O(content_policies), counted from 1), C(id) and its key. (Ansible reserves the name C(skipped) for
      the boolean.)
  returned: success
  type: list
  elements: dict
applied:
  description:
    - When a write failed, the changes applied before the failure (in the order sent), each as in RV(created), RV(updated)
      or RV(deleted), with C(action) (V(create), V(update) or V(delete)); a change that created a content policy has its new
      C(id).
    - With C(--diff), the failed result also holds C(diff), the diff of these changes, in the shape of a successful run's.
  returned: failure
  type: list
  elements: dict
failed_changes:
  description:
    - When a write failed, the changes the error is about (for a batch, found from the error's C(source.pointer); for a write
      of unknown outcome, those a new read did not find in effect), with C(action).
    - (Ansible reserves the name C(failed) for the boolean.)
  returned: failure
  type: list
  elements: dict
not_applied:
  description: When a write failed, the other changes, which were not sent, with C(action).
  returned: failure
  type: list
  elements: dict
item_numbers:
  description: When two items are refused together (they designate one content policy, or declare one key), their positions,
    counted from 1.
  returned: failure
  type: list
  elements: int
item:
  description: When one item is refused after the read (a rename onto the key of a kept content policy, a key beside an id
    with O(content_policies[].state=absent) that is not the content policy's), its position, counted from 1.
  returned: failure
  type: int
id:
  description: When the task is refused after the read, the id of the content policy it is about (such as the one an O(content_policies[].id)
    names, or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several content policies (duplicates), their ids, separated by commas; set O(content_policies[].id)
    to choose one.
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

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_set
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.content_policy import CONTENT_POLICY


def main():
    run_set(CONTENT_POLICY)


if __name__ == '__main__':
    main()
