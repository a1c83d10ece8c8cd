# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: trusted_domain
short_description: Manage one Cloudflare Email Security trusted domain
version_added: 0.1.0
description:
  - Create, update or delete one trusted domain of Cloudflare Email Security (Cloudflare One). A trusted domain is exempted
    from the detections of recently registered domains (O(is_recent)) or of look-alike domains (O(is_similarity)).
  - The module reads the current entry, compares it with the options that are set, and writes only what differs.
    Options that are not set are not managed, that is, neither compared nor sent.
  - A run that changes nothing sends one request (a read). A run that changes something sends two (a read and a write),
    and a create one more read (runs that created the same entry at the same time converge on the oldest).
author:
  - cloudflare_one.email_security contributors (@cloudflare-one-email-security)
extends_documentation_fragment:
  - cloudflare_one.email_security.api
  - cloudflare_one.email_security.attributes.one
  - cloudflare_one.email_security.attributes
  - cloudflare_one.email_security.options.one
options:
  id:
    description:
      - The identifier of the entry, a UUID string or an integer (some accounts answer with integer ids; ids compare as strings).
      - When set, it alone identifies the entry, whose O(pattern) may then be
        changed; with O(state=present) and an O(id) that does not exist, the module fails.
      - With O(state=present) and O(id), the values set are checked once the entry is read. A value equal to the stored one is
        neither checked nor sent (a legacy entry, which the API accepted once and the current rules refuse, is kept, with a
        warning), and a value that differs must pass the rules, or the task fails before any write.
    type: raw
  pattern:
    description:
      - The domain (such as V(partner.example)), or a regular expression when O(is_regex=true), 1 to 1024 characters.
      - Without O(is_regex=true), it must be a domain name as for an allow policy of type DOMAIN (ASCII letters, digits and hyphens,
        at least two labels, no trailing dot), checked before any request.
      - Without O(id), O(pattern) alone identifies the entry; domains compare without regard to case, regular expressions exactly.
      - A domain that is the stored one in another case is not sent; the task is V(ok), and a warning names the stored spelling.
    type: str
  is_regex:
    description:
      - Whether O(pattern) is a (Java) regular expression. V(false) is sent on create when not set.
      - It is not part of the identity; when it is not set, the pattern is checked as a domain name.
    type: bool
  is_recent:
    description:
      - Whether mail from this recently registered domain is exempt from the MALICIOUS and SUSPICIOUS dispositions that its
        age would give. V(false) is sent on create when not set.
    type: bool
  is_similarity:
    description:
      - Whether mail from this look-alike domain is exempt from the SPOOF disposition that its proximity would give.
        V(false) is sent on create when not set.
    type: bool
  comments:
    description:
      - A note about the entry, at most 1024 characters. An empty string clears it; an absent comment and an empty one are the same.
    type: str
notes:
  - With O(state=absent), O(is_recent), O(is_similarity) and O(comments) are ignored, and a warning says so.
  - A change of the key by O(id) (another O(pattern) or O(is_regex)) first reads the trusted domains that hold the new key; if another
    trusted domain holds it, the task fails naming its id and writes nothing (two trusted domains with one key would make every later task
    by key ambiguous).
  - With O(state=absent) and O(id), a O(pattern) given beside the id must be that trusted domain's own, else the task fails with its actual
    key and deletes nothing.
seealso:
  - module: cloudflare_one.email_security.trusted_domains
    description: Manage the whole set of trusted domains in one task.
  - module: cloudflare_one.email_security.trusted_domain_info
    description: Read trusted domains.
  - name: Cloudflare API reference
    description: The trusted domain endpoints.
    link: https://developers.cloudflare.com/api/resources/email_security/subresources/settings/subresources/trusted_domains/
"""

EXAMPLES = r"""
- name: Trust a partner's new look-alike domain (the token comes from CLOUDFLARE_API_TOKEN)
  cloudflare_one.email_security.trusted_domain:
    account_id: "{{ cloudflare_account_id }}"
    pattern: partner-mail.example
    is_recent: true
    is_similarity: true
    comments: Registered by the partner in 2026-11
  delegate_to: localhost

- name: Stop trusting it
  cloudflare_one.email_security.trusted_domain:
    pattern: partner-mail.example
    state: absent
"""

RETURN = r"""
trusted_domain:
  description:
    - The entry as the API returned it after the write, or the current one when nothing changed; V({}) when it does not exist.
    - In check mode, the entry a real run would produce, without the fields only the server can assign.
  returned: always
  type: dict
  sample:
    id: 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
    pattern: partner-mail.example
    is_regex: false
    is_recent: true
    is_similarity: true
    comments: Registered by the partner in 2026-11
    created_at: "2026-11-26T10:00:00Z"
    modified_at: "2026-11-26T10:00:00Z"
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and C(id);
      V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create (and the
      changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the trusted domain as a successful run would show it.
  returned: failure
  type: list
  elements: dict
id:
  description:
    When the task is refused after the read, the id of the trusted domain it is about (such as the one an O(id) names, or one that
    is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several trusted domains (duplicates), their ids, separated by commas; set O(id) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another trusted domain holds the new key and the run keeps it, the id of that trusted domain.
  returned: failure
  type: str
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

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._runner import run_one
from ansible_collections.cloudflare_one.email_security.plugins.module_utils.resources.trusted_domain import TRUSTED_DOMAIN


def main():
    run_one(TRUSTED_DOMAIN)


if __name__ == '__main__':
    main()
