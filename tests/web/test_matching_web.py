"""Matching API and page: the CLI's shortlists, the workflow over HTTP, clear 4xx."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

DATA = Path(__file__).resolve().parents[1] / "data" / "match"


def test_api_match_and_page(client: TestClient) -> None:
    body = {
        "catalogue": (DATA / "catalogue.csv").read_text(encoding="utf-8"),
        "smes": (DATA / "smes.csv").read_text(encoding="utf-8"),
        "region": "川崎市",
        "top": 2,
        "as_of": "2026-12-07",
    }
    response = client.post("/api/match", json=body)
    assert response.status_code == 200, response.text
    first = response.json()["shortlists"][0]
    assert first["candidates"][0]["sme"] == "川崎紙器株式会社(架空)"
    bad = client.post("/api/match", json={**body, "as_of": "yesterday"})
    assert bad.status_code == 400
    files = {
        "catalogue": ("catalogue.csv", (DATA / "catalogue.csv").read_bytes(), "text/csv"),
        "smes": ("smes.csv", (DATA / "smes.csv").read_bytes(), "text/csv"),
    }
    page = client.post("/match", data={"region": "川崎市", "top": "3"}, files=files)
    assert page.status_code == 200 and "川崎紙器株式会社(架空)" in page.text


def test_workflow_over_http(client: TestClient) -> None:
    opened = client.post(
        "/api/match/cases",
        json={
            "programme": "P",
            "patent": "JP9990101B2",
            "sme": "A社",
            "coordinator": "山田",
            "date": "2026-04-01",
        },
    )
    assert opened.status_code == 200
    case_id = opened.json()["id"]
    refused = client.post(
        f"/api/match/cases/{case_id}/advance", json={"to": "introduced", "date": "2026-04-02"}
    )
    assert refused.status_code == 400 and "who introduced" in refused.json()["error"]
    moved = client.post(
        f"/api/match/cases/{case_id}/advance",
        json={"to": "introduced", "date": "2026-04-02", "note": "紹介"},
    )
    assert moved.json()["stage"] == "introduced"
    back = client.post(f"/api/match/cases/{case_id}/advance", json={"to": "proposed"})
    assert back.status_code == 409
    assert client.post("/api/match/cases/999/advance", json={"to": "meeting"}).status_code == 404
    stats = client.get("/api/match/stats", params={"programme": "P"}).json()
    assert stats["reached"]["introduced"] == 1
