# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This plugin_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The documentation of a family's modules, built from its descriptor (``module_utils/resources/``), so that each option
is written once: in ``Field.doc``.

Each family's doc fragment (``doc_fragments/<family>.py``) holds what this builds: the options of the module for one
object (with the connection options, the attributes of its kind and ``state``), of the set module (the list, whose suboptions are the
same options, and the set switches) and of the info module (``id``, the filters, ``include_ids``), with the notes and links
that the descriptor decides. A module extends its one fragment, and documents only what is its own.

ansible-core takes RETURN from fragments only from 2.20 on; until ``requires_ansible`` reaches it, the result keys that
every module of a kind shares (:func:`returns`) are written into each module's RETURN by
``tests/update_docs.py``, which ``make test`` runs with ``--lint``.
"""

from __future__ import annotations

import re

import yaml

from ansible_collections.cloudflare_one.email_security.plugins.doc_fragments.api import ModuleDocFragment as Api
from ansible_collections.cloudflare_one.email_security.plugins.doc_fragments.attributes import ModuleDocFragment as Attributes
from ansible_collections.cloudflare_one.email_security.plugins.doc_fragments.options import ModuleDocFragment as Options

FQCN = 'cloudflare_one.email_security'
KINDS = ('one', 'set', 'info')


class _Dumper(yaml.SafeDumper):
    """YAML as the module docs are written: lists indented under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def dump(data, **style):
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, **dict(dict(width=130), **style))


def noun(resource):
    """What the documentation calls one object: 'policy', 'block sender'."""
    return resource.short_name or resource.name


def plural(resource):
    return resource.plural or resource.items_option.replace('_', ' ')


def a_noun(resource):
    return '{0} {1}'.format('an' if noun(resource)[:1] in 'aeiou' else 'a', noun(resource))


def module(resource, kind):
    return '{0}.{1}'.format(FQCN, resource.modules[KINDS.index(kind)])


def options_text(names, conjunction='and'):
    """``O(a), O(b) and O(c)``."""
    names = ['O({0})'.format(name) for name in names]
    return ', '.join(names[:-1]) + (' {0} '.format(conjunction) if len(names) > 1 else '') + names[-1]


def id_option(resource):
    option = dict(description=[
        'The identifier of the {0}, a UUID string or an integer (some accounts answer with integer ids). Ids compare as strings, '
        "so V(28083) and V('28083') designate the same {0}.".format(noun(resource)),
        'When set, it alone identifies the {0}, whose {1} may then be changed. With O(state=present) and an O(id) that does not '
        'exist, the task fails rather than create a new {0}.'.format(noun(resource), options_text(resource.key_fields)),
        'With O(state=present) and O(id), the values set are checked once the {0} is read. A value equal to the stored one is '
        'neither checked nor sent (legacy data, which the API accepted once and the current rules refuse, is kept, with a warning), '
        'and a value that differs must pass the rules, or the task fails before any write. Without O(id), they are checked before any '
        'request.'.format(noun(resource)),
    ], type='raw')
    if resource.id_aliases:
        option['aliases'] = list(resource.id_aliases)
    return option


def field_option(resource, fld):
    lines = list(fld.doc)
    if fld.create_default is not None:
        lines.append('When {0} is created and this is not set, V({1}) is sent.'.format(a_noun(resource), str(fld.create_default).lower()))
    if fld.deprecated:
        lines.append('The alias O({0}) is deprecated, as in the API.'.format(fld.deprecated))
    option = dict(description=lines, type=fld.kind)
    option.update((key, value) for key, value in fld.option().items() if key in ('choices', 'aliases', 'elements'))
    return option


def object_options(resource):
    """``id``, each field and ``state``: the options of the module for one object, and of an item of the set."""
    options = dict(id=id_option(resource))
    options.update((fld.name, field_option(resource, fld)) for fld in resource.fields + resource.read_only)
    options['state'] = dict(description=[
        'V(present) creates the {0}, or updates the fields that differ.'.format(noun(resource)),
        'V(absent) deletes it when it exists.'], type='str', choices=['present', 'absent'], default='present')
    return options


