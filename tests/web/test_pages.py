"""The server-rendered pages, on real ingested samples."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kizuna.web.uploads import safe_name

from .conftest import JP_CLAIMS, NOT_A_PATENT, US, upload


def page(number: str) -> str:
    return "/patents/" + quote(number, safe="")


def test_home_redirects_to_the_list(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/patents"


def test_empty_list_invites_an_upload(client: TestClient) -> None:
    response = client.get("/patents")
    assert response.status_code == 200
    assert "0 patents stored" in response.text
    assert 'href="/ingest"' in response.text


def test_list_shows_the_table(loaded: TestClient) -> None:
    response = loaded.get("/patents")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    text = response.text
    assert '<html lang="en">' in text
    assert "US 8,930,553 B2" in text
    assert "Managing mid-dialog session initiation protocol" in text
    assert '<td lang="ja">立体配線構造体の製造方法</td>' in text
    assert 'href="/patents/US8930553B2"' in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("8,930,553", "US8930553B2", "JP7533889B2"),
        ("session initiation", "US8930553B2", "JP7533889B2"),
        ("立体配線", "JP7533889B2", "US8930553B2"),
        ("特許第7533889号", "JP7533889B2", "US8930553B2"),
        ("ＵＳ８９３０５５３", "US8930553B2", "JP7533889B2"),
    ],
)
def test_search_filters_by_number_or_title(
    loaded: TestClient, query: str, shown: str, hidden: str
) -> None:
    text = loaded.get("/patents", params={"q": query}).text
    assert f'href="/patents/{shown}"' in text
    assert f'href="/patents/{hidden}"' not in text


def test_us_patent_page(loaded: TestClient) -> None:
    view = loaded.get("/api/patents/US8930553B2").json()
    text = loaded.get(page("US 8,930,553 B2")).text
    assert view["title"] in text
    sections = ("identifiers", "dates", "expiry", "parties", "classifications", "claims", "sources")
    for section in sections:
        assert f'<section id="{section}">' in text
    first = view["claims"][0]
    assert f'id="claim-en-{first["number"]}"' in text
    for element in first["elements"]:
        assert f'<span class="element-id">{element["id"]}</span>' in text
    assert hashlib.sha256(US.read_bytes()).hexdigest() in text
    assert view["expiry"]["basis"][0]["citation"] in text
    assert "not a legal opinion" in text


def test_japanese_patent_page(loaded: TestClient) -> None:
    response = loaded.get(page("特許第7533889号"))
    assert response.status_code == 200
    text = response.text
    view = loaded.get("/api/patents/JP7533889B2").json()
    assert '<span class="title" lang="ja">立体配線構造体の製造方法</span>' in text
    assert "メイショウ株式会社" in text
    claims_ja = [c for c in view["claims"] if c["lang"] == "ja"]
    assert claims_ja
    assert '<ol class="claims" lang="ja">' in text
    assert claims_ja[0]["elements"][0]["text"] in text
    assert hashlib.sha256(JP_CLAIMS.read_bytes()).hexdigest() in text


def test_as_of_on_the_page(loaded: TestClient) -> None:
    text = loaded.get(page("US8930553B2"), params={"as_of": "2020-01-02"}).text
    assert "remaining as of 2020-01-02" in text


def test_unknown_patent_page_is_404_html_with_candidates(loaded: TestClient) -> None:
    api = loaded.get("/api/patents/US8930554B2").json()
    response = loaded.get(page("US8930554B2"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "404 Not found" in response.text
    for candidate in api["candidates"]:
        assert f'href="/patents/{quote(candidate)}"' in response.text


def test_bad_number_page_is_400_html(loaded: TestClient) -> None:
    response = loaded.get(page("not a number"))
    assert response.status_code == 400
    assert "400 Bad request" in response.text


def test_unknown_page_is_404_html(client: TestClient) -> None:
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_ingest_form(client: TestClient) -> None:
    text = client.get("/ingest").text
    assert 'enctype="multipart/form-data"' in text
    assert 'name="files"' in text


def test_ingest_upload_shows_the_report(client: TestClient) -> None:
    response = client.post("/ingest", files=upload(US, NOT_A_PATENT))
    assert response.status_code == 200
    text = response.text
    assert "1 ingested" in text
    assert "1 failed" in text
    assert 'href="/patents/US8930553B2"' in text
    assert f"<strong>{NOT_A_PATENT.name}</strong>: {NOT_A_PATENT.name}:" in text


def test_ingest_without_a_file_asks_for_one(client: TestClient) -> None:
    # The body a browser sends when the form is submitted with no file chosen.
    body = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="files"; filename=""\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n"
        b"--b0undary--\r\n"
    )
    headers = {"Content-Type": "multipart/form-data; boundary=b0undary"}
    response = client.post("/ingest", content=body, headers=headers)
    assert response.status_code == 400
    assert "Choose at least one file." in response.text


def test_static_css_has_the_japanese_font_stack(client: TestClient) -> None:
    css = client.get("/static/kizuna.css").text
    assert '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif' in css


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("US08930553.xml", "US08930553.xml"),
        ("../../etc/passwd", "passwd"),
        ("C:\\docs\\特許.xml", "特許.xml"),
        ("..", "upload-3"),
        (None, "upload-3"),
    ],
)
def test_safe_name(filename: str | None, expected: str) -> None:
    assert safe_name(filename, 2) == expected
