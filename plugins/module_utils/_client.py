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

import inspect
import time
import traceback

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, MaxRetryError
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

    def to_dict(self):
        """The structured fields that modules return beside ``msg``."""
        return {
            'method': self.method,
            'path': self.path,
            'status': self.status,
            'errors': self.errors,
            'cf_ray': self.cf_ray,
        }


def _describe_errors(errors):
    parts = []
    for err in errors:
        text = '{0} (code {1})'.format(err.get('message', 'no message'), err.get('code', '?'))
        pointer = (err.get('source') or {}).get('pointer')
        if pointer:
            text += ' at {0}'.format(pointer)
        parts.append(text)
    return '; '.join(parts)


def _hint_for_status(status, method):
    write = method not in ('GET', 'HEAD')
    permission = 'Cloud Email Security: {0}'.format('Write' if write else 'Read')
    if status == 401:
        return ('Cloudflare did not accept the credentials: check api_token (CLOUDFLARE_API_TOKEN), '
                'or api_email and api_key (CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY).')
    if status == 403:
        return ('The credentials may not use this account: the API token needs the "{0}" permission on the account '
                'given as account_id (CLOUDFLARE_ACCOUNT_ID). A 403 also means the account has no Email Security '
                'subscription.'.format(permission))
    if status == 429:
        return 'Cloudflare rate-limited the requests (1,200 per 5 minutes per token); wait and try again.'
    return None


class CloudflareRetry(Retry):
    """urllib3 ``Retry`` with the rules of this collection.

    * 429 is retried for every method, honouring ``Retry-After`` (seconds or an HTTP date),
      clamped to ``RETRY_AFTER_MAX`` seconds.
    * 502/503/504 and read errors are retried only for idempotent methods.
    * A connection that was never established (refused, connect timeout) is retried for
      every method, since the server cannot have acted on it.
    * Each retry calls ``on_retry(message)`` (a warning) and sleeps through ``sleeper``,
      which tests replace so that they never wait.
    """

    on_retry = None
    sleeper = staticmethod(time.sleep)
    max_tries = 0
    # urllib3 1.26 reads the backoff cap from the class (2.x takes backoff_max, and no jitter).
    DEFAULT_BACKOFF_MAX = BACKOFF_MAX
    BACKOFF_MAX = BACKOFF_MAX

    def new(self, **kw):
        retry = super().new(**kw)
        retry.on_retry = self.on_retry
        retry.sleeper = self.sleeper
        retry.max_tries = self.max_tries
        return retry

    def is_retry(self, method, status_code, has_retry_after=False):
        if self.total is not None and self.total <= 0:
            return False
        if method.upper() not in IDEMPOTENT_METHODS:
            return status_code == 429
        return super().is_retry(method, status_code, has_retry_after)

    def parse_retry_after(self, retry_after):
        return min(super().parse_retry_after(retry_after), RETRY_AFTER_MAX)

    def sleep(self, response=None):
        delay = None
        if response is not None and self.respect_retry_after_header:
            delay = self.get_retry_after(response)
        if delay is None:
            delay = self.get_backoff_time()
        if self.on_retry is not None and self.history:
            last = self.history[-1]
            reason = 'HTTP {0}'.format(last.status) if last.status else type(last.error).__name__ if last.error else 'an error'
            self.on_retry('Cloudflare API: {0} {1} failed with {2}; retry {3} of {4} in {5:.1f} s.'.format(
                last.method, _path_of(last.url), reason, len(self.history), self.max_tries, delay))
        if delay > 0:
            self.sleeper(delay)


def _path_of(url):
    if not url:
        return ''
    if '://' in url:
        url = '/' + url.split('://', 1)[1].split('/', 1)[-1]
    return url.split('?', 1)[0]


def make_retry(max_retries, on_retry=None, sleeper=None):
    """The ``Retry`` object for a session: at most ``max_retries`` retries of one request."""
    kwargs = dict(
        total=max_retries,
        connect=max_retries,
        read=max_retries,
        status=max_retries,
        other=0,
        redirect=0,
        allowed_methods=IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=BACKOFF_FACTOR,
        backoff_max=BACKOFF_MAX,
        raise_on_status=False,
        raise_on_redirect=False,
        respect_retry_after_header=True,
        backoff_jitter=BACKOFF_FACTOR,
    )
    supported = inspect.signature(Retry.__init__).parameters
    retry = CloudflareRetry(**dict((name, value) for name, value in kwargs.items() if name in supported))
    retry.on_retry = on_retry
    retry.max_tries = max_retries
    if sleeper is not None:
        retry.sleeper = sleeper
    return retry


