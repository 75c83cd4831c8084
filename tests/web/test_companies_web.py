"""Company pages and API on the real sample set."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .conftest import DATA

COMPANIES = DATA / "companies"


def _upload(path: Path) -> dict[str, tuple[str, bytes, str]]:
    return {"file": (path.name, path.read_bytes(), "text/csv")}


@pytest.fixture
def companies(client: TestClient) -> TestClient:
    response = client.post("/api/companies/import", files=_upload(COMPANIES / "companies.csv"))
    assert response.status_code == 200, response.text
    assert response.json()["imported"] == 19
    return client


def test_import_report_and_bad_rows(companies: TestClient) -> None:
    response = companies.post("/api/companies/import", files=_upload(COMPANIES / "bad-rows.csv"))
    assert response.status_code == 400
    report = response.json()
    assert report["file"] == "bad-rows.csv"
    assert [f["line"] for f in report["failed"]] == [3, 4, 5, 6, 7, 8, 10]


def test_import_cp932(client: TestClient) -> None:
    response = client.post("/api/companies/import",
                           files=_upload(COMPANIES / "shift-jis-excel.csv"))
    assert response.status_code == 200
    assert response.json()["imported"] == 2


def test_api_list_resolve_show(companies: TestClient) -> None:
    rows = companies.get("/api/companies").json()
    assert len(rows) == 19
    resolved = companies.get("/api/companies/resolve", params={"name": "TOYOTA MOTOR CORP"})
    match = resolved.json()["match"]
    assert match["name_ja"] == "トヨタ自動車株式会社"
    shown = companies.get(f"/api/companies/{match['id']}").json()
    assert shown["corporate_number"] == "1180301018771"
    assert shown["exposure"]["level"] == "domestic"
    assert companies.get("/api/companies/9999").status_code == 404


def test_pages(companies: TestClient) -> None:
    page = companies.get("/companies", params={"q": "日立"})
    assert page.status_code == 200
    assert "ambiguous" in page.text and "株式会社日立製作所" in page.text
    assert 'lang="ja"' in page.text
    fc2 = companies.get("/api/companies/resolve", params={"name": "FC2"}).json()["match"]
    detail = companies.get(f"/companies/{fc2['id']}")
    assert detail.status_code == 200
    assert "Dwango v. FC2" in detail.text and "not a legal conclusion" in detail.text


def test_exposure_signals_follow_the_interface_language(companies: TestClient) -> None:
    english = companies.get("/companies").text
    assert "servers-abroad, effect-in-japan" in english
    japanese = companies.get("/companies", headers={"Accept-Language": "ja"}).text
    assert "国外サーバから日本の端末への配信, 発明の効果が日本国内で実現" in japanese
    assert "servers-abroad" not in japanese


def test_import_dry_run_changes_nothing(companies: TestClient) -> None:
    header = (COMPANIES / "companies.csv").read_bytes().splitlines()[0]
    body = header + "\n出光興産株式会社,,,,,,,,,,,lubricants,,,\n".encode()
    upload = {"file": ("update.csv", body, "text/csv")}
    response = companies.post("/api/companies/import?dry_run=true", files=upload)
    assert response.status_code == 200
    report = response.json()
    assert report["dry_run"] is True and report["updated"] == 1
    assert report["changes"][0]["changes"] == [{
        "field": "products",
        "old": ["petroleum products", "petrochemicals", "electronic materials"],
        "new": ["petroleum products", "petrochemicals", "electronic materials", "lubricants"]}]
    again = companies.post("/api/companies/import?dry_run=true", files=upload)
    assert again.json()["updated"] == 1  # the first dry run stored nothing
