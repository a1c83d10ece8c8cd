# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request log: every API request as it arrives, then the status sent; never a header (no credentials)."""

from __future__ import annotations

import copy
import json


def query_for_log(query):
    """Each parameter's value, a list when the name is repeated."""
    return {name: values[0] if len(values) == 1 else list(values) for name, values in query.items()}


def body_for_log(raw):
    """The parsed JSON body, the raw text when it is not JSON, or None when empty."""
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


class RequestLog:
    """The logged API requests, oldest first."""

    def __init__(self, lock):
        self._lock = lock
        self._entries = []

    def record(self, method, path, query, body):
        """Log a request as it arrives; returns its entry (status None until finished)."""
        entry = {"method": method, "path": path, "query": query_for_log(query), "body": body_for_log(body), "status": None}
        with self._lock:
            self._entries.append(entry)
        return entry

    def finish(self, entry, status):
        """Set the status sent (None for a dropped connection)."""
        with self._lock:
            entry["status"] = status

    def entries(self):
        """A copy of the log."""
        with self._lock:
            return copy.deepcopy(self._entries)

    def clear(self):
        """Empty the log."""
        with self._lock:
            self._entries = []