class CloudflareClient:
    """A Cloudflare v4 API client for one account and one run of a module."""

    def __init__(self, api_url=DEFAULT_API_URL, api_token=None, api_email=None, api_key=None, timeout=30,
                 validate_certs=True, max_retries=3, on_retry=None, sleeper=None):
        self.api_url = api_url.rstrip('/')
        self.timeout = timeout
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers['Accept'] = 'application/json'
        if api_token:
            self.session.headers['Authorization'] = 'Bearer {0}'.format(api_token)
        else:
            self.session.headers['X-Auth-Email'] = api_email
            self.session.headers['X-Auth-Key'] = api_key
        adapter = HTTPAdapter(max_retries=make_retry(max_retries, on_retry=on_retry, sleeper=sleeper))
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)
        self.request_count = 0

    def request(self, method, path, params=None, body=None):
        """Send one request (with its retries) and return the envelope's ``result``.

        Returns ``(result, envelope)``. Raises :class:`CloudflareError` for anything but a
        2xx answer whose body is a JSON envelope with ``success: true``.
        """
        url = self.api_url + path
        self.request_count += 1
        try:
            response = self.session.request(method, url, params=params, json=body, timeout=self.timeout)
        except requests.exceptions.ConnectionError as exc:
            if isinstance(exc, requests.exceptions.ConnectTimeout) or _never_connected(exc):
                raise CloudflareError('Could not connect to {0} for {1} {2}: {3}'.format(
                    self.api_url, method, path, _reason(exc)), method=method, path=path)
            raise CloudflareError(
                'The connection to {0} broke during {1} {2} before an answer came: {3}.{4}'.format(
                    self.api_url, method, path, _reason(exc), _uncertain(method)),
                method=method, path=path, may_have_applied=method not in IDEMPOTENT_METHODS)
        except requests.exceptions.Timeout:
            raise CloudflareError(
                'Cloudflare did not answer {0} {1} within {2} s (option timeout).{3}'.format(
                    method, path, self.timeout, _uncertain(method)),
                method=method, path=path, may_have_applied=method not in IDEMPOTENT_METHODS)
        except requests.exceptions.RequestException as exc:
            raise CloudflareError('{0} {1} failed: {2}'.format(method, path, _reason(exc)), method=method, path=path)
        return self._parse(method, path, response)

    @staticmethod
    def _parse(method, path, response):
        cf_ray = response.headers.get('cf-ray')
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict):
            raise CloudflareError(
                'Cloudflare answered {0} {1} with HTTP {2} and a body that is not a JSON object{3}.'.format(
                    method, path, response.status_code, '' if response.ok else '; the request was not applied'),
                method=method, path=path, status=response.status_code, cf_ray=cf_ray)
        errors = envelope.get('errors') or []
        if not isinstance(errors, list):
            errors = [{'message': str(errors)}]
        if response.ok and envelope.get('success') is True:
            return envelope.get('result'), envelope
        if response.ok:
            message = 'Cloudflare answered {0} {1} with HTTP {2} but success is not true'.format(method, path, response.status_code)
        else:
            message = 'Cloudflare refused {0} {1} with HTTP {2}'.format(method, path, response.status_code)
        retries = getattr(getattr(response.raw, 'retries', None), 'history', ())
        if retries:
            message += ' after {0} retr{1}'.format(len(retries), 'y' if len(retries) == 1 else 'ies')
        if errors:
            message += ': ' + _describe_errors(errors)
        message += '.'
        hint = _hint_for_status(response.status_code, method)
        if hint:
            message += ' ' + hint
        raise CloudflareError(message, method=method, path=path, status=response.status_code, errors=errors, cf_ray=cf_ray)

    def get(self, path, params=None):
        return self.request('GET', path, params=params)[0]

    def post(self, path, body):
        return self.request('POST', path, body=body)[0]

    def patch(self, path, body):
        return self.request('PATCH', path, body=body)[0]

    def delete(self, path):
        return self.request('DELETE', path)[0]

    def list_all(self, path, params=None, per_page=MAX_PER_PAGE, order=None, direction='asc'):
        """All items of a paginated collection.

        Each page's query is built afresh from ``params``. Paging stops on a page shorter
        than ``per_page`` (or empty), never on ``total_count``, which Cloudflare computes
        without the filters.
        """
        items = []
        page = 1
        seen_first_ids = set()
        while True:
            query = dict(params or {})
            query.update(page=page, per_page=per_page)
            if order:
                query.update(order=order, direction=direction)
            result = self.get(path, params=query)
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
            if len(result) < per_page:
                return items
            page += 1


def _never_connected(exc):
    """True when urllib3 says the connection was never established (refused, DNS, connect timeout)."""
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, ConnectTimeoutError)


def _reason(exc):
    reason = exc.args[0] if exc.args else exc
    inner = getattr(reason, 'reason', None)
    return str(inner or reason)


def _uncertain(method):
    if method in IDEMPOTENT_METHODS:
        return ''
    return (' Cloudflare may or may not have applied this {0}: read the current state (run the task again, '
            'or in check mode) before retrying.'.format(method))
