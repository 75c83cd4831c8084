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


def test_stored_programme_over_api_and_pages(client: TestClient) -> None:
    catalogue = (DATA / "catalogue.csv").read_text(encoding="utf-8")
    smes = (DATA / "smes.csv").read_text(encoding="utf-8")
    preview = client.post(
        "/api/match/programmes", json={"programme": "川崎(デモ)", "smes": smes, "dry_run": True}
    )
    assert preview.status_code == 200 and len(preview.json()["added"]) == 22
    assert client.get("/api/match/programmes").json() == {"programmes": []}
    stored = client.post(
        "/api/match/programmes",
        json={"programme": "川崎(デモ)", "catalogue": catalogue, "smes": smes},
    )
    assert stored.status_code == 200 and len(stored.json()["added"]) == 34
    listing = client.get("/api/match/programmes").json()["programmes"]
    assert listing == [{"programme": "川崎(デモ)", "open_patents": 12, "smes": 22}]
    detail = client.get("/api/match/programmes/川崎(デモ)").json()
    assert detail["smes"][0]["name"] and detail["catalogue"][0]["number"].startswith("JP")
    missing = client.get("/api/match/programmes/none")
    assert missing.status_code == 404 and "no stored programme" in missing.json()["error"]
    bad = client.post(
        "/api/match/programmes", json={"programme": "x", "smes": "企業名,従業員数\nA,many\n"}
    )
    assert bad.status_code == 400 and "line 2" in bad.json()["error"]
    api = client.get(
        "/api/match/programmes/川崎(デモ)/shortlists",
        params={"region": "川崎市", "top": 1, "as_of": "2026-12-07"},
    )
    assert api.json()["shortlists"][0]["candidates"][0]["sme"] == "川崎紙器株式会社(架空)"
    page = client.get("/match/programmes/川崎(デモ)", params={"region": "川崎市", "top": 1})
    assert page.status_code == 200 and "川崎紙器株式会社(架空)" in page.text
    files = {"smes": ("s.csv", "企業名,都道府県\n新規株式会社,東京都\n".encode(), "text/csv")}
    imported = client.post("/match/programmes", data={"programme": "川崎(デモ)"}, files=files)
    assert imported.status_code == 200 and "1 new" in imported.text
    japanese = client.get("/match/programmes", headers={"Accept-Language": "ja"})
    assert "マッチング事業" in japanese.text
