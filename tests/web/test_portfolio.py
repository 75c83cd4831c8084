"""The portfolio workbench: full-text search, filters, sort, pages and exports (web and API)."""

from __future__ import annotations

import csv
import html
import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.domain.ids import parse_number
from kizuna.services.patents import as_store
from kizuna.services.portfolio import PortfolioQuery, refresh_index, search_portfolio

JP, US, EP = "JP7533889B2", "US8930553B2", "EP3404678B1"


def numbers(client: TestClient, **params: str) -> list[str]:
    response = client.get("/api/patents", params=params)
    assert response.status_code == 200, response.text
    return [row["number"] for row in response.json()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("session initiation", [US]),  # title words
        ("立体配線", [JP]),  # Japanese title, Sudachi tokens
        ("配線", [JP]),  # a short unit inside a compound
        ("メイショウ", [JP]),  # a party
        ("General Electric", [EP]),  # an assignee
        ("8,930,553", [US]),  # part of a number
        ("特許第7533889号", [JP]),  # a written Japanese number
        ("ＵＳ８９３０５５３", [US]),  # full-width
        ("zebra giraffe", []),
    ],
)
def test_full_text_search(loaded: TestClient, query: str, expected: list[str]) -> None:
    assert numbers(loaded, q=query) == expected


def test_search_reaches_claim_text(loaded: TestClient) -> None:
    claim = loaded.get(f"/api/patents/{US}").json()["claims"][0]["text"]
    word = next(w for w in claim.split() if len(w) > 9 and w.isalpha())
    assert US in numbers(loaded, q=word)


def test_filters_by_office_owner_field_and_expiry(loaded: TestClient) -> None:
    assert numbers(loaded, office="jp") == [JP]
    assert numbers(loaded, owner="international business") == [US]
    assert numbers(loaded, expiry_from="2035-01-01", expiry_to="2038-12-31") == [EP]
    assert numbers(loaded, field="1") == [EP]


def test_status_is_worked_out_for_the_date_asked(loaded: TestClient) -> None:
    assert numbers(loaded, status="granted") == [EP, JP, US]
    assert numbers(loaded, status="expired", as_of="2034-01-01") == [US]
    assert numbers(loaded, status="granted", as_of="2034-01-01") == [EP, JP]
    rows = loaded.get("/api/patents", params={"as_of": "2034-01-01"}).json()
    assert {r["number"]: r["status_as_of"] for r in rows}[US] == "expired"
    assert {r["number"]: r["status"] for r in rows}[US] == "granted"  # the stored status


def test_sort_and_pages_with_link_headers(loaded: TestClient) -> None:
    assert numbers(loaded, sort="-expiry") == [JP, EP, US]
    response = loaded.get("/api/patents", params={"sort": "expiry", "per_page": "2"})
    assert [r["number"] for r in response.json()] == [US, EP]
    assert response.headers["x-total-count"] == "3"
    assert 'rel="next"' in response.headers["link"] and "page=2" in response.headers["link"]
    second = loaded.get("/api/patents", params={"sort": "expiry", "per_page": "2", "page": "2"})
    assert [r["number"] for r in second.json()] == [JP]
    assert 'rel="prev"' in second.headers["link"]
    assert second.headers["x-total-count"] == "3"
    beyond = loaded.get("/api/patents", params={"per_page": "2", "page": "5"})
    assert beyond.json() == [] and beyond.headers["x-total-count"] == "3"
    nothing = loaded.get("/api/patents", params={"q": "zebra", "per_page": "2"})
    assert nothing.json() == [] and nothing.headers["x-total-count"] == "0"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "colour"}, "sort 'colour' is not one of"),
        ({"status": "alive"}, "status 'alive' is not one of"),
        ({"per_page": "500"}, "per_page 500 is outside 1..200"),
        ({"expiry_from": "2030-13-01"}, "expiry_from '2030-13-01' is not a date"),
        ({"format": "pdf"}, "format 'pdf' is not one of csv, xlsx"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(
    loaded: TestClient, params: dict[str, str], message: str
) -> None:
    for path in ("/api/patents", "/patents"):
        response = loaded.get(path, params=params)
        assert response.status_code == 400
        assert message in html.unescape(response.text)


def test_csv_export_opens_in_excel(loaded: TestClient) -> None:
    response = loaded.get("/patents", params={"q": "立体配線", "format": "csv", "page": "1"})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="patents.csv"' in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == [JP]
    assert rows[0]["title"] == "立体配線構造体の製造方法"


def test_xlsx_export_is_a_workbook(loaded: TestClient) -> None:
    response = loaded.get("/api/patents", params={"format": "xlsx"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "立体配線構造体の製造方法" in strings and US in strings


def test_page_has_filters_sort_links_and_pager(loaded: TestClient) -> None:
    text = loaded.get("/patents", params={"per_page": "2"}).text
    assert "1–2 of 3" in text
    assert 'href="/patents?per_page=2&amp;page=2"' in text
    assert 'href="/patents?per_page=2&amp;sort=expiry"' in text
    assert 'name="owner"' in text and 'name="expiry_from"' in text


def test_index_follows_new_and_deleted_patents(loaded: TestClient, database: Database) -> None:
    assert refresh_index(database=database) == 3  # the three ingested patents
    assert refresh_index(database=database) == 0  # nothing changed since
    with as_store(database).unit_of_work() as uow:
        assert uow.patents.delete(parse_number(US))
        uow.commit()
    found = search_portfolio(database=database, query=PortfolioQuery(q="session initiation"))
    assert found.total == 0 and found.rows == ()
    assert search_portfolio(database=database, query=PortfolioQuery()).total == 2
