"""POST /api/fetch: kizuna fetch --ingest through the REST API, replaying recorded answers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import kizuna.web.routes.api_fetch as api_fetch
from kizuna.adapters.fetch import build_fetchers
from kizuna.settings import Settings
from tests.adapters.fetch.recorded import (
    CREDENTIALS,
    OPS_REST,
    Recorded,
    no_network,
    office_routes,
    reply,
)

__all__ = ["no_network"]


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch, no_network: None) -> Recorded:
    replay = Recorded(office_routes())
    credentials = {k.removeprefix("KIZUNA_").lower(): v for k, v in CREDENTIALS.items()}
    monkeypatch.setattr(api_fetch, "_fetchers", lambda settings: build_fetchers(
        Settings(**credentials), transport=replay.transport()))  # type: ignore[arg-type]
    return replay


def test_fetch_stores_and_answers_the_cli_report(router: Recorded, client: TestClient) -> None:
    response = client.post("/api/fetch", json={"numbers": ["EP3404678B1", "特願2020-123456"]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["fetched", "failed", "ingest", "notice"]
    assert body["fetched"][0]["files"][0]["path"] is None
    assert (body["ingest"]["ingested"], body["ingest"]["updated"]) == (2, 1)
    shown = client.get("/api/patents/EP3404678B1").json()
    assert len(shown["claims"]) == 12


def test_a_failed_number_is_400_with_the_report(router: Recorded, client: TestClient) -> None:
    router.routes[("GET", f"{OPS_REST}/docdb/EP.9999999.A1/biblio")] = reply(
        404, "ops-not-found-404.xml")
    response = client.post("/api/fetch", json={"numbers": ["EP9999999A1", "US9362380"]})
    assert response.status_code == 400
    body = response.json()
    assert body["failed"][0]["number"] == "EP9999999A1"
    assert body["ingest"]["ingested"] == 1


@pytest.mark.parametrize(("payload", "status"), [
    ({"numbers": ["not-a-number"]}, 400),
    ({"numbers": []}, 422),
    ({"numbers": ["US1"] * 101}, 422),
    ({"numbers": ["US1"], "office": "wo"}, 422),
    ({"numbers": ["x" * 65]}, 422),
])
def test_bad_bodies_are_refused_before_any_request(
    router: Recorded, client: TestClient, payload: dict[str, object], status: int
) -> None:
    assert client.post("/api/fetch", json=payload).status_code == status
    assert router.seen == []


def test_anonymous_users_cannot_fetch(router: Recorded, anonymous: TestClient) -> None:
    response = anonymous.post("/api/fetch", json={"numbers": ["US9362380"]})
    assert response.status_code == 401
    assert router.seen == []
