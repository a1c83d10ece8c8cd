# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The connection of every module: the shared options (account, credentials, endpoint), the ``AnsibleModule`` with them,
and the client built from them (:func:`cloudflare_client`), or a message that says what to fix.

The options here are documented once, in the ``cloudflare_one.email_security.api`` doc
fragment; keep the two in step (the sanity test validate-modules checks that they agree).
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlparse

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib
from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._client import (
    DEFAULT_API_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CloudflareClient,
)

ACCOUNT_ID_LENGTH = 32
_HEX = frozenset('0123456789abcdefABCDEF')
_PRINTABLE_ASCII = re.compile(r'^[\x21-\x7e]+$')
MAX_RETRIES_LIMIT = 10


def environment_fallback(*variables):
    """The value of the first of ``variables`` that is set and not blank: an empty variable counts as unset."""
    for variable in variables:
        if os.environ.get(variable, '').strip():
            return os.environ[variable]
    raise AnsibleFallbackNotFound


CLOUDFLARE_COMMON_ARGS = dict(
    account_id=dict(type='str', fallback=(environment_fallback, ['CLOUDFLARE_ACCOUNT_ID'])),
    # The credentials' environment variables are read by credentials(), not by env_fallback, so that
    # credentials set on the task replace all of them, and a token in the environment wins over a key.
    api_token=dict(type='str', no_log=True),
    api_email=dict(type='str'),
    api_key=dict(type='str', no_log=True),
    api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(environment_fallback, ['CLOUDFLARE_BASE_URL'])),
    validate_certs=dict(type='bool', default=True),
    timeout=dict(type='float', default=30),
    max_retries=dict(type='int', default=3),
)
CLOUDFLARE_MUTUALLY_EXCLUSIVE = [('api_token', 'api_key')]
CREDENTIAL_VARIABLES = dict(api_token='CLOUDFLARE_API_TOKEN', api_email='CLOUDFLARE_EMAIL', api_key='CLOUDFLARE_API_KEY')
VARIABLES = dict(CREDENTIAL_VARIABLES, account_id='CLOUDFLARE_ACCOUNT_ID', api_url='CLOUDFLARE_BASE_URL')
_TYPE_NAMES = dict(str='a string', dict='a mapping', list='a list', int='a number', float='a number', bool='a boolean', NoneType='empty (null)')
LOOPBACK_HOSTS = ('localhost', '127.0.0.1', '::1')


def cloudflare_module(argument_spec, **kwargs):
    """An AnsibleModule with the shared connection options added to ``argument_spec``.

    That api_email and api_key go together is checked by :func:`connection_problems`, after the
    environment variables are read, so that its message can name them.

    A list of mappings given something else, or holding an item that is not a mapping, fails with a message that
    names the option and the item (:func:`list_problems`), where Ansible's own says "dictionary requested".
    """
    spec = dict(CLOUDFLARE_COMMON_ARGS)
    spec.update(argument_spec)
    kwargs['mutually_exclusive'] = CLOUDFLARE_MUTUALLY_EXCLUSIVE + list(kwargs.get('mutually_exclusive', []))
    # The task's arguments, as AnsibleModule reads them (ansible-core documents _load_params for modules that need them
    # first; nothing when a tool builds the module only to read its argument spec).
    problems = list_problems(spec, basic._load_params() or {})  # pylint: disable=protected-access
    if problems:
        # Ansible would refuse these options first, unnamed: a module that takes them as they are reports ours.
        lenient = dict((name, dict(option, type='raw', elements=None, options=None) if name in problems else option) for name, option in spec.items())
        AnsibleModule(argument_spec=lenient, **kwargs).fail_json(msg=' '.join(problems.values()))
    return AnsibleModule(argument_spec=spec, **kwargs)


