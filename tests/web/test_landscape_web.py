"""Landscape and targets pages and API on the real sample portfolio."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.settings import Settings
from kizuna.web.app import create_app
from tests.landscape_setup import landscape_db, landscape_path, landscape_template
from tests.web.auth_support import logged_in

__all__ = ["landscape_db", "landscape_path", "landscape_template"]


@pytest.fixture
def web(landscape_db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url="sqlite://", allowed_hosts="testserver")
    app = create_app(settings, database=landscape_db)
    with TestClient(app) as client:
        logged_in(client, landscape_db)
        yield client


def test_api_fields_and_targets(web: TestClient) -> None:
    fields = web.get("/api/landscape/fields?as_of=2026-11-21").json()
    assert fields["schema"] == "kizuna.landscape.fields/1" and fields["patents"] == 44
    targets = web.get("/api/targets?top=3&as_of=2026-11-21").json()
    assert len(targets["pairs"]) == 3 and targets["schema"] == "kizuna.targets/1"
    assert web.get("/api/targets?top=0").status_code == 422


def test_api_plot_formats(web: TestClient) -> None:
    png = web.get("/api/landscape/plot?kind=funnel&format=png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    svg = web.get("/api/landscape/plot?kind=expiry&format=svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert web.get("/api/landscape/plot?kind=pie").status_code == 400


def test_pages_render(web: TestClient) -> None:
    page = web.get("/landscape?as_of=2026-11-21")
    assert page.status_code == 200
    assert 'lang="ja"' in page.text and "data:image/svg+xml;base64," in page.text
    assert "as of 21 November 2026." in page.text
    ja = web.get("/landscape?as_of=2026-11-21", headers={"Accept-Language": "ja"}).text
    assert "2026年11月21日（令和8年11月21日）時点" in ja
    targets = web.get("/targets?top=5&as_of=2026-11-21")
    assert targets.status_code == 200 and "JP7533889B2" in targets.text


def test_targets_are_paged_filtered_explained_and_exported(web: TestClient) -> None:
    everything = web.get("/api/targets?top=10000&as_of=2026-11-21").json()["pairs"]
    assert len(everything) > 4
    first = web.get("/targets", params={"as_of": "2026-11-21", "per_page": "2"}).text
    assert f"1–2 of {len(everything)}" in first and "Why this pair" in first
    assert 'rel="next"' in first
    company = everything[0]["company"]["name"]
    api = web.get("/api/targets", params={"top": "10000", "as_of": "2026-11-21",
                                          "company": company, "per_page": "1"})
    named = [p for p in everything if company.casefold() in p["company"]["name"].casefold()]
    assert api.headers["x-total-count"] == str(len(named))
    assert [p["company"]["name"] for p in api.json()["pairs"]] == [company]
    low = everything[-1]["score"]
    high = web.get("/api/targets", params={"top": "10000", "as_of": "2026-11-21",
                                           "min_score": str(low + 0.01)}).json()["pairs"]
    assert all(p["score"] > low for p in high) and len(high) < len(everything)
    sheet = web.get("/targets", params={"as_of": "2026-11-21", "format": "csv"})
    lines = sheet.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("rank,patent,title,company") and lines[0].endswith("explanation")
    assert len(lines) == len(everything) + 1


def test_targets_page_in_japanese_names_the_factors_and_translates_the_notice(
        web: TestClient) -> None:
    from kizuna.services.targets import NOTICE
    from kizuna.web.routes.landscape import targets_notice

    english = web.get("/targets", params={"as_of": "2026-11-21"}).text
    assert '<th class="num">remaining_term</th>' in english and NOTICE in english
    ja = web.get("/targets", params={"as_of": "2026-11-21"},
                 headers={"Accept-Language": "ja"}).text
    for name in ("残存期間", "日本の権利", "クレームの広さ", "実施の証拠", "分野での活動",
                 "記載の一致", "売上規模", "日本市場への関与"):
        assert f'<th class="num">{name}</th>' in ja, name
    assert "<dt>残存期間</dt>" in ja and "残存期間 1.5" in ja  # the reasons and the weights
    assert '<th class="num">remaining_term</th>' not in ja and NOTICE not in ja
    assert "侵害、有効性、実施地についての法的意見ではありません" in ja
    assert targets_notice() == NOTICE  # outside a request: English, the service's own text


def test_a_pledge_outside_a_pair_s_field_is_flagged_on_the_page_and_in_the_api(
    web: TestClient, landscape_db: Database
) -> None:
    from datetime import date

    from kizuna.services.accounts.audit import Actor
    from kizuna.services.pools.pledges import add_commitment

    add_commitment(
        landscape_db, patent="US8926509B2", kind="pledge", name="Wireless pledge",
        field="wireless communication", beneficiaries="anyone", source="pledge text",
        source_date=date(2020, 3, 31), actor=Actor("admin", "cli"),
    )  # fmt: skip
    params = {"as_of": "2026-11-21", "patent": "US8926509B2", "company": "Netflix",
              "top": "10000"}  # fmt: skip
    pairs = web.get("/api/targets", params=params).json()["pairs"]
    assert len(pairs) == 1 and pairs[0]["blocked_by"] is None
    assert "outside its field 'wireless communication'" in pairs[0]["flagged_by"][0]
    page = web.get("/targets", params=params).text
    assert "encumbered outside this pair" in page and "Wireless pledge" in page
    ja = web.get("/targets", params=params, headers={"Accept-Language": "ja"}).text
    assert "分野外の負担" in ja
