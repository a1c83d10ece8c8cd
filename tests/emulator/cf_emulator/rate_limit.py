# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rate limit: a fixed window of API requests, with the Ratelimit headers and the 429 of the real API."""

from __future__ import annotations

import math
import time

from .replies import CODE_RATE_LIMITED, MESSAGE_RATE_LIMITED, ApiError

DEFAULT_RATE_WINDOW_SECONDS = 300.0


class RateLimit:
    """At most ``requests`` API requests per window of ``window_seconds``; no limit while ``limit`` is None."""

    def __init__(self, lock):
        self._lock = lock
        self.limit = None  # (requests, window_seconds) or None
        self._window_start = None
        self._window_count = 0

    def restore(self, limit):
        """Set the limit to (requests, window_seconds) or None as given (the start-up configuration); a new window starts."""
        with self._lock:
            self.limit = limit
            self._window_start = None
            self._window_count = 0

    def configure(self, requests, window_seconds=DEFAULT_RATE_WINDOW_SECONDS):
        """Allow at most requests API requests per fixed window; None disables the limit.  A new window starts."""
        with self._lock:
            self._window_start = None
            self._window_count = 0
            if requests is None:
                self.limit = None
                return
            for value in (requests, window_seconds):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    raise ValueError("rate limit requests and window_seconds must be positive numbers")
            self.limit = (int(requests), float(window_seconds))

    def count(self):
        """Count the request; raises ApiError 429 past the limit; returns Ratelimit headers."""
        with self._lock:
            if not self.limit:
                return {}
            limit, window = self.limit
            now = time.monotonic()
            if self._window_start is None or now >= self._window_start + window:
                self._window_start = now
                self._window_count = 0
            self._window_count += 1
            reset = max(1, int(math.ceil(self._window_start + window - now)))
            headers = {
                "Ratelimit": '"default";r=%d;t=%d' % (max(0, limit - self._window_count), reset),
                "Ratelimit-Policy": '"default";q=%d;w=%d' % (limit, max(1, int(math.ceil(window)))),
            }
            if self._window_count > limit:
                headers["Retry-After"] = str(reset)
                raise ApiError.single(429, CODE_RATE_LIMITED, MESSAGE_RATE_LIMITED, headers=headers)
            return headers
