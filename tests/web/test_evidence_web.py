"""Evidence pages and API: list, show, upload; bad uploads answer 400 and store nothing."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

EVIDENCE = Path(__file__).resolve().parents[1] / "data" / "evidence"
MAGSEAL = EVIDENCE / "magseal-cap-38"


def files(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


MAKERS = EVIDENCE.parent / "landscape" / "evidence-companies.csv"


def _makers(client: TestClient) -> None:
    sent = {"file": (MAKERS.name, MAKERS.read_bytes(), "text/csv")}
    assert client.post("/api/companies/import", files=sent).status_code == 200


def test_upload_list_show(client: TestClient) -> None:
    _makers(client)
    form = {"product": "MagSeal Cap 38", "company": "Aoba Closures", "captured_at": "2025-05-01"}
    sent = files(MAGSEAL / "product-en.html", MAGSEAL / "seihin-ja.html", MAGSEAL / "manual.docx")
    response = client.post("/api/evidence", data=form, files=sent)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["added"] == 3 and report["documents"][0]["source"] == "product-en.html"

    listing = client.get("/api/evidence", params={"product": "magseal cap 38"}).json()
    assert listing["products"][0]["company"] == "Aoba Closures Co., Ltd."  # stored spelling
    assert len(listing["documents"]) == 3

    doc_id = report["documents"][1]["id"]
    doc = client.get(f"/api/evidence/{doc_id}").json()
    assert doc["lang"] == "ja" and doc["passages"][0]["citation"]

    page = client.get("/evidence")
    assert page.status_code == 200 and "MagSeal Cap 38" in page.text
    assert "<th>Document title</th>" in page.text
    japanese = client.get("/evidence", headers={"Accept-Language": "ja"}).text
    assert "<th>資料名</th>" in japanese and "発明の名称" not in japanese  # not an invention
    detail = client.get(f"/evidence/{doc_id}")
    assert detail.status_code == 200
    assert (
        'lang="ja"' in detail.text
        and "ネオジム磁石" in detail.text
        and doc["sha256"] in detail.text
    )


def test_bad_upload_is_400_and_stores_nothing(client: TestClient) -> None:
    sent = files(EVIDENCE / "bad" / "corrupt.pdf")
    response = client.post("/api/evidence", data={"product": "X"}, files=sent)
    assert response.status_code == 400
    assert response.json()["failed"][0]["error"].startswith("corrupt.pdf: ")
    assert client.get("/api/evidence").json() == {"products": [], "documents": []}
    page = client.post("/evidence", data={"product": "X"}, files=sent)
    assert page.status_code == 400 and "corrupt.pdf" in page.text


def test_not_found(client: TestClient) -> None:
    assert client.get("/api/evidence/42").status_code == 404
    assert client.get("/api/evidence", params={"product": "nothing"}).status_code == 404
    assert client.get("/evidence/42").status_code == 404


def test_unknown_company_is_refused_with_candidates(client: TestClient) -> None:
    _makers(client)
    form = {"product": "MagSeal Cap 38", "company": "Aoba Caps"}
    response = client.post("/api/evidence", data=form, files=files(MAGSEAL / "product-en.html"))
    assert response.status_code == 404
    assert response.json()["error"] == (
        "company 'Aoba Caps' is not a stored company (import it with `kizuna companies "
        "import`, or check the spelling); close matches: 青葉クロージャー株式会社")
    assert client.get("/api/evidence").json()["documents"] == []