def guard_option(resource, kind):
    """The option of ``Resource.delete_guard`` in the module of ``kind`` (one, set): ``{name: doc}``, or empty."""
    if not resource.delete_guard:
        return {}
    name, reason = resource.delete_guard
    deletes = 'O(state=absent)' if kind == 'one' else 'an item with O({0}[].state=absent), or O(purge=true)'.format(resource.items_option)
    return {name: dict(description=[
        'Deleting {0} {1}. A task that would delete one ({2}) fails before any write, naming each {3} it would have deleted, '
        'unless this is V(true); in check mode too.'.format(a_noun(resource), reason, deletes, noun(resource))], type='bool', default=False)}


def in_set(text, items):
    """``text`` as the description of a suboption: ``O(name)`` of an item's option becomes ``O(items[].name)``."""
    return re.sub(r'O\((?!{0})([a-z_]+)'.format(re.escape(FQCN)), r'O({0}[].\1'.format(items), text)


def one_notes(resource):
    found = []
    if resource.ignored_when_absent:
        found.append('With O(state=absent), {0} {1} ignored, and a warning says so.'.format(
            options_text(resource.ignored_when_absent), 'is' if len(resource.ignored_when_absent) == 1 else 'are'))
    found.append('A change of the key by O(id) (another {0}) first reads the {1} that hold the new key; if another {2} holds it, the task '
                 'fails naming its id and writes nothing (two {1} with one key would make every later task by key ambiguous).'.format(
                     options_text(resource.key_fields + resource.key_qualifiers, 'or'), plural(resource), noun(resource)))
    found.append("With O(state=absent) and O(id), {0} given beside the id must be that {1}'s own, else the task fails with its actual "
                 'key and deletes nothing.'.format(options_text(resource.key_fields, 'or'), noun(resource)))
    return found


def set_notes(resource):
    items = resource.items_option
    found = []
    if resource.has_batch:
        found.append('Each batch is atomic. Past 1000 creates, updates or deletes, several batches are sent in a row, and atomicity then '
                     'holds per batch; a failure says what earlier batches applied.')
        found.append('If the account has no batch endpoint (HTTP 404 or 405), the module sends one request per change instead, and a '
                     'failure says what was applied before it (RV(applied)) and what failed (RV(failed_changes)).')
        found.append('A batch made only of updates is retried as an update of one {0} is (HTTP 429, 502, 503, 504, a broken connection); a '
                     'batch with a create or a delete is not sent again.'.format(noun(resource)))
    found.append('In the plan line, C(unchanged) counts the items that need no change.')
    found.append('A run never leaves two {0} with one key. An item whose O({1}[].id) gives its {2} the key that another item declares is '
                 'refused naming both items, and one that renames onto the key of {3} that the run keeps is refused naming that {2}\'s id '
                 '(delete it in the same run, with its own item or O(purge), and the rename is written). {4} that already share a key and '
                 'that no item renames are left as they are. With O({1}[].state=absent) and an id, a key given beside the id must be the '
                 "{2}'s own. These refusals come before any write, the same in check mode.".format(
                     plural(resource), items, noun(resource), a_noun(resource), plural(resource).capitalize()))
    return found


def set_option(resource):
    items = resource.items_option
    keys = options_text(['{0}[].{1}'.format(items, name) for name in resource.key_fields], 'and')
    qualifiers = ''.join(' (and O({0}[].{1}) when set)'.format(items, name) for name in resource.key_qualifiers)
    suboptions = dict((name, dict(option, description=[in_set(line, items) for line in option['description']]))
                      for name, option in object_options(resource).items())
    return dict(description=[
        'The {0}, each designated by O({1}[].id), or by {2}{3}.'.format(plural(resource), items, keys, qualifiers),
        'Two items that designate the same {0} are refused, before any request.'.format(noun(resource)),
        'The output of M({0}) (RV({0}#module:{1})) can be given here unchanged.'.format(module(resource, 'info'), items),
        'A V(null) value in an item is the same as leaving the option out.',
    ], type='list', elements='dict', required=True, suboptions=suboptions)


