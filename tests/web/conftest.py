"""Web fixtures: a TestClient on a fresh migrated database, and one with real samples ingested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.web.app import create_app
from tests.web.auth_support import login, make_user, web_settings

DATA = Path(__file__).resolve().parents[1] / "data"

US = DATA / "uspto" / "US08930553.xml"
EP = DATA / "epo" / "grant-v1-5-B1.xml"
JP_PROGRESS = DATA / "jpo" / "2020123456-progress.json"
JP_CLAIMS = DATA / "jpo" / "2020123456-A523-amendment.xml"
NOT_A_PATENT = DATA / "uspto" / "cpc-scheme-A01L.xml"
SAMPLES = (US, EP, JP_PROGRESS, JP_CLAIMS)


def upload(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    """Multipart ``files`` parts for ``paths``, as a browser or curl sends them."""
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


@pytest.fixture
def anonymous(database: Database) -> Iterator[TestClient]:
    """A client of an app on the fresh ``database``, not logged in."""
    app = create_app(web_settings(), database=database)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client(database: Database, anonymous: TestClient) -> TestClient:
    """A client logged in as an admin (every matter), sending its CSRF token."""
    make_user(database, "admin", "admin")
    login(anonymous, "admin")
    return anonymous


@pytest.fixture
def loaded(client: TestClient) -> TestClient:
    """The client after uploading the US, EP and JP samples through POST /api/ingest."""
    response = client.post("/api/ingest", files=upload(*SAMPLES))
    assert response.status_code == 200, response.text
    return client
