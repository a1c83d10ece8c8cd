# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: a fault answers matching API requests instead of the emulated API (docs/emulator.md, "Faults")."""

from __future__ import annotations

import re

from .replies import (CODE_AUTH, CODE_FORBIDDEN, CODE_NO_ROUTE, CODE_RATE_LIMITED, MESSAGE_RATE_LIMITED, REASONS,
                      ControlError, Reply, error_entry, failure_envelope)

HTML_FAULT_BODY = (
    "<html>\r\n<head><title>{status} Emulated error</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Emulated error</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def default_error(status):
    """(code, message) of the error entry of a faulted status."""
    known = {
        401: (CODE_AUTH, "Authentication error"),
        403: (CODE_FORBIDDEN, "Unauthorized to access requested resource"),
        404: (CODE_NO_ROUTE, "No route for the URI"),
        429: (CODE_RATE_LIMITED, MESSAGE_RATE_LIMITED),
    }
    if status in known:
        return known[status]
    return 10000 + status, "Emulated fault: %s" % REASONS.get(status, "HTTP %d" % status)


class Fault:
    """One injected fault (see docs/emulator.md)."""

    FIELDS = ("method", "path", "count", "status", "retry_after", "delay_seconds", "drop", "non_json", "code", "message")

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ControlError("a fault must be a JSON object")
        unknown = sorted(set(spec) - set(self.FIELDS))
        if unknown:
            raise ControlError("unknown fault fields: %s" % ", ".join(unknown))
        self.method = self._optional_str(spec, "method")
        self.method = self.method.upper() if self.method else None
        self.path = self._optional_str(spec, "path")
        try:
            self.path_re = re.compile(self.path) if self.path else None
        except re.error as exc:
            raise ControlError("fault path is not a valid regular expression: %s" % exc) from exc
        self.count = self._number(spec, "count", 1, int)
        if self.count < 1:
            raise ControlError("fault count must be >= 1")
        self.delay_seconds = float(self._number(spec, "delay_seconds", 0.0, (int, float)))
        self.drop = bool(spec.get("drop", False))
        self.non_json = bool(spec.get("non_json", False))
        status = self._number(spec, "status", None, int)
        if status is not None and not 100 <= status <= 599:
            raise ControlError("fault status must be between 100 and 599")
        self.status = status if status is not None else (200 if self.non_json else 500)
        retry_after = spec.get("retry_after")
        if retry_after is not None and not isinstance(retry_after, (str, int)):
            raise ControlError("retry_after must be a string (seconds or an HTTP date) or an integer")
        self.retry_after = None if retry_after is None else str(retry_after)
        self.code = self._number(spec, "code", None, int)
        self.message = self._optional_str(spec, "message")

    @staticmethod
    def _optional_str(spec, name):
        value = spec.get(name)
        if value is not None and not isinstance(value, str):
            raise ControlError("fault %s must be a string or null" % name)
        return value

    @staticmethod
    def _number(spec, name, default, kinds):
        value = spec.get(name, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ControlError("fault %s must be a number" % name)
        if value < 0:
            raise ControlError("fault %s must not be negative" % name)
        return value

    def matches(self, method, path):
        """True when this fault applies to the request."""
        if self.method and self.method != method:
            return False
        return not self.path_re or bool(self.path_re.search(path))

    def describe(self):
        """JSON representation (as pending in the control API)."""
        return {name: getattr(self, name) for name in self.FIELDS}

    def reply(self):
        """The reply to send (the delay is applied by the caller)."""
        if self.drop:
            return Reply(drop=True)
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = self.retry_after
        if self.non_json:
            headers["Content-Type"] = "text/html"
            return Reply(self.status, headers=headers, raw=HTML_FAULT_BODY.format(status=self.status).encode("ascii"))
        code, message = default_error(self.status)
        errors = [error_entry(self.code if self.code is not None else code, self.message or message)]
        return Reply(self.status, failure_envelope(errors), headers)


class Faults:
    """The pending faults, matched in the order they were added."""

    def __init__(self, lock):
        self._lock = lock
        self._pending = []

    def add(self, spec):
        """Add a fault from its JSON fields (ControlError when they are wrong); returns its description."""
        fault = Fault(spec)
        with self._lock:
            self._pending.append(fault)
        return fault.describe()

    def take(self, method, path):
        """The first fault matching the request, counted (and removed when used up); None when none matches."""
        with self._lock:
            for fault in self._pending:
                if fault.matches(method, path):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._pending.remove(fault)
                    return fault
        return None

    def describe(self):
        """The pending faults (JSON)."""
        with self._lock:
            return [fault.describe() for fault in self._pending]

    def clear(self):
        """Remove every pending fault."""
        with self._lock:
            self._pending = []