def info_options(resource):
    options = dict(id=dict(description=['The identifier of one {0} to read (one request). RV({1}) is empty when it does not exist.'.format(
        noun(resource), resource.items_option)], type='raw'))
    if resource.id_aliases:
        options['id']['aliases'] = list(resource.id_aliases)
    for name in resource.info_filters:
        fld = resource.field(name)
        if fld.kind == 'bool':
            line = 'Only the {0} with this value of C({1}).'.format(plural(resource), name)
        else:
            line = 'Only the {0} with this C({1}), compared as M({2}) compares it.'.format(plural(resource), name, module(resource, 'one'))
        if name in resource.list_filter:
            line = line[:-1] + ' (filtered by the API).'
        options[name] = dict(description=[line], type=fld.kind, **({'choices': list(fld.choices)} if fld.choices else {}))
    for name, _key, _path, doc in resource.info_reads:
        options[name] = dict(description=list(doc), type='bool', default=False)
    return options


def info_notes(resource):
    local = [name for name in resource.info_filters if name not in resource.list_filter]
    found = ['The filters {0} are applied to the {1} read, not sent to the API.'.format(options_text(local), plural(resource))]
    found.append('The {0} of the result apply again as they are, to the same account or another one, with M({1}).'.format(
        plural(resource), module(resource, 'set')))
    return found


def _loaded(text):
    return yaml.safe_load(text)


def fragment(resource, kind):
    """The doc fragment of the ``resource`` family's module of ``kind`` (one, set, info), as YAML text: the connection
    options, the attributes, the options, notes and links."""
    options = dict(_loaded(Api.DOCUMENTATION)['options'])
    options.update(_loaded(getattr(Options, kind.upper()))['options'])
    if kind == 'one':
        options.update(object_options(resource), **guard_option(resource, kind))
        notes = one_notes(resource)
        seealso = [dict(module=module(resource, 'set'), description='Manage the whole set of {0} in one task.'.format(plural(resource))),
                   dict(module=module(resource, 'info'), description='Read {0}.'.format(plural(resource)))]
    elif kind == 'set':
        options[resource.items_option] = set_option(resource)
        options.update(guard_option(resource, kind))
        notes = set_notes(resource)
        seealso = [dict(module=module(resource, 'one'), description='Manage one {0}.'.format(noun(resource))),
                   dict(module=module(resource, 'info'), description='Read {0}, in the input shape of this module (export).'.format(
                       plural(resource)))]
    else:
        options.update(info_options(resource))
        notes = info_notes(resource)
        seealso = [dict(module=module(resource, 'set'), description='Apply a set of {0} (the RV({1}) of this module, unchanged).'.format(
            plural(resource), resource.items_option))]
    # The action group attribute comes from the fragment cloudflare_one.email_security.attributes, which each module extends
    # itself (antsibull-nox's extra-checks look for it there).
    attributes = _loaded(getattr(Attributes, kind.upper()))['attributes']
    return dump(dict(options=options, attributes=attributes, notes=notes, seealso=seealso))


def fragments(resource):
    """``(ONE, SET, INFO)``: the fragments of the family's three modules (:func:`fragment`)."""
    return tuple(fragment(resource, kind) for kind in KINDS)


# ----- RETURN: the keys every module of a kind shares ----------------------------------------------------------------

_REQUEST_FAILED = '''
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
  sample: [{{code: 10000, message: Authentication error}}]
cf_ray:
  description: When a request failed, the C(cf-ray) header of Cloudflare's answer, which identifies the request.
  returned: failure
  type: str
api_path:
  description: When a request failed, its path (after O(api_url)); never the credentials.
  returned: failure
  type: str
  sample: /accounts/0123456789abcdef0123456789abcdef/email-security/settings/{path}
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
'''

_REFUSED = '''
id:
  description:
    When the task is refused after the read, the id of the {noun} it is about (such as the one an O({id}) names, or one that
    is locked).
  returned: failure
  type: str
ids:
  description: When a key designates several {plural} (duplicates), their ids, separated by commas; set O({id}) to choose one.
  returned: failure
  type: str
holder:
  description: When a rename by id is refused because another {noun} holds the new key and the run keeps it, the id of that {noun}.
  returned: failure
  type: str
'''

_ONE = '''
applied:
  description:
    - When a write failed, what was written before the failure, each with C(action) (V(create), V(update) or V(delete)) and C(id);
      V([]) when a write of unknown outcome turned out, read again, not to have taken effect; after a create, the create (and the
      changes that converge with a concurrent run) when a later request failed.
    - With C(--diff), the failed result also holds C(diff), the diff of the {noun} as a successful run would show it.
  returned: failure
  type: list
  elements: dict
'''

