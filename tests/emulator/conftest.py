# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the emulator tests: one in-process emulator, a client that validates every API response."""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# pylint: disable=wrong-import-position
from cloudflare_emulator import Emulator  # noqa: E402
from emulator_testkit import ACCOUNT_ID, EMAIL, KEY, SIBLINGS_SPEC_PATH, TOKEN, ApiClient, SpecChecker  # noqa: E402


@pytest.fixture(name="checker", scope="session")
def fixture_checker():
    """The shared OpenAPI response checker."""
    return SpecChecker()


@pytest.fixture(name="siblings_checker", scope="session")
def fixture_siblings_checker():
    """The response (and request) checker of siblings.openapi.json."""
    return SpecChecker(SIBLINGS_SPEC_PATH)


@pytest.fixture(name="session_emulator", scope="session")
def fixture_session_emulator():
    """One emulator for the whole session (token and email/key authentication enabled)."""
    emulator = Emulator(account_id=ACCOUNT_ID, api_token=TOKEN, api_email=EMAIL, api_key=KEY)
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture(name="emulator")
def fixture_emulator(session_emulator):
    """The session emulator, reset before and after each test."""
    session_emulator.reset()
    yield session_emulator
    session_emulator.reset()


@pytest.fixture(name="api")
def fixture_api(emulator, checker):
    """A validating client of the emulator (use it for every API call)."""
    client = ApiClient(emulator, checker)
    yield client
    client.session.close()


@pytest.fixture(name="clients")
def fixture_clients(emulator, siblings_checker):
    """clients(resource): a client of a sibling collection, validating every response and the request of every 2xx."""
    made = []

    def make(resource):
        client = ApiClient(emulator, siblings_checker, resource, strict_requests=True)
        made.append(client)
        return client

    yield make
    for client in made:
        client.session.close()
