# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Random option sets through every module's real entry point: never a traceback, never a request the API refuses.

Every module in plugins/modules is found and its argument spec read from the module itself (its
``AnsibleModule`` is stopped as it is built). Hypothesis then draws option sets from that spec:
right and wrong types, lengths at and past the limits, choices and non-choices, unicode, regular
expressions, IPv4/IPv6 addresses with and without prefixes, missing and conflicting options, random
lists of items. Each set runs through ``main()`` with HTTP served by ``responses`` (plausible
envelopes). A case passes when the module ends in ``exit_json``/``fail_json`` (never an exception),
a failure that came before any request or after requests only, and every request it sent, body
and query, is accepted by the shipped OpenAPI subset (validated with openapi-core, as
tests/emulator does).

``FUZZ_EXAMPLES`` sets the number of cases in all (split over the modules); ``make units`` runs
``DEFAULT_EXAMPLES``, ``make fuzz`` the 5,000 of the issue. The seed is fixed (derandomized), so a
failure is reproduced by running the test again.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import ipaddress
import json
import os
import re
import sys
import uuid
from pathlib import Path
from unittest import mock

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import domains

from ansible.module_utils import basic

from ansible_collections.cloudflare_one.email_security.tests.unit.conftest import patch_module_args
from ansible_collections.cloudflare_one.email_security.tests.unit.constants import ACCOUNT, API, TOKEN

COLLECTION_ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(COLLECTION_ROOT / 'tests' / 'emulator'))
from emulator_testkit import NEXT_SPEC_PATH, SIBLINGS_SPEC_PATH, load_spec_document  # noqa: E402 pylint: disable=import-error,wrong-import-position
from openapi_core import OpenAPI  # noqa: E402 pylint: disable=wrong-import-position
from openapi_core.contrib.requests import RequestsOpenAPIRequest  # noqa: E402 pylint: disable=wrong-import-position

MODULES = sorted(path.stem for path in (COLLECTION_ROOT / 'plugins' / 'modules').glob('*.py') if not path.stem.startswith('_'))
DEFAULT_EXAMPLES = 600
EXAMPLES = int(os.environ.get('FUZZ_EXAMPLES', DEFAULT_EXAMPLES))


def _spec(path=None):
    """A shipped subset, with one change that docs/api_rules.md prescribes: an id is an opaque string (it
    was an integer before 2026), so its UUID form is not enforced on the ids that users give."""
    document = load_spec_document(path) if path else load_spec_document()
    for name, schema in document['components']['schemas'].items():
        if name.endswith('Id'):
            schema.pop('format', None)
    return OpenAPI.from_dict(document)


SPEC = _spec()
SIBLINGS_SPEC = _spec(SIBLINGS_SPEC_PATH)  # block senders, trusted domains, impersonation registry, URL ignore patterns
NEXT_SPEC = _spec(NEXT_SPEC_PATH)  # content policies (the SDKs' surface)
PREFIX = API + '/accounts/'
TIMESTAMP = '2026-11-01T00:00:00Z'
FLAGS = ('is_regex', 'verify_sender', 'is_trusted_sender', 'is_acceptable_sender', 'is_exempt_recipient')
TRIED = dict(cases=0, requests=0, failed_before_request=0, failed_after_requests=0, succeeded=0)


class _Built(Exception):
    pass


def argument_spec(module_name):
    """The argument spec the module builds (connection options included)."""
    module = importlib.import_module('ansible_collections.cloudflare_one.email_security.plugins.modules.' + module_name)
    seen = {}

    def stop(self, argument_spec, **kwargs):
        seen.update(argument_spec)
        raise _Built()

    with mock.patch.object(basic.AnsibleModule, '__init__', stop), patch_module_args({}):
        with pytest.raises(_Built):
            module.main()
    return module, seen


# ----- values -------------------------------------------------------------------------------------------------------

def _networks(version):
    top = 32 if version == 4 else 128
    return st.builds('{0}/{1}'.format, st.ip_addresses(v=version), st.integers(0, top + 2))


JUNK = st.one_of(st.none(), st.integers(-2 ** 40, 2 ** 40), st.floats(allow_nan=True), st.booleans(),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
TEXTS = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec='utf-8'), min_size=1, max_size=12),
    domains().map(lambda name: name.upper() if len(name) % 3 == 0 else name),
    st.emails(),
    st.ip_addresses().map(str), _networks(4), _networks(6),
    st.text(alphabet='.*+?()[]{}\\|^$ab@-_,/: \n\t', max_size=16),
    st.sampled_from(['.*@example\\.com', '(open', 'x\\', '\\p{Alpha}+@example\\.com', 'partner.example.', 'mail_out.example.com',
                     '192.168.10.0/24', '1.1.1.1/24', '::1', '2001:db8::/32', 'a,b@example.com', ' partner.example ', '', ' ',
                     'legacy entry', 'soc@example.com', 'partner.example']),
    st.integers(0, 3).map(lambda n: 'c' * (1022 + n)),
    st.integers(0, 3).map(lambda n: 'd' * (251 + n) + '.example'),
    st.uuids().map(str),
)
TEXT_OR_JUNK = st.one_of(TEXTS, TEXTS, TEXTS, JUNK)
BOOLS = st.one_of(st.booleans(), st.booleans(), st.sampled_from(['yes', 'no', 'true', 'off', 'maybe', 1, 0, 2, '', None]))
NUMBERS = st.one_of(st.integers(-3, 12), st.floats(-1, 100), st.sampled_from(['3', 'x', '', None, 0.0001, 10 ** 9]))


