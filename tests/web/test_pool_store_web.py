"""Stored pools and pledges over the API and pages, with the access policy (viewer: read only)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from tests.web.auth_support import login, make_user

POOL = Path(__file__).resolve().parents[2] / "examples" / "pool"
Q1 = [{"founder": "Founder Alpha K.K.", "amount": "178322"},
      {"founder": "Founder Beta Corp.", "amount": "298705"}]  # fmt: skip


def _csv(name: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("file", (name, (POOL / name).read_bytes(), "text/csv"))]


def _create(client: TestClient) -> int:
    text = (POOL / "pool.toml").read_text(encoding="utf-8")
    response = client.post("/api/pools/stored", json={"definition": text})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_api_stored_pool_end_to_end(client: TestClient) -> None:
    pool_id = _create(client)
    base = f"/api/pools/stored/{pool_id}"
    assert client.post(f"{base}/reports", files=_csv("reports-2026.csv")).status_code == 200
    assert client.post(f"{base}/collections", files=_csv("collections-2026.csv")).status_code == 200
    member = {"name": "Member Four", "tier": "component", "effective": "2026-07-01"}
    assert client.post(f"{base}/members", json=member).status_code == 200
    assert client.post(f"{base}/founders", json={"name": "Founder Gamma"}).status_code == 200
    contribution = {"founder": "Founder Gamma", "patent": "JP9990005B2", "country": "JP",
                    "joined": "2026-07-01", "territories": ["JP"],
                    "assessment": {"kind": "evaluator", "by": "Evaluator", "on": "2026-06-01",
                                   "essential": True}}  # fmt: skip
    assert client.post(f"{base}/contributions", json=contribution).status_code == 200
    left = {"patent": "JP9990005B2", "left": "2026-12-01", "reason": "withdrawn"}
    assert client.post(f"{base}/leave", json=left).status_code == 200
    invoice = client.post(f"{base}/invoice", json={"period": "2026-Q1"})
    assert invoice.status_code == 200 and len(invoice.json()["invoices"]) == 3
    done = client.post(f"{base}/distribution", json={"period": "2026-Q1"})
    gamma = {"founder": "Founder Gamma", "amount": "0"}  # joined after the quarter
    assert done.status_code == 200 and done.json()["distributed"] == [*Q1, gamma]
    again = client.post(f"{base}/distribution", json={"period": "2026-Q1"})
    assert again.status_code == 400 and "already distributed" in again.json()["error"]
    ledger = client.get(f"{base}/ledger").json()
    assert ledger["verification"]["ok"] is True and ledger["verification"]["entries"] == 9
    shown = client.get(base).json()
    assert shown["distributed_periods"] == ["2026-Q1"]
    assert client.get("/api/pools/stored").json()["pools"][0]["id"] == pool_id


def test_api_errors_are_4xx_and_nothing_is_stored(client: TestClient) -> None:
    pool_id = _create(client)
    base = f"/api/pools/stored/{pool_id}"
    bad = [("file", ("bad.csv", b"member,period,country,currency,units,net_sales\n"
                                b"Nobody,2026-Q1,JP,JPY,1,1\n", "text/csv"))]  # fmt: skip
    response = client.post(f"{base}/reports", files=bad)
    assert response.status_code == 400
    assert response.json()["error"].startswith("bad.csv: line 2: member 'Nobody'")
    assert client.get(f"{base}/ledger").json()["verification"]["entries"] == 1
    assert client.get("/api/pools/stored/99").status_code == 404
    again = client.post(
        "/api/pools/stored", json={"definition": (POOL / "pool.toml").read_text(encoding="utf-8")}
    )
    assert again.status_code == 409
    assert client.post("/api/pools/stored", json={"definition": "[pool"}).status_code == 400
    wrong = client.post(f"{base}/members", json={"name": "X", "tier": "gold",
                                                 "effective": "2026-01-01"})  # fmt: skip
    assert wrong.status_code == 400 and "tier 'gold'" in wrong.json()["error"]


def test_pages_store_import_and_distribute(client: TestClient) -> None:
    text = (POOL / "pool.toml").read_text(encoding="utf-8")
    created = client.post("/pools/stored", data={"definition": text}, follow_redirects=False)
    assert created.status_code == 303
    page_url = created.headers["location"]
    assert "Demo Magnetic Alignment Pool" in client.get("/pools/stored").text
    imported = client.post(f"{page_url}/reports", files=_csv("reports-2026.csv"))
    assert imported.status_code == 200 and "imported reports-2026.csv" in imported.text
    page = client.post(f"{page_url}/distribute", data={"period": "2026-Q1"})
    assert "2026-Q1: collected 530030 JPY" in page.text
    assert "Founder Alpha K.K. 178322" in page.text
    ja = client.get(f"{page_url}?lang=ja")
    assert "台帳" in ja.text and "JP9990001B2" in ja.text


def test_pledges_api_and_patent_page(loaded: TestClient) -> None:
    body = {
        "patent": "US8930553B2",
        "kind": "frand",
        "name": "IPR declaration",
        "sdo": "ETSI",
        "standard": "5G NR",
        "source": "ETSI IPR database",
        "source_date": "2021-06-01",
    }
    added = loaded.post("/api/pledges", json=body)
    assert added.status_code == 201, added.text
    assert loaded.get("/api/pledges?patent=US8930553B2").json()["commitments"][0]["sdo"] == "ETSI"
    assert loaded.get("/api/patents/US8930553B2").json()["commitments"][0]["kind"] == "frand"
    page = loaded.get("/patents/US8930553B2")
    assert "IPR declaration" in page.text and "ETSI IPR database (2021-06-01)" in page.text
    bad = loaded.post("/api/pledges", json={**body, "sdo": ""})
    assert bad.status_code == 400 and "--sdo is required" in bad.json()["error"]
    assert loaded.delete(f"/api/pledges/{added.json()['id']}").status_code == 200
    assert loaded.get("/api/pledges").json()["commitments"] == []


def test_a_viewer_reads_but_cannot_write(client: TestClient, database: Database) -> None:
    pool_id = _create(client)
    make_user(database, "val", "viewer")
    login(client, "val")
    assert client.get(f"/api/pools/stored/{pool_id}").status_code == 200
    assert client.get(f"/api/pools/stored/{pool_id}/ledger").status_code == 200
    denied = client.post(f"/api/pools/stored/{pool_id}/founders", json={"name": "X"})
    assert denied.status_code == 403
    assert client.post("/api/pledges", json={}).status_code == 403


def test_the_deal_api_refuses_a_deal_in_a_pledged_field(loaded: TestClient) -> None:
    pledge = {"patent": "US8930553B2", "kind": "pledge", "name": "Demo pledge",
              "field": "industrial robots", "beneficiaries": "Fuji Robotics KK",
              "source": "pledge text (demo)", "source_date": "2020-03-31"}  # fmt: skip
    assert loaded.post("/api/pledges", json=pledge).status_code == 201
    deal = (Path(__file__).resolve().parents[2] / "examples" / "deal-pilot.toml").read_text(
        encoding="utf-8"
    )
    named = deal.replace("[deal]\n", '[deal]\npatents = ["US 8,930,553 B2"]\n', 1)
    refused = loaded.post("/api/deals/model", content=named.encode(),
                          headers={"content-type": "application/toml"})  # fmt: skip
    assert refused.status_code == 400
    assert "refused: Fuji Robotics KK may rely on the Demo pledge" in refused.json()["error"]
    plain = loaded.post("/api/deals/model", content=deal.encode(),
                        headers={"content-type": "application/toml"})  # fmt: skip
    assert plain.status_code == 200 and plain.json()["commitments"] == []
