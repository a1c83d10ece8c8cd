# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helpers for the emulator tests: an OpenAPI response checker and a validating API client."""

from __future__ import annotations

import copy
import json
import os
import uuid

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound, ServerNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_schema_validator import OAS30Validator, oas30_format_checker

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC_PATH = os.path.join(HERE, "allow_policies.openapi.json")
SIBLINGS_SPEC_PATH = os.path.join(HERE, "siblings.openapi.json")
NEXT_SPEC_PATH = os.path.join(HERE, "next.openapi.json")
SIBLINGS = ("block_senders", "trusted_domains", "impersonation_registry")
TOKEN = "test-token-5f1c9a"
EMAIL = "ops@example.com"
KEY = "test-global-key-77d0e2"
ACCOUNT_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
FAILURE_SCHEMA = "#/components/schemas/email-security_api-response-common-failure"
CLIENT_ERROR_SCHEMA = "#/components/responses/email-security_ClientError/content/application~1json/schema"
# The published schema says errors[].code >= 1000, yet Cloudflare's documented rate-limit error is code 971
# (see docs/api_rules.md).  The emulator sends 971; the checker asserts that and validates the rest of the body.
RATE_LIMIT_CODE = 971


def _integer_ids_as_uuids(value):
    """``value`` (a JSON body) with every integer ``id`` replaced by a UUID string made from it, and how many were.

    The published schemas say ids are ``format: uuid`` strings; real answers recorded in 2025 carry JSON integers
    (docs/api_rules.md), and where a recorded real answer contradicts the schema the real answer wins. The emulator
    answers so in its integer id mode, and only there does the checker accept them: each integer id is swapped for a
    UUID and the rest of the body is validated as usual.
    """
    if isinstance(value, list):
        pairs = [_integer_ids_as_uuids(item) for item in value]
        return [item for item, _count in pairs], sum(count for _item, count in pairs)
    if not isinstance(value, dict):
        return value, 0
    out, count = {}, 0
    for key, item in value.items():
        if key == "id" and isinstance(item, int) and not isinstance(item, bool):
            out[key], count = str(uuid.UUID(int=item)), count + 1
        else:
            out[key], found = _integer_ids_as_uuids(item)
            count += found
    return out, count


def load_spec_document(path=SPEC_PATH):
    """The OpenAPI document as a dict, adapted in memory so openapi-core accepts it.

    * a relative server "/client/v4" is added: requests go to http://127.0.0.1:PORT/client/v4/accounts/...
    * every Response object gets an empty "description" if it has none: the structural subset dropped
      descriptions, which OpenAPI 3.0 requires;
    * a schema of components.schemas that is "nullable" with an enum lacking null gets null added to its enum: no
      null could validate otherwise (OpenAPI 3.0.3: a nullable enum must list null), and the SDKs type these fields
      Optional[Literal[...]] (the SDK is preferred).  These are Provenance in siblings.openapi.json, DomainStatus,
      DmarcStatus, SpfStatus and ScannableFolder in next.openapi.json.
    Nothing else is changed.
    """
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    document["servers"].append({"url": "/client/v4"})
    responses = list(document["components"]["responses"].values())
    for path_item in document["paths"].values():
        for method, operation in path_item.items():
            if method != "parameters":
                responses.extend(operation["responses"].values())
    for response in responses:
        if "$ref" not in response:
            response.setdefault("description", "")
    for schema in document["components"]["schemas"].values():
        if schema.get("nullable") and "enum" in schema and None not in schema["enum"]:
            schema["enum"].append(None)
    return document


class _SubstitutedResponse:
    """An openapi-core response whose body is replaced."""

    def __init__(self, wrapped, data):
        self.data = data
        self.status_code = wrapped.status_code
        self.content_type = wrapped.content_type
        self.headers = wrapped.headers


class SpecChecker:
    """Validates emulator responses (and, on demand, requests) against an OpenAPI document."""

    def __init__(self, path=SPEC_PATH):
        self.document = load_spec_document(path)
        self.openapi = OpenAPI.from_dict(copy.deepcopy(self.document))
        if FAILURE_SCHEMA.rsplit("/", 1)[1] in self.document["components"]["schemas"]:
            failure_schema = {"$ref": FAILURE_SCHEMA, "components": self.document["components"]}
        else:  # siblings.openapi.json: the schema of its ClientError response
            failure_schema = {"$ref": CLIENT_ERROR_SCHEMA, "components": self.document["components"]}
        self.failure_validator = OAS30Validator(failure_schema, format_checker=oas30_format_checker)

    def check(self, response, check_request=False, integer_ids=False):
        """Raise if response does not conform; returns the response.

        Operations of the spec are validated by openapi-core (2xx codes and the 4XX range).  Responses the spec
        cannot describe (unknown route, method not declared, 5xx) must carry the ClientError failure envelope.
        With check_request, the request that was sent must conform to the spec as well.  With integer_ids (the
        emulator's integer id mode only), ids that are JSON integers are accepted (:func:`_integer_ids_as_uuids`).
        """
        request = RequestsOpenAPIRequest(response.request)
        if check_request:
            self.openapi.validate_request(request)
        wrapped = RequestsOpenAPIResponse(response)
        if integer_ids and response.headers.get("Content-Type", "").startswith("application/json"):
            body, count = _integer_ids_as_uuids(response.json())
            if count:
                wrapped = _SubstitutedResponse(wrapped, json.dumps(body).encode("utf-8"))
        if response.status_code == 429:
            body = response.json()
            assert [error["code"] for error in body["errors"]] == [RATE_LIMIT_CODE]
            for error in body["errors"]:
                error["code"] = 1000
            wrapped = _SubstitutedResponse(wrapped, json.dumps(body).encode("utf-8"))
        try:
            self.openapi.validate_response(request, wrapped)
        except (PathNotFound, OperationNotFound, ServerNotFound):
            assert 400 <= response.status_code < 500, response.status_code
            self.check_failure_body(response)
        except ResponseNotFound:
            assert response.status_code >= 500, response.status_code
            self.check_failure_body(response)
        return response

    def check_failure_body(self, response):
        """The body must be a ClientError failure envelope."""
        assert response.headers.get("Content-Type", "").startswith("application/json")
        self.failure_validator.validate(response.json())


