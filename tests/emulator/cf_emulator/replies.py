# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the emulator answers: the Cloudflare envelope, the error codes, ApiError and Reply."""

from __future__ import annotations

import json

# Error codes (Cloudflare publishes none for Email Security; these are documented emulator choices,
# except 971, 7003, 9109 and 10000 which the real API uses).
CODE_VALIDATION = 1001
CODE_NOT_FOUND = 1002
CODE_DIRECTORY_SYNCED = 1003
CODE_DUPLICATE = 1004
CODE_MALFORMED_JSON = 6007
CODE_NO_ROUTE = 7003
CODE_FORBIDDEN = 9109
CODE_AUTH = 10000
CODE_METHOD_NOT_ALLOWED = 10405
CODE_RATE_LIMITED = 971

MESSAGE_RATE_LIMITED = "Please wait and consider throttling your request speed"

REASONS = {
    200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class ApiError(Exception):
    """An API failure rendered as the Cloudflare error envelope."""

    def __init__(self, status, errors, headers=None):
        super().__init__(errors[0]["message"] if errors else str(status))
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    @classmethod
    def single(cls, status, code, message, pointer=None, headers=None):
        """Build an error with one entry."""
        return cls(status, [error_entry(code, message, pointer)], headers)

    @classmethod
    def invalid(cls, problems):
        """Build a 400 validation error from a list of (pointer, message) pairs."""
        return cls(400, [error_entry(CODE_VALIDATION, message, pointer) for pointer, message in problems])


class ControlError(Exception):
    """A failure of the /__emulator__/ control API."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class Reply:
    """What the HTTP handler must send back."""

    def __init__(self, status=200, payload=None, headers=None, raw=None, drop=False):
        self.status = status
        self.headers = dict(headers or {})
        self.drop = drop
        if raw is not None:
            self.body = raw
        elif payload is not None:
            self.body = json.dumps(payload).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json")
        else:
            self.body = b""


def error_entry(code, message, pointer=None):
    """One entry of the errors list of a failure envelope."""
    entry = {"code": code, "message": message}
    if pointer is not None:
        entry["source"] = {"pointer": pointer}
    return entry


def envelope(result, result_info=None):
    """The success envelope around a result."""
    body = {"success": True, "errors": [], "messages": [], "result": result}
    if result_info is not None:
        body["result_info"] = result_info
    return body


def failure_envelope(errors):
    """The failure envelope around a list of error entries."""
    return {"success": False, "errors": errors, "messages": [], "result": None}


def json_pointer(prefix, key):
    """The JSON pointer of key below prefix."""
    return "%s/%s" % (prefix, str(key).replace("~", "~0").replace("/", "~1"))
