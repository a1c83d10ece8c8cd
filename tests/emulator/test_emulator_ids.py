# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's id formats: UUID strings (the published schema, the default) or increasing JSON integers (what real
accounts answered in 2025), and impersonation registry entries shaped like the manual entry recorded in April 2025."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
import requests
from openapi_core.validation.response.exceptions import InvalidData

from cloudflare_emulator import FIRST_INTEGER_ID, build_parser
from emulator_testkit import ACCOUNT_ID, TOKEN, record_body

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = os.path.join(HERE, os.pardir, "data", "recorded_impersonation_registry_2025-04.json")
BATCHED = ("allow_policies", "block_senders", "trusted_domains")
ALL = BATCHED + ("impersonation_registry",)
CHANGE = {"allow_policies": {"comments": "changed"}, "block_senders": {"comments": "changed"},
          "trusted_domains": {"comments": "changed"}, "impersonation_registry": {"name": "Changed"}}


@pytest.fixture(name="integer_mode")
def fixture_integer_mode(emulator):
    """The emulator in integer id mode, back to UUIDs afterwards."""
    emulator.set_id_format("integer")
    yield emulator
    emulator.set_id_format("uuid")


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def recorded_entry():
    with open(RECORDED, encoding="utf-8") as handle:
        return json.load(handle)["response"]["result"][0]


def client_of(clients, api, resource):
    return api if resource == "allow_policies" else clients(resource)


# ----- switching ---------------------------------------------------------------------------------------------------------------


def test_the_format_is_switched_by_the_config_control_and_reset_keeps_it(api):
    assert api.control("GET", "config").json()["id_format"] == "uuid"
    assert api.control("POST", "config", {"id_format": "integer"}).json()["id_format"] == "integer"
    try:
        first = api.create()
        assert first["id"] == FIRST_INTEGER_ID
        assert api.control("POST", "reset").status_code == 200
        assert api.control("GET", "config").json()["id_format"] == "integer"
        assert api.emulator.policies() == []
        assert api.create()["id"] == FIRST_INTEGER_ID  # the store is empty again: numbering starts again
    finally:
        assert api.control("POST", "config", {"id_format": "uuid"}).json()["id_format"] == "uuid"
    assert uuid.UUID(api.create()["id"])


@pytest.mark.parametrize("value", ["int", "", None, 1, ["integer"]])
def test_an_unknown_format_is_refused(api, value):
    response = api.control("POST", "config", {"id_format": value})
    assert response.status_code == 400 and "id_format must be one of uuid, integer" in response.json()["error"]
    assert api.control("GET", "config").json()["id_format"] == "uuid"


def test_the_command_line_option(checker):
    assert build_parser().parse_args([]).id_format == "uuid"
    assert build_parser().parse_args(["--id-format", "integer"]).id_format == "integer"
    script = os.path.join(HERE, "cloudflare_emulator.py")
    refused = subprocess.run([sys.executable, script, "--id-format", "number"], capture_output=True, text=True, timeout=30, check=False)
    assert refused.returncode == 2 and "invalid choice: 'number'" in refused.stderr
    with subprocess.Popen([sys.executable, script, "--port", "0", "--api-token", TOKEN, "--account-id", ACCOUNT_ID,
                           "--id-format", "integer"], stdout=subprocess.PIPE, text=True) as process:
        try:
            url = process.stdout.readline().strip()
            root = url[:-len("/client/v4")]
            assert requests.get(root + "/__emulator__/config", timeout=10).json()["id_format"] == "integer"
            response = requests.post("%s/accounts/%s/email-security/settings/block_senders" % (url, ACCOUNT_ID), timeout=10,
                                     json=record_body("block_senders"), headers={"Authorization": "Bearer " + TOKEN})
            assert response.status_code == 201 and response.json()["result"]["id"] == FIRST_INTEGER_ID
        finally:
            process.terminate()
            process.wait(timeout=10)


# ----- integer mode: every answer carries integers, paths take the decimal form ----------------------------------------------------


@pytest.mark.parametrize("resource", ALL)
def test_single_requests_answer_integer_ids_and_paths_take_the_decimal_form(integer_mode, api, clients, resource):
    client = client_of(clients, api, resource)
    first, second = client.create(), client.create(**({"pattern": "other@example.com"} if resource in ("allow_policies", "block_senders")
                                                      else {"pattern": "other.example"} if resource == "trusted_domains"
                                                      else {"email": "other@example.com"}))
    assert is_int(first["id"]) and second["id"] > first["id"]  # increasing integers
    assert [record["id"] for record in client.get().json()["result"]] == [first["id"], second["id"]]
    fetched = client.get("/%d" % first["id"]).json()["result"]
    assert fetched == first
    patched = client.patch("/%d" % first["id"], json=CHANGE[resource]).json()["result"]
    assert patched["id"] == first["id"] and all(patched[name] == value for name, value in CHANGE[resource].items())
    assert client.delete("/%d" % first["id"]).json()["result"] == {"id": first["id"]}
    assert client.get("/%d" % first["id"]).status_code == 404
    assert [record["id"] for record in integer_mode.records(resource)] == [second["id"]]


