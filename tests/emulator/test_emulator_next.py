# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The families of next.openapi.json (URL ignore patterns, content policies, sending domain restrictions, domains):
every operation, each request and response validated against the subset, and what each family refuses."""

from __future__ import annotations

import hashlib
import re

import pytest
from cloudflare_emulator import Emulator, build_parser
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


# ----- domains ---------------------------------------------------------------------------------------------------------------------

DOMAIN_REQUIRED = ("domain", "allowed_delivery_modes", "drop_dispositions", "ip_restrictions", "regions")
DOMAIN_SERVER_FIELDS = ("status", "authorization", "spf_status", "dmarc_status", "emails_processed", "inbox_provider", "o365_tenant_id")
PUT_BODY = {"allowed_delivery_modes": ["API"], "drop_dispositions": [], "ip_restrictions": [], "regions": ["US", "DE"], "lookback_hops": 7}


@pytest.fixture(name="domains")
def fixture_domains(next_clients):
    return next_clients("domains")


def operations_driven(emulator, checker):
    """{(method, path template)} of the 2xx answers in the request log, by the paths of the document."""
    templates = []
    for template in checker.document["paths"]:
        pattern = "/".join("[^/]+" if part.startswith("{") else re.escape(part) for part in template.split("/"))
        templates.append((template, re.compile("^/client/v4" + pattern + "$")))
    driven = set()
    for entry in emulator.requests:
        matching = [template for template, regex in templates if regex.match(entry["path"])]
        if 200 <= entry["status"] < 300 and matching:  # the literal path wins (.../domains/batch is no {domain_id})
            driven.add((entry["method"].lower(), min(matching, key=lambda template: template.count("{"))))
    return driven


def test_domains_every_operation(domains, next_checker):
    domains.control("POST", "config", {"domain_verification_reads": 1})
    created = domains.create()
    assert created["domain"] == "example.com" and created["status"] == "PENDING"
    assert set(DOMAIN_SERVER_FIELDS) <= set(created) and created["integration_id"] is None
    assert domains.get("/%s" % created["id"]).json()["result"] == created
    listed = domains.get(params={"domain": ["example.com"], "status": "PENDING", "order": "domain", "direction": "asc"}).json()
    assert [item["id"] for item in listed["result"]] == [created["id"]]
    pending = domains.get("/%s/verification" % created["id"])
    assert pending.status_code == 200 and pending.json()["result"]["status"] == "PENDING"
    verified = domains.get("/%s/verification" % created["id"])
    assert (verified.status_code, verified.content) == (204, b"")
    patched = domains.patch("/%s" % created["id"], json={"lookback_hops": 3, "folder": None}).json()["result"]
    assert (patched["lookback_hops"], patched["folder"], patched["status"]) == (3, None, "ACTIVE")
    replaced = domains.put("/%s" % created["id"], json=PUT_BODY).json()["result"]
    assert replaced["allowed_delivery_modes"] == ["API"] and replaced["transport"] == "" and replaced["domain"] == "example.com"
    second, third = domains.create(domain="example.org"), domains.create(domain="example.net")
    body = batch_body(deletes=[{"id": second["id"]}], patches=[{"id": created["id"], "require_tls_inbound": False}],
                      puts=[dict(PUT_BODY, id=third["id"], transport="mx.example.net")], posts=[record_body("domains", domain="example.edu")])
    batch = domains.post("/batch", json=body)
    assert batch.status_code == 200, batch.text
    result = batch.json()["result"]
    assert result["deletes"] == [{"id": second["id"]}] and result["patches"][0]["require_tls_inbound"] is False
    assert result["puts"][0]["transport"] == "mx.example.net" and result["posts"][0]["domain"] == "example.edu"
    many = domains.delete(json=[{"id": third["id"]}, {"id": result["posts"][0]["id"]}])
    assert many.json()["result"] == [{"id": third["id"]}, {"id": result["posts"][0]["id"]}]
    assert domains.delete("/%s" % created["id"]).json()["result"] == {"id": created["id"]}
    assert domains.emulator.records("domains") == []
    spec = {(method, path) for path, item in next_checker.document["paths"].items() if "/settings/domains" in path
            for method in item if method != "parameters"}
    assert len(spec) == 9 and operations_driven(domains.emulator, next_checker) == spec


@pytest.mark.parametrize("field", DOMAIN_REQUIRED)
def test_domains_create_requires_the_five_fields(domains, field):
    refused = domains.post(json=record_body("domains", **{field: ...}))
    assert refused.status_code == 400 and refused.json()["errors"] == [
        {"code": 1001, "message": "required field is missing", "source": {"pointer": "/" + field}}]
    assert domains.emulator.records("domains") == []


@pytest.mark.parametrize("field,value", [
    ("allowed_delivery_modes", []), ("allowed_delivery_modes", ["SMTP"]), ("allowed_delivery_modes", ["DIRECT"] * 11),
    ("drop_dispositions", ["PHISH"]), ("drop_dispositions", ["SPAM"] * 11), ("ip_restrictions", ["192.0.2.1"] * 101),
    ("ip_restrictions", [1]), ("regions", []), ("regions", ["EU"]), ("folder", "Junk"), ("integration_id", "not-a-uuid"),
    ("lookback_hops", 0), ("lookback_hops", 21), ("lookback_hops", "2"), ("require_tls_inbound", "yes"), ("transport", 5),
    ("domain", "not a domain"), ("domain", ""), ("color", "blue"), ("status", "ACTIVE"), ("authorization", None),
    ("emails_processed", None), ("o365_tenant_id", "t"),
])
def test_domains_create_refuses_what_the_schema_refuses(domains, field, value):
    refused = domains.post(json=record_body("domains", **{field: value}))
    assert refused.status_code == 400 and pointers(refused) == ["/" + field]
    assert domains.emulator.records("domains") == []


def test_domains_read_only_fields_are_refused_in_every_write(domains):
    created = domains.create()
    refused = domains.patch("/%s" % created["id"], json={"status": "ACTIVE", "spf_status": "good"})
    assert [error["message"] for error in refused.json()["errors"]] == [
        "'status' is read-only (set by the server)", "'spf_status' is read-only (set by the server)"]
    assert pointers(domains.put("/%s" % created["id"], json=dict(PUT_BODY, inbox_provider="Google"))) == ["/inbox_provider"]
    assert pointers(domains.patch("/%s" % created["id"], json={"lookback_hops": None})) == ["/lookback_hops"]  # not nullable in PATCH
    assert pointers(domains.put("/%s" % created["id"], json=dict(PUT_BODY, lookback_hops=None))) == ["/lookback_hops"]
    assert pointers(domains.put("/%s" % created["id"], json={"allowed_delivery_modes": ["API"]})) == [
        "/lookback_hops", "/ip_restrictions", "/drop_dispositions", "/regions"]
    assert domains.emulator.records("domains") == [created]


@pytest.mark.parametrize("how", ["patch", "put", "batch patch", "batch put"])
def test_domains_the_domain_is_immutable(domains, how):
    created = domains.create()
    change = {"domain": "example.org"}
    if how == "patch":
        refused, pointer = domains.patch("/%s" % created["id"], json=change), "/domain"
    elif how == "put":
        refused, pointer = domains.put("/%s" % created["id"], json=dict(PUT_BODY, **change)), "/domain"
    elif how == "batch patch":
        refused, pointer = domains.post("/batch", json=batch_body(patches=[dict(change, id=created["id"])])), "/patches/0/domain"
    else:
        refused, pointer = domains.post("/batch", json=batch_body(puts=[dict(PUT_BODY, id=created["id"], **change)])), "/puts/0/domain"
    assert refused.status_code == 400 and refused.json()["errors"] == [
        {"code": 1001, "message": "'domain' is immutable and cannot be changed", "source": {"pointer": pointer}}]
    assert domains.emulator.records("domains") == [created]


def test_domains_a_domain_name_exists_once_case_insensitively(domains):
    created = domains.create(domain="Example.com")
    refused = domains.post(json=record_body("domains", domain="example.COM"))
    assert refused.status_code == 400 and refused.json()["errors"] == [
        {"code": 1004, "message": "Domain example.COM already exists (id %s)" % created["id"], "source": {"pointer": "/domain"}}]
    twice = domains.post("/batch", json=batch_body(posts=[record_body("domains", domain="a.example"), record_body("domains", domain="A.example")]))
    assert twice.status_code == 400 and pointers(twice) == ["/posts/1/domain"] and twice.json()["errors"][0]["code"] == 1004
    assert domains.emulator.records("domains") == [created]  # all or nothing
    again = domains.post("/batch", json=batch_body(deletes=[{"id": created["id"]}], posts=[record_body("domains", domain="EXAMPLE.COM")]))
    assert again.status_code == 200 and [record["domain"] for record in domains.emulator.records("domains")] == ["EXAMPLE.COM"]
    with pytest.raises(ValueError, match=r"domains\[1\]\.domain example\.COM already exists"):
        domains.emulator.seed([record_body("domains", domain="other.example"), record_body("domains", domain="example.COM")], resource="domains")


def test_domains_list_filters(domains):
    domains.emulator.seed([
        record_body("domains", domain="b.example", allowed_delivery_modes=["BCC"], status="pending"),
        record_body("domains", domain="A.example", allowed_delivery_modes=["DIRECT", "API"], integration_id="0f5f2f8e-6b1e-4d57-9a39-3a4f3c1b2d10"),
        record_body("domains", domain="c.example", allowed_delivery_modes=["JOURNAL"], status="FAILED"),
    ], resource="domains")

    def listed(**params):
        response = domains.get(params=params, validate=False)  # the seeded lower-case status is off the schema's enum
        assert response.status_code == 200, response.text
        return [item["domain"] for item in response.json()["result"]]

    assert listed(domain=["a.EXAMPLE", "c.example"]) == ["A.example", "c.example"]  # repeatable, case-insensitive
    assert listed(status="PENDING") == listed(status="pending") == ["b.example"]  # case-insensitive on both sides
    assert listed(status="active") == ["A.example"]
    assert listed(allowed_delivery_mode="API") == listed(active_delivery_mode="API") == ["A.example"]
    assert listed(integration_id="0f5f2f8e-6b1e-4d57-9a39-3a4f3c1b2d10") == ["A.example"]
    assert listed(search="B.EX") == ["b.example"]
    assert listed(order="domain", direction="desc") == ["c.example", "b.example", "A.example"]
    for name, value in (("status", "DONE"), ("allowed_delivery_mode", "SMTP"), ("order", "status")):
        assert pointers(domains.get(params={name: value})) == ["/query/" + name]
    assert pointers(domains.get(params={"status": ["ACTIVE", "FAILED"]})) == ["/query/status"]


def test_domains_verification_counts_down_then_verifies(domains):
    assert domains.control("POST", "config", {"domain_verification_reads": 2}).json()["domain_verification_reads"] == 2
    domains.control("POST", "reset")
    assert domains.emulator.domain_verification_reads == 2  # reset keeps it, like the id format
    created = domains.create(domain="Onboard.example")
    assert (created["status"], created["authorization"]["authorized"]) == ("PENDING", False)
    for _read in range(2):
        pending = domains.get("/%s/verification" % created["id"])
        info = pending.json()["result"]
        assert pending.status_code == 200 and info["status"] == "PENDING" and info["last_checked_at"]
        assert info["txt_record_name"] == "_cf-email-security.onboard.example"
        assert info["txt_record_value"] == "cf-email-security-verification=" + hashlib.sha256(b"onboard.example").hexdigest()[:32]
        assert domains.get("/%s" % created["id"]).json()["result"]["status"] == "PENDING"
    for _read in range(2):
        assert domains.get("/%s/verification" % created["id"]).status_code == 204
        record = domains.get("/%s" % created["id"]).json()["result"]
        assert (record["status"], record["authorization"]["authorized"]) == ("ACTIVE", True)
    assert [item["id"] for item in domains.get(params={"status": "ACTIVE"}).json()["result"]] == [created["id"]]
    domains.control("POST", "config", {"domain_verification_reads": 0})
    at_once = domains.create(domain="direct.example")
    assert at_once["status"] == "ACTIVE" and domains.get("/%s/verification" % at_once["id"]).status_code == 204


def test_domains_seeded_verification(domains):
    domains.emulator.set_domain_verification_reads(3)
    seeded = domains.emulator.seed([
        record_body("domains", domain="lower.example", status="pending", verification_reads=1),
        record_body("domains", domain="upper.example", status="PENDING"),
        record_body("domains", domain="zero.example", status="Pending", verification_reads=0),
        record_body("domains", domain="failed.example", status="FAILED", spf_status="good", inbox_provider="Microsoft"),
        record_body("domains", domain="plain.example"),
    ], resource="domains")
    assert [record["status"] for record in seeded] == ["pending", "PENDING", "Pending", "FAILED", "ACTIVE"]  # kept as seeded
    assert all("verification_reads" not in record for record in seeded)
    assert (seeded[3]["spf_status"], seeded[3]["inbox_provider"]) == ("good", "Microsoft")

    def reads(record):
        statuses = []
        while not statuses or statuses[-1] == 200:
            statuses.append(domains.get("/%s/verification" % record["id"], validate=False).status_code)
        return statuses

    lower = domains.get("/%s/verification" % seeded[0]["id"], validate=False).json()["result"]
    assert lower["status"] == "pending" and lower["txt_record_name"] == "_cf-email-security.lower.example"
    assert reads(seeded[0]) == [204]
    assert reads(seeded[1]) == [200, 200, 200, 204]  # max(N, 1) with N = 3
    assert reads(seeded[2]) == [204]
    assert reads(seeded[3]) == reads(seeded[4]) == [204]
    assert [record["status"] for record in domains.emulator.records("domains")] == ["ACTIVE", "ACTIVE", "ACTIVE", "FAILED", "ACTIVE"]
    domains.emulator.set_domain_verification_reads(0)
    (once,) = domains.emulator.seed([record_body("domains", domain="once.example", status="PENDING")], resource="domains")
    assert reads(once) == [200, 204]  # max(N, 1) with N = 0
    for item, message in ((dict(record_body("domains", domain="x.example"), verification_reads=1), "pending only"),
                          (record_body("domains", domain="y.example", status="PENDING", verification_reads=-1), "integer >= 0")):
        with pytest.raises(ValueError, match=message):
            domains.emulator.seed([item], resource="domains")


def test_domains_verification_configuration(domains):
    for value in (-1, 1.5, True, "2"):
        response = domains.control("POST", "config", {"domain_verification_reads": value})
        assert response.status_code == 400 and "domain_verification_reads" in response.json()["error"]
    assert domains.control("GET", "config").json()["domain_verification_reads"] == 0
    assert build_parser().parse_args(["--domain-verification-reads", "4"]).domain_verification_reads == 4
    assert build_parser().parse_args([]).domain_verification_reads == 0
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--domain-verification-reads", "-1"])
    with Emulator(domain_verification_reads=5) as emulator:
        assert emulator.config()["domain_verification_reads"] == 5
        emulator.reset()
        assert emulator.domain_verification_reads == 5


def test_domains_routes(domains):
    created = domains.create()
    for method, path, allowed in (("PUT", "", "GET, POST, DELETE"), ("POST", "/%s" % created["id"], "GET, PUT, PATCH, DELETE"),
                                  ("POST", "/%s/verification" % created["id"], "GET"), ("GET", "/batch", "POST")):
        response = domains.request(method, path, json={})
        assert response.status_code == 405 and response.headers["Allow"] == allowed
    assert domains.get("/%s/dns" % created["id"]).json()["errors"][0]["code"] == 7003
    assert domains.get("/00000000-0000-4000-8000-000000000000/verification").status_code == 404
    assert pointers(domains.delete(json=[])) == [""]
    assert pointers(domains.delete(json={"id": created["id"]})) == [""]
    unknown = domains.delete(json=[{"id": created["id"]}, {"id": "00000000-0000-4000-8000-000000000000"}])
    assert unknown.status_code == 400 and pointers(unknown) == ["/1/id"]
    assert domains.emulator.records("domains") == [created]  # all or nothing


def test_domains_faults_and_the_request_log(domains):
    created = domains.create()
    domains.emulator.add_fault(method="GET", path="/verification$", status=503)
    assert domains.get("/%s/verification" % created["id"]).status_code == 503
    assert domains.get("/%s/verification" % created["id"]).status_code == 204
    assert [(entry["method"], entry["status"]) for entry in domains.emulator.requests][-2:] == [("GET", 503), ("GET", 204)]


def test_domains_integer_ids(domains):
    emulator = domains.emulator
    emulator.set_id_format("integer")
    try:
        emulator.set_domain_verification_reads(1)
        first, second, third = (domains.create(domain=name) for name in ("one.example", "two.example", "three.example"))
        assert isinstance(first["id"], int) and second["id"] == first["id"] + 1
        assert domains.get("/%d" % first["id"]).json()["result"] == first
        assert domains.get("/%d/verification" % first["id"]).status_code == 200
        assert domains.get("/%d/verification" % first["id"]).status_code == 204
        assert domains.patch("/%d" % first["id"], json={"lookback_hops": 4}).json()["result"]["lookback_hops"] == 4
        assert domains.put("/%d" % first["id"], json=PUT_BODY).json()["result"]["id"] == first["id"]
        body = batch_body(deletes=[{"id": str(second["id"])}], patches=[{"id": first["id"], "transport": "mx.one.example"}],
                          puts=[dict(PUT_BODY, id=third["id"])], posts=[record_body("domains", domain="four.example")])
        result = domains.post("/batch", json=body).json()["result"]
        assert result["deletes"] == [{"id": second["id"]}] and result["posts"][0]["id"] == third["id"] + 1
        assert domains.delete(json=[{"id": third["id"]}]).json()["result"] == [{"id": third["id"]}]
        assert domains.delete("/%d" % first["id"]).json()["result"] == {"id": first["id"]}
        assert [record["domain"] for record in emulator.records("domains")] == ["four.example"]
    finally:
        emulator.set_id_format("uuid")