# Values a user means: of the right type, and for text something a pattern, an id or a comment could be.
PLAUSIBLE_TEXTS = st.one_of(
    domains(), st.emails(), st.ip_addresses().map(str), _networks(4), _networks(6), st.text(max_size=20),
    st.sampled_from(['.*@example\\.com', 'partner.example', 'soc@example.com', '203.0.113.0/24', '2001:db8::/32']),
)


def value_of(spec, plausible=False):
    """A strategy of values for one option of an argument spec.

    ``plausible``: of the right type and, with ``choices``, one of them (so that many cases get as far as requests);
    otherwise mostly plausible, sometimes of a wrong type, a non-choice, or past a limit.
    """
    kind = spec.get('type', 'str')
    if spec.get('choices'):
        choice = st.sampled_from(list(spec['choices']))
        return choice if plausible else st.one_of(choice, choice, TEXT_OR_JUNK)
    if kind == 'bool':
        return st.booleans() if plausible else BOOLS
    if kind in ('int', 'float'):
        return st.integers(1, 5) if plausible else NUMBERS
    if kind == 'list' and spec.get('options'):
        items = options_of(spec['options'], plausible)
        return st.lists(items, max_size=6) if plausible else st.one_of(st.lists(items, max_size=6), st.lists(st.one_of(items, JUNK), max_size=3), JUNK)
    if kind == 'list':
        return st.lists(PLAUSIBLE_TEXTS, max_size=4) if plausible else st.one_of(st.lists(TEXTS, max_size=4), JUNK)
    if kind == 'dict' and spec.get('options'):
        return options_of(spec['options'], plausible) if plausible else st.one_of(options_of(spec['options']), JUNK)
    if plausible:
        return st.one_of(PLAUSIBLE_TEXTS, st.uuids().map(str)) if kind == 'raw' else PLAUSIBLE_TEXTS
    return TEXT_OR_JUNK


def options_of(specs, plausible=False):
    """Option dictionaries of an argument spec: any option (or one of its aliases) may be set or missing."""
    optional = {}
    for name, spec in specs.items():
        names = [name] + list(spec.get('aliases', ()))
        optional[name] = st.tuples(st.sampled_from(names), value_of(spec, plausible))
    drawn = st.fixed_dictionaries({}, optional=optional).map(lambda chosen: dict(chosen.values()))
    return drawn.flatmap(_coherent) if plausible else drawn


# A pattern of the type set beside it, in half of the plausible cases where both are set.
PATTERN_OF = dict(DOMAIN=domains(), EMAIL=st.emails(), IP=st.one_of(st.ip_addresses().map(str), st.builds(
    lambda address, prefix: str(ipaddress.ip_network('{0}/{1}'.format(address, prefix % (address.max_prefixlen + 1)), strict=False)),
    st.ip_addresses(), st.integers(0, 128))))


def _coherent(options):
    kind = options.get('pattern_type')
    if 'pattern' in options and kind in PATTERN_OF:
        return st.one_of(st.just(options), PATTERN_OF[kind].map(lambda pattern: dict(options, pattern=pattern)))
    return st.just(options)


CONNECTION = ('account_id', 'api_token', 'api_email', 'api_key', 'api_url')


def option_sets(spec):
    """Whole option sets: two of three plausible (the connection valid), one of three hostile (anything, the connection too)."""
    own = dict((name, option) for name, option in spec.items() if name not in CONNECTION)
    valid = st.sampled_from([dict(account_id=ACCOUNT, api_token=TOKEN), dict(account_id=ACCOUNT, api_email='ops@example.com', api_key='fuzz-key')])
    connection = st.one_of(valid, valid, options_of(dict((name, spec[name]) for name in CONNECTION if name != 'api_url')))
    plausible = st.tuples(valid, options_of(own, plausible=True), st.booleans(), st.booleans())
    hostile = st.tuples(connection, options_of(own), st.booleans(), st.booleans())
    return st.one_of(plausible, plausible, hostile)


# ----- the API ------------------------------------------------------------------------------------------------------