_SET = '''
msg:
  description: The plan, in one line, with the {plural} left alone and why.
  returned: always
  type: str
  sample: "Plan: 2 to create, 1 to update, 0 to delete, 997 unchanged"
summary:
  description: How many {plural} are created, updated and deleted, and how many items need no change.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: dict
  sample: {{create: 2, update: 1, delete: 0, unchanged: 997}}
created:
  description:
    - The {plural} created (in check mode, to be created), each with every managed field.
    - C(item) is the position of the item in O({items}), counted from 1; C(id) is missing in check mode.
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample: {created}
updated:
  description: The {plural} updated, each with its key, and the changed fields C(before) and C(after).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample: {updated}
deleted:
  description:
    - The {plural} deleted, each with its key and C(reason), V(absent) (an item says so), V(purge) (no item designates it),
      or C(duplicate of <id>) (with O(purge), the older {noun} with the same key is kept).
  returned: success, and failure with O(fail_on_drift=true) (what the drift is)
  type: list
  elements: dict
  sample: {deleted}
skipped_items:
  description:
    - With O(skip_missing_ids=true), the items whose C(id) no {noun} of the account has, not written, each with C(item) (its position
      in O({items}), counted from 1), C(id) and its key. (Ansible reserves the name C(skipped) for the boolean.)
  returned: success
  type: list
  elements: dict
applied:
  description:
    - When a write failed, the changes applied before the failure (in the order sent), each as in RV(created), RV(updated) or RV(deleted),
      with C(action) (V(create), V(update) or V(delete)); a change that created {a_noun} has its new C(id).
    - With C(--diff), the failed result also holds C(diff), the diff of these changes, in the shape of a successful run's.
  returned: failure
  type: list
  elements: dict
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
item_numbers:
  description: When two items are refused together (they designate one {noun}, or declare one key), their positions, counted from 1.
  returned: failure
  type: list
  elements: int
item:
  description:
    When one item is refused after the read (a rename onto the key of a kept {noun}, a key beside an id with O({items}[].state=absent)
    that is not the {noun}'s), its position, counted from 1.
  returned: failure
  type: int
'''

_INFO = '''
duplicates:
  description:
    - The natural keys ({keys}) that more than one of the {plural} read holds, each with C(ids), oldest first. Such {plural} can only
      be managed one by one by id.
  returned: success
  type: list
  elements: dict
'''

_RETURNS = dict(one=_ONE + _REFUSED + _REQUEST_FAILED, set=_SET + _REFUSED + _REQUEST_FAILED, info=_INFO + _REQUEST_FAILED)


def _flow(data):
    return dump(data, default_flow_style=True, width=10000).strip()


def returns(resource, kind):
    """The RETURN keys that the modules of ``kind`` (one, set, info) share, in the words of ``resource``, as YAML text."""
    example = dict(resource.example)
    key = resource.key(example)
    changed = next(name for name in resource.field_names if name not in key and not isinstance(example.get(name), bool))
    words = dict(
        noun=noun(resource), plural=plural(resource), a_noun=a_noun(resource), items=resource.items_option,
        id='{0}[].id'.format(resource.items_option) if kind == 'set' else 'id', path=resource.collection_path.rsplit('/', 1)[-1],
        keys=', '.join('C({0})'.format(name) for name in resource.key_fields + resource.key_qualifiers),
        created=_flow([dict(id='2b7c0e4a-8f1d-4d6b-a0c5-9e3f7a1b2c4d', item=1, **resource.export(example))]),
        updated=_flow([dict(dict(id='0d9f7d2c-4b8e-4a36-9f4e-2f1a5c6b7d80', item=2, **key), before={changed: ''},
                            after={changed: example[changed]})]),
        deleted=_flow([dict(dict(id='9a4d2e10-3b5c-4f8e-a1d2-7c6b5a4e3f21', **key), reason='purge')]),
    )
    return dump(yaml.safe_load(_RETURNS[kind].format(**words)), default_flow_style=False, width=120)
