# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The options that ``module_utils/_runner.py`` adds to every module of a kind (``one_argument_spec``,
    ``set_argument_spec`` and ``info_argument_spec``).

    A module that documents one of these options itself keeps its own text: the keys it sets take precedence over
    the fragment's.
    """

    # A module that manages one object.
    ONE = r"""
options:
  state:
    description:
      - V(present) creates the entry, or updates the fields that differ.
      - V(absent) deletes it when it exists.
    type: str
    choices: [present, absent]
    default: present
"""

    # A module that manages a whole set in one task: the switches beside its list of items.
    SET = r"""
options:
  purge:
    description:
      - Whether the list is the complete set. V(true) deletes every entry that no item designates.
      - Where several entries hold the natural key of an item, the oldest is kept and the others are deleted.
      - Without O(purge), such an item fails and names the ids (set the C(id) of the item to choose one).
    type: bool
    default: false
  allow_empty:
    description:
      - An empty list with O(purge=true) deletes every entry that O(purge) may delete; it is refused unless this is V(true).
    type: bool
    default: false
  fail_on_drift:
    description:
      - When anything differs, fail with the plan and write nothing, in check mode and in a real run alike.
      - For a scheduled job that alerts on drift. The result holds RV(created), RV(updated) and RV(deleted) of the plan.
    type: bool
    default: false
  skip_missing_ids:
    description:
      - An item whose C(id) no object of the account has is skipped, with a warning, and listed in RV(skipped_items), instead of failing
        the task.
      - For an export applied to another account (or to an emptied one), where the objects its keys designate are recreated,
        and those that only an id designates (legacy data, which the current rules refuse, or duplicate keys) cannot be.
    type: bool
    default: false
"""

    # A module that only reads.
    INFO = r"""
options:
  include_ids:
    description:
      - Whether each entry also holds its C(id). Read-only fields (C(created_at), C(modified_at)) are never returned, so the list
        stays the input of the set module, which applies it again as it is.
      - Ids belong to one account; leave this V(false) for an export to be applied to another account (an entry that only its
        id addresses, legacy data, has its C(id) either way).
    type: bool
    default: false
"""
