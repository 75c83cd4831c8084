"""The royalty, FRAND, deal and tax pages: forms, result tables, notices, Japanese amounts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.royalty_data import data_version
from kizuna.adapters.storage.db import Database
from kizuna.services.royalty import DISCLAIMER
from kizuna.web.routes.royalty_pages import EXAMPLE_DEAL, example_deal_text

DEAL = Path(__file__).resolve().parents[2] / "examples" / "deal-pilot.toml"


def page(client: TestClient, url: str, status: int = 200, **kwargs: object) -> str:
    response = client.get(url, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def assert_notices(html: str) -> None:
    assert DISCLAIMER in html
    assert data_version() in html


@pytest.mark.parametrize("url", ["/royalty", "/royalty/frand", "/deals", "/tax"])
def test_every_page_has_the_notice_data_version_and_navigation(
    client: TestClient, url: str
) -> None:
    html = page(client, url)
    assert_notices(html)
    for link in ('href="/royalty"', 'href="/royalty/frand"', 'href="/deals"', 'href="/tax"'):
        assert link in html


def test_benchmark_page_shows_statistics_sources_and_explanation(client: TestClient) -> None:
    html = page(client, "/royalty", params={"field": "Chemistry"})
    assert '<table class="statistics">' in html
    assert "<th>unadjusted</th>" in html and '<td class="num">3</td>' in html
    assert "median" in html and "4.3%" in html
    assert "How the range was formed" in html and "Interquartile range 4.2%–5.15%" in html
    # court awards: a separate band with its own row, and the court's reasoning
    assert "<th>court awards, a separate band</th>" in html and '<td class="num">2</td>' in html
    assert "平成30(ネ)10063" in html
    assert '<table class="comparables">' in html
    assert "jpo2010-chemistry" in html and "UNVERIFIED" in html
    assert 'value="Chemistry"' in html
    assert_notices(html)


def test_benchmark_page_with_an_adjustment(client: TestClient) -> None:
    params = {"field": "Chemistry", "adjust": "1.5=Art. 102(3) uplift"}
    html = page(client, "/royalty", params=params)
    assert "<th>adjusted</th>" in html and "Art. 102(3) uplift" in html


def test_benchmark_page_bad_input_is_400_with_the_form(client: TestClient) -> None:
    html = page(client, "/royalty", status=400, params={"field": "Chemistry", "base": "gross"})
    assert "the “base” field &#39;gross&#39;" in html
    assert '<form class="search benchmark"' in html


def test_frand_page_form_then_pantech_asus(client: TestClient) -> None:
    assert '<table class="frand">' not in page(client, "/royalty/frand")
    html = page(client, "/royalty/frand", params={"price": "50000", "preset": "pantech-asus"})
    assert '<table class="frand">' in html
    assert "3.461538461538461538461538462 JPY" in html
    assert "50,000 JPY x aggregate 9% x 1 / 1,300 patents = 3.461538 JPY per unit" in html
    assert "令和4(ワ)7976" in html  # Japanese case number displayed as text
    assert_notices(html)


def test_frand_page_shows_japanese_and_western_amounts(client: TestClient) -> None:
    params = {
        "price": "1,234,500,000",
        "aggregate_rate": "10%",
        "holder_patents": "1",
        "total_patents": "1",
    }
    html = page(client, "/royalty/frand", params=params)
    assert "¥123,450,000" in html and "1億2,345万円" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"price": "-5", "aggregate_rate": "8%"}, "the “price” field: &#39;-5&#39; is negative"),
        ({"price": "5", "aggregate_rate": "180%"},
         "the “aggregate_rate” field: 180% is above 100%"),
        ({"price": "5", "currency": "XXX", "aggregate_rate": "8%"}, "currency &#39;XXX&#39;"),
        ({"price": "5", "aggregate_rate": "8%", "holder_patents": "one"},
         "the “holder_patents” field"),
    ],
)
def test_frand_page_bad_input_is_400(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    full = {"holder_patents": "1", "total_patents": "2", **params}
    html = page(client, "/royalty/frand", status=400, params=full)
    assert message in html


def test_deals_page_starts_from_the_example(client: TestClient) -> None:
    assert EXAMPLE_DEAL == DEAL and example_deal_text() == DEAL.read_text(encoding="utf-8")
    html = page(client, "/deals")
    assert "<textarea" in html and "Sakura Devices KK" in html
    assert '<table class="flows">' not in html


def test_deals_page_models_the_posted_deal(client: TestClient) -> None:
    response = client.post("/deals", data={"toml": DEAL.read_text(encoding="utf-8")})
    assert response.status_code == 200, response.text
    html = response.text
    assert '<table class="flows">' in html and "Pilot (12 months): pilot fee" in html
    assert "<th>npv</th>" in html and "¥87,005,376" in html and "8,700万5,376円" in html
    assert "$553,292.38" in html  # NPV in the licensor's currency
    assert "(0% treaty)" in html  # withholding per payment
    assert "租税条約に関する届出書" in html
    assert_notices(html)


def test_deals_page_withholds_the_domestic_rate(client: TestClient) -> None:
    text = DEAL.read_text(encoding="utf-8").replace(
        'licensor_country = "US"', 'licensor_country = "ZZ"\ndomestic_tax_if_no_treaty = true'
    )
    html = client.post("/deals", data={"toml": text}).text
    assert "(20.42% domestic)" in html


def test_deals_page_bad_toml_is_400_with_the_text_kept(client: TestClient) -> None:
    response = client.post("/deals", data={"toml": "[deal\nname = 1"})
    assert response.status_code == 400
    assert "deal.toml: not valid TOML" in response.text
    assert "[deal\nname = 1</textarea>" in response.text


def test_deals_page_refuses_cross_site_posts(client: TestClient) -> None:
    response = client.post("/deals", data={"toml": ""}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_tax_page_shows_rate_and_forms(client: TestClient) -> None:
    html = page(client, "/tax", params={"licensor_country": "us", "date": "2026-01-01"})
    assert "US on 2026-01-01: 0%" in html
    assert '<table class="forms">' in html and "租税条約に関する届出書" in html
    assert "IRS Form 6166" in html
    assert '<li class="table-version">treaty_rates.csv edition 2026-12-07 (sha256 ' in html
    assert_notices(html)


def test_tax_page_shows_the_split_rate_of_a_treaty(client: TestClient) -> None:
    html = page(client, "/tax", params={"licensor_country": "CO", "date": "2027-01-04"})
    assert "CO on 2027-01-04: 10%" in html
    assert "industrial, commercial or scientific equipment 2%" in html


def test_tax_page_warns_that_an_unverified_rate_is_unverified(client: TestClient) -> None:
    html = page(client, "/tax", params={"licensor_country": "CN", "date": "2027-01-04"})
    assert "CN on 2027-01-04: 10%" in html
    assert "Treaty rate status: UNVERIFIED" in html and "To verify: Art. 12" in html


def test_deals_page_warns_when_the_licensor_rate_is_unverified(client: TestClient) -> None:
    text = DEAL.read_text(encoding="utf-8").replace(
        'licensor_country = "US"', 'licensor_country = "CN"'
    )
    html = client.post("/deals", data={"toml": text}).text
    assert "(10% treaty)" in html and "Treaty rate status: UNVERIFIED" in html


def test_tax_page_unknown_country_is_400(client: TestClient) -> None:
    html = page(client, "/tax", status=400, params={"licensor_country": "ZZ"})
    assert "the “licensor_country” field ZZ: no treaty rate" in html


def test_deals_page_shows_the_stated_and_flagged_commitment_findings(
    client: TestClient, database: Database
) -> None:
    from datetime import date

    from kizuna.services.accounts.audit import Actor
    from kizuna.services.pools.pledges import add_commitment
    from tests.services.campaign_support import ingest_samples

    ingest_samples(database)
    add_commitment(
        database, patent="特許第7533889号", kind="frand", name="IPR licensing declaration",
        sdo="ETSI", standard="TS 38.213 (example)", source="ETSI IPR database, declaration 1",
        source_date=date(2021, 6, 1), actor=Actor("admin", "cli"),
    )  # fmt: skip
    text = DEAL.read_text(encoding="utf-8").replace(
        "[deal]\n", '[deal]\npatents = ["特許第7533889号"]\n', 1)  # fmt: skip
    html = client.post("/deals", data={"toml": text}).text
    assert '<section id="commitments">' in html
    assert "<strong>Stated</strong>" in html and "<strong>Flagged</strong>" in html
    assert "FRAND-committed: IPR licensing declaration, ETSI TS 38.213" in html
    assert "non-discrimination: different running-royalty rates" in html
    ja = client.post("/deals", data={"toml": text}, headers={"Accept-Language": "ja"}).text
    assert "権利不行使の誓約とFRAND宣言" in ja and "<strong>要確認</strong>" in ja
    assert "<strong>明示</strong>" in ja
    plain = client.post("/deals", data={"toml": DEAL.read_text(encoding="utf-8")}).text
    assert '<section id="commitments">' not in plain  # no patents named: nothing to state
