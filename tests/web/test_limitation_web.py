"""Limitation events over the API and the page, and POST /api/damages applying them."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from tests.web.conftest import JP_CLAIMS, JP_PROGRESS, US, upload

HISTORY = [
    {"year": 2015, "sales": "800000000"},
    {"year": 2018, "sales": "1000000000"},
    {"year": 2021, "sales": "1200000000"},
    {"year": 2023, "sales": "1500000000"},
    {"year": 2025, "sales": "2000000000"},
]


def _open(client: TestClient) -> int:
    response = client.post("/api/ingest", files=upload(US, JP_PROGRESS, JP_CLAIMS))
    assert response.status_code == 200, response.text
    body = {"licensee": "例示電機株式会社", "patents": "JP7533889", "track": "relationship"}
    created = client.post("/api/campaigns", json=body)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _damages(client: TestClient, **extra: object) -> Decimal:
    body = {
        "method": "102-3",
        "rate": "5%",
        "history": HISTORY,
        "as_of": "2026-11-21",
        "knowledge_date": "2019-06-01",
        **extra,
    }
    response = client.post("/api/damages", json=body)
    assert response.status_code == 200, response.text
    return Decimal(response.json()["claimable"]["base"]["amount"])


def test_events_recorded_and_applied(client: TestClient) -> None:
    cid = _open(client)
    plain = _damages(client)
    # 2018 (old 10 years) + 2023 + 2025 in full; 2021 only from 11-21 (41 days)
    assert plain == Decimal("50000000") + Decimal("75000000") + Decimal("100000000") + Decimal(
        "6739726"
    )
    added = client.post(
        f"/api/campaigns/{cid}/limitation-events",
        json={"event": "demand:2026-06-01", "note": "内容証明郵便"},
    )
    assert added.status_code == 201, added.text
    assert added.json()["events"][0]["text"] == "demand:2026-06-01"
    # the demand keeps 2021 sales from 06-01 (214 days) alive until 2026-12-01
    with_campaign = _damages(client, campaign=cid)
    assert with_campaign == Decimal("260178082")
    assert _damages(client, limitation_events=["demand:2026-06-01"]) == with_campaign
    bad = client.post(f"/api/campaigns/{cid}/limitation-events", json={"event": "x:2026-01-01"})
    assert bad.status_code == 400 and "KIND:YYYY-MM-DD" in bad.json()["error"]
    missing = client.get("/api/campaigns/99/limitation-events")
    assert missing.status_code == 404


def test_limitation_page_form(client: TestClient) -> None:
    cid = _open(client)
    page = client.get(f"/campaigns/{cid}/limitation")
    assert page.status_code == 200 and "催告" in page.text
    done = client.post(
        f"/campaigns/{cid}/limitation",
        data={"kind": "agreement", "date": "2026-07-01", "months": "3", "note": "協議書"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Event recorded" in done.text and "3 months" in done.text
    refused = client.post(
        f"/campaigns/{cid}/limitation",
        data={"kind": "agreement", "date": "2026-07-01", "months": "12"},
    )
    assert refused.status_code == 400 and "negotiation period 12 months" in refused.text
    listed = client.get(f"/api/campaigns/{cid}/limitation-events").json()
    assert [e["text"] for e in listed["events"]] == ["agreement:2026-07-01:3m"]