@pytest.mark.parametrize("resource", BATCHED)
def test_batch_items_take_integer_ids_or_their_decimal_form_and_the_results_carry_integers(integer_mode, api, clients, resource):
    client = client_of(clients, api, resource)
    one, two = (client.create(**{"pattern": pattern}) for pattern in (
        ("a@example.com", "b@example.com") if resource != "trusted_domains" else ("a.example", "b.example")))
    body = {"deletes": [{"id": str(one["id"])}], "patches": [dict(CHANGE[resource], id=two["id"])], "puts": [],
            "posts": [record_body(resource, pattern="c@example.com" if resource != "trusted_domains" else "c.example")]}
    result = client.post("/batch", json=body).json()["result"]
    assert result["deletes"] == [{"id": one["id"]}]
    assert result["patches"][0]["id"] == two["id"] and result["patches"][0]["comments"] == "changed"
    assert is_int(result["posts"][0]["id"]) and result["posts"][0]["id"] > two["id"]
    refused = client.post("/batch", json={"deletes": [{"id": 1.5}], "patches": [], "puts": [], "posts": []})
    assert refused.status_code == 400 and refused.json()["errors"][0]["message"] == "must be a string or an integer"


def test_in_uuid_mode_a_batch_refuses_an_integer_id(api):
    policy = api.create()
    refused = api.post("/batch", json={"deletes": [{"id": 12}], "patches": [], "puts": [], "posts": []})
    assert refused.status_code == 400 and refused.json()["errors"][0]["message"] == "must be a string"
    assert api.emulator.policies()[0]["id"] == policy["id"]


def test_new_integer_ids_skip_the_seeded_ones_and_seeds_keep_integer_ids(integer_mode, clients):
    client = clients("trusted_domains")
    seeded = integer_mode.seed([record_body("trusted_domains", id=FIRST_INTEGER_ID, pattern="seeded.example"),
                                record_body("trusted_domains", id=str(FIRST_INTEGER_ID + 1), pattern="decimal.example")],
                               resource="trusted_domains")
    assert [record["id"] for record in seeded] == [FIRST_INTEGER_ID, FIRST_INTEGER_ID + 1]  # a decimal string becomes an integer
    assert client.create()["id"] == FIRST_INTEGER_ID + 2


def test_in_uuid_mode_a_seeded_integer_id_stays_an_integer_and_the_schema_check_refuses_it(emulator, clients):
    client = clients("trusted_domains")
    (seeded,) = emulator.seed([record_body("trusted_domains", id=28083)], resource="trusted_domains")
    assert seeded["id"] == 28083
    assert client.get("/28083", validate=False).json()["result"]["id"] == 28083
    with pytest.raises(InvalidData):  # the checker accepts integer ids in integer mode only
        client.get("/28083", spec_request=False)


# ----- the registry: created entries look like the recorded manual entry ------------------------------------------------------


@pytest.mark.parametrize("id_format", ["uuid", "integer"])
def test_a_created_registry_entry_looks_like_the_recorded_manual_entry(emulator, clients, id_format):
    emulator.set_id_format(id_format)
    try:
        client = clients("impersonation_registry")
        entry = client.create(comments=...)
        recorded = recorded_entry()
        assert sorted(set(recorded) - set(entry)) == []  # every field the real answer has (and modified_at besides)
        assert (entry["directory_id"], entry["directory_node_id"], entry["provenance"], entry["comments"]) == (0, None, "A1S_INTERNAL", None)
        assert entry["external_directory_node_id"] == str(entry["id"])
        assert is_int(entry["id"]) is (id_format == "integer")
        assert client.patch("/%s" % entry["id"], json={"name": "Renamed"}).status_code == 200  # manual: may be changed
        assert client.delete("/%s" % entry["id"]).status_code == 200  # and deleted
    finally:
        emulator.set_id_format("uuid")


def test_the_recorded_entry_seeded_verbatim_is_manual(integer_mode, clients):
    client = clients("impersonation_registry")
    recorded = dict(recorded_entry(), modified_at=None)
    del recorded["last_modified"]  # with "modified_at": null, the emulator answers without modified_at, as recorded
    (seeded,) = integer_mode.seed([recorded], resource="impersonation_registry")
    assert seeded == dict((name, value) for name, value in recorded.items() if name != "modified_at") and "modified_at" not in seeded
    assert client.get("/12444788").json()["result"] == seeded
    patched = client.patch("/12444788", json={"name": "Chief Executive"}).json()["result"]
    assert patched["name"] == "Chief Executive" and patched["modified_at"]
    assert client.delete("/12444788").json()["result"] == {"id": 12444788}


@pytest.mark.parametrize("fields", [{"directory_id": 7}, {"provenance": "SNOOPY-OFFICE_365"},
                                    {"provenance": "SNOOPY-GOOGLE_DIRECTORY", "directory_id": 0}])
def test_a_synced_entry_is_still_refused(integer_mode, clients, fields):
    client = clients("impersonation_registry")
    recorded = dict(recorded_entry(), **fields)
    integer_mode.seed([recorded], resource="impersonation_registry")
    refused = client.patch("/12444788", json={"name": "Renamed"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == 1003
    assert client.delete("/12444788").status_code == 400


@pytest.mark.parametrize("fields", [{"directory_id": None, "provenance": None}, {"directory_id": 0, "provenance": None},
                                    {"directory_id": None}])
def test_a_manual_entry_in_other_shapes_may_be_changed(integer_mode, clients, fields):
    client = clients("impersonation_registry")
    integer_mode.seed([dict(recorded_entry(), **fields)], resource="impersonation_registry")
    assert client.patch("/12444788", json={"name": "Renamed"}).status_code == 200
    assert client.delete("/12444788").status_code == 200
