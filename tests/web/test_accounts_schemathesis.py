"""Schemathesis against the live OpenAPI schema, authenticated with an admin API token:
the account and audit routes answer 2xx or 4xx for generated input, never 5xx.

``auth_headers`` (tests/web/auth_support.py: ``bearer``) is the helper other API fuzz tests
use to run authenticated."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from kizuna.adapters.storage.db import open_database
from kizuna.settings import sqlite_url
from kizuna.web.app import create_app
from tests.web.auth_support import bearer, make_user, web_settings

HEADERS: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    path: Path = tmp_path_factory.mktemp("fuzz") / "kizuna.db"
    database = open_database(sqlite_url(path))
    make_user(database, "admin", "admin")
    HEADERS.update(bearer(database, "admin", "write"))
    app = create_app(web_settings(), database=database)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


OPERATIONS = [("/api/me", "GET"), ("/api/matters", "GET"), ("/api/audit", "GET"),
              ("/api/audit.csv", "GET")]


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_account_routes_never_answer_5xx(
    api_schema: schemathesis.BaseSchema, path: str, method: str
) -> None:
    operation = api_schema[path][method]
    seen: set[int] = set()

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        response = case.call(headers={**HEADERS, "Host": "testserver"})
        seen.add(response.status_code)
        assert response.status_code < 500, response.text

    check()
    assert 200 in seen  # authenticated: the examples reached the route
