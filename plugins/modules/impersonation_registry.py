# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: impersonation_registry
short_description: Manage the Cloudflare Email Security impersonation registry as a set, in one task
version_added: 0.1.0
description:
  - Create, update and delete many entries of the impersonation registry of Cloudflare Email Security (Cloudflare One) at once.
  - The module reads the whole registry once (1000 entries a page) and plans the whole list against it.
  - The API has no batch endpoint for the registry, so the module sends one request per change, in a stable order (deletes, then
    updates, then creates, each in the order of the items, then of creation). If one fails, the module stops and reports what
    was applied (RV(applied)), what failed (RV(failed_changes)) and what was not sent (RV(not_applied)).
  - Entries synced from a directory (a C(provenance) that starts with C(SNOOPY-), or a non-zero C(directory_id)) cannot be changed
    through the API. They are never updated or deleted; O(purge=true) leaves them alone, and the plan line counts them
    (C(N left alone (synced from a directory))). An item that would change one fails before any write.
  - With O(fail_on_drift=true), the module writes nothing and fails when anything differs, the drift alarm of a scheduled job.
  - Each item is matched and compared as M(cloudflare_one.email_security.impersonation_registry_entry) does it. Options that an
    item does not set are not managed, that is, neither compared nor sent.
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.impersonation_registry.set
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: The registry holds exactly these manual entries (directory-synced ones are left alone)
  cloudflare_one.email_security.impersonation_registry:
    account_id: "{{ cloudflare_account_id }}"
    purge: true
    entries:
      - email: ceo@example.com
        name: John Smith
      - email: cfo@example.com
        name: Jane Doe
        comments: Finance
  delegate_to: localhost
"""

RETURN = r"""
entries:
  description: The resulting registry (in check mode, the registry a real run would leave), sorted by C(email), in the input
    shape of O(entries), without ids but for legacy data (objects that only their id addresses), as
    M(cloudflare_one.email_security.impersonation_registry_info) exports it; directory-synced entries included.
  returned: success
  type: list
  elements: dict
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
msg:
  description: The plan, in one line, with the entries left alone and why.
  returned: always
  type: str
  sample: 'Plan: 2 to create, 1 to update, 0 to delete, 997 unchanged'
summary:
  description: How many entries are created, updated and deleted, and how many items need no change.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: dict
  sample:
    create: 2
    update: 1
    delete: 0
    unchanged: 997
created:
  description:
    - The entries created (in check mode, to be created), each with every managed field.
    - C(item) is the position of the item in O(entries), counted from 1; C(id) is missing in check mode.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 2b7c0e4a-8f1d-4d6b-a0c5-9e3f7a1b2c4d
      item: 1
      email: cfo@example.com
      is_email_regex: false
      name: Jane Doe
      comments: Finance
updated:
  description: The entries updated, each with its key, and the changed fields C(before) and C(after).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 0d9f7d2c-4b8e-4a36-9f4e-2f1a5c6b7d80
      item: 2
      email: cfo@example.com
      before:
        name: ''
      after:
        name: Jane Doe
deleted:
  description:
    - The entries deleted, each with its key and C(reason), V(absent) (an item says so), V(purge) (no item designates it),
      or C(duplicate of <id>) (with O(purge), the older impersonation registry entry with the same key is kept).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 9a4d2e10-3b5c-4f8e-a1d2-7c6b5a4e3f21
      email: cfo@example.com
      reason: purge
skipped_items:
  description:
    - With O(skip_missing_ids=true), the items whose C(id) no impersonation registry entry of the account has, not written,
      each with C(item) (its position in O(entries), counted from 1), C(id) and its key. (Ansible reserves the name C(skipped)
      for the boolean.)
  returned: success
  type: list
  elements: dict
applied:
  description:
    - When a write failed, the changes applied before the failure (in the order sent), each as in RV(created), RV(updated)
      or RV(deleted), with C(action) (V(create), V(update) or V(delete)); a change that created an impersonation registry
      entry has its new C(id).
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
  description: When two items are refused together (they designate one impersonation registry entry, or declare one key),
    their positions, counted from 1.
  returned: failure
  type: list
  elements: int
item:
  description: When one item is refused after the read (a rename onto the key of a kept impersonation registry entry, a key
    beside an id with O(entries[].state=absent) that is not the impersonation registry entry's), its position, counted from
    1.
  returned: failure
  type: int
id:
  description: When the task is refused after the read, the id of the impersonation registry entry it is about (such as the
    one an O(entries[].id) names, or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several entries (duplicates), their ids, separated by commas; set O(entries[].id) to
    choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another impersonation registry entry holds the new key and the run keeps
    it, the id of that impersonation registry entry.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/impersonation_registry
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.impersonation_registry import IMPERSONATION_REGISTRY


def main():
    run_set(IMPERSONATION_REGISTRY)


if __name__ == '__main__':
    main()
