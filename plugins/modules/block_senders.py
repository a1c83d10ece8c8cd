# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: block_senders
short_description: Manage a set of Cloudflare Email Security block senders in one task
version_added: 0.1.0
description:
  - Create, update and delete many block senders of Cloudflare Email Security (Cloudflare One) at once.
  - The module reads every block sender of the account once (1000 a page), plans the whole list against them, and writes every
    change in one atomic request to the batch endpoint (one batch per 1000 creates, updates or deletes).
  - With O(purge=true), the list is the complete set, and every other block sender is deleted.
  - With O(fail_on_drift=true), the module writes nothing and fails when anything differs, the drift alarm of a scheduled job.
  - Each item is matched and compared as M(cloudflare_one.email_security.block_sender) does it. Options that an item does not
    set are not managed, that is, neither compared nor sent.
  - A run that changes nothing sends one request per 1000 entries (one for up to 1000).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.api
  - cloudflare_one.email_security.attributes.set
  - cloudflare_one.email_security.attributes
  - cloudflare_one.email_security.options.set
options:
  block_senders:
    description:
      - The block senders, each designated by O(block_senders[].id), or by O(block_senders[].pattern_type) and
        O(block_senders[].pattern) (and O(block_senders[].is_regex), an unset one meaning V(false)).
      - Two items that designate the same entry are refused, before any request.
      - The output of M(cloudflare_one.email_security.block_sender_info)
        (RV(cloudflare_one.email_security.block_sender_info#module:block_senders)) can be given here unchanged.
      - A V(null) value in an item is the same as leaving the option out.
    type: list
    elements: dict
    required: true
    suboptions:
      state:
        description:
          - V(present) creates the entry, or updates the fields that differ. V(absent) deletes it when it exists.
        type: str
        choices: [present, absent]
        default: present
      id:
        description:
          - The identifier of the entry (a UUID string, or an integer as some accounts answer; ids compare as strings).
          - When set, it alone designates the entry, whose pattern may then be changed.
          - With O(block_senders[].state=present), the values of an item with an id are checked once its entry is read. A value equal
            to the stored one is neither checked nor sent (a legacy entry, which the API accepted once and the current rules
            refuse, is kept as it is, with a warning naming it), and a value that differs must pass the rules, or the task
            fails before any write. Items without an id are checked before any request.
        type: raw
      pattern:
        description:
          - The email address, domain, IP address or CIDR range, or a regular expression when O(block_senders[].is_regex=true).
          - Checked and compared as by M(cloudflare_one.email_security.block_sender).
        type: str
      pattern_type:
        description:
          - What O(block_senders[].pattern) is.
          - V(UNKNOWN) is a deprecated type that old entries may still have. An item of that type may keep or remove such an
            entry (an export holds them), but cannot create one.
        type: str
        choices: [EMAIL, DOMAIN, IP, UNKNOWN]
      is_regex:
        description:
          - Whether O(block_senders[].pattern) is a (Java) regular expression. V(false) is sent on create when not set.
        type: bool
      comments:
        description:
          - A note about the entry, at most 1024 characters. An empty string clears it.
        type: str
notes:
  - Each batch is atomic. If the account has no batch endpoint (HTTP 404 or 405), the module sends one request per change
    instead, and a failure says what was applied before it (RV(applied)) and what failed (RV(failed_changes)).
  - A run never leaves two block senders with one key. An item whose O(block_senders[].id) gives its block sender the key that another item
    declares is refused naming both items, and one that renames onto the key of a block sender that the run keeps is refused naming that
    block sender's id (delete it in the same run, with its own item or O(purge), and the rename is written). Block senders that already
    share a key and that no item renames are left as they are. With O(block_senders[].state=absent) and an id, a key given beside the id
    must be the block sender's own. These refusals come before any write, the same in check mode.
  - A batch made only of updates is retried as an update of one block sender is (HTTP 429, 502, 503, 504, a broken connection); a batch with
    a create or a delete is not sent again.
seealso:
  - module: cloudflare_one.email_security.block_sender
    description: Manage one block sender.
  - module: cloudflare_one.email_security.block_sender_info
    description: Read block senders, in the input shape of this module (export).
"""

EXAMPLES = r"""
- name: The account's block list is exactly this (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.block_senders:
    account_id: "{{ cloudflare_account_id }}"
    purge: true
    block_senders:
      - pattern: spam.example
        pattern_type: DOMAIN
      - pattern: '.*@bulk\.example'
        pattern_type: EMAIL
        is_regex: true
      - pattern: 198.51.100.0/24
        pattern_type: IP
        comments: Documentation range; use your own
  delegate_to: localhost

- name: Nightly drift alarm
  cloudflare_one.email_security.block_senders:
    block_senders: "{{ block_senders }}"
    purge: true
    fail_on_drift: true
  check_mode: true
"""

RETURN = r"""
msg:
  description: The plan, in one line.
  returned: always
  type: str
  sample: "Plan: 1 to create, 0 to update, 1 to delete, 2 unchanged"
summary:
  description: How many entries are created, updated and deleted, and how many items need no change.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: dict
  sample: {create: 1, update: 0, delete: 1, unchanged: 2}
created:
  description: The entries created (in check mode, to be created), each with C(item), its position in O(block_senders) from 1,
    every managed field, and C(id) (not in check mode).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample: [{id: 5c2e6f1a-7b3d-4e8f-9a0b-1c2d3e4f5a6b, item: 1, pattern: spam.example, pattern_type: DOMAIN, is_regex: false, comments: ""}]
updated:
  description: The entries updated, each with its key, and the changed fields C(before) and C(after).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
deleted:
  description: The entries deleted, each with its key and C(reason), V(absent), V(purge) or C(duplicate of <id>).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
block_senders:
  description: The resulting set (in check mode, the set a real run would leave), sorted by C(pattern_type), C(pattern) and
    C(is_regex), in the input shape of O(block_senders), without ids but for legacy data (objects that only their id addresses),
    as M(cloudflare_one.email_security.block_sender_info) exports it.
  returned: success
  type: list
  elements: dict
applied:
  description:
    - When a write failed, the changes applied before the failure (in the order sent), each as in RV(created), RV(updated) or RV(deleted),
      with C(action) (V(create), V(update) or V(delete)); a change that created a block sender has its new C(id).
    - With C(--diff), the failed result also holds C(diff), the diff of these changes, in the shape of a successful run's.
  returned: failure
  type: list
  elements: dict
  sample: [{id: 9a4d2e10-3b5c-4f8e-a1d2-7c6b5a4e3f21, pattern: old.example, pattern_type: DOMAIN, is_regex: false, reason: purge, action: delete}]
failed_changes:
  description:
    - When a write failed, the changes the error is about (for a batch, found from the error's C(source.pointer); for a write of unknown
      outcome, those a new read did not find in effect), with C(action).
    - (Ansible reserves the name C(failed) for the boolean.)
  returned: failure
  type: list
  elements: dict
not_applied:
  description: When a write failed, the other changes, which were not sent, with C(action).
  returned: failure
  type: list
  elements: dict
id:
  description:
    When the task is refused after the read, the id of the block sender it is about (such as the one an O(block_senders[].id) names, or one that
    is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several block senders (duplicates), their ids, separated by commas; set O(block_senders[].id) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another block sender holds the new key and the run keeps it, the id of that block sender.
  returned: failure
  type: str
item_numbers:
  description: When two items are refused together (they designate one block sender, or declare one key), their positions, counted from 1.
  returned: failure
  type: list
  elements: int
item:
  description:
    When one item is refused after the read (a rename onto the key of a kept block sender, a key beside an id with O(block_senders[].state=absent)
    that is not the block sender's), its position, counted from 1.
  returned: failure
  type: int
status:
  description: When a request failed, its HTTP status; V(null) when no answer came.
  returned: failure
  type: int
  sample: 403
errors:
  description: When a request failed, Cloudflare's C(errors) list as received (C(code), C(message), C(source.pointer) where a field is at fault).
  returned: failure
  type: list
  elements: dict
  sample: [{code: 10000, message: Authentication error}]
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
      an HTTP 5xx) and reading again could not settle it; V(false) for a read, a refusal (4xx), or an outcome that reading again settled.
  returned: failure
  type: bool
"""

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_set
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.block_sender import BLOCK_SENDER


def main():
    run_set(BLOCK_SENDER)


if __name__ == '__main__':
    main()