def _policy(policy_id, **fields):
    policy = dict(id=policy_id, pattern='partner.example', pattern_type='DOMAIN', comments=None, created_at=TIMESTAMP, modified_at=TIMESTAMP)
    policy.update(dict((flag, False) for flag in FLAGS))
    policy.update(fields)
    return policy


STORED = [_policy('6f1c0a3e-1b2c-4d5e-8f90-0123456789ab'),
          _policy('7f1c0a3e-1b2c-4d5e-8f90-0123456789ab', pattern='soc@example.com', pattern_type='EMAIL', is_exempt_recipient=True),
          _policy('8f1c0a3e-1b2c-4d5e-8f90-0123456789ab', pattern='203.0.113.0/24', pattern_type='IP', comments='Relay')]


def envelope(result, **extra):
    return dict(success=True, errors=[], messages=[], result=result, **extra)


class Api:
    """Answers every request with a plausible envelope, after checking it against the OpenAPI subset."""

    def __init__(self):
        self.sent = []
        self.refused = []

    def __call__(self, request):
        self.sent.append(request)
        try:
            spec = SPEC if '/allow_policies' in request.path_url else NEXT_SPEC if '/content_policies' in request.path_url else SIBLINGS_SPEC
            spec.validate_request(RequestsOpenAPIRequest(request))
        except Exception as exc:  # pylint: disable=broad-except
            reason = getattr(exc, '__cause__', None) or exc
            self.refused.append('{0} {1} {2!r}: {3}: {4}'.format(request.method, request.url, request.body, type(exc).__name__, reason))
        path = request.path_url.split('?', 1)[0]
        body = json.loads(request.body) if request.body else None
        tail = path.rsplit('/', 1)[-1]
        if request.method == 'GET' and tail == 'allow_policies':
            return 200, {}, json.dumps(envelope(STORED, result_info=dict(page=1, per_page=1000, count=len(STORED), total_count=len(STORED))))
        if request.method == 'POST' and tail == 'batch':
            result = dict(deletes=[dict(id=item['id']) for item in body['deletes']],
                          patches=[_policy(item['id'], **item) for item in body['patches']],
                          posts=[_policy(str(uuid.uuid4()), **item) for item in body['posts']], puts=[])
            return 200, {}, json.dumps(envelope(result))
        if request.method == 'POST':
            return 200, {}, json.dumps(envelope(_policy(str(uuid.uuid4()), **body)))
        if request.method == 'DELETE':
            return 200, {}, json.dumps(envelope(dict(id=tail)))
        stored = dict((policy['id'], policy) for policy in STORED).get(tail)
        if stored is None:
            return 404, {}, json.dumps(dict(success=False, errors=[dict(code=1002, message='Not found')], messages=[], result=None))
        return 200, {}, json.dumps(envelope(dict(stored, **(body or {}))))


def run_case(module, options, check_mode, diff):
    api = Api()
    args = dict(options, api_url=API, _ansible_check_mode=check_mode, _ansible_diff=diff)
    out = io.StringIO()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for method in ('GET', 'POST', 'PATCH', 'DELETE', 'PUT'):
            rsps.add_callback(method, re.compile(re.escape(PREFIX) + '.*'), callback=api)
        with patch_module_args(args), contextlib.redirect_stdout(out), mock.patch('time.sleep'):
            try:
                module.main()
            except SystemExit:
                pass
    return api, out.getvalue()


@pytest.fixture(scope='module', autouse=True)
def _no_environment():
    saved = dict((name, os.environ.pop(name)) for name in list(os.environ) if name.startswith('CLOUDFLARE_'))
    yield
    os.environ.update(saved)


def report():
    """One line for the terminal summary (tests/unit/conftest.py prints it)."""
    return ('fuzz: {cases} random option sets, {requests} requests validated against the OpenAPI subset; {failed_before_request} '
            'failed before any request, {failed_after_requests} failed after requests, {succeeded} succeeded'.format(**TRIED))


@pytest.mark.parametrize('module_name', MODULES)
def test_random_options_end_cleanly_with_requests_the_api_accepts(module_name):
    module, spec = argument_spec(module_name)
    examples = max(1, -(-EXAMPLES // len(MODULES)))  # rounded up: at least EXAMPLES in all

    @settings(max_examples=examples, derandomize=True, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(option_sets(spec))
    def case(drawn):
        connection, own, check_mode, diff = drawn
        options = dict(own, **connection)
        TRIED['cases'] += 1
        api, out = run_case(module, options, check_mode, diff)
        assert out, 'the module ended without a result: {0!r}'.format(options)
        result = json.loads(out)
        assert 'exception' not in result and 'Traceback' not in out, result
        assert not api.refused, api.refused
        TRIED['requests'] += len(api.sent)
        if result.get('failed'):
            TRIED['failed_after_requests' if api.sent else 'failed_before_request'] += 1
        else:
            TRIED['succeeded'] += 1

    case()