def _shown(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'


def _type_name(value):
    return _TYPE_NAMES.get(type(value).__name__, 'a ' + type(value).__name__)


def list_problems(spec, args):
    """What is wrong with the options of ``spec`` that are lists of mappings, as given in ``args`` (the task's
    arguments, before Ansible validates them): ``{option: message}``, each naming the option and the item."""
    problems = {}
    for name, option in spec.items():
        value = args.get(name)
        if option.get('type') != 'list' or option.get('elements') != 'dict' or value is None:
            continue
        if not isinstance(value, list):
            problems[name] = ('{0} is {1}, not a list: write each item as a mapping in a list (such as "{0}: [{{...}}]"), even a single one; '
                              'got {2}.'.format(name, _type_name(value), _shown(value)))
            continue
        bad = []
        for number, item in enumerate(value, 1):
            try:
                check_type_dict(item)
            except (TypeError, ValueError):
                bad.append('{0} item {1} is {2}, not a mapping: {3}.'.format(name, number, _type_name(item), _shown(item)))
        if bad:
            problems[name] = ' '.join(bad) + ' Each item of {0} is a mapping of its options (option: value).'.format(name)
    return problems


def credentials(params, environ):
    """The credentials to use, without surrounding white space.

    Credentials set on the task are used alone, even empty (:func:`connection_problems` refuses them then).
    Otherwise ``CLOUDFLARE_API_TOKEN``, else ``CLOUDFLARE_EMAIL`` and ``CLOUDFLARE_API_KEY``; an empty variable
    counts as unset.
    """
    names = ('api_token', 'api_email', 'api_key')
    chosen = dict((name, params.get(name)) for name in names)
    if all(value is None for value in chosen.values()):
        chosen = dict((name, environ.get(variable, '').strip() or None) for name, variable in CREDENTIAL_VARIABLES.items())
        if chosen['api_token']:
            chosen.update(api_email=None, api_key=None)
    return dict((name, value.strip() if isinstance(value, str) else value) for name, value in chosen.items())


def sources(params, environ):
    """The environment variable each connection option of ``params`` (as the task resolved them, before
    :func:`credentials`) took its value from: ``{option: variable}``, for messages that name what the user set."""
    from_environment = all(params.get(name) is None for name in CREDENTIAL_VARIABLES)
    found = {}
    for name, variable in VARIABLES.items():
        value = environ.get(variable, '').strip()
        if value and (from_environment if name in CREDENTIAL_VARIABLES else (params.get(name) or '').strip() == value):
            found[name] = variable
    return found


def connection_problems(params, named=None):
    """What is wrong with the connection options (credentials already resolved), as messages that say
    what to fix, never holding a credential; ``named`` maps an option to the environment variable its value
    came from (see :func:`sources`), which the messages then name."""
    named = named or {}
    problems = []
    empty = [name for name in ('account_id', 'api_token', 'api_email', 'api_key') if params.get(name) == '']
    for name in empty:
        problems.append('{0} is empty: set it, or leave the option out to use the environment variable {1} '
                        '(an empty option is not replaced by the environment).'.format(name, VARIABLES[name]))
    for name in ('api_token', 'api_email', 'api_key'):
        value = params.get(name)
        if value and not _PRINTABLE_ASCII.match(value):
            problems.append('{0} holds characters that cannot be sent in an HTTP header (a line break, a control or non-ASCII '
                            'character): check how it is stored.'.format(named.get(name, name)))
    account_id = params.get('account_id')
    if account_id is None:
        problems.append('account_id is required: set the option account_id or the environment variable CLOUDFLARE_ACCOUNT_ID.')
    elif account_id:
        problem = account_id_problem(account_id)
        if problem:
            problems.append(named.get('account_id', 'account_id') + ' must be the account identifier shown in the Cloudflare dashboard (32 hexadecimal '
                            'characters, such as 0123456789abcdef0123456789abcdef), not a name or URL: {0}.'.format(problem))
    if not empty and not params.get('api_token') and not (params.get('api_email') and params.get('api_key')):
        if params.get('api_email') or params.get('api_key'):
            problems.append('api_email and api_key go together: set both (CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY), or use api_token.')
        else:
            problems.append('No credentials: set api_token (or the environment variable CLOUDFLARE_API_TOKEN), '
                            'or api_email and api_key (CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).')
    api_url = params.get('api_url') or ''
    if api_url.startswith('http://') and urlparse(api_url).hostname not in LOOPBACK_HOSTS:
        problems.append('{0} must use https://; http:// is only accepted for a local emulator on localhost or 127.0.0.1.'.format(
            named.get('api_url', 'api_url')))
    elif not api_url.startswith(('https://', 'http://')):
        problems.append('{0} must start with https:// (or http:// for a local emulator); got {1!r}.'.format(named.get('api_url', 'api_url'), api_url))
    if params.get('timeout') is not None and params['timeout'] <= 0:
        problems.append('timeout must be a number of seconds greater than 0.')
    if params.get('max_retries') is not None and not 0 <= params['max_retries'] <= MAX_RETRIES_LIMIT:
        problems.append('max_retries must be between 0 and {0}.'.format(MAX_RETRIES_LIMIT))
    return problems


def account_id_problem(account_id):
    """Why ``account_id`` is not 32 hexadecimal characters, naming the first wrong character (None when it is)."""
    bad = next(((index, char) for index, char in enumerate(account_id) if char not in _HEX), None)
    if bad is not None:
        return '{0!r} (character {1}) is not a hexadecimal digit'.format(bad[1], bad[0] + 1)
    if len(account_id) != ACCOUNT_ID_LENGTH:
        return 'it has {0} characters'.format(len(account_id))
    return None


def account_path(params, suffix):
    """``/accounts/<account_id>/<suffix>`` with the account id quoted."""
    return '/accounts/{0}/{1}'.format(quote(params['account_id'], safe=''), suffix.lstrip('/'))


def cloudflare_client(module):
    """The client for this run, or ``fail_json`` with what to fix. Sends no request."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    if isinstance(module.params.get('account_id'), str):
        module.params['account_id'] = module.params['account_id'].strip()  # like the credentials: a pasted line break
    params = dict(module.params)
    params.update(credentials(module.params, os.environ))
    module.no_log_values.update(value for value in (params['api_token'], params['api_key']) if value)
    problems = connection_problems(params, sources(module.params, os.environ))
    if problems:
        module.fail_json(msg=' '.join(problems))
    if not params['validate_certs']:
        module.warn('validate_certs is false: the TLS certificate of {0} is not checked, so anyone on the path can read the '
                    'credentials and change what is sent. Use it only for a test endpoint.'.format(params['api_url']))
    return CloudflareClient(
        api_url=params['api_url'],
        api_token=params['api_token'],
        api_email=params['api_email'],
        api_key=params['api_key'],
        timeout=params['timeout'],
        validate_certs=params['validate_certs'],
        max_retries=params['max_retries'],
        on_retry=module.warn,
    )


def fail_from_error(module, error, **result):
    """``fail_json`` for a :class:`CloudflareError`, with its structured fields beside ``msg``."""
    result.update(error.to_dict())
    module.fail_json(msg=error.message, **result)


__all__ = ['account_path', 'cloudflare_client', 'cloudflare_module', 'connection_problems', 'fail_from_error']
