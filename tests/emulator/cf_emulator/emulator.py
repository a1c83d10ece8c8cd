# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulator: the configuration, the lifecycle of the server thread, the Python-side controls, and the order in
which an API request meets the log, the latency, a fault, the rate limit, the route, the credentials and the store."""

from __future__ import annotations

import secrets
import threading

from .control import handle_control
from .faults import Faults
from .families import resource_named
from .http_server import Handler, Server, Server6
from .rate_limit import DEFAULT_RATE_WINDOW_SECONDS, RateLimit
from .replies import CODE_AUTH, CODE_FORBIDDEN, ApiError, Reply, failure_envelope
from .request_log import RequestLog
from .routing import API_PREFIX, Route, authenticated
from .store import Store

DEFAULT_ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
DEFAULT_API_TOKEN = "emulator-token"


class Emulator:
    """In-memory Cloudflare Email Security settings API (every Resource in families.RESOURCES) served over HTTP.

    All state is guarded by one lock, shared by its parts (store, request log, faults, rate limit); the server handles
    each connection in its own thread.
    """

    def __init__(self, account_id=DEFAULT_ACCOUNT_ID, api_token=DEFAULT_API_TOKEN, api_email=None, api_key=None,
                 latency_ms=0, rate_limit=None, rate_window_seconds=DEFAULT_RATE_WINDOW_SECONDS, host="127.0.0.1", port=0,
                 id_format="uuid", domain_verification_reads=0):
        self.account_id = account_id
        self.api_token = api_token
        self.api_email = api_email
        self.api_key = api_key
        self.host = host
        self.port = port
        self._initial_latency_ms = float(latency_ms or 0)
        self._initial_rate_limit = (int(rate_limit), float(rate_window_seconds)) if rate_limit else None
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server = None
        self._thread = None
        self.url = None
        self.store = Store(self._lock, id_format, domain_verification_reads)
        self.request_log = RequestLog(self._lock)
        self.pending_faults = Faults(self._lock)
        self.rate_limiter = RateLimit(self._lock)
        self._latency_ms = 0.0
        self.reset()

    # ----- lifecycle -------------------------------------------------------------------------------------------------

    def start(self):
        """Start serving in a background thread; returns the base URL (ending in /client/v4)."""
        if self._server is not None:
            return self.url
        server_class = Server6 if ":" in self.host else Server
        self._server = server_class((self.host, self.port), Handler)
        self._server.emulator = self
        self._stopping.clear()
        port = self._server.server_address[1]
        host = "[%s]" % self.host if ":" in self.host else self.host
        self.url = "http://%s:%d%s" % (host, port, API_PREFIX)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="cloudflare-emulator", daemon=True)
        self._thread.start()
        return self.url

    def stop(self):
        """Stop serving (idempotent); sleeping requests are woken up."""
        self._stopping.set()
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *_exc_info):
        self.stop()

    @property
    def base_url(self):
        """The server root (without /client/v4), for the control API."""
        return self.url[:-len(API_PREFIX)] if self.url else None

    # ----- control (Python side) ----------------------------------------------------------------------------------------

    @property
    def requests(self):
        """A copy of the request log."""
        return self.request_log.entries()

    def clear_requests(self):
        """Empty the request log."""
        self.request_log.clear()

    def reset(self):
        """Forget every record, the log and faults; restore latency and rate limit to the start-up configuration.
        The id format and domain_verification_reads stay as they are."""
        with self._lock:
            self.store.clear()
            self.request_log.clear()
            self.pending_faults.clear()
            self._latency_ms = self._initial_latency_ms
            self.rate_limiter.restore(self._initial_rate_limit)

    def policies(self):
        """Every stored policy, as the API would return it, in creation order."""
        return self.records("allow_policies")

    def records(self, resource):
        """Every stored record of a resource (its name or seed key), as the API would return it, in creation order."""
        return self.store.records(resource_named(resource))

    def seed(self, policies, validate=False, resource="allow_policies"):
        """Store records of one resource (allow policies by default) directly; returns them as the API would.

        Without validate, field values are stored as given (legacy UNKNOWN entries, missing flags...).
        Raises ValueError (or ApiError when validate is true) and stores nothing when an item is refused.
        """
        key = resource_named(resource).seed_key
        return self.seed_many({key: policies}, validate)[key]

    def seed_many(self, data, validate=False):
        """Seed several resources at once: {seed key: [items]} (see docs/emulator.md); all or nothing.

        Returns {seed key: [stored records as the API would return them]}.
        """
        return self.store.seed(data, validate)

    def set_latency(self, ms):
        """Add ms milliseconds to every API request."""
        if isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms < 0:
            raise ValueError("latency must be a non-negative number of milliseconds")
        with self._lock:
            self._latency_ms = float(ms)

    def set_rate_limit(self, requests, window_seconds=DEFAULT_RATE_WINDOW_SECONDS):
        """Allow at most requests API requests per fixed window; None disables the limit."""
        self.rate_limiter.configure(requests, window_seconds)

    def add_fault(self, method=None, path=None, count=1, status=None, retry_after=None, delay_seconds=0.0,
                  drop=False, non_json=False, code=None, message=None):
        """Inject a fault for the next count matching API requests; returns its description."""
        return self.pending_faults.add({
            "method": method, "path": path, "count": count, "status": status, "retry_after": retry_after,
            "delay_seconds": delay_seconds, "drop": drop, "non_json": non_json, "code": code, "message": message,
        })

    def faults(self):
        """Pending faults."""
        return self.pending_faults.describe()

    def clear_faults(self):
        """Remove every pending fault."""
        self.pending_faults.clear()

    @property
    def id_format(self):
        """How new objects are identified: "uuid" or "integer" (store.ID_FORMATS)."""
        return self.store.id_format

    def set_id_format(self, id_format):
        """Identify new objects by UUID strings ("uuid") or increasing JSON integers ("integer"); stored records keep theirs."""
        self.store.set_id_format(id_format)

    @property
    def domain_verification_reads(self):
        """How many verification reads a domain created through the API answers PENDING before it is verified."""
        return self.store.domain_verification_reads

    def set_domain_verification_reads(self, reads):
        """Domains created from now on answer reads verification reads PENDING, then 204 (0: verified at once)."""
        self.store.set_domain_verification_reads(reads)

    def config(self):
        """Current latency, rate-limit, id-format and domain verification configuration."""
        with self._lock:
            limit = self.rate_limiter.limit
            return {
                "latency_ms": self._latency_ms,
                "rate_limit": {"requests": limit[0], "window_seconds": limit[1]} if limit else None,
                "id_format": self.id_format,
                "domain_verification_reads": self.domain_verification_reads,
            }

    # ----- HTTP side -------------------------------------------------------------------------------------------------

    def handle_control(self, method, path, raw):
        """Serve /__emulator__/...; never logged, no authentication."""
        return handle_control(self, method, path, raw)

    def handle_api(self, method, path, query, body, headers):
        """Serve one API request; returns a Reply.  Everything here is logged."""
        entry = self.request_log.record(method, path, query, body)
        if self._latency_ms:
            self._stopping.wait(self._latency_ms / 1000.0)
        fault = self.pending_faults.take(method, path)
        if fault is not None:
            if fault.delay_seconds:
                self._stopping.wait(fault.delay_seconds)
            reply = fault.reply()
        else:
            reply = self._api_reply(method, path, query, body, headers)
        reply.headers.setdefault("cf-ray", "%s-EMU" % secrets.token_hex(8))
        self.request_log.finish(entry, None if reply.drop else reply.status)
        return reply

    def _api_reply(self, method, path, query, body, headers):
        rate_headers = {}
        try:
            rate_headers = self.rate_limiter.count()
            route = Route(method, path)
            if not authenticated(headers, self.api_token, self.api_email, self.api_key):
                raise ApiError.single(401, CODE_AUTH, "Authentication error")
            if route.account_id != self.account_id:
                raise ApiError.single(403, CODE_FORBIDDEN, "Unauthorized to access requested resource")
            status, payload = route.perform(self.store, query, body)
            return Reply(status, payload, rate_headers)
        except ApiError as exc:
            merged = dict(rate_headers)
            merged.update(exc.headers)
            return Reply(exc.status, failure_envelope(exc.errors), merged)
