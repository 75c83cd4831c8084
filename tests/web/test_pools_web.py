"""Pool API and page: the same distribution as the CLI, clear 4xx for bad input."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

POOL = Path(__file__).resolve().parents[2] / "examples" / "pool"
Q1 = {
    "period": "2026-Q1",
    "currency": "JPY",
    "collected": "530030",
    "fee": "53003",
    "distributed": [
        {"founder": "Founder Alpha K.K.", "amount": "178322"},
        {"founder": "Founder Beta Corp.", "amount": "298705"},
    ],
    "remainder": "0",
}


def _body(**extra: object) -> dict[str, object]:
    return {
        "pool": (POOL / "pool.toml").read_text(encoding="utf-8"),
        "period": "2026-Q1",
        "reports": [(POOL / "reports-2026.csv").read_text(encoding="utf-8")],
        "collections": [(POOL / "collections-2026.csv").read_text(encoding="utf-8")],
        **extra,
    }


def test_api_distribution_equals_the_cli_file(client: TestClient) -> None:
    response = client.post("/api/pools/distribution", json=_body())
    assert response.status_code == 200, response.text
    assert response.json() == Q1


def test_api_errors_are_400_with_the_line(client: TestClient) -> None:
    bad = "member,period,country,currency,units,net_sales\nMember One K.K.,2026-Q1,JP,JPY,-5,0\n"
    response = client.post("/api/pools/distribution", json=_body(reports=[bad]))
    assert response.status_code == 400
    assert "reports[0]: line 2" in response.json()["error"]
    assert client.post("/api/pools/distribution", json={"pool": ""}).status_code == 422
    assert client.post("/api/pools/check", json={"pool": "[pool"}).status_code == 400


def test_api_check(client: TestClient) -> None:
    response = client.post("/api/pools/check", json={"pool": _body()["pool"]})
    assert response.status_code == 200
    assert response.json()["items"][0]["key"] == "essential-only"


def test_page_renders_and_downloads_xlsx(client: TestClient) -> None:
    assert "Founder Alpha" in client.get("/pools").text
    files = [
        ("reports", ("reports.csv", (POOL / "reports-2026.csv").read_bytes(), "text/csv")),
        ("collections", ("paid.csv", (POOL / "collections-2026.csv").read_bytes(), "text/csv")),
    ]
    form = {"toml": _body()["pool"], "period": "2026-Q1"}
    page = client.post("/pools", data=form, files=files)
    assert page.status_code == 200
    assert "178,322" in page.text and "298,705" in page.text
    xlsx = client.post("/pools", data={**form, "output": "xlsx"}, files=files)
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    wrong = client.post("/pools", data={**form, "period": "Q9"}, files=files)
    assert wrong.status_code == 400 and "2026-Q1" in wrong.text


VALUATION = Path(__file__).resolve().parents[2] / "examples" / "valuation.toml"


def test_valuation_api_page_and_report(client: TestClient) -> None:
    toml = VALUATION.read_text(encoding="utf-8")
    data = client.post("/api/valuation", json={"toml": toml})
    assert data.status_code == 200 and data.json()["value"] == "46063507"
    pdf = client.post("/api/valuation/report?lang=ja&format=pdf", json={"toml": toml})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    bad = client.post("/api/valuation", json={"toml": toml.replace("2.9%", "290%")})
    assert bad.status_code == 400 and "[royalty]" in bad.json()["error"]
    page = client.post("/valuation", data={"toml": toml})
    assert page.status_code == 200 and "27,638,104" in page.text
    docx = client.post("/valuation", data={"toml": toml, "output": "en-docx"})
    assert docx.content[:2] == b"PK"
