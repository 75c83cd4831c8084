"""Campaign API and pages: the CLI's JSON over HTTP, multipart attachments, errors, Japanese."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.services.campaign_support import OPINION
from tests.web.conftest import JP_CLAIMS, JP_PROGRESS, US, upload


def _open(client: TestClient) -> int:
    response = client.post("/api/ingest", files=upload(US, JP_PROGRESS, JP_CLAIMS))
    assert response.status_code == 200, response.text
    body = {"licensee": "例示電機株式会社", "patents": "US8930553,JP7533889", "track": "sep"}
    created = client.post("/api/campaigns", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["stage_label"] == {"en": "Research", "ja": "調査・クレームチャート準備"}
    return int(created.json()["id"])


def test_a_sep_campaign_over_the_api(client: TestClient) -> None:
    cid = _open(client)
    contact = {"name": "佐藤", "role": "legal", "organisation": "法務部"}
    assert client.post(f"/api/campaigns/{cid}/contacts", json=contact).status_code == 200
    moved = client.post(f"/api/campaigns/{cid}/advance", json={"to": "offer"})
    assert moved.status_code == 200 and moved.json()["transition"]["kind"] == "forward"
    logged = client.post(
        f"/api/campaigns/{cid}/log",
        # the campaign opened today (the API opens on the day); an earlier date needs a reason
        data={"kind": "offer", "summary": "Offer letter with claim charts",
              "date": date.today().isoformat()},
        files=[("attach", (OPINION.name, OPINION.read_bytes(), "application/xml"))],
    )
    assert logged.status_code == 201, logged.text
    entry = logged.json()
    assert entry["seq"] == 3 and entry["attachments"][0]["name"] == OPINION.name
    assert entry["attachments"][0]["size"] == OPINION.stat().st_size
    shown = client.get(f"/api/campaigns/{cid}").json()
    assert shown["contacts"][0]["organisation"] == "法務部"
    assert [s["state"] for s in shown["stages"]][:3] == ["done", "current", "ahead"]
    verify = client.get(f"/api/campaigns/{cid}/verify").json()
    assert verify["ok"] is True and verify["entries"] == 3
    assert [c["id"] for c in client.get("/api/campaigns").json()] == [cid]
    due = client.get("/api/campaigns/due", params={"as_of": "2027-06-01"}).json()
    assert [d["campaign_id"] for d in due["due"]] == [cid]


def test_api_errors(client: TestClient) -> None:
    cid = _open(client)
    jump = client.post(f"/api/campaigns/{cid}/advance", json={"to": "counteroffer"})
    assert jump.status_code == 409 and "--reason to record why" in jump.json()["error"]
    unknown = client.post(f"/api/campaigns/{cid}/advance", json={"to": "signing"})
    assert unknown.status_code == 400 and "stages: research, offer" in unknown.json()["error"]
    assert client.get("/api/campaigns/99").status_code == 404
    empty = client.post(
        f"/api/campaigns/{cid}/log",
        data={"kind": "note", "summary": "x"},
        files=[("attach", ("blank.txt", b"", "text/plain"))],
    )
    assert empty.status_code == 400 and "blank.txt: the file is empty" in empty.json()["error"]
    missing = client.post("/api/campaigns", json={"licensee": "X", "patents": ["US1234567"]})
    assert missing.status_code == 404
    assert client.get(f"/api/campaigns/{cid}").json()["entries"] == 1  # nothing written


def test_pages_show_stages_record_and_verification(client: TestClient) -> None:
    cid = _open(client)
    client.post(f"/api/campaigns/{cid}/log", data={"kind": "meeting", "summary": "初回面談を実施"})
    listing = client.get("/campaigns")
    assert listing.status_code == 200
    assert "例示電機株式会社" in listing.text and 'lang="ja"' in listing.text
    page = client.get(f"/campaigns/{cid}")
    assert page.status_code == 200
    for text in (
        "調査・クレームチャート準備",
        "初回面談を実施",
        "Verified: the chain of 2 entries",
    ):
        assert text in page.text
    assert client.get("/campaigns/42").status_code == 404


def test_api_anchor_and_verify_with_anchor_lines(client: TestClient) -> None:
    cid = _open(client)
    anchor = client.post(f"/api/campaigns/{cid}/anchors")
    assert anchor.status_code == 201
    line = anchor.json()["line"]
    result = client.get(f"/api/campaigns/{cid}/verify", params={"anchor": [line]}).json()
    assert result["ok"] and result["signing"]["status"] == "signed"
    assert [a["source"] for a in result["anchors"]] == ["given", "stored"]
    moved = line.replace("entry=1", "entry=2")
    result = client.get(f"/api/campaigns/{cid}/verify", params={"anchor": moved}).json()
    assert result["ok"] is False and result["problems"][0]["kind"] == "truncated"
    bad = client.get(f"/api/campaigns/{cid}/verify", params={"anchor": "nope"})
    assert bad.status_code == 400 and "not an anchor line" in bad.json()["error"]
    token = client.post(f"/api/campaigns/{cid}/anchors", files={"token": ("t.tsr", b"xx")})
    assert token.status_code == 400