class ApiClient:
    """requests wrapper for the emulator; every response is validated against the spec unless validate=False.

    resource names the collection that relative paths start from.  With strict_requests, the request of every
    2xx answer is validated against the spec too (the emulator accepted it, so the spec must accept it);
    spec_request=True or False on a call decides for that call.
    """

    def __init__(self, emulator, checker, resource="allow_policies", strict_requests=False):
        self.emulator = emulator
        self.checker = checker
        self.resource = resource
        self.strict_requests = strict_requests
        self.session = requests.Session()
        self.root = emulator.base_url
        self.account_url = "%s/accounts/%s" % (emulator.url, emulator.account_id)
        self.policies_url = self.account_url + "/email-security/settings/" + resource

    @staticmethod
    def auth_headers(auth):
        """Headers for auth: "token", "email", None (nothing) or an explicit dict."""
        if auth == "token":
            return {"Authorization": "Bearer " + TOKEN}
        if auth == "email":
            return {"X-Auth-Email": EMAIL, "X-Auth-Key": KEY}
        return dict(auth or {})

    def request(self, method, path="", url=None, auth="token", validate=True, spec_request=None, **kwargs):
        """Call the API (path relative to the client's collection, or a full url)."""
        headers = self.auth_headers(auth)
        headers.update(kwargs.pop("headers", {}))
        kwargs.setdefault("timeout", 10)
        response = self.session.request(method, url or self.policies_url + path, headers=headers, **kwargs)
        if validate:
            integer_ids = self.emulator.id_format == "integer"
            if spec_request is None:  # integer mode: paths and batch items carry integer ids, which the schema refuses
                spec_request = self.strict_requests and 200 <= response.status_code < 300 and not integer_ids
            self.checker.check(response, check_request=spec_request, integer_ids=integer_ids)
        return response

    def get(self, path="", **kwargs):
        """GET."""
        return self.request("GET", path, **kwargs)

    def post(self, path="", **kwargs):
        """POST."""
        return self.request("POST", path, **kwargs)

    def patch(self, path="", **kwargs):
        """PATCH."""
        return self.request("PATCH", path, **kwargs)

    def put(self, path="", **kwargs):
        """PUT."""
        return self.request("PUT", path, **kwargs)

    def delete(self, path="", **kwargs):
        """DELETE."""
        return self.request("DELETE", path, **kwargs)

    def create(self, **overrides):
        """Create a record of the client's collection (201 asserted); returns the result."""
        response = self.post(json=record_body(self.resource, **overrides))
        assert response.status_code == 201, response.text
        return response.json()["result"]

    def control(self, method, name, body=None):
        """Call the /__emulator__/ control API (not part of the spec, not validated)."""
        response = self.session.request(method, "%s/__emulator__/%s" % (self.root, name), json=body, timeout=10)
        return response


CREATE_BODIES = {
    "allow_policies": {
        "pattern": "sender@example.com",
        "pattern_type": "EMAIL",
        "is_regex": False,
        "verify_sender": True,
        "is_trusted_sender": True,
        "is_acceptable_sender": False,
        "is_exempt_recipient": False,
        "comments": "created by a test",
    },
    "block_senders": {"pattern": "spammer@example.com", "pattern_type": "EMAIL", "is_regex": False, "comments": "created by a test"},
    "trusted_domains": {"pattern": "partner.example", "is_regex": False, "is_recent": True, "is_similarity": False,
                        "comments": "created by a test"},
    "impersonation_registry": {"email": "ceo@example.com", "is_email_regex": False, "name": "Chief Executive",
                               "comments": "created by a test"},
    "url_ignore_patterns": {"pattern": "https://tracker\\.example/.*", "comments": "created by a test"},
    "content_policies": {"name": "Invoice fraud", "pattern": "(?i)wire transfer.*urgent", "targets": ["SUBJECT", "BODY"], "enabled": True,
                         "notes": "created by a test"},
    "sending_domain_restrictions": {"domain": "example.com", "exclude": ["newsletter.example.com"], "comments": "created by a test"},
    "domains": {"domain": "example.com", "allowed_delivery_modes": ["DIRECT", "BCC"], "drop_dispositions": ["MALICIOUS", "SPAM"],
                "ip_restrictions": ["192.0.2.0/24"], "regions": ["GLOBAL"], "folder": "Inbox", "lookback_hops": 2,
                "require_tls_inbound": True, "require_tls_outbound": False, "transport": "mx.example.com"},
}


def policy_body(**overrides):
    """A valid allow-policy create body; overrides replace fields (a value of ... removes the field)."""
    return record_body("allow_policies", **overrides)


def record_body(resource, **overrides):
    """A valid create body of resource; overrides replace fields (a value of ... removes the field)."""
    body = dict(CREATE_BODIES[resource])
    for name, value in overrides.items():
        if value is Ellipsis:
            body.pop(name, None)
        else:
            body[name] = value
    return body
