"""Each page translated in the second round, fetched in Japanese: Japanese labels, no English
leftovers among its key labels, dates in 令和 and yen in 万/億 where the page shows them.

The English side of the same pages is covered by each page's own tests (tests/web/test_*.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import Database
from kizuna.services.campaigns import NOTICE
from kizuna.web.routes.campaign_pages import page_notice
from tests.web.auth_support import join, login, make_user
from tests.web.conftest import upload

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLES = (DATA / "uspto" / "US08930553.xml", DATA / "jpo" / "2020123456-progress.json",
           DATA / "jpo" / "2020123456-A523-amendment.xml")


def _ja(client: TestClient) -> TestClient:
    client.cookies.set("kizuna_lang", "ja")
    return client


def _check(html: str, japanese: tuple[str, ...], english: tuple[str, ...]) -> None:
    assert '<html lang="ja">' in html
    for label in japanese:
        assert label in html, label
    leftovers = [label for label in english if label in html]
    assert leftovers == [], leftovers


@pytest.fixture
def campaign(client: TestClient) -> int:
    assert client.post("/api/ingest", files=upload(*SAMPLES)).status_code == 200
    form = {"licensee": "例示電機株式会社", "patents": "JP7533889", "track": "relationship"}
    opened = client.post("/campaigns", data=form, follow_redirects=False)
    assert opened.status_code == 303, opened.text
    found = re.search(r"/campaigns/(\d+)", opened.headers["location"])
    assert found is not None
    return int(found.group(1))


def test_login_page_in_japanese(anonymous: TestClient) -> None:
    page = _ja(anonymous).get("/login")
    _check(page.text, ("ログイン", "ユーザー名", "パスワード", "アカウントがない場合"),
           ("Log in", "User name", "Password", "No account?"))
    wrong = anonymous.post("/login", data={"username": "nobody", "password": "x" * 12})
    assert wrong.status_code == 401 and "ユーザー名またはパスワードが違います" in wrong.text


def test_admin_pages_in_japanese(client: TestClient, database: Database) -> None:
    make_user(database, "sato", "analyst")
    _ja(client)
    _check(client.get("/admin/users").text, ("ユーザーの追加", "役割の変更", "無効化"),
           ("Add a user", "Change role", "Disable", ">Set<"))
    added = client.post("/admin/users", data={"username": "suzuki", "role": "viewer"})
    assert "suzuki を追加しました。ワンタイムパスワード：" in added.text
    _check(client.get("/admin/matters").text, ("新しい案件", "メンバー", "移動先の案件"),
           ("New matter", "Move a campaign or chart", "To matter", ">Apply<"))
    created = client.post("/admin/matters", data={"name": "Alpha", "description": ""})
    assert "案件「Alpha」を作成しました" in created.text
    _check(client.get("/admin/audit").text, ("監査ログ", "CSVで出力", "操作（前方一致）"),
           ("Audit log", "Export CSV", "Action starts with", "No events."))


def test_campaign_page_record_and_documents_in_japanese(client: TestClient,
                                                       campaign: int) -> None:
    page = _ja(client).get(f"/campaigns/{campaign}?done=opened").text
    _check(page, ("キャンペーンを開始しました", "交渉記録", "今すぐ記録を検証", "文書を作成",
                  "関係重視", "<td>開始</td>", '<option value="meeting">面談</option>',
                  "書簡：技術のご紹介と面談のお願い", "時効の完成猶予事由", "令和"),
           ("Campaign opened;", "Verify the record now", "Build document", "Negotiation record",
            "Limitation events", "Follow-up", "Technology brief", "Allow draft evidence"))
    assert "誰にも何も送付しません" in page and NOTICE not in page
    assert page_notice() == NOTICE  # outside a request: English, the service's own text
    checked = client.get(f"/campaigns/{campaign}/verify").text
    _check(checked, ("たった今確認：", "検証済み：", "電子署名", "これらのアンカーと照合"),
           ("Checked just now", "Signatures", "Check against these anchors",
            "RFC 3161 token for the head"))
    anchored = client.post(f"/campaigns/{campaign}/anchor", files={"token": ("", b"")}).text
    assert "アンカーを記録しました。" in anchored and "Anchored." not in anchored


def test_a_non_member_is_refused_in_japanese(client: TestClient, database: Database,
                                             campaign: int) -> None:
    make_user(database, "bob", "analyst")
    join(database, "Matter B", "bob")
    login(_ja(client), "bob")
    refused = client.get(f"/campaigns/{campaign}")
    assert refused.status_code == 403
    message = f"キャンペーン {campaign} は、あなたがメンバーではない案件に属しています"
    _check(refused.text, ("403 アクセス権がありません", message),
           ("Forbidden", "belongs to a matter"))
    assert "Forbidden" in client.get(f"/campaigns/{campaign}", params={"lang": "en"}).text


def test_limitation_page_in_japanese(client: TestClient, campaign: int) -> None:
    url = f"/campaigns/{campaign}/limitation"
    _check(_ja(client).get(url).text, ("時効の完成猶予事由", "事象の記録", "キャンペーンに戻る"),
           ("Record an event", "Back to the campaign", "No events recorded.", "Negotiation"))
    form = {"kind": "agreement", "date": "2026-07-01", "months": "3", "note": "協議書"}
    done = client.post(url, data=form)
    assert "事象を記録しました。" in done.text and "3か月" in done.text
    assert "2026年7月1日（令和8年7月1日）" in done.text
    empty = client.post(url, data={"kind": "demand", "date": ""})
    assert empty.status_code == 400 and "日付：未入力です" in empty.text


def test_company_page_in_japanese(client: TestClient) -> None:
    companies = DATA / "companies" / "companies.csv"
    imported = client.post("/api/companies/import",
                           files={"file": (companies.name, companies.read_bytes(), "text/csv")})
    assert imported.status_code == 200
    first = client.get("/api/companies").json()[0]["id"]
    _check(_ja(client).get(f"/companies/{first}").text, ("名称（日本語）", "読み（カナ）", "別名"),
           ("Name (ja)", "Reading (kana)", "Aliases", "Former names", "Products / services"))


def test_damages_page_in_japanese_with_yen_and_dates(client: TestClient) -> None:
    _check(_ja(client).get("/damages").text, ("損害賠償額の試算", "侵害者の売上高", "消滅時効"),
           ("Damages exposure", "Infringer's sales", "Claim date", "Compute"))
    form = {"method": "102-3", "rate": "5%", "history": "year,sales\n2024,100000000\n",
            "as_of": "2026-11-21", "knowledge_date": "2024-06-01"}
    result = client.post("/damages", data=form).text
    _check(result, ("試算額：第102条第3項", "令和8年11月21日", "500万円", "不法行為"),
           ("Exposure,", "Claimable as of", "Unjust enrichment", "Scenario"))
    bad = client.post("/damages", data={"method": "102-3", "rate": "5%", "history": "a,b\n1,2"})
    assert bad.status_code == 400 and "販売履歴：1行目に列名" in bad.text


def test_pools_matching_and_valuation_pages_in_japanese(client: TestClient) -> None:
    _check(_ja(client).get("/pools").text, ("パテントプール：配分", "配分を計算"),
           ("Patent pool", "Distribute", "Member reports", "show here"))
    pool = EXAMPLES / "pool"
    files = [("reports", ("r.csv", (pool / "reports-2026.csv").read_bytes(), "text/csv"))]
    form = {"toml": (pool / "pool.toml").read_text(encoding="utf-8"), "period": "2026-Q1"}
    distributed = client.post("/pools", data=form, files=files).text
    _check(distributed, ("創設者", "請求", "万", "円（¥"), (">Founder<", ">Invoices<", "Collected"))
    _check(client.get("/match").text, ("開放特許と中小企業のマッチング", "特許あたりの候補数"),
           ("SME IP matching", "Candidates per patent", "Region (prefecture"))
    toml = (EXAMPLES / "valuation.toml").read_text(encoding="utf-8")
    valued = client.post("/valuation", data={"toml": toml}).text
    _check(valued, ("知財金融のための価値評価", "融資上限の目安", "令和", "万", "円（¥"),
           ("Valuation for IP-backed lending", "Suggested maximum loan", "Assumptions"))


def test_estimate_pages_carry_the_disclaimer_in_japanese(client: TestClient) -> None:
    from kizuna.services.royalty import DISCLAIMER as ESTIMATES
    from kizuna.web.routes.royalty_pages import estimates_disclaimer

    for path in ("/royalty", "/royalty/frand", "/damages", "/deals", "/tax"):
        english = client.get(path).text
        assert ESTIMATES in english, path
        page = _ja(client).get(path).text
        assert "交渉計画のための推計であり、法的助言・税務助言ではありません" in page, path
        assert ESTIMATES not in page, path
        client.cookies.delete("kizuna_lang")
    assert estimates_disclaimer() == ESTIMATES  # outside a request: the service's own text
