# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control API under /__emulator__/ (tests and benchmarks): never logged, no authentication, no latency, rate
limit or fault.  Each request calls the Emulator's Python-side control of the same name."""

from __future__ import annotations

import json

from .families import SEED_KEYS
from .rate_limit import DEFAULT_RATE_WINDOW_SECONDS
from .replies import ApiError, ControlError, Reply

CONTROL_PREFIX = "/__emulator__"


def handle_control(emulator, method, path, raw):
    """Serve one /__emulator__/... request for emulator; returns a Reply."""
    routes = {
        ("GET", "/requests"): lambda body: {"requests": emulator.requests},
        ("DELETE", "/requests"): lambda body: _clear_requests(emulator),
        ("POST", "/reset"): lambda body: _reset(emulator),
        ("POST", "/seed"): lambda body: _seed(emulator, body),
        ("GET", "/config"): lambda body: emulator.config(),
        ("POST", "/config"): lambda body: _configure(emulator, body),
        ("GET", "/faults"): lambda body: {"faults": emulator.faults()},
        ("POST", "/faults"): lambda body: _add_fault(emulator, body),
        ("DELETE", "/faults"): lambda body: _clear_faults(emulator),
    }
    for key in SEED_KEYS:  # GET /__emulator__/policies, /block_senders, ...
        routes[("GET", "/" + key)] = lambda body, key=key: {key: emulator.records(key)}
    name = path[len(CONTROL_PREFIX):].rstrip("/")
    handler = routes.get((method, name))
    if handler is None:
        known = any(route_name == name for _method, route_name in routes)
        return Reply(405 if known else 404, {"error": "unsupported control request %s %s" % (method, path)})
    try:
        body = None
        if raw:
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError as exc:
                raise ControlError("request body is not valid JSON") from exc
        return Reply(200, handler(body))
    except ControlError as exc:
        return Reply(exc.status, {"error": str(exc)})
    except ApiError as exc:
        return Reply(400, {"error": str(exc), "errors": exc.errors})
    except ValueError as exc:
        return Reply(400, {"error": str(exc)})


def _clear_requests(emulator):
    emulator.clear_requests()
    return {"requests": []}


def _reset(emulator):
    emulator.reset()
    return {"reset": True}


def _seed(emulator, body):
    if not isinstance(body, dict) or not set(body) & set(SEED_KEYS) or set(body) - set(SEED_KEYS) - {"validate"}:
        raise ControlError('body must be {"policies": [...]} or {"<resource>": [...], ...} with resources among %s'
                           ' (and an optional "validate": true)' % ", ".join(SEED_KEYS))
    data = {key: value for key, value in body.items() if key != "validate"}
    return emulator.seed_many(data, validate=bool(body.get("validate", False)))


def _configure(emulator, body):
    if not isinstance(body, dict):
        raise ControlError("body must be a JSON object")
    unknown = sorted(set(body) - {"latency_ms", "rate_limit", "id_format", "domain_verification_reads"})
    if unknown:
        raise ControlError("unknown config fields: %s" % ", ".join(unknown))
    if "id_format" in body:
        emulator.set_id_format(body["id_format"])
    if "domain_verification_reads" in body:
        emulator.set_domain_verification_reads(body["domain_verification_reads"])
    if "latency_ms" in body:
        emulator.set_latency(body["latency_ms"])
    if "rate_limit" in body:
        limit = body["rate_limit"]
        if limit is None:
            emulator.set_rate_limit(None)
        elif isinstance(limit, dict) and set(limit) <= {"requests", "window_seconds"} and "requests" in limit:
            emulator.set_rate_limit(limit["requests"], limit.get("window_seconds", DEFAULT_RATE_WINDOW_SECONDS))
        else:
            raise ControlError('rate_limit must be null or {"requests": N, "window_seconds": S}')
    return emulator.config()


def _add_fault(emulator, body):
    fault = emulator.pending_faults.add(body)
    return {"fault": fault, "faults": emulator.faults()}


def _clear_faults(emulator):
    emulator.clear_faults()
    return {"faults": []}
