# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The families of next.openapi.json: every operation of url_ignore_patterns, each request and response validated
against the subset."""

from __future__ import annotations

import pytest
from emulator_testkit import NEXT_SPEC_PATH, ApiClient, SpecChecker, record_body


@pytest.fixture(name="next_checker", scope="module")
def fixture_next_checker():
    return SpecChecker(NEXT_SPEC_PATH)


@pytest.fixture(name="next_clients")
def fixture_next_clients(emulator, next_checker):
    """next_clients(resource): a client of a collection of next.openapi.json, validating every response and the request of
    every 2xx."""
    made = []

    def make(resource):
        made.append(ApiClient(emulator, next_checker, resource, strict_requests=True))
        return made[-1]

    yield make
    for client in made:
        client.session.close()


@pytest.fixture(name="urls")
def fixture_urls(next_clients):
    return next_clients("url_ignore_patterns")


def batch_body(**arrays):
    return dict(dict(deletes=[], patches=[], puts=[], posts=[]), **arrays)


def pointers(response):
    return [(error.get("source") or {}).get("pointer") for error in response.json()["errors"]]


def test_url_ignore_patterns_every_operation(urls):
    created = urls.create()
    assert (created["pattern"], created["comments"]) == ("https://tracker\\.example/.*", "created by a test")
    assert urls.get("/%s" % created["id"]).json()["result"]["pattern"] == created["pattern"]
    patched = urls.patch("/%s" % created["id"], json={"comments": None}).json()["result"]
    assert patched["comments"] is None and patched["pattern"] == created["pattern"]
    second = urls.create(pattern="^https://cdn\\.example/", comments=...)
    assert second["comments"] is None
    listed = urls.get(params={"page": 1, "per_page": 1})
    assert [item["id"] for item in listed.json()["result"]] == [created["id"]]
    assert listed.json()["result_info"]["total_count"] == 2
    # The schema's patches items are UpdateUrlIgnorePattern (additionalProperties: false) and {id}: no patch with an id, which
    # every patch needs, can pass it; this request is not checked against it (the response is).
    body = batch_body(deletes=[{"id": second["id"]}], patches=[{"id": created["id"], "comments": "x"}],
                      posts=[record_body("url_ignore_patterns", pattern="b+")])
    batch = urls.post("/batch", spec_request=False, json=body)
    assert batch.status_code == 200, batch.text
    assert [record["pattern"] for record in urls.emulator.records("url_ignore_patterns")] == [created["pattern"], "b+"]
    assert urls.delete("/%s" % created["id"]).json()["result"] == {"id": created["id"]}
    assert urls.get("/%s" % created["id"]).status_code == 404


def test_url_ignore_patterns_refuse_what_the_schema_refuses(urls):
    assert pointers(urls.post(json={"pattern": "(unclosed"})) == ["/pattern"]
    assert pointers(urls.post(json={"pattern": ""})) == ["/pattern"]
    assert pointers(urls.post(json={"pattern": "a", "is_regex": True})) == ["/is_regex"]
    created = urls.create()
    assert pointers(urls.patch("/%s" % created["id"], json={})) == [""]
    assert pointers(urls.post("/batch", json=batch_body(posts=[{"pattern": "ok"}, {"pattern": "[z-a]"}]))) == ["/posts/1/pattern"]
    assert len(urls.emulator.records("url_ignore_patterns")) == 1  # the batch is atomic


def test_url_ignore_patterns_list_ignores_order_which_the_schema_lacks(urls):
    first, second = urls.create(pattern="z+"), urls.create(pattern="a+")
    listed = urls.get(params={"order": "pattern", "direction": "desc"}, spec_request=False)
    assert [item["id"] for item in listed.json()["result"]] == [first["id"], second["id"]]


@pytest.fixture(name="policies")
def fixture_policies(next_clients):
    return next_clients("content_policies")


def test_content_policies_every_operation(policies):
    created = policies.create()
    assert (created["name"], created["targets"], created["enabled"]) == ("Invoice fraud", ["SUBJECT", "BODY"], True)
    assert "last_modified" not in created
    assert policies.get("/%s" % created["id"]).json()["result"]["name"] == "Invoice fraud"
    patched = policies.patch("/%s" % created["id"], json={"targets": ["BODY"], "enabled": False}).json()["result"]
    assert (patched["targets"], patched["enabled"], patched["pattern"]) == (["BODY"], False, created["pattern"])
    second = policies.create(name="Gift cards", pattern="gift ?cards?", notes=...)
    assert second["notes"] is None
    assert [item["id"] for item in policies.get(params={"name": "Gift cards"}).json()["result"]] == [second["id"]]
    assert [item["id"] for item in policies.get(params={"enabled": "false"}).json()["result"]] == [created["id"]]
    assert [item["name"] for item in policies.get(params={"order": "name", "direction": "asc"}).json()["result"]] == ["Gift cards", "Invoice fraud"]
    body = batch_body(deletes=[{"id": second["id"]}], patches=[{"id": created["id"], "notes": "x"}],
                      posts=[record_body("content_policies", name="Third")])
    batch = policies.post("/batch", json=body)
    assert batch.status_code == 200, batch.text
    assert [record["name"] for record in policies.emulator.records("content_policies")] == ["Invoice fraud", "Third"]
    assert policies.delete("/%s" % created["id"]).json()["result"] == {"id": created["id"]}


def test_content_policies_refuse_what_the_sdk_refuses(policies):
    assert pointers(policies.post(json=record_body("content_policies", targets=[]))) == ["/targets"]
    assert pointers(policies.post(json=record_body("content_policies", targets=["HEADER"]))) == ["/targets"]
    assert pointers(policies.post(json=record_body("content_policies", pattern="(unclosed"))) == ["/pattern"]
    assert pointers(policies.post(json=record_body("content_policies", enabled=...))) == ["/enabled"]


@pytest.fixture(name="restrictions")
def fixture_restrictions(next_clients):
    return next_clients("sending_domain_restrictions")


def test_sending_domain_restrictions_every_operation(restrictions):
    created = restrictions.create()
    assert (created["domain"], created["exclude"]) == ("example.com", ["newsletter.example.com"])
    patched = restrictions.patch("/%s" % created["id"], json={"exclude": []}).json()["result"]
    assert patched["exclude"] == [] and patched["domain"] == "example.com"
    second = restrictions.create(domain="example.org", comments=...)
    listed = restrictions.get(params={"order": "domain", "direction": "desc"}).json()["result"]
    assert [item["domain"] for item in listed] == ["example.org", "example.com"]
    batch = restrictions.post("/batch", json={"deletes": [{"id": second["id"]}]})
    assert batch.status_code == 200, batch.text
    assert batch.json()["result"] == {"deletes": [{"id": second["id"]}]}
    assert [record["domain"] for record in restrictions.emulator.records("sending_domain_restrictions")] == ["example.com"]
    assert restrictions.delete("/%s" % created["id"]).json()["result"] == {"id": created["id"]}


def test_sending_domain_restrictions_batch_takes_deletes_only(restrictions):
    assert pointers(restrictions.post("/batch", json=batch_body())) == ["/patches", "/puts", "/posts"]
    assert pointers(restrictions.post(json=record_body("sending_domain_restrictions", exclude=...))) == ["/exclude"]
    assert pointers(restrictions.post(json=record_body("sending_domain_restrictions", domain=""))) == ["/domain"]
