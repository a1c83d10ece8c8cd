# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the Cloudflare allow-policy API emulator (real HTTP, in-process, port 0).

Every API response goes through ApiClient, which validates it against allow_policies.openapi.json.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
from openapi_core.validation.response.exceptions import InvalidData

from cloudflare_emulator import Emulator
from emulator_testkit import ACCOUNT_ID, EMAIL, HERE, KEY, TOKEN, ApiClient, policy_body

RFC3339_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
FLAG_PAIRS = (("is_sender", "is_trusted_sender"), ("is_spoof", "is_acceptable_sender"), ("is_recipient", "is_exempt_recipient"))
EMULATOR_SCRIPT = os.path.join(HERE, "cloudflare_emulator.py")


def error_of(response, status):
    """Assert a failure envelope with the given status; return its first error."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    assert body["result"] is None
    assert body["errors"], body
    return body["errors"][0]


def pointers(response):
    """All source pointers of an error response."""
    return [error.get("source", {}).get("pointer") for error in response.json()["errors"]]


def stored(emulator):
    """Stored policies by id."""
    return {policy["id"]: policy for policy in emulator.policies()}


def seed_patterns(emulator, patterns, **fields):
    """Seed DOMAIN policies with increasing created_at; returns them in seed order."""
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    items = []
    for index, pattern in enumerate(patterns):
        item = dict(policy_body(pattern=pattern, pattern_type="DOMAIN"), **fields)
        item["created_at"] = (start + datetime.timedelta(minutes=index)).isoformat().replace("+00:00", "Z")
        items.append(item)
    return emulator.seed(items)


# ----- CRUD, envelope, ids, timestamps -------------------------------------------------------------------------------


def test_crud_round_trip(api):
    created = api.post(json=policy_body())
    assert created.status_code == 201
    policy = created.json()["result"]
    assert policy["pattern"] == "sender@example.com"

    fetched = api.get("/" + policy["id"])
    assert fetched.status_code == 200
    assert fetched.json()["result"] == policy

    patched = api.patch("/" + policy["id"], json={"comments": "changed", "verify_sender": False})
    assert patched.status_code == 200
    updated = patched.json()["result"]
    expected = dict(policy, comments="changed", verify_sender=False)
    for field in ("modified_at", "last_modified"):
        expected.pop(field)
        assert updated.pop(field) > policy[field]
    assert updated == expected

    listed = api.get()
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["result"]] == [policy["id"]]

    deleted = api.delete("/" + policy["id"])
    assert deleted.status_code == 200
    assert deleted.json()["result"] == {"id": policy["id"]}
    assert error_of(api.get("/" + policy["id"]), 404)["code"] == 1002
    assert error_of(api.delete("/" + policy["id"]), 404)["code"] == 1002
    assert error_of(api.patch("/" + policy["id"], json={"comments": "x"}), 404)["code"] == 1002
    assert not api.emulator.policies()


def test_envelope_shapes(api):
    single = api.post(json=policy_body()).json()
    assert set(single) == {"success", "errors", "messages", "result"}
    assert single["success"] is True and single["errors"] == [] and single["messages"] == []

    collection = api.get().json()
    assert set(collection) == {"success", "errors", "messages", "result", "result_info"}
    assert set(collection["result_info"]) == {"count", "page", "per_page", "total_count"}
    assert collection["result_info"] == {"count": 1, "page": 1, "per_page": 20, "total_count": 1}

    failure = api.post(json=policy_body(pattern_type="nope")).json()
    assert set(failure) == {"success", "errors", "messages", "result"}
    assert failure["success"] is False and failure["result"] is None and failure["messages"] == []
    error = failure["errors"][0]
    assert error["code"] >= 1000 and error["message"] and error["source"] == {"pointer": "/pattern_type"}


def test_uuid_ids_and_rfc3339_timestamps(api):
    first = api.create()
    second = api.create()
    assert first["id"] != second["id"]
    for policy in (first, second):
        assert uuid.UUID(policy["id"]).version == 4
        assert str(uuid.UUID(policy["id"])) == policy["id"]
        for field in ("created_at", "modified_at", "last_modified"):
            assert RFC3339_Z.match(policy[field]), policy[field]
            parsed = datetime.datetime.fromisoformat(policy[field].replace("Z", "+00:00"))
            assert abs((datetime.datetime.now(datetime.timezone.utc) - parsed).total_seconds()) < 60
        assert policy["last_modified"] == policy["modified_at"] == policy["created_at"]
    assert second["created_at"] > first["created_at"]
    patched = api.patch("/" + first["id"], json={"comments": None}).json()["result"]
    assert patched["created_at"] == first["created_at"]
    assert patched["modified_at"] > first["modified_at"]
    assert patched["last_modified"] == patched["modified_at"]


def test_comments_and_pattern_case_stored_as_given(api):
    policy = api.create(pattern="Mixed.Case@Example.COM", comments=None)
    assert policy["pattern"] == "Mixed.Case@Example.COM"
    assert policy["comments"] is None
    without = api.create(comments=...)
    assert without["comments"] is None
    patched = api.patch("/" + policy["id"], json={"comments": "  spaced  "}).json()["result"]
    assert patched["comments"] == "  spaced  "
    cleared = api.patch("/" + policy["id"], json={"comments": None}).json()["result"]
    assert cleared["comments"] is None
    assert api.get("/" + policy["id"]).json()["result"]["pattern"] == "Mixed.Case@Example.COM"


def test_read_only_fields_are_ignored(api):
    body = policy_body(id=str(uuid.uuid4()), created_at="2020-01-01T00:00:00Z", last_modified="2020-01-01T00:00:00Z")
    policy = api.post(json=body).json()["result"]
    assert policy["id"] != body["id"]
    assert not policy["created_at"].startswith("2020")
    patched = api.patch("/" + policy["id"], json={"id": "other", "modified_at": "2020-01-01T00:00:00Z", "comments": "c"})
    assert patched.status_code == 200
    assert patched.json()["result"]["id"] == policy["id"]
    assert not patched.json()["result"]["modified_at"].startswith("2020")


# ----- deprecated flags ------------------------------------------------------------------------------------------------


def test_deprecated_flags_mirrored(api):
    policy = api.create(is_trusted_sender=True, is_acceptable_sender=False, is_exempt_recipient=True)
    for old, new in FLAG_PAIRS:
        assert policy[old] is policy[new]
    for old, new in FLAG_PAIRS:
        listed = api.get().json()["result"][0]
        assert listed[old] is listed[new]
        patched = api.patch("/" + policy["id"], json={new: not listed[new]}).json()["result"]
        assert patched[new] is (not listed[new])
        assert patched[old] is patched[new]


def test_deprecated_names_accepted_in_requests(api):
    body = policy_body(is_trusted_sender=..., is_acceptable_sender=..., is_exempt_recipient=...)
    body.update({"is_sender": False, "is_spoof": True, "is_recipient": True})
    policy = api.post(json=body).json()["result"]
    assert (policy["is_trusted_sender"], policy["is_acceptable_sender"], policy["is_exempt_recipient"]) == (False, True, True)
    patched = api.patch("/" + policy["id"], json={"is_sender": True, "is_spoof": False}).json()["result"]
    assert (patched["is_trusted_sender"], patched["is_acceptable_sender"], patched["is_exempt_recipient"]) == (True, False, True)
    same = api.post(json=policy_body(is_sender=True, is_trusted_sender=True))
    assert same.status_code == 201


@pytest.mark.parametrize("old,new", FLAG_PAIRS)
def test_deprecated_and_new_name_conflict(api, old, new):
    response = api.post(json=policy_body(**{new: True, old: False}))
    error = error_of(response, 400)
    assert error["source"]["pointer"] == "/" + old
    policy = api.create()
    assert pointers(api.patch("/" + policy["id"], json={old: True, new: False})) == ["/" + old]
    assert len(api.emulator.policies()) == 1


# ----- create / update validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["pattern", "pattern_type", "is_regex", "verify_sender", "is_trusted_sender",
                                   "is_acceptable_sender", "is_exempt_recipient"])
def test_create_requires_field(api, field):
    response = api.post(json=policy_body(**{field: ...}))
    error = error_of(response, 400)
    assert error["code"] >= 1000
    assert error["source"]["pointer"] == "/" + field
    assert not api.emulator.policies()


@pytest.mark.parametrize("field,value", [
    ("is_regex", "false"), ("verify_sender", 1), ("is_trusted_sender", None), ("is_acceptable_sender", "true"),
    ("is_exempt_recipient", 0), ("pattern", 42), ("pattern", None), ("pattern", ["a@example.com"]),
    ("pattern_type", 1), ("comments", 5), ("comments", ["x"]), ("is_sender", "yes"),
])
def test_create_type_checks(api, field, value):
    error = error_of(api.post(json=policy_body(**{field: value})), 400)
    assert error["source"]["pointer"] == "/" + field
    assert not api.emulator.policies()


@pytest.mark.parametrize("value", ["UNKNOWN", "email", "URL", ""])
def test_pattern_type_enum(api, value):
    assert pointers(api.post(json=policy_body(pattern_type=value))) == ["/pattern_type"]
    policy = api.create()
    assert pointers(api.patch("/" + policy["id"], json={"pattern_type": value})) == ["/pattern_type"]
    assert api.get("/" + policy["id"]).json()["result"]["pattern_type"] == "EMAIL"


def test_pattern_length_limits(api):
    assert pointers(api.post(json=policy_body(pattern=""))) == ["/pattern"]
    assert pointers(api.post(json=policy_body(pattern="a" * 1025, is_regex=True))) == ["/pattern"]
    longest = api.create(pattern="a" * 1024, is_regex=True)
    assert len(longest["pattern"]) == 1024
    assert pointers(api.patch("/" + longest["id"], json={"pattern": "a" * 1025})) == ["/pattern"]


def test_comments_length_limit(api):
    assert pointers(api.post(json=policy_body(comments="c" * 1025))) == ["/comments"]
    policy = api.create(comments="c" * 1024)
    assert len(policy["comments"]) == 1024
    assert pointers(api.patch("/" + policy["id"], json={"comments": "c" * 1025})) == ["/comments"]


def test_unknown_fields_refused(api):
    response = api.post(json=policy_body(colour="blue", is_enabled=True))
    assert error_of(response, 400)["code"] == 1001
    assert sorted(pointers(response)) == ["/colour", "/is_enabled"]
    policy = api.create()
    assert pointers(api.patch("/" + policy["id"], json={"patern": "x@example.com"})) == ["/patern"]


@pytest.mark.parametrize("data", [b"[1, 2]", b'"text"', b"null", b"3"])
def test_body_must_be_object(api, data):
    response = api.post(data=data, headers={"Content-Type": "application/json"})
    error = error_of(response, 400)
    assert error["source"]["pointer"] == ""
    policy = api.create()
    assert error_of(api.patch("/" + policy["id"], data=data, headers={"Content-Type": "application/json"}), 400)["code"] == 1001


def test_body_malformed_or_missing(api):
    malformed = api.post(data=b"{not json", headers={"Content-Type": "application/json"})
    assert error_of(malformed, 400)["code"] == 6007
    assert error_of(api.post(), 400)["code"] == 1001
    assert not api.emulator.policies()


@pytest.mark.parametrize("body", [{}, {"id": "x", "created_at": "2020-01-01T00:00:00Z"}])
def test_patch_needs_a_writable_property(api, body):
    policy = api.create()
    error = error_of(api.patch("/" + policy["id"], json=body), 400)
    assert error["code"] == 1001
    assert api.get("/" + policy["id"]).json()["result"] == policy


@pytest.mark.parametrize("pattern,valid", [
    ("user@example.com", True), ("first.last+tag@mail.example.co.uk", True), ("not-an-email", False),
    ("user@localhost", False), ("user@@example.com", False), ("@example.com", False), ("user@", False),
    ("user@exa mple.com", False), ("us er@example.com", False), ("user@-example.com", False),
    ("user\n@example.com", False), ("user@example.com\n", False), ("a,b@example.com", False), ("user@example.com.", False),
])
def test_email_pattern(api, pattern, valid):
    response = api.post(json=policy_body(pattern=pattern, pattern_type="EMAIL", is_regex=False))
    assert response.status_code == (201 if valid else 400), response.text
    if not valid:
        assert pointers(response) == ["/pattern"]


@pytest.mark.parametrize("pattern,valid", [
    ("example.com", True), ("sub.Example-1.co.uk", True), ("xn--bcher-kva.example", True), ("localhost", False),
    ("exa_mple.com", False), ("-example.com", False), ("example-.com", False), ("example..com", False),
    ("http://example.com", False), ("*.example.com", False), ("example.com.", False), ("user@example.com", False),
    ("a" * 64 + ".com", False), ("example.com\n", False), ("mail_out.example.com", False),
])
def test_domain_pattern(api, pattern, valid):
    response = api.post(json=policy_body(pattern=pattern, pattern_type="DOMAIN", is_regex=False))
    assert response.status_code == (201 if valid else 400), response.text


@pytest.mark.parametrize("pattern,valid", [
    ("8.8.8.8", True), ("1.1.1.0/24", True), ("2606:4700:4700::1111", True), ("2606:4700::/32", True),
    ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.0/24", False), ("127.0.0.1", False), ("169.254.1.1", False),
    ("0.0.0.0", False), ("224.0.0.1", False), ("240.0.0.1", False), ("255.255.255.255", False), ("100.64.0.1", False),
    ("fc00::1", False), ("fd12:3456::1", False), ("fe80::1", False), ("::1", False), ("::", False), ("ff02::1", False),
    ("300.1.1.1", False), ("1.2.3.4/33", False), ("1.2.3.4/24", False), ("example.com", False), ("1.2.3", False),
    ("0.0.0.0/0", False), ("10.0.0.0/7", False), ("8.0.0.0/6", False), ("192.0.2.0/24", True), ("198.51.100.7", True),
    ("203.0.113.0/24", True), ("2001:db8::/32", True), ("1.1.1.77/24", False),
])
def test_ip_pattern(api, pattern, valid):
    response = api.post(json=policy_body(pattern=pattern, pattern_type="IP", is_regex=False))
    assert response.status_code == (201 if valid else 400), response.text


@pytest.mark.parametrize("pattern,valid", [
    (r".*@example\.com", True), (r"^(foo|bar)@[a-z]+\.example\.com$", True), ("([a-z", False), ("*abc", False),
    ("a{2,1}", False),
])
def test_regex_pattern(api, pattern, valid):
    response = api.post(json=policy_body(pattern=pattern, pattern_type="EMAIL", is_regex=True))
    assert response.status_code == (201 if valid else 400), response.text
    if not valid:
        assert "regular expression" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("created,change", [
    ({"pattern": r".*@example\.com", "is_regex": True}, {"is_regex": False}),
    ({"pattern": r".*@example\.com", "is_regex": True}, {"pattern": "(unclosed"}),
    ({"pattern": "user@example.com"}, {"pattern_type": "IP"}),
    ({"pattern": "user@example.com"}, {"pattern_type": "DOMAIN"}),
    ({"pattern": "8.8.8.8", "pattern_type": "IP"}, {"pattern": "192.168.0.1"}),
])
def test_patch_validates_merged_result(api, created, change):
    policy = api.create(**created)
    response = api.patch("/" + policy["id"], json=change)
    assert pointers(response) == ["/pattern"]
    assert api.get("/" + policy["id"]).json()["result"] == policy


def test_patch_valid_merge(api):
    policy = api.create(pattern=r".*@example\.com", is_regex=True)
    patched = api.patch("/" + policy["id"], json={"pattern": "example.com", "pattern_type": "DOMAIN", "is_regex": False})
    assert patched.status_code == 200
    assert patched.json()["result"]["pattern_type"] == "DOMAIN"


# ----- listing ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,value", [
    ("per_page", "0"), ("per_page", "1001"), ("per_page", "abc"), ("per_page", "1.5"), ("per_page", "-5"), ("per_page", ""),
    ("page", "0"), ("page", "-1"), ("page", "x"), ("order", "id"), ("order", "PATTERN"), ("direction", "up"),
    ("is_trusted_sender", "yes"), ("is_acceptable_sender", "1"), ("is_exempt_recipient", "True"), ("verify_sender", ""),
    ("pattern_type", "email"), ("per_page", ["10", "20"]),
])
def test_list_query_validation(api, name, value):
    error = error_of(api.get(params={name: value}), 400)
    assert error["code"] == 1001
    assert error["source"]["pointer"] == "/query/" + name


def test_list_limits_accepted(api):
    api.create()
    info = api.get(params={"per_page": "1000", "page": "1", "pattern_type": "UNKNOWN"}).json()["result_info"]
    assert info == {"count": 0, "page": 1, "per_page": 1000, "total_count": 1}
    assert api.get(params={"per_page": "1", "unrelated": "ignored"}).json()["result_info"]["count"] == 1


def test_paging_order_and_stopping(api):
    patterns = ["delta.example", "alpha.example", "echo.example", "charlie.example", "golf.example", "bravo.example",
                "foxtrot.example"]
    seeded = seed_patterns(api.emulator, patterns)
    pages = []
    page = 1
    while True:
        body = api.get(params={"page": page, "per_page": 3, "order": "pattern", "direction": "asc"}).json()
        assert body["result_info"]["page"] == page
        assert body["result_info"]["per_page"] == 3
        assert body["result_info"]["total_count"] == 7
        assert body["result_info"]["count"] == len(body["result"])
        pages.append([policy["pattern"] for policy in body["result"]])
        if len(body["result"]) < 3:
            break
        page += 1
    assert [len(chunk) for chunk in pages] == [3, 3, 1]
    assert sum(pages, []) == sorted(patterns)

    past_end = api.get(params={"page": 4, "per_page": 3, "order": "pattern"}).json()
    assert past_end["result"] == []
    assert past_end["result_info"] == {"count": 0, "page": 4, "per_page": 3, "total_count": 7}

    desc = api.get(params={"per_page": 7, "order": "pattern", "direction": "desc"}).json()["result"]
    assert [policy["pattern"] for policy in desc] == sorted(patterns, reverse=True)
    by_created = api.get(params={"per_page": 4, "page": 2, "order": "created_at", "direction": "desc"}).json()["result"]
    assert [policy["id"] for policy in by_created] == [policy["id"] for policy in reversed(seeded)][4:]
    default = api.get(params={"per_page": 100}).json()["result"]
    assert [policy["id"] for policy in default] == [policy["id"] for policy in seeded]
    default_desc = api.get(params={"direction": "desc"}).json()["result"]
    assert [policy["id"] for policy in default_desc] == [policy["id"] for policy in reversed(seeded)]


def test_default_per_page_is_20(api):
    seed_patterns(api.emulator, ["p%02d.example" % index for index in range(25)])
    first = api.get().json()
    assert first["result_info"] == {"count": 20, "page": 1, "per_page": 20, "total_count": 25}
    assert api.get(params={"page": 2}).json()["result_info"]["count"] == 5


def test_total_count_ignores_filters(api):
    seed_patterns(api.emulator, ["a.example", "b.example", "c.example"])
    api.create(pattern="8.8.8.8", pattern_type="IP")
    api.create(pattern="1.1.1.1", pattern_type="IP")
    body = api.get(params={"pattern_type": "IP"}).json()
    assert sorted(policy["pattern"] for policy in body["result"]) == ["1.1.1.1", "8.8.8.8"]
    assert body["result_info"]["count"] == 2
    assert body["result_info"]["total_count"] == 5


def test_filter_pattern_exact_and_case_sensitive(api):
    api.create(pattern="user@example.com")
    upper = api.create(pattern="User@Example.com")
    api.create(pattern="user@example.com.evil.example", pattern_type="EMAIL")
    result = api.get(params={"pattern": "User@Example.com"}).json()["result"]
    assert [policy["id"] for policy in result] == [upper["id"]]
    assert len(api.get(params={"pattern": "user@example.com"}).json()["result"]) == 1
    assert api.get(params={"pattern": "example.com"}).json()["result"] == []


def test_filter_pattern_type(api):
    email = api.create()
    domain = api.create(pattern="example.com", pattern_type="DOMAIN")
    legacy = api.emulator.seed([{"pattern": "legacy", "pattern_type": "UNKNOWN", "is_regex": False}])[0]
    for pattern_type, expected in (("EMAIL", email), ("DOMAIN", domain), ("UNKNOWN", legacy)):
        result = api.get(params={"pattern_type": pattern_type}).json()["result"]
        assert [policy["id"] for policy in result] == [expected["id"]]
    assert api.get(params={"pattern_type": "IP"}).json()["result"] == []


@pytest.mark.parametrize("flag", ["is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient", "verify_sender"])
def test_filter_boolean(api, flag):
    others = {name: False for name in ("is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient", "verify_sender")}
    on = api.create(**dict(others, **{flag: True}))
    off = api.create(**others)
    assert [p["id"] for p in api.get(params={flag: "true"}).json()["result"]] == [on["id"]]
    assert [p["id"] for p in api.get(params={flag: "false"}).json()["result"]] == [off["id"]]
    assert len(api.get().json()["result"]) == 2


def test_filter_search(api):
    by_pattern = api.create(pattern="Alice@Wonderland.example", comments=None)
    by_comment = api.create(pattern="bob@example.com", comments="Friend of ALICE")
    api.create(pattern="carol@example.com", comments="nobody")
    result = api.get(params={"search": "alice"}).json()["result"]
    assert sorted(policy["id"] for policy in result) == sorted([by_pattern["id"], by_comment["id"]])
    assert api.get(params={"search": "zzz"}).json()["result"] == []
    combined = api.get(params={"search": "alice", "is_trusted_sender": "true", "pattern": "bob@example.com"}).json()
    assert [policy["id"] for policy in combined["result"]] == [by_comment["id"]]
    assert combined["result_info"]["total_count"] == 3


# ----- batch -----------------------------------------------------------------------------------------------------------


def batch_body(**arrays):
    """A batch body with empty arrays unless given."""
    body = {"deletes": [], "patches": [], "puts": [], "posts": []}
    body.update(arrays)
    return body


def test_batch_success(api):
    doomed, patched, replaced = (api.create(pattern="p%d@example.com" % index) for index in range(3))
    response = api.post("/batch", json=batch_body(
        deletes=[{"id": doomed["id"]}],
        patches=[{"id": patched["id"], "comments": "patched", "is_spoof": True}],
        puts=[policy_body(id=replaced["id"], pattern="example.org", pattern_type="DOMAIN", comments=...)],
        posts=[policy_body(pattern="new1@example.com"), policy_body(pattern="8.8.4.4", pattern_type="IP")],
    ))
    assert response.status_code == 200
    result = response.json()["result"]
    assert set(result) == {"deletes", "patches", "puts", "posts"}
    assert result["deletes"] == [{"id": doomed["id"]}]
    assert result["patches"][0]["id"] == patched["id"]
    assert result["patches"][0]["comments"] == "patched"
    assert result["patches"][0]["is_acceptable_sender"] is True
    assert result["patches"][0]["pattern"] == patched["pattern"]
    assert result["puts"][0]["id"] == replaced["id"]
    assert result["puts"][0]["pattern"] == "example.org"
    assert result["puts"][0]["comments"] is None
    assert result["puts"][0]["created_at"] == replaced["created_at"]
    assert [policy["pattern"] for policy in result["posts"]] == ["new1@example.com", "8.8.4.4"]
    state = stored(api.emulator)
    assert doomed["id"] not in state
    assert set(state) == {patched["id"], replaced["id"]} | {policy["id"] for policy in result["posts"]}
    assert state[replaced["id"]] == result["puts"][0]
    assert error_of(api.get("/" + doomed["id"]), 404)["code"] == 1002


def test_batch_empty_and_in_order(api):
    assert api.post("/batch", json=batch_body()).json()["result"] == batch_body()
    policy = api.create()
    twice = api.post("/batch", json=batch_body(patches=[{"id": policy["id"], "comments": "one"},
                                                        {"id": policy["id"], "pattern": "two@example.com"}]))
    assert twice.status_code == 200
    assert api.get("/" + policy["id"]).json()["result"]["comments"] == "one"
    assert api.get("/" + policy["id"]).json()["result"]["pattern"] == "two@example.com"
    ordered = api.post("/batch", json=batch_body(deletes=[{"id": policy["id"]}], patches=[{"id": policy["id"], "comments": "x"}]))
    assert pointers(ordered) == ["/patches/0/id"]
    assert policy["id"] in stored(api.emulator)


@pytest.mark.parametrize("key", ["deletes", "patches", "puts", "posts"])
def test_batch_arrays_required(api, key):
    body = batch_body(posts=[policy_body()])
    del body[key]
    assert pointers(api.post("/batch", json=body)) == ["/" + key]
    body[key] = {"not": "a list"}
    assert pointers(api.post("/batch", json=body)) == ["/" + key]
    assert not api.emulator.policies()


def test_batch_item_limit(api):
    posts = [policy_body(pattern="user%d@example.com" % index) for index in range(1001)]
    response = api.post("/batch", json=batch_body(posts=posts))
    assert pointers(response) == ["/posts"]
    assert not api.emulator.policies()
    assert pointers(api.post("/batch", json=batch_body(deletes=[{"id": str(uuid.uuid4())}] * 1001))) == ["/deletes"]
    full = api.post("/batch", json=batch_body(posts=posts[:1000]))
    assert full.status_code == 200
    assert len(full.json()["result"]["posts"]) == 1000
    assert len(api.emulator.policies()) == 1000


def test_batch_unknown_top_level_field(api):
    assert pointers(api.post("/batch", json=dict(batch_body(), extra=[]))) == ["/extra"]
    assert error_of(api.post("/batch", json=[]), 400)["code"] == 1001


@pytest.mark.parametrize("case", ["bad_patch", "unknown_delete", "put_missing_field", "bad_post", "unknown_patch",
                                  "put_unknown_type", "delete_extra_field"])
def test_batch_atomicity(api, case):
    existing = [api.create(pattern="keep%d@example.com" % index) for index in range(5)]
    before = api.emulator.policies()
    good_patches = [{"id": policy["id"], "comments": "changed"} for policy in existing[:3]]
    arrays = {
        "bad_patch": ({"deletes": [{"id": existing[4]["id"]}], "patches": good_patches + [{"id": existing[3]["id"], "pattern": ""}],
                       "posts": [policy_body(pattern="added@example.com")]}, "/patches/3/pattern"),
        "unknown_delete": ({"deletes": [{"id": existing[0]["id"]}, {"id": str(uuid.uuid4())}]}, "/deletes/1/id"),
        "put_missing_field": ({"deletes": [{"id": existing[0]["id"]}],
                               "puts": [policy_body(id=existing[1]["id"], is_regex=...)]}, "/puts/0/is_regex"),
        "bad_post": ({"patches": good_patches, "posts": [policy_body(pattern="ok@example.com"), policy_body(pattern_type="UNKNOWN")]},
                     "/posts/1/pattern_type"),
        "unknown_patch": ({"deletes": [{"id": existing[0]["id"]}], "patches": [{"id": str(uuid.uuid4()), "comments": "x"}]},
                          "/patches/0/id"),
        "put_unknown_type": ({"puts": [policy_body(id=existing[1]["id"]), policy_body(id=existing[2]["id"], pattern="10.1.1.1",
                                                                                      pattern_type="IP")]}, "/puts/1/pattern"),
        "delete_extra_field": ({"deletes": [{"id": existing[0]["id"]}, {"id": existing[1]["id"], "force": True}]}, "/deletes/1/force"),
    }
    body, pointer = arrays[case]
    response = api.post("/batch", json=batch_body(**body))
    error = error_of(response, 400)
    assert error["code"] >= 1000
    assert error["source"]["pointer"] == pointer
    assert api.emulator.policies() == before


# ----- authentication ----------------------------------------------------------------------------------------------------


def test_auth_token_and_email_key(api):
    assert api.get(auth="token").status_code == 200
    assert api.get(auth="email").status_code == 200
    assert api.post(json=policy_body(), auth="email").status_code == 201
    assert api.get(auth={"Authorization": "bearer " + TOKEN}).status_code == 200


@pytest.mark.parametrize("headers", [
    None, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN}, {"Authorization": "Basic " + TOKEN},
    {"X-Auth-Email": EMAIL}, {"X-Auth-Key": KEY}, {"X-Auth-Email": EMAIL, "X-Auth-Key": "wrong"},
    {"X-Auth-Email": "other@example.com", "X-Auth-Key": KEY},
])
def test_auth_refused(api, headers):
    error = error_of(api.get(auth=headers), 401)
    assert error == {"code": 10000, "message": "Authentication error"}
    assert error_of(api.post(json=policy_body(), auth=headers), 401)["code"] == 10000
    assert not api.emulator.policies()


def test_auth_checked_before_validation(api):
    assert error_of(api.post(data=b"{broken", auth=None), 401)["code"] == 10000
    assert error_of(api.get(params={"per_page": "0"}, auth=None), 401)["code"] == 10000
    assert error_of(api.get("/" + str(uuid.uuid4()), auth=None), 401)["code"] == 10000


def test_wrong_account_forbidden(api):
    other = api.account_url.replace(ACCOUNT_ID, "ffffffffffffffffffffffffffffffff")
    url = other + "/email-security/settings/allow_policies"
    error = error_of(api.get(url=url), 403)
    assert error["code"] == 9109
    assert error["message"] == "Unauthorized to access requested resource"
    assert error_of(api.post(url=url, json=policy_body(), auth="email"), 403)["code"] == 9109
    assert error_of(api.get(url=url, auth={"Authorization": "Bearer nope"}), 401)["code"] == 10000
    assert not api.emulator.policies()


def test_email_key_disabled_by_default(checker):
    with Emulator() as emulator:
        client = ApiClient(emulator, checker)
        assert client.get(auth={"X-Auth-Email": EMAIL, "X-Auth-Key": KEY}).status_code == 401
        assert client.get(auth={"Authorization": "Bearer emulator-token"}).status_code == 200
        assert emulator.account_id == "0123456789abcdef0123456789abcdef"
        client.session.close()


# ----- routing ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["/client/v4/nothing", "/client/v4/accounts/%s/email-security/settings/no_such_collection" % ACCOUNT_ID,
                                    "/client/v4/accounts/%s/email-security/settings/allow_policies/" % ACCOUNT_ID,
                                    "/client/v4/accounts/%s/email-security/settings/allow_policies/a/b" % ACCOUNT_ID,
                                    "/accounts/%s/email-security/settings/allow_policies" % ACCOUNT_ID, "/"])
def test_unknown_route(api, suffix):
    for auth in ("token", None):
        error = error_of(api.get(url=api.root + suffix, auth=auth), 404)
        assert error == {"code": 7003, "message": "No route for the URI"}


@pytest.mark.parametrize("method,path,allowed", [
    ("PUT", "/00000000-0000-4000-8000-000000000000", "GET, PATCH, DELETE"), ("POST", "/00000000-0000-4000-8000-000000000000", "GET, PATCH, DELETE"),
    ("DELETE", "", "GET, POST"), ("PATCH", "", "GET, POST"), ("PUT", "", "GET, POST"), ("GET", "/batch", "POST"),
    ("DELETE", "/batch", "POST"),
])
def test_method_not_allowed(api, method, path, allowed):
    response = api.request(method, path, json={})
    assert error_of(response, 405)["code"] == 10405
    assert response.headers["Allow"] == allowed


# ----- request log -------------------------------------------------------------------------------------------------------


def test_request_log(api):
    policy = api.create()
    api.get(params={"pattern_type": "EMAIL", "tag": ["a", "b"]})
    api.patch("/" + policy["id"], data=b"not json at all", auth="email")
    api.get(auth=None)
    api.get(url=api.root + "/client/v4/missing")
    api.control("GET", "policies")
    log = api.emulator.requests
    assert [(entry["method"], entry["status"]) for entry in log] == [("POST", 201), ("GET", 200), ("PATCH", 400), ("GET", 401), ("GET", 404)]
    assert log[0]["path"] == "/client/v4/accounts/%s/email-security/settings/allow_policies" % ACCOUNT_ID
    assert log[0]["query"] == {}
    assert log[0]["body"] == policy_body()
    assert log[1]["query"] == {"pattern_type": "EMAIL", "tag": ["a", "b"]}
    assert log[1]["body"] is None
    assert log[2]["path"].endswith("/allow_policies/" + policy["id"])
    assert log[2]["body"] == "not json at all"
    assert log[4]["path"] == "/client/v4/missing"
    over_http = api.control("GET", "requests").json()
    assert over_http == {"requests": log}
    assert set(log[0]) == {"method", "path", "query", "body", "status"}
    dumped = json.dumps(over_http)
    for secret in (TOKEN, KEY, EMAIL):
        assert secret not in dumped
    assert api.control("DELETE", "requests").status_code == 200
    assert api.emulator.requests == []
    api.get()
    assert len(api.emulator.requests) == 1
    api.emulator.clear_requests()
    assert api.control("GET", "requests").json() == {"requests": []}


# ----- control API -------------------------------------------------------------------------------------------------------


def test_reset(api):
    api.create()
    api.emulator.set_latency(1)
    api.emulator.set_rate_limit(1, 60)
    api.emulator.add_fault(status=500)
    assert api.control("POST", "config", {"latency_ms": 5}).json()["latency_ms"] == 5
    assert api.control("POST", "reset").status_code == 200
    assert api.emulator.policies() == []
    assert api.emulator.requests == []
    assert api.emulator.faults() == []
    assert api.control("GET", "config").json() == {"latency_ms": 0.0, "rate_limit": None, "id_format": "uuid", "domain_verification_reads": 0}
    assert api.get().json()["result"] == []
    assert api.get().status_code == 200
    assert api.emulator.requests[0]["status"] == 200


def test_reset_restores_startup_configuration(checker):
    with Emulator(api_token=TOKEN, latency_ms=1, rate_limit=50, rate_window_seconds=30) as emulator:
        emulator.set_latency(0)
        emulator.set_rate_limit(None)
        emulator.reset()
        assert emulator.config() == {"latency_ms": 1.0, "rate_limit": {"requests": 50, "window_seconds": 30.0}, "id_format": "uuid",
                                     "domain_verification_reads": 0}
        client = ApiClient(emulator, checker)
        response = client.get(auth={"Authorization": "Bearer " + TOKEN})
        assert response.headers["Ratelimit-Policy"] == '"default";q=50;w=30'
        client.session.close()


def test_seed_over_http(api):
    legacy_id = str(uuid.uuid4())
    response = api.control("POST", "seed", {"policies": [
        {"id": legacy_id, "pattern": "legacy-thing", "pattern_type": "UNKNOWN", "is_regex": False, "is_sender": True,
         "created_at": "2024-03-01T10:00:00+02:00", "modified_at": "2024-04-01T00:00:00Z"},
        policy_body(pattern="seeded@example.com"),
    ]})
    assert response.status_code == 200
    seeded = response.json()["policies"]
    assert [policy["pattern"] for policy in seeded] == ["legacy-thing", "seeded@example.com"]
    assert seeded[0]["id"] == legacy_id
    assert seeded[0]["created_at"] == "2024-03-01T08:00:00.000000Z"
    assert seeded[0]["last_modified"] == seeded[0]["modified_at"] == "2024-04-01T00:00:00.000000Z"
    assert seeded[0]["is_trusted_sender"] is True and seeded[0]["is_sender"] is True
    assert "verify_sender" not in seeded[0]
    assert uuid.UUID(seeded[1]["id"]).version == 4
    assert api.control("GET", "policies").json() == {"policies": seeded}
    fetched = api.get("/" + legacy_id).json()["result"]
    assert fetched == seeded[0]
    assert api.patch("/" + legacy_id, json={"comments": "still legacy"}).json()["result"]["pattern_type"] == "UNKNOWN"
    assert pointers(api.patch("/" + legacy_id, json={"pattern_type": "UNKNOWN"})) == ["/pattern_type"]
    assert api.emulator.requests[0]["method"] == "GET"


def test_seed_refusals_store_nothing(api):
    duplicate = str(uuid.uuid4())
    assert api.control("POST", "seed", {"policies": [{"id": duplicate}, {"id": duplicate}]}).status_code == 400
    assert api.control("POST", "seed", {"policies": [{"pattern": "x", "colour": "blue"}]}).status_code == 400
    assert api.control("POST", "seed", {"policies": [{"pattern": "x", "created_at": "yesterday"}]}).status_code == 400
    assert api.control("POST", "seed", {"nope": []}).status_code == 400
    invalid = api.control("POST", "seed", {"validate": True, "policies": [policy_body(pattern_type="UNKNOWN")]})
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["source"]["pointer"] == "/policies/0/pattern_type"
    assert api.emulator.policies() == []
    with pytest.raises(ValueError):
        api.emulator.seed([{"id": duplicate}, {"id": duplicate}])
    assert api.emulator.policies() == []


def test_control_errors(api):
    assert api.control("GET", "nothing").status_code == 404
    assert api.control("PUT", "requests").status_code == 405
    assert api.control("POST", "config", {"latency_ms": -1}).status_code == 400
    assert api.control("POST", "config", {"rate_limit": {"requests": 0}}).status_code == 400
    assert api.control("POST", "config", {"speed": 1}).status_code == 400
    assert api.control("POST", "faults", {"status": 999}).status_code == 400
    assert api.control("POST", "faults", {"path": "(["}).status_code == 400
    assert api.control("POST", "faults", {"colour": "red"}).status_code == 400
    assert api.emulator.faults() == [] and api.emulator.requests == []


# ----- latency and rate limit --------------------------------------------------------------------------------------------


def test_latency(api):
    assert api.control("POST", "config", {"latency_ms": 150}).json()["latency_ms"] == 150
    started = time.monotonic()
    assert api.get().status_code == 200
    assert time.monotonic() - started >= 0.15
    api.emulator.set_latency(80)
    started = time.monotonic()
    assert api.post(json=policy_body()).status_code == 201
    assert time.monotonic() - started >= 0.08


def test_rate_limit(api):
    config = api.control("POST", "config", {"rate_limit": {"requests": 3, "window_seconds": 0.6}}).json()
    assert config["rate_limit"] == {"requests": 3, "window_seconds": 0.6}
    statuses = [api.get().status_code for _index in range(3)]
    assert statuses == [200, 200, 200]
    limited = api.post(json=policy_body())
    error = error_of(limited, 429)
    assert error == {"code": 971, "message": "Please wait and consider throttling your request speed"}
    retry_after = int(limited.headers["retry-after"])
    assert retry_after >= 1
    assert api.emulator.policies() == []
    assert api.emulator.requests[-1]["status"] == 429
    time.sleep(0.65)
    assert api.post(json=policy_body()).status_code == 201
    api.control("POST", "config", {"rate_limit": None})
    assert all(api.get().status_code == 200 for _index in range(5))


def test_rate_limit_python_interface(api):
    api.emulator.set_rate_limit(1, 30)
    assert api.get().status_code == 200
    limited = api.get()
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 30
    api.emulator.set_rate_limit(None)
    assert api.get().status_code == 200


# ----- faults ------------------------------------------------------------------------------------------------------------


def test_fault_status_with_retry_after(api):
    fault = api.control("POST", "faults", {"method": "POST", "path": "allow_policies$", "count": 2, "status": 429, "retry_after": "2"})
    assert fault.status_code == 200
    for _index in range(2):
        response = api.post(json=policy_body())
        assert error_of(response, 429)["code"] == 971
        assert response.headers["Retry-After"] == "2"
    assert api.emulator.policies() == []
    assert api.post(json=policy_body()).status_code == 201
    assert [entry["status"] for entry in api.emulator.requests] == [429, 429, 201]


def test_fault_matching_and_clearing(api):
    policy = api.create()
    api.emulator.add_fault(method="GET", path=r"/allow_policies/[0-9a-f-]+$", status=503, retry_after="Wed, 21 Oct 2026 07:28:00 GMT")
    assert api.get().status_code == 200
    assert api.patch("/" + policy["id"], json={"comments": "x"}).status_code == 200
    response = api.get("/" + policy["id"])
    assert error_of(response, 503)["code"] >= 1000
    assert response.headers["Retry-After"] == "Wed, 21 Oct 2026 07:28:00 GMT"
    assert api.get("/" + policy["id"]).status_code == 200
    api.emulator.add_fault(status=500, count=5)
    assert api.control("GET", "faults").json()["faults"][0]["count"] == 5
    assert api.control("DELETE", "faults").json() == {"faults": []}
    assert api.get().status_code == 200


def test_fault_does_not_change_state(api):
    policy = api.create()
    for status in (500, 502):
        api.emulator.add_fault(status=status)
        assert error_of(api.delete("/" + policy["id"]), status)["code"] >= 1000
        api.emulator.add_fault(status=status, code=1234, message="custom")
        assert error_of(api.patch("/" + policy["id"], json={"comments": "no"}), status) == {"code": 1234, "message": "custom"}
    assert api.emulator.policies() == [policy]


def test_fault_delay_exceeds_client_timeout(api):
    api.control("POST", "faults", {"method": "POST", "delay_seconds": 0.6, "status": 500})
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.post(json=policy_body(), timeout=0.2)
    assert time.monotonic() - started < 0.6
    deadline = time.monotonic() + 5
    while api.emulator.requests[0]["status"] is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert api.emulator.policies() == []
    assert api.post(json=policy_body(), timeout=5).status_code == 201
    assert [entry["status"] for entry in api.emulator.requests] == [500, 201]


def test_fault_drop(api):
    api.control("POST", "faults", {"path": "allow_policies", "drop": True})
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post(json=policy_body())
    assert api.emulator.policies() == []
    log = api.emulator.requests
    assert len(log) == 1 and log[0]["status"] is None and log[0]["method"] == "POST"
    assert api.get().status_code == 200


@pytest.mark.parametrize("status", [None, 502])
def test_fault_non_json(api, status):
    spec = {"non_json": True} if status is None else {"non_json": True, "status": status}
    api.control("POST", "faults", spec)
    # Deliberately off-spec (HTML body): not validated, asserted instead.
    response = api.post(json=policy_body(), validate=False)
    assert response.status_code == (status or 200)
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.lstrip().startswith("<html>")
    with pytest.raises(ValueError):
        response.json()
    assert api.emulator.policies() == []
    assert api.emulator.requests[0]["status"] == (status or 200)


# ----- threading -----------------------------------------------------------------------------------------------------------


def test_concurrent_creates(api):
    results = []
    errors = []

    def worker(index):
        try:
            client = ApiClient(api.emulator, api.checker)
            results.append(client.create(pattern="user%d@example.com" % index))
            client.session.close()
        except AssertionError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len({policy["id"] for policy in results}) == 20
    assert api.get(params={"per_page": 5}).json()["result_info"]["total_count"] == 20
    assert len(api.emulator.requests) == 21


# ----- OpenAPI validation self-check -------------------------------------------------------------------------------------


def _forged(response, status, body):
    forged = requests.Response()
    forged.status_code = status
    forged.headers["Content-Type"] = "application/json"
    forged._content = json.dumps(body).encode("utf-8")  # pylint: disable=protected-access
    forged.request = response.request
    return forged


def test_spec_validation_catches_wrong_responses(api, checker):
    created = api.post(json=policy_body())
    body = created.json()
    checker.check(_forged(created, 201, body))
    wrong_id = json.loads(json.dumps(body))
    wrong_id["result"]["id"] = "not-a-uuid"
    wrong_timestamp = json.loads(json.dumps(body))
    wrong_timestamp["result"]["created_at"] = "yesterday"
    no_last_modified = json.loads(json.dumps(body))
    del no_last_modified["result"]["last_modified"]
    for broken in (wrong_id, wrong_timestamp, no_last_modified, dict(body, success=False), dict(body, errors=None)):
        with pytest.raises(InvalidData):
            checker.check(_forged(created, 201, broken))

    failed = api.get(params={"page": "0"})
    failure = failed.json()
    checker.check(_forged(failed, 400, failure))
    assert failed.status_code == 400
    for broken in (dict(failure, success=True), dict(failure, result={}), {"success": False, "errors": []},
                   dict(failure, errors=[{"code": 12, "message": "too small"}])):
        with pytest.raises(InvalidData):
            checker.check(_forged(failed, 400, broken))

    missing = api.get(url=api.root + "/client/v4/elsewhere")
    with pytest.raises(Exception, match="is not one of"):
        checker.check(_forged(missing, 404, dict(missing.json(), success=True)))
    listed = api.get()
    with pytest.raises(InvalidData):
        checker.check(_forged(listed, 200, dict(listed.json(), result_info={"count": "1"})))


# ----- command line ----------------------------------------------------------------------------------------------------------


def _start_cli(args, env=None):
    process = subprocess.Popen([sys.executable, EMULATOR_SCRIPT] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    timer = threading.Timer(15, process.kill)
    timer.start()
    try:
        line = process.stdout.readline()
    finally:
        timer.cancel()
    return process, line


def _stop_cli(process, sig=signal.SIGTERM):
    process.send_signal(sig)
    try:
        stdout, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, stdout, stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli(checker, tmp_path, sig):
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps({"policies": [policy_body(pattern="cli@example.com")]}), encoding="utf-8")
    process, line = _start_cli(["--port", "0", "--api-token", "cli-token", "--account-id", "cafe" * 8, "--seed", str(seed_file),
                                "--latency-ms", "1"])
    try:
        assert re.match(r"^http://127\.0\.0\.1:\d+/client/v4\n$", line), line
        url = line.strip()
        response = requests.get("%s/accounts/%s/email-security/settings/allow_policies" % (url, "cafe" * 8),
                                headers={"Authorization": "Bearer cli-token"}, timeout=10)
        checker.check(response)
        assert response.status_code == 200
        assert [policy["pattern"] for policy in response.json()["result"]] == ["cli@example.com"]
    finally:
        returncode, stdout, stderr = _stop_cli(process, sig)
    assert returncode == 0
    assert stdout == ""
    assert "Traceback" not in stderr


def test_cli_environment_defaults(checker):
    env = dict(os.environ, EMULATOR_ACCOUNT_ID=ACCOUNT_ID, EMULATOR_API_TOKEN="env-token", EMULATOR_API_EMAIL=EMAIL,
               EMULATOR_API_KEY=KEY)
    process, line = _start_cli(["--port", "0"], env=env)
    try:
        url = line.strip() + "/accounts/%s/email-security/settings/allow_policies" % ACCOUNT_ID
        assert checker.check(requests.get(url, headers={"Authorization": "Bearer env-token"}, timeout=10)).status_code == 200
        assert checker.check(requests.get(url, headers={"X-Auth-Email": EMAIL, "X-Auth-Key": KEY}, timeout=10)).status_code == 200
        assert checker.check(requests.get(url, headers={"Authorization": "Bearer emulator-token"}, timeout=10)).status_code == 401
        root = line.strip()[:-len("/client/v4")]
        log = requests.get(root + "/__emulator__/requests", timeout=10).json()["requests"]
        assert [entry["status"] for entry in log] == [200, 200, 401]
    finally:
        returncode, _stdout, stderr = _stop_cli(process)
    assert returncode == 0
    assert "Traceback" not in stderr


# ----- HTTP details --------------------------------------------------------------------------------------------------------


def test_chunked_request_body_and_headers(api):
    def chunks():
        yield json.dumps(policy_body())[:20].encode("utf-8")
        yield json.dumps(policy_body())[20:].encode("utf-8")

    response = api.post(data=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    assert re.match(r"^[0-9a-f]{16}-EMU$", response.headers["cf-ray"])
    assert api.emulator.requests[0]["body"] == policy_body()


def test_head_is_get_without_body(api):
    policy = api.create()
    # The spec declares no HEAD operation and a HEAD answer has no body: asserted, not validated.
    response = api.request("HEAD", "/" + policy["id"], validate=False)
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["Content-Length"]) == len(api.get("/" + policy["id"]).content)
    assert api.request("HEAD", "/" + str(uuid.uuid4()), validate=False).status_code == 404
