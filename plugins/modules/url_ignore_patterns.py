# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: url_ignore_patterns
short_description: Manage a set of Cloudflare Email Security URL ignore patterns in one task
version_added: 0.1.0
description:
  - Create, update and delete many URL ignore patterns of Cloudflare Email Security (Cloudflare One) at once.
  - The module reads every pattern of the account once (1000 a page), plans the whole list against them, and writes every
    change in one atomic request to the batch endpoint (one batch per 1000 creates, updates or deletes). The batch endpoint is
    in Cloudflare's published schema but in none of its SDKs; if the account answers that it has no such route, the module
    sends one request per change instead.
  - A run that changes nothing sends one request per 1000 patterns (one for up to 1000).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.url_ignore_pattern.set
  - cloudflare_one.email_security.attributes
"""

EXAMPLES = r"""
- name: The account's URL ignore patterns are exactly these (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.url_ignore_patterns:
    account_id: "{{ cloudflare_account_id }}"
    purge: true
    url_ignore_patterns:
      - pattern: https://tracker\.example/.*
        comments: Tracking links of the newsletter
      - pattern: ^https://sso\.example\.com/saml/
  delegate_to: localhost
"""

RETURN = r"""
url_ignore_patterns:
  description: The resulting set (in check mode, the set a real run would leave), sorted by C(pattern), in the input shape of
    O(url_ignore_patterns), without ids but for legacy data (objects that only their id addresses), as
    M(cloudflare_one.email_security.url_ignore_pattern_info) exports it.
  returned: success
  type: list
  elements: dict
# Generated from the descriptor by tests/update_docs.py: edit the descriptor, not the lines below.
msg:
  description: The plan, in one line, with the URL ignore patterns left alone and why.
  returned: always
  type: str
  sample: 'Plan: 2 to create, 1 to update, 0 to delete, 997 unchanged'
summary:
  description: How many URL ignore patterns are created, updated and deleted, and how many items need no change.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: dict
  sample:
    create: 2
    update: 1
    delete: 0
    unchanged: 997
created:
  description:
    - The URL ignore patterns created (in check mode, to be created), each with every managed field.
    - C(item) is the position of the item in O(url_ignore_patterns), counted from 1; C(id) is missing in check mode.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 2b7c0e4a-8f1d-4d6b-a0c5-9e3f7a1b2c4d
      item: 1
      pattern: https://tracker\.example/.*
      comments: Tracking links of the newsletter
updated:
  description: The URL ignore patterns updated, each with its key, and the changed fields C(before) and C(after).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 0d9f7d2c-4b8e-4a36-9f4e-2f1a5c6b7d80
      item: 2
      pattern: https://tracker\.example/.*
      before:
        comments: ''
      after:
        comments: Tracking links of the newsletter
deleted:
  description:
    - The URL ignore patterns deleted, each with its key and C(reason), V(absent) (an item says so), V(purge) (no item designates
      it), or C(duplicate of <id>) (with O(purge), the older URL ignore pattern with the same key is kept).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample:
    - id: 9a4d2e10-3b5c-4f8e-a1d2-7c6b5a4e3f21
      pattern: https://tracker\.example/.*
      reason: purge
skipped_items:
  description:
    - With O(skip_missing_ids=true), the items whose C(id) no URL ignore pattern of the account has, not written, each with
      C(item) (its position in O(url_ignore_patterns), counted from 1), C(id) and its key. (Ansible reserves the name C(skipped)
      for the boolean.)
  returned: success
  type: list
  elements: dict
applied:
  description:
    - When a write failed, the changes applied before the failure (in the order sent), each as in RV(created), RV(updated)
      or RV(deleted), with C(action) (V(create), V(update) or V(delete)); a change that created a URL ignore pattern has its
      new C(id).
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
  description: When two items are refused together (they designate one URL ignore pattern, or declare one key), their positions,
    counted from 1.
  returned: failure
  type: list
  elements: int
item:
  description: When one item is refused after the read (a rename onto the key of a kept URL ignore pattern, a key beside an
    id with O(url_ignore_patterns[].state=absent) that is not the URL ignore pattern's), its position, counted from 1.
  returned: failure
  type: int
id:
  description: When the task is refused after the read, the id of the URL ignore pattern it is about (such as the one an O(url_ignore_patterns[].id)
    names, or one that is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several URL ignore patterns (duplicates), their ids, separated by commas; set O(url_ignore_patterns[].id)
    to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another URL ignore pattern holds the new key and the run keeps it, the
    id of that URL ignore pattern.
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
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/url_ignore_patterns
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
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.url_ignore_pattern import URL_IGNORE_PATTERN


def main():
    run_set(URL_IGNORE_PATTERN)


if __name__ == '__main__':
    main()
