"""Claim charts over HTTP: the API, the form posts and the pages (hashing embedder)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from tests.chart_support import JP, MID, SIP, US, load_samples

FAST = {"embedder": "hashing"}


@pytest.fixture
def web(client: TestClient, database: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    load_samples(database)
    return client


def _build(web: TestClient, **extra: object) -> dict[str, object]:
    body = {"patent": "特許第7533889号", "claim": 1, "product": MID, **FAST, **extra}
    response = web.post("/api/charts", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, object] = response.json()
    return data


def test_api_build_list_show_review_and_export(web: TestClient) -> None:
    chart = _build(web)
    assert chart["patent"] == JP and len(chart["elements"]) == 4  # type: ignore[arg-type]
    chart_id = chart["id"]
    listed = web.get("/api/charts").json()
    assert [c["id"] for c in listed] == [chart_id]
    passage = chart["elements"][0]["evidence"][1]["passage"]  # type: ignore[index]
    reviewed = web.post(f"/api/charts/{chart_id}/review",
                        json={"element": "1A", "action": "accept", "value": passage,
                              "who": "Sato"})
    assert reviewed.status_code == 200
    first = reviewed.json()["elements"][0]
    assert first["label"] == "supported" and first["evidence"][0]["passage"] == passage
    shown = web.get(f"/api/charts/{chart_id}").json()
    assert shown["history"][0]["who"] == "admin"  # the logged-in user, not the "who" sent
    xlsx = web.get(f"/api/charts/{chart_id}/export", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["E11"].value == "supported"
    docx = web.get(f"/api/charts/{chart_id}/export", params={"format": "docx"})
    assert "analytical aid" in "\n".join(p.text for p in Document(io.BytesIO(docx.content))
                                         .paragraphs)
    html = web.get(f"/api/charts/{chart_id}/export", params={"format": "html"})
    assert '<table class="chart">' in html.text and "attachment" in html.headers[
        "content-disposition"]
    japanese = web.get(f"/api/charts/{chart_id}/export", params={"format": "html", "lang": "ja"})
    assert japanese.status_code == 200 and '<html lang="ja">' in japanese.text
    assert "<th>実施の証拠（出典付き）</th>" in japanese.text
    refused = web.get(f"/api/charts/{chart_id}/export", params={"format": "html", "lang": "fr"})
    assert refused.status_code == 400 and "'fr' is not one of en, ja" in refused.json()["error"]
    page = web.get(f"/charts/{chart_id}", headers={"Accept-Language": "ja"}).text
    assert f"/api/charts/{chart_id}/export?format=docx&amp;lang=ja" in page


def test_api_errors_carry_close_matches(web: TestClient) -> None:
    response = web.post("/api/charts", json={"patent": JP, "claim": 1, "product": "MID300",
                                             **FAST})
    assert response.status_code == 404 and MID in response.json()["candidates"]
    response = web.post("/api/charts", json={"patent": JP, "claim": 8, "product": MID, **FAST})
    assert response.status_code == 404 and response.json()["candidates"] == [
        "1", "2", "3", "4", "5"]
    response = web.post("/api/charts", json={"patent": "JP7533880B2", "claim": 1,
                                             "product": MID, **FAST})
    assert response.status_code == 404 and "JP 7533889 B2" in response.json()["candidates"]
    assert web.get("/api/charts/77").status_code == 404
    chart = _build(web)
    bad = web.get(f"/api/charts/{chart['id']}/export", params={"format": "pdf"})
    assert bad.status_code == 400 and "not one of" in bad.json()["error"]
    bad = web.post(f"/api/charts/{chart['id']}/review",
                   json={"element": "9Z", "action": "note", "value": "x"})
    assert bad.status_code == 404 and bad.json()["candidates"] == ["1A", "1B", "1C", "1D"]
    _build(web)  # a rebuild: reviewing the old build is a conflict
    late = web.post(f"/api/charts/{chart['id']}/review",
                    json={"element": "1A", "action": "note", "value": "x"})
    assert late.status_code == 409


def test_pages_show_the_chart_and_take_review_forms(web: TestClient) -> None:
    created = web.post("/charts", data={"patent": US, "claim": "1", "product": SIP,
                                        "method": "bm25"}, follow_redirects=False)
    assert created.status_code == 303
    page_url = created.headers["location"]
    chart_id = page_url.rsplit("/", 1)[1]
    page = web.get(page_url)
    assert page.status_code == 200
    assert 'id="element-1A"' in page.text and "not a legal opinion" in page.text
    assert f'action="/api/charts/{chart_id}/review"' in page.text
    assert f"/api/charts/{chart_id}/export?format=xlsx" in page.text
    posted = web.post(f"/api/charts/{chart_id}/review",
                      data={"element": "1B", "action": "note", "value": "checked on site",
                            "who": "Tanaka"}, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"].endswith("#element-1B")
    page = web.get(page_url)
    assert "Note: checked on site" in page.text and "Tanaka" not in page.text
    history = web.get(f"/api/charts/{chart_id}").json()["history"]
    assert history[-1]["who"] == "admin"  # the logged-in reviewer, not the posted "who"
    listing = web.get("/charts")
    assert listing.status_code == 200 and f'href="/charts/{chart_id}"' in listing.text


def test_japanese_chart_page_is_marked_japanese(web: TestClient) -> None:
    chart = _build(web)
    page = web.get(f"/charts/{chart['id']}")
    assert '<p lang="ja">金型のキャビティ' in page.text


def test_chart_words_follow_the_interface_language(web: TestClient) -> None:
    """Labels, verdict, review states and the evidence note are translated on a Japanese page;
    the English page writes the note exactly as ``ScoreExplanation.note()`` does."""
    chart = _build(web)
    element = chart["elements"][0]  # type: ignore[index]
    first = element["evidence"][0]
    english = web.get(f"/charts/{chart['id']}").text
    assert first["explanation"]["note"] in english  # the template's note is the domain's
    assert f'data-label="{element["label"]}"' in english
    japanese = web.get(f"/charts/{chart['id']}", headers={"Accept-Language": "ja"}).text
    names = {"supported": "裏付けあり", "partial": "一部裏付け", "unsupported": "裏付けなし"}
    assert f'data-label="{element["label"]}">{names[element["label"]]}</span>' in japanese
    verdicts = {"shown": "示されている", "partly shown": "一部のみ示されている",
                "not shown": "示されていない"}
    assert f'data-verdict="{chart["verdict"]}">{verdicts[chart["verdict"]]}' in japanese
    assert "一致：" in japanese and "不足：" in japanese and "matched:" not in japanese
    assert 'data-status="proposed">候補</span>' in japanese
    assert "確認のための手がかりであり、実施の証拠ではありません" in japanese
    web.post(f"/api/charts/{chart['id']}/review",
             json={"element": "1A", "action": "reject", "value": first["passage"]})
    history = web.get(f"/charts/{chart['id']}", headers={"Accept-Language": "ja"}).text
    assert "<td>不採用</td>" in history and 'data-status="rejected">不採用</span>' in history


def test_api_screen(web: TestClient) -> None:
    response = web.post("/api/screen", json={"patents": [JP, US], "products": "all", **FAST})
    assert response.status_code == 200
    report = response.json()
    assert report["patents"] == 2 and report["products"] == 2
    assert {(p["patent"], p["product"]) for p in report["pairs"]} >= {(JP, MID), (US, SIP)}
    assert "not a legal opinion" in report["disclaimer"]
