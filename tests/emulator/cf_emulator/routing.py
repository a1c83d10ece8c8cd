# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing of API requests: which collection and operation a method and path name (404, 405), the credentials
(401), and the call of the Store operation with the request's JSON body."""

from __future__ import annotations

import json
import re
import secrets
from urllib.parse import unquote

from .families import RESOURCES
from .replies import CODE_MALFORMED_JSON, CODE_METHOD_NOT_ALLOWED, CODE_NO_ROUTE, ApiError, envelope

API_PREFIX = "/client/v4"
ROUTE_RE = re.compile(
    r"^" + re.escape(API_PREFIX)
    + r"/accounts/(?P<account>[^/]+)/email-security/settings/(?P<resource>[^/]+)(?:/(?P<rest>[^/]+)(?:/(?P<sub>[^/]+))?)?$"
)


class Route:
    """An API request matched to a collection: its account id, Resource, operation and record id."""

    def __init__(self, method, path):
        match = ROUTE_RE.match(path)
        self.resource = RESOURCES.get(match.group("resource")) if match else None
        if self.resource is None:
            raise ApiError.single(404, CODE_NO_ROUTE, "No route for the URI")
        rest, self.sub = match.group("rest"), match.group("sub")
        if self.sub is not None and self.sub not in self.resource.subresources:
            raise ApiError.single(404, CODE_NO_ROUTE, "No route for the URI")
        if rest is None:
            operations = {"GET": "list", "POST": "create", "DELETE": "delete_many" if self.resource.collection_delete else None}
        elif self.sub is not None:
            operations = {"GET": "subresource"}
        elif rest == "batch" and self.resource.batch:
            operations = {"POST": "batch"}
        else:
            operations = {"GET": "get", "PUT": "put" if self.resource.put else None, "PATCH": "patch", "DELETE": "delete"}
        allowed = tuple(method for method, operation in operations.items() if operation)
        if method not in allowed and not (method == "HEAD" and "GET" in allowed):
            raise ApiError.single(405, CODE_METHOD_NOT_ALLOWED, "Method %s not allowed for this resource" % method,
                                  headers={"Allow": ", ".join(allowed)})
        self.operation = operations["GET" if method == "HEAD" else method]
        self.account_id = unquote(match.group("account"))
        self.record_id = None if rest is None else unquote(rest)

    def perform(self, store, query, raw):
        """Run the operation on the store: (status, envelope)."""
        resource, operation = self.resource, self.operation
        if operation == "list":
            return 200, envelope(*store.list(resource, query))
        if operation == "create":
            return 201, envelope(store.create(resource, json_body(raw)))
        if operation == "batch":
            return 200, envelope(store.batch(resource, json_body(raw)))
        if operation == "patch":
            return 200, envelope(store.patch(resource, self.record_id, json_body(raw)))
        if operation == "put":
            return 200, envelope(store.put(resource, self.record_id, json_body(raw)))
        if operation == "delete_many":
            return 200, envelope(store.delete_many(resource, json_body(raw, list)))
        if operation == "subresource":
            status, result = store.subresource(resource, self.record_id, self.sub)
            return status, None if result is None else envelope(result)
        if operation == "delete":
            return 200, envelope(store.delete(resource, self.record_id))
        return 200, envelope(store.get(resource, self.record_id))


def authenticated(headers, api_token, api_email, api_key):
    """True for a matching bearer token (scheme case-insensitive), or the configured X-Auth-Email / X-Auth-Key pair."""
    authorization = headers.get("Authorization") or ""
    scheme, _sep, token = authorization.partition(" ")
    if api_token and scheme.lower() == "bearer" and secrets.compare_digest(token.strip(), api_token):
        return True
    email = headers.get("X-Auth-Email")
    key = headers.get("X-Auth-Key")
    if api_email and api_key and email is not None and key is not None:
        return secrets.compare_digest(email, api_email) and secrets.compare_digest(key, api_key)
    return False


def json_body(raw, kind=dict):
    """The request body as a JSON object, or with kind list an array (ApiError 400 when it is missing, malformed or
    of another kind)."""
    noun = "a JSON object" if kind is dict else "a JSON array"
    if not raw:
        raise ApiError.invalid([("", noun + " request body is required")])
    try:
        body = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise ApiError.single(400, CODE_MALFORMED_JSON, "Malformed JSON in request body") from exc
    if not isinstance(body, kind):
        raise ApiError.invalid([("", "the request body must be " + noun)])
    return body
