# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the emulator's sibling resources: block senders, trusted domains, impersonation registry.

Every API response is validated against siblings.openapi.json; so is the request of every 2xx answer (the
emulator accepted it, so the spec must accept it), unless a test says otherwise with spec_request.
"""

from __future__ import annotations

import datetime
import json
import signal
import uuid

import pytest
import requests
from openapi_core.validation.request.exceptions import InvalidRequestBody
from openapi_core.validation.response.exceptions import InvalidData

from emulator_testkit import ACCOUNT_ID, EMAIL, KEY, SIBLINGS, TOKEN, ApiClient, record_body
from test_emulator import _forged, _start_cli, _stop_cli, error_of, pointers

BATCHED = ("block_senders", "trusted_domains")
SYNCED_CODE = 1003
# (field, a value of the wrong type) per resource, for the type checks
WRONG_TYPES = {
    "block_senders": [("pattern", 42), ("pattern", None), ("pattern_type", 1), ("is_regex", "false"), ("comments", 5)],
    "trusted_domains": [("pattern", ["a.example"]), ("is_regex", None), ("is_recent", "true"), ("is_similarity", 0),
                        ("comments", ["x"])],
    "impersonation_registry": [("email", None), ("email", 7), ("is_email_regex", "no"), ("name", None), ("name", 1),
                               ("comments", 3), ("directory_id", "12"), ("directory_id", True), ("directory_node_id", 1.5),
                               ("external_directory_node_id", 9), ("provenance", "MANUAL")],
}
REQUIRED = {
    "block_senders": ["pattern", "pattern_type", "is_regex"],
    "trusted_domains": ["pattern", "is_regex", "is_recent", "is_similarity"],
    "impersonation_registry": ["email", "is_email_regex", "name"],
}
# The field each resource sorts by besides created_at, and the key field a seeded record varies in.
ORDER_FIELDS = {"block_senders": "pattern", "trusted_domains": "pattern", "impersonation_registry": "email"}


def seed_sorted(emulator, resource, values, **fields):
    """Seed records whose ORDER_FIELDS field takes values, created a minute apart; returns them in seed order."""
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    items = []
    for index, value in enumerate(values):
        item = dict(record_body(resource, **fields), **{ORDER_FIELDS[resource]: value})
        item["created_at"] = (start + datetime.timedelta(minutes=index)).isoformat().replace("+00:00", "Z")
        items.append(item)
    return emulator.seed(items, resource=resource)


def sample_values(resource, count):
    """count distinct valid values of the ORDER_FIELDS field, in no sorted order."""
    words = ["delta", "alpha", "echo", "charlie", "golf", "bravo", "foxtrot", "hotel", "india", "juliet"][:count]
    if resource == "impersonation_registry":
        return ["%s@example.com" % word for word in words]
    if resource == "block_senders":
        return ["%s@spam.example" % word for word in words]
    return ["%s.example" % word for word in words]


# ----- CRUD, envelope, ids, timestamps, deprecated field -----------------------------------------------------------------


@pytest.mark.parametrize("resource", SIBLINGS)
def test_crud_round_trip(clients, resource):
    api = clients(resource)
    created = api.post(json=record_body(resource))
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"success", "errors", "messages", "result"} and body["success"] is True
    record = body["result"]
    assert str(uuid.UUID(record["id"])) == record["id"]
    assert record["last_modified"] == record["modified_at"] == record["created_at"]
    for name, value in record_body(resource).items():
        assert record[name] == value

    assert api.get("/" + record["id"]).json()["result"] == record
    patched = api.patch("/" + record["id"], json={"comments": "changed"}).json()["result"]
    assert patched["comments"] == "changed"
    assert patched["created_at"] == record["created_at"]
    assert patched["modified_at"] > record["modified_at"]
    assert patched["last_modified"] == patched["modified_at"]
    cleared = api.patch("/" + record["id"], json={"comments": None}).json()["result"]
    assert cleared["comments"] is None

    listed = api.get().json()
    assert [item["id"] for item in listed["result"]] == [record["id"]]
    assert listed["result_info"] == {"count": 1, "page": 1, "per_page": 20, "total_count": 1}

    deleted = api.delete("/" + record["id"])
    assert deleted.json()["result"] == {"id": record["id"]}
    for response in (api.get("/" + record["id"]), api.delete("/" + record["id"]),
                     api.patch("/" + record["id"], json={"comments": "x"})):
        assert error_of(response, 404)["code"] == 1002
    assert api.emulator.records(resource) == []


@pytest.mark.parametrize("resource", SIBLINGS)
def test_resources_are_separate(clients, resource):
    api = clients(resource)
    record = api.create()
    others = [name for name in SIBLINGS + ("allow_policies",) if name != resource]
    for other in others:
        assert api.emulator.records(other) == []
        assert error_of(api.get(url=api.policies_url.replace(resource, other) + "/" + record["id"], validate=False), 404)
    assert api.emulator.policies() == []


def test_optional_fields_default_to_null(clients):
    assert clients("block_senders").create(comments=...)["comments"] is None
    assert clients("trusted_domains").create(comments=...)["comments"] is None
    entry = clients("impersonation_registry").create(comments=...)
    # The directory fields a create leaves out: the shape of a manual entry (a real answer recorded in April 2025).
    assert entry["comments"] is None and entry["directory_node_id"] is None
    assert (entry["directory_id"], entry["external_directory_node_id"], entry["provenance"]) == (0, entry["id"], "A1S_INTERNAL")


def test_impersonation_directory_fields_and_deprecated_field_returned(clients):
    api = clients("impersonation_registry")
    entry = api.create(directory_node_id=12, external_directory_node_id="node-12", provenance="A1S_INTERNAL")
    assert (entry["directory_node_id"], entry["external_directory_node_id"], entry["provenance"]) == (12, "node-12", "A1S_INTERNAL")
    assert entry["directory_id"] == 0
    assert api.get("/" + entry["id"]).json()["result"] == entry


# ----- create / update validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource,field", [(resource, field) for resource in SIBLINGS for field in REQUIRED[resource]])
def test_create_requires_field(clients, resource, field):
    api = clients(resource)
    assert pointers(api.post(json=record_body(resource, **{field: ...}))) == ["/" + field]
    assert api.emulator.records(resource) == []


@pytest.mark.parametrize("resource,field,value", [(resource, field, value) for resource in SIBLINGS
                                                  for field, value in WRONG_TYPES[resource]])
def test_type_checks(clients, resource, field, value):
    api = clients(resource)
    assert pointers(api.post(json=record_body(resource, **{field: value}))) == ["/" + field]
    record = api.create()
    assert pointers(api.patch("/" + record["id"], json={field: value})) == ["/" + field]
    assert api.emulator.records(resource) == [record]


@pytest.mark.parametrize("resource", SIBLINGS)
def test_unknown_and_read_only_fields(clients, resource):
    api = clients(resource)
    response = api.post(json=record_body(resource, colour="blue", verify_sender=True))
    assert error_of(response, 400)["code"] == 1001
    assert sorted(pointers(response)) == ["/colour", "/verify_sender"]
    # Read-only fields are ignored by the emulator; the spec forbids writing them: the request is not checked.
    record = api.post(json=record_body(resource, id=str(uuid.uuid4()), created_at="2020-01-01T00:00:00Z"),
                      spec_request=False).json()["result"]
    assert not record["created_at"].startswith("2020")
    for body in ({}, {"id": record["id"], "last_modified": "2020-01-01T00:00:00Z"}):
        assert error_of(api.patch("/" + record["id"], json=body, spec_request=False), 400)["code"] == 1001
    assert api.get("/" + record["id"]).json()["result"] == record


@pytest.mark.parametrize("resource", SIBLINGS)
def test_body_must_be_one_object(clients, resource):
    api = clients(resource)
    # Trusted domains once took an array of objects on create; now one object (use batch posts for bulk).
    assert pointers(api.post(json=[record_body(resource)])) == [""]
    assert error_of(api.post(data=b"{nope", headers={"Content-Type": "application/json"}), 400)["code"] == 6007
    assert error_of(api.post(), 400)["code"] == 1001
    assert api.emulator.records(resource) == []


@pytest.mark.parametrize("pattern_type,pattern,valid", [
    ("EMAIL", "user@example.com", True), ("EMAIL", "not-an-email", False), ("DOMAIN", "spam.example", True),
    ("DOMAIN", "http://spam.example", False), ("IP", "8.8.8.8", True), ("IP", "2606:4700::/32", True),
    ("IP", "10.0.0.1", False), ("IP", "1.2.3.4/24", False), ("IP", "fe80::1", False), ("UNKNOWN", "legacy", False),
    ("URL", "https://spam.example", False),
])
def test_block_sender_patterns(clients, pattern_type, pattern, valid):
    api = clients("block_senders")
    response = api.post(json=record_body("block_senders", pattern=pattern, pattern_type=pattern_type))
    assert response.status_code == (201 if valid else 400), response.text
    if not valid:
        assert pointers(response) == ["/pattern_type" if pattern_type in ("UNKNOWN", "URL") else "/pattern"]


def test_block_sender_regex_and_merged_patch(clients):
    api = clients("block_senders")
    regex = api.create(pattern=r".*@spam\.example", is_regex=True)
    assert pointers(api.post(json=record_body("block_senders", pattern="([a-z", is_regex=True))) == ["/pattern"]
    for change in ({"is_regex": False}, {"pattern": "(unclosed"}, {"pattern_type": "UNKNOWN"}, {"pattern_type": "IP", "is_regex": False}):
        response = api.patch("/" + regex["id"], json=change)
        assert error_of(response, 400)["code"] == 1001
    assert api.get("/" + regex["id"]).json()["result"] == regex
    patched = api.patch("/" + regex["id"], json={"pattern": "8.8.4.0/24", "pattern_type": "IP", "is_regex": False})
    assert patched.json()["result"]["pattern_type"] == "IP"
    assert pointers(api.post(json=record_body("block_senders", pattern="a" * 1025, is_regex=True))) == ["/pattern"]
    assert len(api.create(pattern="a" * 1024, is_regex=True)["pattern"]) == 1024
    assert pointers(api.post(json=record_body("block_senders", comments="c" * 1025))) == ["/comments"]


@pytest.mark.parametrize("pattern,is_regex,valid", [
    ("partner.example", False, True), ("sub.Partner-1.co.uk", False, True), ("xn--bcher-kva.example", False, True),
    ("localhost", False, False), ("user@partner.example", False, False), ("https://partner.example", False, False),
    ("*.partner.example", False, False), ("partner.example.", False, False), ("", False, False),
    (r".*\.partner\.example", True, True), ("([a-z", True, False), ("a" * 1025, True, False),
])
def test_trusted_domain_patterns(clients, pattern, is_regex, valid):
    api = clients("trusted_domains")
    response = api.post(json=record_body("trusted_domains", pattern=pattern, is_regex=is_regex))
    assert response.status_code == (201 if valid else 400), response.text
    if not valid:
        assert pointers(response) == ["/pattern"]


def test_trusted_domain_merged_patch(clients):
    api = clients("trusted_domains")
    regex = api.create(pattern=r".*\.partner\.example", is_regex=True)
    assert pointers(api.patch("/" + regex["id"], json={"is_regex": False})) == ["/pattern"]
    flags = api.patch("/" + regex["id"], json={"is_recent": False, "is_similarity": True}).json()["result"]
    assert (flags["is_recent"], flags["is_similarity"], flags["pattern"]) == (False, True, regex["pattern"])
    assert api.patch("/" + regex["id"], json={"pattern": "partner.example", "is_regex": False}).status_code == 200
    assert pointers(api.post(json=record_body("trusted_domains", comments="c" * 1025))) == ["/comments"]


@pytest.mark.parametrize("email,is_regex,valid", [
    ("ceo@example.com", False, True), ("First.Last+tag@mail.example.co.uk", False, True), ("ceo", False, False),
    ("ceo@localhost", False, False), ("ceo@example.com, cfo@example.com", False, False), ("", False, False),
    (r"ceo(\+.*)?@example\.com", True, True), ("([a-z", True, False), ("", True, False),
])
def test_impersonation_emails(clients, email, is_regex, valid):
    api = clients("impersonation_registry")
    response = api.post(json=record_body("impersonation_registry", email=email, is_email_regex=is_regex))
    assert response.status_code == (201 if valid else 400), response.text
    if not valid:
        assert pointers(response) == ["/email"]


def test_impersonation_name_and_merged_patch(clients):
    api = clients("impersonation_registry")
    assert pointers(api.post(json=record_body("impersonation_registry", name="n" * 1025))) == ["/name"]
    assert len(api.create(name="n" * 1024)["name"]) == 1024
    assert api.create(name="", comments="c" * 5000)["comments"] == "c" * 5000
    regex = api.create(email=r".*@board\.example", is_email_regex=True)
    assert pointers(api.patch("/" + regex["id"], json={"is_email_regex": False})) == ["/email"]
    renamed = api.patch("/" + regex["id"], json={"name": "The Board"}).json()["result"]
    assert (renamed["name"], renamed["email"]) == ("The Board", regex["email"])


# ----- directory-synced impersonation entries --------------------------------------------------------------------------


@pytest.mark.parametrize("synced", [{"directory_id": 7}, {"directory_id": 7, "provenance": "SNOOPY-OFFICE_365"},
                                    {"provenance": "SNOOPY-GOOGLE_DIRECTORY"}, {"provenance": "SNOOPY-CASB_OFFICE_365"}])
def test_directory_synced_entries_refuse_update_and_delete(clients, synced):
    api = clients("impersonation_registry")
    entry = api.emulator.seed([record_body("impersonation_registry", **synced)], resource="impersonation_registry")[0]
    for response in (api.patch("/" + entry["id"], json={"name": "Changed"}), api.patch("/" + entry["id"], json={"colour": 1}),
                     api.patch("/" + entry["id"], json={"directory_id": None, "provenance": None}),
                     api.delete("/" + entry["id"])):
        error = error_of(response, 400)
        assert error["code"] == SYNCED_CODE
        assert "synced from a directory" in error["message"]
    assert api.get("/" + entry["id"]).json()["result"] == entry
    assert api.emulator.records("impersonation_registry") == [entry]


@pytest.mark.parametrize("manual", [{}, {"provenance": "A1S_INTERNAL"}, {"directory_node_id": 3}])
def test_manual_entries_can_change(clients, manual):
    api = clients("impersonation_registry")
    entry = api.emulator.seed([record_body("impersonation_registry", **manual)], resource="impersonation_registry")[0]
    assert api.patch("/" + entry["id"], json={"name": "Changed"}).json()["result"]["name"] == "Changed"
    assert api.delete("/" + entry["id"]).status_code == 200


def test_entry_becomes_synced_when_its_directory_fields_say_so(clients):
    api = clients("impersonation_registry")
    entry = api.create(provenance="SNOOPY-OFFICE_365")
    assert error_of(api.patch("/" + entry["id"], json={"name": "x"}), 400)["code"] == SYNCED_CODE
    manual = api.create(email="cfo@example.com")
    assert api.patch("/" + manual["id"], json={"directory_id": 4}).status_code == 200
    assert error_of(api.delete("/" + manual["id"]), 400)["code"] == SYNCED_CODE


# ----- listing -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource,name,value", [
    ("block_senders", "order", "email"), ("block_senders", "pattern_type", "email"), ("block_senders", "per_page", "1001"),
    ("block_senders", "page", "0"), ("block_senders", "direction", "up"), ("block_senders", "pattern", ["a", "b"]),
    ("trusted_domains", "order", "name"), ("trusted_domains", "is_recent", "yes"), ("trusted_domains", "is_similarity", "1"),
    ("trusted_domains", "per_page", "0"),
    ("impersonation_registry", "order", "pattern"), ("impersonation_registry", "provenance", "MANUAL"),
    ("impersonation_registry", "per_page", "abc"), ("impersonation_registry", "search", ["a", "b"]),
])
def test_list_query_validation(clients, resource, name, value):
    error = error_of(clients(resource).get(params={name: value}), 400)
    assert error["code"] == 1001
    assert error["source"]["pointer"] == "/query/" + name


@pytest.mark.parametrize("resource", SIBLINGS)
def test_paging_and_order(clients, resource):
    api = clients(resource)
    values = sample_values(resource, 7)
    seeded = seed_sorted(api.emulator, resource, values)
    field = ORDER_FIELDS[resource]
    pages = []
    page = 1
    while True:
        body = api.get(params={"page": page, "per_page": 3, "order": field, "direction": "asc"}).json()
        assert body["result_info"] == {"count": len(body["result"]), "page": page, "per_page": 3, "total_count": 7}
        pages.append([record[field] for record in body["result"]])
        if len(body["result"]) < 3:
            break
        page += 1
    assert [len(chunk) for chunk in pages] == [3, 3, 1]
    assert sum(pages, []) == sorted(values)
    assert api.get(params={"page": 4, "per_page": 3}).json()["result"] == []
    desc = api.get(params={"per_page": 1000, "order": field, "direction": "desc"}).json()
    assert [record[field] for record in desc["result"]] == sorted(values, reverse=True)
    assert desc["result_info"]["per_page"] == 1000
    by_created = api.get(params={"per_page": 4, "page": 2, "order": "created_at", "direction": "desc"}).json()["result"]
    assert [record["id"] for record in by_created] == [record["id"] for record in reversed(seeded)][4:]
    assert [record["id"] for record in api.get().json()["result"]] == [record["id"] for record in seeded]


def test_impersonation_order_by_name(clients):
    api = clients("impersonation_registry")
    for email, name in (("a@example.com", "Zoe"), ("b@example.com", "Adam"), ("c@example.com", "Mia")):
        api.create(email=email, name=name)
    ordered = api.get(params={"order": "name", "direction": "asc"}).json()["result"]
    assert [entry["name"] for entry in ordered] == ["Adam", "Mia", "Zoe"]
    by_email = api.get(params={"order": "email", "direction": "desc"}).json()["result"]
    assert [entry["email"] for entry in by_email] == ["c@example.com", "b@example.com", "a@example.com"]


def test_default_per_page_is_20(clients):
    api = clients("impersonation_registry")
    api.emulator.seed([record_body("impersonation_registry", email="u%02d@example.com" % index) for index in range(25)],
                      resource="impersonation_registry")
    assert api.get().json()["result_info"] == {"count": 20, "page": 1, "per_page": 20, "total_count": 25}
    assert api.get(params={"page": 2}).json()["result_info"]["count"] == 5


def test_block_sender_filters(clients):
    api = clients("block_senders")
    email = api.create(pattern="user@spam.example")
    upper = api.create(pattern="User@Spam.example")
    domain = api.create(pattern="spam.example", pattern_type="DOMAIN", comments="Known SPAMMER")
    legacy = api.emulator.seed([{"pattern": "legacy", "pattern_type": "UNKNOWN", "is_regex": False}], resource="block_senders")[0]

    def ids(**params):
        body = api.get(params=params).json()
        assert body["result_info"]["total_count"] == 4
        return [record["id"] for record in body["result"]]

    assert ids(pattern="User@Spam.example") == [upper["id"]]
    assert ids(pattern="user@spam.example") == [email["id"]]
    assert ids(pattern="spam.example") == [domain["id"]]
    assert ids(pattern="example") == []
    assert ids(pattern_type="DOMAIN") == [domain["id"]]
    assert ids(pattern_type="UNKNOWN") == [legacy["id"]]
    assert ids(pattern_type="IP") == []
    assert sorted(ids(search="spammer")) == [domain["id"]]
    assert sorted(ids(search="SPAM.example")) == sorted([email["id"], upper["id"], domain["id"]])
    assert ids(pattern="spam.example", pattern_type="EMAIL") == []


def test_trusted_domain_filters(clients):
    api = clients("trusted_domains")
    recent = api.create(pattern="new.example", is_recent=True, is_similarity=False)
    similar = api.create(pattern="look-alike.example", is_recent=False, is_similarity=True, comments="Partner look-alike")
    both = api.create(pattern="both.example", is_recent=True, is_similarity=True)
    regex = api.create(pattern=r".*\.partner\.example", is_regex=True, is_recent=False, is_similarity=False)

    def ids(**params):
        return sorted(record["id"] for record in api.get(params=params).json()["result"])

    assert ids(is_recent="true") == sorted([recent["id"], both["id"]])
    assert ids(is_recent="false") == sorted([similar["id"], regex["id"]])
    assert ids(is_similarity="true", is_recent="false") == [similar["id"]]
    assert ids(pattern="both.example") == [both["id"]]
    assert ids(pattern="BOTH.example") == []
    assert ids(search="PARTNER") == sorted([similar["id"], regex["id"]])
    # There is no is_regex filter: the parameter is ignored like any unknown one.
    assert len(ids(is_regex="true")) == 4


def test_impersonation_filters(clients):
    api = clients("impersonation_registry")
    manual = api.create(email="ceo@example.com", name="Chief Executive")
    internal = api.create(email="cfo@example.com", name="Finance Chief", provenance="A1S_INTERNAL")
    synced = api.emulator.seed([record_body("impersonation_registry", email="cto@example.com", name="Tech",
                                            provenance="SNOOPY-OFFICE_365", directory_id=3, comments="from Entra")],
                               resource="impersonation_registry")[0]

    def ids(**params):
        return sorted(record["id"] for record in api.get(params=params).json()["result"])

    everyone = sorted([manual["id"], internal["id"], synced["id"]])
    # No email filter exists: the parameter is ignored and every entry comes back (look up by paging through all).
    assert ids(email="ceo@example.com") == everyone
    assert ids(provenance="A1S_INTERNAL") == sorted([manual["id"], internal["id"]])  # a create without provenance is manual
    assert ids(provenance="SNOOPY-OFFICE_365") == [synced["id"]]
    assert ids(provenance="SNOOPY-GOOGLE_DIRECTORY") == []
    assert ids(search="chief") == sorted([manual["id"], internal["id"]])
    assert ids(search="CFO@") == [internal["id"]]
    assert ids(search="entra") == [synced["id"]]


# ----- batch ----------------------------------------------------------------------------------------------------------------


def batch_body(**arrays):
    """A batch body with empty arrays unless given."""
    body = {"deletes": [], "patches": [], "puts": [], "posts": []}
    body.update(arrays)
    return body


def test_block_senders_batch(clients):
    api = clients("block_senders")
    doomed, patched, replaced = (api.create(pattern="p%d@spam.example" % index) for index in range(3))
    # puts items are CreateBlockedSender + id in the spec, and id is read-only there: see test_trusted_domains_batch.
    response = api.post("/batch", spec_request=False, json=batch_body(
        deletes=[{"id": doomed["id"]}],
        patches=[{"id": patched["id"], "comments": "patched"}],
        puts=[record_body("block_senders", id=replaced["id"], pattern="spam.example", pattern_type="DOMAIN", comments=...)],
        posts=[record_body("block_senders", pattern="new@spam.example"), record_body("block_senders", pattern="8.8.4.4", pattern_type="IP")],
    ))
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["deletes"] == [{"id": doomed["id"]}]
    assert (result["patches"][0]["comments"], result["patches"][0]["pattern"]) == ("patched", patched["pattern"])
    assert (result["puts"][0]["pattern"], result["puts"][0]["comments"]) == ("spam.example", None)
    assert result["puts"][0]["created_at"] == replaced["created_at"]
    assert [record["pattern"] for record in result["posts"]] == ["new@spam.example", "8.8.4.4"]
    stored = {record["id"]: record for record in api.emulator.records("block_senders")}
    assert set(stored) == {patched["id"], replaced["id"]} | {record["id"] for record in result["posts"]}
    assert stored[replaced["id"]] == result["puts"][0]


def test_trusted_domains_batch(clients):
    api = clients("trusted_domains")
    kept, replaced = api.create(pattern="kept.example"), api.create(pattern="old.example")
    put = record_body("trusted_domains", id=replaced["id"], pattern="new.example", is_similarity=True)
    # The spec's puts items are TrustedDomain + id, and TrustedDomain marks id read-only: the spec refuses any put
    # with an id, so this request is not checked against it (the responses are).
    response = api.post("/batch", spec_request=False, json=batch_body(
        patches=[{"id": kept["id"], "is_recent": False}], puts=[put], posts=[record_body("trusted_domains", pattern="third.example")]))
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result["patches"][0]["is_recent"] is False
    assert (result["puts"][0]["pattern"], result["puts"][0]["is_similarity"]) == ("new.example", True)
    assert [record["pattern"] for record in api.emulator.records("trusted_domains")] == ["kept.example", "new.example", "third.example"]
    # The SDK's Put requires pattern, is_regex, is_recent and is_similarity (the spec requires nothing): SDK followed.
    missing = api.post("/batch", json=batch_body(puts=[record_body("trusted_domains", id=kept["id"], is_recent=...)]))
    assert pointers(missing) == ["/puts/0/is_recent"]


@pytest.mark.parametrize("resource", BATCHED)
@pytest.mark.parametrize("case", ["bad_post", "bad_patch", "unknown_delete", "put_missing_field", "delete_extra_field"])
def test_batch_is_atomic(clients, resource, case):
    api = clients(resource)
    existing = [api.create(pattern="keep%d.example" % index, **({"pattern_type": "DOMAIN"} if resource == "block_senders" else {}))
                for index in range(4)]
    before = api.emulator.records(resource)
    good_posts = [record_body(resource, pattern="added%d.example" % index,
                              **({"pattern_type": "DOMAIN"} if resource == "block_senders" else {})) for index in range(3)]
    patches = [{"id": record["id"], "comments": "changed"} for record in existing[:2]]
    cases = {
        "bad_post": ({"deletes": [{"id": existing[3]["id"]}], "patches": patches,
                      "posts": good_posts + [record_body(resource, pattern="")]}, "/posts/3/pattern"),
        "bad_patch": ({"deletes": [{"id": existing[3]["id"]}], "patches": patches + [{"id": existing[2]["id"], "is_regex": "yes"}]},
                      "/patches/2/is_regex"),
        "unknown_delete": ({"deletes": [{"id": existing[0]["id"]}, {"id": str(uuid.uuid4())}], "posts": good_posts}, "/deletes/1/id"),
        "put_missing_field": ({"deletes": [{"id": existing[0]["id"]}],
                               "puts": [record_body(resource, id=existing[1]["id"], is_regex=...)]}, "/puts/0/is_regex"),
        "delete_extra_field": ({"deletes": [{"id": existing[0]["id"]}, {"id": existing[1]["id"], "force": True}]}, "/deletes/1/force"),
    }
    body, pointer = cases[case]
    error = error_of(api.post("/batch", json=batch_body(**body)), 400)
    assert error["code"] >= 1000
    assert error["source"]["pointer"] == pointer
    assert api.emulator.records(resource) == before


@pytest.mark.parametrize("resource", BATCHED)
def test_batch_envelope_limits(clients, resource):
    api = clients(resource)
    body = batch_body()
    del body["puts"]
    assert pointers(api.post("/batch", json=body)) == ["/puts"]
    assert pointers(api.post("/batch", json=dict(batch_body(), extra=[]))) == ["/extra"]
    assert pointers(api.post("/batch", json=batch_body(deletes=[{"id": str(uuid.uuid4())}] * 1001))) == ["/deletes"]
    posts = [record_body(resource, pattern="d%04d.example" % index, **({"pattern_type": "DOMAIN"} if resource == "block_senders" else {}))
             for index in range(1001)]
    assert pointers(api.post("/batch", json=batch_body(posts=posts))) == ["/posts"]
    assert api.emulator.records(resource) == []
    if resource == "block_senders":  # 1000 items pass (once: the code is shared, and checking 1000 items takes a second)
        full = api.post("/batch", json=batch_body(posts=posts[:1000]), spec_request=False)
        assert len(full.json()["result"]["posts"]) == 1000
        assert len(api.emulator.records(resource)) == 1000


def test_impersonation_registry_has_no_batch(clients):
    api = clients("impersonation_registry")
    response = api.post("/batch", json=batch_body(posts=[record_body("impersonation_registry")]))
    assert error_of(response, 405)["code"] == 10405
    assert response.headers["Allow"] == "GET, PATCH, DELETE"
    assert error_of(api.get("/batch"), 404)["code"] == 1002
    assert api.emulator.records("impersonation_registry") == []


# ----- routing, authentication -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", SIBLINGS)
def test_routing_and_authentication(clients, resource):
    api = clients(resource)
    record_path = "/" + str(uuid.uuid4())
    assert api.request("PUT", record_path, json={}).headers["Allow"] == "GET, PATCH, DELETE"
    assert api.request("DELETE", "", json={}).headers["Allow"] == "GET, POST"
    assert error_of(api.get("/"), 404)["code"] == 7003
    assert error_of(api.get(auth=None), 401) == {"code": 10000, "message": "Authentication error"}
    assert error_of(api.post(json=record_body(resource), auth={"Authorization": "Bearer wrong"}), 401)["code"] == 10000
    assert api.get(auth="email").status_code == 200
    other = api.policies_url.replace(ACCOUNT_ID, "f" * 32)
    assert error_of(api.post(url=other, json=record_body(resource)), 403)["code"] == 9109
    assert api.emulator.records(resource) == []


# ----- faults, latency, rate limit, request log ------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", SIBLINGS)
def test_faults_on_siblings(clients, resource):
    api = clients(resource)
    record = api.create()
    api.emulator.add_fault(method="PATCH", path=resource + "/", status=503, retry_after="1")
    response = api.patch("/" + record["id"], json={"comments": "not applied"})
    assert error_of(response, 503)["code"] >= 1000
    assert response.headers["Retry-After"] == "1"
    api.emulator.add_fault(method="DELETE", status=429)
    assert error_of(api.delete("/" + record["id"]), 429)["code"] == 971
    api.emulator.add_fault(method="POST", drop=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post(json=record_body(resource))
    api.emulator.add_fault(method="GET", non_json=True, status=502)
    html = api.get(validate=False)
    assert html.status_code == 502 and html.headers["Content-Type"].startswith("text/html")
    assert api.emulator.records(resource) == [record]
    assert [entry["status"] for entry in api.emulator.requests] == [201, 503, 429, None, 502]


def test_fault_path_targets_one_resource(clients):
    blocks, trusted = clients("block_senders"), clients("trusted_domains")
    api = clients("impersonation_registry")
    api.emulator.add_fault(path="impersonation_registry", status=500, count=2)
    assert blocks.get().status_code == 200 and trusted.get().status_code == 200
    assert error_of(api.get(), 500)["code"] == 10500
    assert error_of(api.get(), 500)["code"] == 10500
    assert api.get().status_code == 200


def test_rate_limit_and_latency_shared_by_all_resources(clients):
    apis = [clients(resource) for resource in SIBLINGS]
    emulator = apis[0].emulator
    emulator.set_rate_limit(3, 30)
    assert [api.get().status_code for api in apis] == [200, 200, 200]
    limited = apis[0].post(json=record_body("block_senders"))
    assert error_of(limited, 429)["code"] == 971
    assert int(limited.headers["Retry-After"]) >= 1
    assert emulator.records("block_senders") == []
    emulator.set_rate_limit(None)
    emulator.set_latency(60)
    started = datetime.datetime.now()
    assert apis[2].get().status_code == 200
    assert (datetime.datetime.now() - started).total_seconds() >= 0.06


def test_request_log_for_siblings(clients):
    blocks = clients("block_senders")
    entries = clients("impersonation_registry")
    created = blocks.create()
    entries.get(params={"provenance": "A1S_INTERNAL"}, auth="email")
    blocks.post("/batch", json=batch_body(deletes=[{"id": created["id"]}]))
    log = blocks.emulator.requests
    assert [(entry["method"], entry["path"].split("/settings/")[1], entry["status"]) for entry in log] == [
        ("POST", "block_senders", 201), ("GET", "impersonation_registry", 200), ("POST", "block_senders/batch", 200)]
    assert log[1]["query"] == {"provenance": "A1S_INTERNAL"}
    assert log[0]["body"] == record_body("block_senders")
    dumped = json.dumps(blocks.control("GET", "requests").json())
    for secret in (TOKEN, KEY, EMAIL):
        assert secret not in dumped


# ----- control API ----------------------------------------------------------------------------------------------------------


def test_seed_and_read_every_resource_over_http(clients):
    api = clients("trusted_domains")
    synced_id = str(uuid.uuid4())
    response = api.control("POST", "seed", {
        "policies": [{"pattern": "allowed@example.com", "pattern_type": "EMAIL", "is_regex": False}],
        "block_senders": [{"pattern": "legacy", "pattern_type": "UNKNOWN", "is_regex": False, "created_at": "2024-01-01T00:00:00Z"}],
        "trusted_domains": [record_body("trusted_domains")],
        "impersonation_registry": [dict(record_body("impersonation_registry"), id=synced_id, directory_id=9, provenance="SNOOPY-OFFICE_365")],
    })
    assert response.status_code == 200, response.text
    seeded = response.json()
    assert set(seeded) == {"policies", "block_senders", "trusted_domains", "impersonation_registry"}
    assert seeded["block_senders"][0]["created_at"] == seeded["block_senders"][0]["last_modified"] == "2024-01-01T00:00:00.000000Z"
    assert seeded["impersonation_registry"][0]["id"] == synced_id
    for key, records in seeded.items():
        assert api.control("GET", key).json() == {key: records}
    assert api.get("/" + seeded["trusted_domains"][0]["id"]).json()["result"] == seeded["trusted_domains"][0]
    assert len(api.emulator.requests) == 1
    assert api.control("POST", "reset").status_code == 200
    for key in seeded:
        assert api.control("GET", key).json() == {key: []}


def test_seed_refusals_store_nothing_anywhere(clients):
    api = clients("block_senders")
    good = {"policies": [{"pattern": "a@example.com", "pattern_type": "EMAIL", "is_regex": False}],
            "trusted_domains": [record_body("trusted_domains")]}
    for bad in ({"block_senders": [{"pattern": "x", "colour": "red"}]}, {"impersonation_registry": [{"id": True}]},
                {"block_sender": [record_body("block_senders")]}, {"block_senders": {"pattern": "x"}}):
        assert api.control("POST", "seed", dict(good, **bad)).status_code == 400, bad
    assert api.control("POST", "seed", {"validate": True}).status_code == 400
    invalid = api.control("POST", "seed", {"validate": True, "trusted_domains": [record_body("trusted_domains")],
                                           "block_senders": [record_body("block_senders", pattern_type="UNKNOWN")]})
    assert invalid.json()["errors"][0]["source"]["pointer"] == "/block_senders/0/pattern_type"
    for resource in SIBLINGS + ("allow_policies",):
        assert api.emulator.records(resource) == []
    with pytest.raises(ValueError):
        api.emulator.seed([record_body("block_senders")], resource="block_sender")
    with pytest.raises(ValueError):
        api.emulator.seed_many({"trusted_domains": [record_body("trusted_domains")], "impersonation_registry": [None]})
    assert api.emulator.records("trusted_domains") == []


def test_cli_seed_file_with_siblings(siblings_checker, tmp_path):
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps({"impersonation_registry": [record_body("impersonation_registry")],
                                     "policies": []}), encoding="utf-8")
    process, line = _start_cli(["--port", "0", "--api-token", "cli-token", "--seed", str(seed_file)])
    try:
        url = line.strip() + "/accounts/0123456789abcdef0123456789abcdef/email-security/settings/impersonation_registry"
        response = siblings_checker.check(requests.get(url, headers={"Authorization": "Bearer cli-token"}, timeout=10))
        assert [entry["email"] for entry in response.json()["result"]] == ["ceo@example.com"]
    finally:
        returncode, stdout, stderr = _stop_cli(process, signal.SIGTERM)
    assert (returncode, stdout) == (0, "")
    assert "Traceback" not in stderr


# ----- the checker itself ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource,field,wrong", [
    ("block_senders", "pattern_type", "URL"), ("block_senders", "id", "not-a-uuid"),
    ("trusted_domains", "is_recent", "yes"), ("trusted_domains", "modified_at", "yesterday"),
    ("impersonation_registry", "directory_id", "7"), ("impersonation_registry", "provenance", "MANUAL"),
])
def test_spec_validation_catches_wrong_sibling_responses(clients, siblings_checker, resource, field, wrong):
    api = clients(resource)
    created = api.post(json=record_body(resource))
    body = created.json()
    siblings_checker.check(_forged(created, 201, body))
    broken = json.loads(json.dumps(body))
    broken["result"][field] = wrong
    with pytest.raises(InvalidData):
        siblings_checker.check(_forged(created, 201, broken))


def test_spec_validation_checks_requests(clients):
    api = clients("block_senders")
    # The emulator accepts a read-only id in a create body and ignores it; the spec does not: the request check fails.
    with pytest.raises(InvalidRequestBody):
        api.post(json=record_body("block_senders", id=str(uuid.uuid4())))
    plain = ApiClient(api.emulator, api.checker, "block_senders")
    assert plain.post(json=record_body("block_senders", id=str(uuid.uuid4()))).status_code == 201
    plain.session.close()
