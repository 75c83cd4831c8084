"""A licensing day in a real browser: ingest, search, patent and claim tree, chart review,
campaign with an attachment, advance, verify, and the Japanese letter.

Each step keeps a screenshot under the folder the ``artifacts`` fixture prints.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.chart_support import MID
from tests.web.conftest import EP, JP_CLAIMS, JP_PROGRESS, US

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_a_licensing_day(browser_session: Any, artifacts: Path) -> None:
    page = browser_session
    page.goto("/ingest")
    page.set_input_files("input[type=file]", [str(p) for p in (US, EP, JP_PROGRESS, JP_CLAIMS)])
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=JP7533889B2")
    _shot(page, artifacts, "01-ingest")

    page.goto("/patents")
    page.fill("#q", "立体配線")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("text=1 patents match.")
    assert page.locator("table.patents tbody tr").count() == 1
    _shot(page, artifacts, "02-search")

    page.click("a[href='/patents/JP7533889B2']")
    tree = page.locator("figure.claim-tree svg")
    tree.wait_for()
    assert tree.locator("g").count() >= 1
    page.locator("#claim-tree").scroll_into_view_if_needed()
    _shot(page, artifacts, "03-patent-claim-tree")

    page.goto("/charts")
    page.fill("#patent", "JP7533889B2")
    page.fill("#product", MID)
    page.select_option("#method", "bm25")
    page.click("form.search button[type=submit]")
    page.wait_for_url(re.compile(r"/charts/\d+$"))
    page.locator("form.review input[name=value]").first.fill("寸法を確認")
    page.locator("form.review button[type=submit]").first.click()
    page.wait_for_selector("text=寸法を確認")
    _shot(page, artifacts, "04-chart-review")

    page.goto("/campaigns")
    page.fill("input[name=licensee]", "例示電機株式会社")
    page.fill("input[name=patents]", "JP7533889B2")
    page.click("#new button[type=submit]")
    page.wait_for_url(re.compile(r"/campaigns/\d+"))
    _shot(page, artifacts, "05-campaign")

    page.fill("#log textarea[name=summary]", "初回書簡の送付")
    page.set_input_files("#log input[type=file]", str(JP_CLAIMS))
    page.click("#log button[type=submit]")
    page.wait_for_selector(f"text={JP_CLAIMS.name}")
    _shot(page, artifacts, "06-log-with-attachment")

    page.click("#advance button[type=submit]")
    page.wait_for_url(re.compile(r"done="))
    _shot(page, artifacts, "07-advanced")

    page.click("#verify button[type=submit]")
    page.wait_for_selector(".verify-ok")
    _shot(page, artifacts, "08-verified")

    # the documents form: an introduction letter needs no chart; Japanese, PDF
    page.select_option("select[name=document]", "letter-introduction")
    page.select_option("select[name=lang]", "ja")
    page.select_option("select[name=format]", "pdf")
    with page.expect_download() as download_info:
        page.click("form[action$='/document'] button[type=submit]")
    saved = artifacts / "letter-ja.pdf"
    download_info.value.save_as(str(saved))
    assert saved.read_bytes().startswith(b"%PDF")
    _shot(page, artifacts, "09-documents")


def test_the_interface_switches_to_japanese_and_remembers(
    browser_session: Any, artifacts: Path
) -> None:
    page = browser_session
    page.goto("/patents")
    switch = page.locator("nav.language a").get_attribute("href")
    assert switch is not None and switch.endswith("/patents?lang=ja")
    page.goto(switch)
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "特許"
    page.goto("/campaigns")
    assert page.locator("html").get_attribute("lang") == "ja"  # the cookie remembers
    _shot(page, artifacts, "10-japanese")
    page.locator("table.campaigns a[href^='/campaigns/']").first.click()
    page.wait_for_selector("text=今すぐ記録を検証")
    assert page.locator("#documents h2").inner_text() == "資料"
    assert "令和" in page.locator("h1").inner_text()  # the opening date, for Japanese readers
    _shot(page, artifacts, "10b-japanese-campaign")
    back = page.locator("nav.language a").get_attribute("href")
    assert back is not None and back.endswith("lang=en")
    page.goto(back)
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_non_member_is_refused_the_campaign_but_keeps_the_portfolio(
    browser_session: Any, outsider_page: Any, artifacts: Path
) -> None:
    """The outsider (an analyst of another matter, browsing in Japanese) after the licensing
    day above: its campaign, record, documents, letter and chart are refused or not listed."""
    campaigns = browser_session.request.get("/api/campaigns").json()
    charts = browser_session.request.get("/api/charts").json()
    assert campaigns and charts, "runs after test_a_licensing_day, which builds both"
    cid, chart_id = campaigns[-1]["id"], charts[-1]["id"]
    page = outsider_page

    page.goto("/campaigns")
    assert page.locator("h1").inner_text() == "キャンペーン"
    assert page.locator(f"a[href='/campaigns/{cid}']").count() == 0
    _shot(page, artifacts, "12-outsider-campaigns-not-listed")
    page.goto("/charts")
    assert page.locator(f"a[href='/charts/{chart_id}']").count() == 0

    letter = f"/campaigns/{cid}/document?document=letter-introduction&lang=ja&format=pdf"
    for name, url in (("13-outsider-campaign", f"/campaigns/{cid}"),
                      ("14-outsider-record", f"/campaigns/{cid}/verify"),
                      ("15-outsider-letter", letter),
                      ("16-outsider-chart-review", f"/charts/{chart_id}")):
        response = page.goto(url)
        assert response is not None and response.status == 403, url
        assert page.locator("h1").inner_text() == "403 アクセス権がありません"
        assert "メンバーではない案件" in page.locator("p.error").inner_text()
        _shot(page, artifacts, name)

    csrf = page.request.get("/api/me").json()["csrf"]
    assert page.request.get("/api/me").json()["matters"] != []  # a member, of another matter
    for url in (f"/api/campaigns/{cid}", f"/api/campaigns/{cid}/record.json",
                f"/api/campaigns/{cid}/record.pdf", f"/api/charts/{chart_id}/export"):
        assert page.request.get(url).status == 403, url
    review = page.request.post(f"/api/charts/{chart_id}/review", headers={"X-CSRF-Token": csrf},
                               data={"element": "1A", "action": "note", "value": "x"})
    assert review.status == 403
    logged = page.request.post(f"/api/campaigns/{cid}/log", headers={"X-CSRF-Token": csrf},
                               multipart={"kind": "note", "summary": "x"})
    assert logged.status == 403

    page.goto("/patents")
    page.fill("#q", "立体配線")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("text=1件が該当します。")
    assert page.locator("table.patents tbody tr").count() == 1
    _shot(page, artifacts, "17-outsider-portfolio-ja")
    page.click("a[href='/patents/JP7533889B2']")
    page.locator("figure.claim-tree svg").wait_for()
    _shot(page, artifacts, "18-outsider-patent-ja")
