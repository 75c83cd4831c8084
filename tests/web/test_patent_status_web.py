"""Legal status, US maintenance fees and patents without dates in the pages and the API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from .conftest import DATA, upload

STATUS = DATA / "status"


def _loaded(client: TestClient, *paths: Path) -> TestClient:
    response = client.post("/api/ingest", files=upload(*paths))
    assert response.status_code == 200, response.text
    return client


def test_list_api_and_page_show_status_as_of(client: TestClient) -> None:
    _loaded(client, DATA / "epo" / "grant-v1-2-B2.xml", DATA / "epo" / "application-v1-1-A1.xml")
    rows = client.get("/api/patents?as_of=2026-12-07").json()
    got = {r["number"]: (r["status"], r["legal_status"], r["expiry"]) for r in rows}
    assert got == {"EP0000002A1": ("pending", "expired", "1998-06-01"),
                   "EP0430402B2": ("granted", "expired", "2010-08-08")}
    page = client.get("/patents?as_of=2026-12-07").text
    assert "Status as of 2026-12-07" in page
    assert 'title="expired 2010-08-08 (term ended)">expired</span>' in page


def test_patent_without_dates_page_and_api(client: TestClient) -> None:
    _loaded(client, STATUS / "no-dates.jsonl")
    api = client.get("/api/patents/US9999999B2")
    assert api.status_code == 200
    assert api.json()["expiry"]["remaining"]["note"] == "expiry unknown (no filing date recorded)"
    page = client.get("/patents/US9999999B2")
    assert page.status_code == 200
    assert "expiry unknown (no filing date recorded)" in page.text
    assert "A fastener comprising" in page.text


def test_fee_events_upload_and_page(client: TestClient) -> None:
    _loaded(client, DATA / "uspto" / "US08930553.xml")
    sample = STATUS / "MaintFeeEvents-sample.txt"
    response = client.post("/api/patents/maintenance-fees",
                           files={"file": (sample.name, sample.read_bytes(), "text/plain")})
    assert response.status_code == 200 and response.json()["added"] == 5
    bad = STATUS / "MaintFeeEvents-bad-lines.txt"
    refused = client.post("/api/patents/maintenance-fees",
                          files={"file": (bad.name, bad.read_bytes(), "text/plain")})
    assert refused.status_code == 400
    assert [f["line"] for f in refused.json()["failed"]] == [2, 3, 5, 6, 7]
    view = client.get("/api/patents/US8930553B2?as_of=2026-12-07").json()
    assert view["legal_status"]["code"] == "in force"
    assert [w["paid_on"] for w in view["maintenance_fees"]["windows"]] == [
        "2018-06-20", "2022-06-15", None]
    page = client.get("/patents/US8930553B2?as_of=2026-12-07").text
    assert "US maintenance fees" in page and "<td>2027-01-06</td>" in page
