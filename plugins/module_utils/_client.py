# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""One small HTTP client for the Cloudflare v4 API, shared by every module.

It knows nothing about Ansible: it takes settings, sends requests over one
``requests.Session`` and turns every failure into :class:`CloudflareError`.
Retries are declared with urllib3's ``Retry`` (see :class:`CloudflareRetry`).
"""

from __future__ import annotations

import random
import time
import traceback
from urllib.parse import urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, InvalidHeader, MaxRetryError, ReadTimeoutError, ResponseError
    from urllib3.util.retry import Retry
except ImportError:  # pragma: no cover - reported by the modules with missing_required_lib()
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    Retry = object  # pylint: disable=invalid-name
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

COLLECTION_NAME = 'cloudflare_one.email_security'
COLLECTION_VERSION = '0.1.0'
USER_AGENT = '{0}/{1} (community Ansible collection)'.format(COLLECTION_NAME, COLLECTION_VERSION)
DEFAULT_API_URL = 'https://api.cloudflare.com/client/v4'

# Methods that may be repeated after the server may have acted on them: a GET reads, a PATCH
# sets the same fields to the same values again, a DELETE of a deleted object answers 404.
# POST (create, batch) is not among them: it is repeated only where the server certainly did
# not act on it (429, or a connection that was never established).
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'))
# Methods that only read: whatever happens to them, nothing was applied.
READ_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS'))
NO_ROUTE_CODE = 7003
RETRY_STATUSES = frozenset((429, 502, 503, 504))
BACKOFF_FACTOR = 0.5
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 60.0
MAX_PER_PAGE = 1000


class CloudflareError(Exception):
    """A request that did not succeed, with everything a person needs to act on it.

    ``status`` is None when no HTTP answer was received. ``errors`` is Cloudflare's
    ``errors[]`` list as received (code, message, source pointer). Never holds credentials.
    """

    def __init__(self, message, method=None, path=None, status=None, errors=None, cf_ray=None, may_have_applied=False):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.errors = errors or []
        self.cf_ray = cf_ray
        self.may_have_applied = may_have_applied

    @property
    def no_route(self):
        """Whether the API answered that it has no such route (a wrong api_url, or an endpoint it lacks)."""
        return self.status == 404 and _no_route(self.errors)

    def settled_message(self):
        """The message without its sentence about an unknown outcome, for when a new read has settled it."""
        return self.message.replace(_uncertain(self.method), '') if self.method else self.message

    def to_dict(self):
        """The structured fields that modules return beside ``msg``.

        The path is returned as ``api_path``: AnsibleModule treats a ``path`` key as a file.
        """
        return {
            'method': self.method,
            'api_path': self.path,
            'status': self.status,
            'errors': self.errors,
            'cf_ray': self.cf_ray,
            'may_have_applied': self.may_have_applied,
        }


def _no_route(errors):
    return any(err.get('code') == NO_ROUTE_CODE for err in errors)


def _describe_errors(errors):
    parts = []
    for err in errors:
        text = '{0} (code {1})'.format(err.get('message', 'no message'), err.get('code', '?'))
        pointer = (err.get('source') or {}).get('pointer')
        if pointer:
            text += ' at {0}'.format(pointer)
        parts.append(text)
    return '; '.join(parts)


def _hint_for_status(status, method, retry_after=None, errors=(), api_url=DEFAULT_API_URL):
    write = method not in READ_METHODS
    permission = 'Cloud Email Security: {0}'.format('Write' if write else 'Read')
    if status == 401:
        return ('Cloudflare did not accept the credentials: check api_token (CLOUDFLARE_API_TOKEN), '
                'or api_email and api_key (CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY).')
    if status == 403:
        return ('The credentials may not use this account: the API token needs the "{0}" permission on the account '
                'given as account_id (CLOUDFLARE_ACCOUNT_ID). A 403 can also mean that the account has no Email Security '
                'subscription.'.format(permission))
    if status == 404 and _no_route(errors):
        return ('Cloudflare has no such route: check api_url (CLOUDFLARE_BASE_URL), now {0}; it must end in /client/v4, '
                'as {1} does.'.format(api_url, DEFAULT_API_URL))
    if status == 429:
        wait = ' Cloudflare asks to wait {0} seconds.'.format(retry_after.strip()) if retry_after and retry_after.strip().isdigit() else ''
        return 'Cloudflare rate-limited the requests (1,200 per 5 minutes per token); wait and try again.' + wait
    return None


class CloudflareRetry(Retry):
    """urllib3 ``Retry`` with the rules of this collection.

    * 429 is retried for every method after the ``Retry-After`` the API gives (seconds or an
      HTTP date). A wait longer than ``RETRY_AFTER_MAX`` is not retried: the error says how
      long Cloudflare asks to wait (it blocks for five minutes once the limit is passed).
    * 502/503/504 and read errors are retried only for idempotent methods (``allowed_methods``; a
      :func:`make_retry` with ``repeatable`` counts POST among them, for a request that may be repeated).
    * A connection that was never established (refused, connect timeout) is retried for
      every method, since the server cannot have acted on it.
    * Without ``Retry-After``, retry n waits ``BACKOFF_FACTOR * 2**(n-1)`` seconds plus up to
      ``BACKOFF_FACTOR`` of jitter, at most ``BACKOFF_MAX`` (the same on urllib3 1.26 and 2.x).
    * Each retry calls ``on_retry(message)`` (a warning) and sleeps through ``sleeper``,
      which tests replace so that they never wait.
    """

    on_retry = None
    sleeper = staticmethod(time.sleep)
    max_tries = 0
    path_prefix = ''

    def new(self, **kw):
        retry = super().new(**kw)
        retry.on_retry = self.on_retry
        retry.sleeper = self.sleeper
        retry.max_tries = self.max_tries
        retry.path_prefix = self.path_prefix
        return retry

    def is_retry(self, method, status_code, has_retry_after=False):
        if self.total is not None and self.total <= 0:
            return False
        if method.upper() not in self.allowed_methods:
            return status_code == 429
        return super().is_retry(method, status_code, has_retry_after)

    def parse_retry_after(self, retry_after):
        try:
            return super().parse_retry_after(retry_after)
        except InvalidHeader:
            return None  # not a number of seconds nor a date: back off instead

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        wait = self.get_retry_after(response) if response is not None else None
        if wait is not None and wait > RETRY_AFTER_MAX:
            raise MaxRetryError(_pool, url, ResponseError('Retry-After of {0:.0f} s is longer than {1:.0f} s'.format(wait, RETRY_AFTER_MAX)))
        return super().increment(method=method, url=url, response=response, error=error, _pool=_pool, _stacktrace=_stacktrace)

    def get_backoff_time(self):
        retries = max(len(self.history), 1)
        return min(BACKOFF_MAX, BACKOFF_FACTOR * 2 ** (retries - 1) + random.uniform(0, BACKOFF_FACTOR))  # nosec - jitter, not crypto

    def sleep(self, response=None):
        delay = self.get_retry_after(response) if response is not None else None
        if delay is None:
            delay = self.get_backoff_time()
        if self.on_retry is not None and self.history:
            last = self.history[-1]
            reason = 'HTTP {0}'.format(last.status) if last.status else type(last.error).__name__ if last.error else 'an error'
            self.on_retry('Cloudflare API: {0} {1} failed with {2}; retry {3} of {4} in {5:.1f} s.'.format(
                last.method, _path_of(last.url, self.path_prefix), reason, len(self.history), self.max_tries, delay))
        self.sleeper(delay)


def _path_of(url, prefix=''):
    """The path of ``url`` without its query, and without ``prefix`` (the path of api_url): the form errors show."""
    if not url:
        return ''
    if '://' in url:
        url = '/' + url.split('://', 1)[1].split('/', 1)[-1]
    path = url.split('?', 1)[0]
    if prefix and path.startswith(prefix + '/'):
        path = path[len(prefix):]
    return path


def make_retry(max_retries, on_retry=None, sleeper=None, path_prefix='', repeatable=False):
    """The ``Retry`` object for a session: at most ``max_retries`` retries of one request.

    With ``repeatable``, a POST is retried like a PATCH: for a request whose repetition does no harm (a batch of patches).
    """
    retry = CloudflareRetry(
        total=max_retries,
        connect=max_retries,
        read=max_retries,
        status=max_retries,
        other=0,
        redirect=0,
        allowed_methods=IDEMPOTENT_METHODS | {'POST'} if repeatable else IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        raise_on_status=False,
        raise_on_redirect=False,
        respect_retry_after_header=True,
    )
    retry.on_retry = on_retry
    retry.max_tries = max_retries
    retry.path_prefix = path_prefix.rstrip('/')
    if sleeper is not None:
        retry.sleeper = sleeper
    return retry


class CloudflareClient:
    """A Cloudflare v4 API client for one account and one run of a module."""

    def __init__(self, api_url=DEFAULT_API_URL, api_token=None, api_email=None, api_key=None, timeout=30,
                 validate_certs=True, max_retries=3, on_retry=None, sleeper=None):
        self.api_url = api_url.rstrip('/')
        self.timeout = timeout
        self.max_retries = max_retries
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers['Accept'] = 'application/json'
        if api_token:
            self.session.headers['Authorization'] = 'Bearer {0}'.format(api_token)
        else:
            self.session.headers['X-Auth-Email'] = api_email
            self.session.headers['X-Auth-Key'] = api_key
        self._secrets = [secret for secret in (api_token, api_key) if secret]
        # The adapter's retry is chosen per request (:meth:`request`): a POST that may be repeated gets the second one.
        self._retries = dict((repeatable, make_retry(max_retries, on_retry=on_retry, sleeper=sleeper, path_prefix=urlsplit(self.api_url).path,
                                                     repeatable=repeatable)) for repeatable in (False, True))
        self.adapter = adapter = HTTPAdapter(max_retries=self._retries[False])
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)

    def request(self, method, path, params=None, body=None, repeatable=False):
        """Send one request (with its retries) and return ``(result, envelope)``.

        ``repeatable``: the request may be sent again after the server may have acted on it (a POST whose
        repetition does no harm, such as a batch of patches), so it is retried like a PATCH.

        Raises :class:`CloudflareError` for anything but a 2xx answer whose body is a JSON
        envelope with ``success: true``. No message ever holds the credentials.
        """
        self.adapter.max_retries = self._retries[repeatable]
        try:
            return self._request(method, path, params, body)
        except CloudflareError as exc:
            exc.message = self._scrub(exc.message)
            exc.args = (exc.message,)
            for error in exc.errors:
                if isinstance(error.get('message'), str):
                    error['message'] = self._scrub(error['message'])
            raise

    def _scrub(self, text):
        for secret in self._secrets:
            for form in (secret, repr(secret)[1:-1]):
                text = text.replace(form, '********')
        return text

    def _request(self, method, path, params, body):
        url = self.api_url + path
        uncertain = method not in READ_METHODS
        try:
            response = self.session.request(method, url, params=params, json=body, timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise CloudflareError('TLS with {0} failed for {1} {2}, so nothing was sent: {3}. Check the CA certificates of the host '
                                  'that runs the module (validate_certs=false only for a test endpoint).'.format(
                                      self.api_url, method, path, _reason(exc)), method=method, path=path)
        except requests.exceptions.ConnectionError as exc:
            if isinstance(exc, requests.exceptions.ConnectTimeout) or _never_connected(exc):
                raise CloudflareError('Could not connect to {0} for {1} {2}: {3}'.format(
                    self.api_url, method, path, _reason(exc)), method=method, path=path)
            tries = self._tries(exc)
            if _timed_out(exc):
                raise self._timeout_error(method, path, tries)
            raise CloudflareError(
                'The connection to {0} broke during {1} {2} before an answer came, {3}: {4}.{5}'.format(
                    self.api_url, method, path, _tries_text(tries), _reason(exc), _uncertain(method)),
                method=method, path=path, may_have_applied=uncertain)
        except requests.exceptions.Timeout as exc:
            raise self._timeout_error(method, path, self._tries(exc))
        except (requests.exceptions.InvalidHeader, UnicodeError):
            raise CloudflareError('{0} {1} was not sent: a credential (api_token, api_email or api_key) holds characters that '
                                  'cannot go in an HTTP header, such as a line break.'.format(method, path), method=method, path=path)
        except requests.exceptions.RequestException as exc:
            raise CloudflareError('{0} {1} failed: {2}'.format(method, path, _reason(exc)), method=method, path=path)
        return self._parse(method, path, response)

    def _tries(self, exc):
        """How many times the request was sent: all of them when urllib3 gave up retrying, else once."""
        return self.max_retries + 1 if isinstance(exc.args[0] if exc.args else None, MaxRetryError) else 1

    def _timeout_error(self, method, path, tries):
        return CloudflareError(
            '{0} {1} timed out after {2}: Cloudflare did not answer within {3} s{4}. Raise the option timeout '
            '(now {3} s) if Cloudflare is slow to answer, or try again later.{5}'.format(
                method, path, _tries_text(tries), self.timeout, ' each time' if tries > 1 else '', _uncertain(method)),
            method=method, path=path, may_have_applied=method not in READ_METHODS)

    def _parse(self, method, path, response):
        status = response.status_code
        cf_ray = response.headers.get('cf-ray')
        # A 5xx may come from a proxy in front of a server that acted on the request.
        uncertain = method not in READ_METHODS and status >= 500
        if 300 <= status < 400:
            raise CloudflareError('Cloudflare answered {0} {1} with a redirect (HTTP {2}) to {3!r}, which is not followed: '
                                  'check api_url.'.format(method, path, status, response.headers.get('Location')),
                                  method=method, path=path, status=status, cf_ray=cf_ray)
        if status == 204:  # success without a body (a domain's verification record, once verified)
            return None, {}
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict):
            outcome = _uncertain(method) if uncertain else '' if response.ok else ' The request was not applied.'
            raise CloudflareError('Cloudflare answered {0} {1} with HTTP {2} and a body that is not a JSON object.{3}'.format(
                method, path, status, outcome), method=method, path=path, status=status, cf_ray=cf_ray, may_have_applied=uncertain)
        errors = envelope.get('errors') or []
        if not isinstance(errors, list):
            errors = [errors]
        errors = [error if isinstance(error, dict) else {'message': str(error)} for error in errors]
        if response.ok and envelope.get('success') is True:
            return envelope.get('result'), envelope
        if response.ok:
            message = 'Cloudflare answered {0} {1} with HTTP {2} but success is not true'.format(method, path, status)
        elif status >= 500:
            message = 'Cloudflare answered {0} {1} with HTTP {2}, a server error'.format(method, path, status)
        else:
            message = 'Cloudflare refused {0} {1} with HTTP {2}'.format(method, path, status)
        retries = getattr(getattr(response.raw, 'retries', None), 'history', ())
        if retries:
            message += ' after {0} retr{1}'.format(len(retries), 'y' if len(retries) == 1 else 'ies')
        if errors:
            message += ': ' + _describe_errors(errors)
        message += '.'
        hint = _hint_for_status(status, method, response.headers.get('Retry-After'), errors, self.api_url)
        if hint:
            message += ' ' + hint
        if uncertain:
            message += _uncertain(method)
        raise CloudflareError(message, method=method, path=path, status=status, errors=errors, cf_ray=cf_ray, may_have_applied=uncertain)

    def get(self, path, params=None):
        return self.request('GET', path, params=params)[0]

    def post(self, path, body, repeatable=False):
        return self.request('POST', path, body=body, repeatable=repeatable)[0]

    def patch(self, path, body):
        return self.request('PATCH', path, body=body)[0]

    def delete(self, path):
        return self.request('DELETE', path)[0]

    def list_all(self, path, params=None, per_page=MAX_PER_PAGE, order=None, direction='asc'):
        """All items of a paginated collection.

        Each page's query is built afresh from ``params``. Paging stops on a page shorter
        than ``per_page`` (or empty), or once ``page * per_page`` reaches the ``total_count`` of
        ``result_info``: Cloudflare counts it without the filters, so that no object, filtered or
        not, is left beyond it (a filtered read mostly ends on its short page). Without
        ``result_info``, paging goes on until an empty or short page.
        """
        items = []
        page = 1
        seen_first_ids = set()
        while True:
            query = dict(params or {})
            query.update(page=page, per_page=per_page)
            if order:
                query.update(order=order, direction=direction)
            result, envelope = self.request('GET', path, params=query)
            if not isinstance(result, list):
                raise CloudflareError('Cloudflare answered GET {0} page {1} with a result that is not a list.'.format(path, page),
                                      method='GET', path=path)
            if result:
                first = result[0].get('id') if isinstance(result[0], dict) else None
                if first is not None and first in seen_first_ids:
                    raise CloudflareError('Cloudflare answered GET {0} page {1} with items already seen: the server '
                                          'ignores paging, stopping to avoid an endless loop.'.format(path, page),
                                          method='GET', path=path)
                seen_first_ids.add(first)
            items.extend(result)
            info = envelope.get('result_info') or {}
            served, total = _count(info.get('per_page')), _count(info.get('total_count'))
            page_size = min(per_page, served) if served else per_page
            if len(result) < page_size or (total is not None and page * page_size >= total):
                return items
            page += 1


def _count(value):
    """``value`` if it is a count (an integer, not a bool, at least 0), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _urllib3_reason(exc):
    """The urllib3 error behind a requests exception (the reason of a ``MaxRetryError``), or None."""
    reason = exc.args[0] if exc.args else None
    return reason.reason if isinstance(reason, MaxRetryError) else reason


def _never_connected(exc):
    """True when urllib3 says the connection was never established (refused, DNS, connect timeout)."""
    return isinstance(_urllib3_reason(exc), ConnectTimeoutError)


def _reason(exc):
    reason = exc.args[0] if exc.args else exc
    inner = getattr(reason, 'reason', None)
    return str(inner or reason)


def _timed_out(exc):
    """True when the answer did not come within the timeout (after urllib3's retries, it reports a broken connection)."""
    return isinstance(_urllib3_reason(exc), ReadTimeoutError)


def _tries_text(tries):
    return '{0} tr{1}'.format(tries, 'y' if tries == 1 else 'ies')


def _uncertain(method):
    if method in READ_METHODS:
        return ''
    if method in IDEMPOTENT_METHODS:
        return (' Cloudflare may or may not have applied this {0}: run the task again, which reads the current state first '
                'and repeats the {0} only if it is still needed.'.format(method))
    return (' Cloudflare may or may not have applied this {0}: read the current state (run the task again, '
            'or in check mode) before retrying.'.format(method))
