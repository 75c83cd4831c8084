"""Campaign pages: run a campaign from the browser with plain forms (redirect after post).

The patents are the real samples (US 8,930,553 B2 from tests/data/uspto and JP 7533889 B2
from tests/data/jpo), ingested with the real ingest service; attachments are real files.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import docx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pypdf import PdfReader

from kizuna.adapters.storage.db import Database
from kizuna.domain.japanese import format_date_both, format_date_en, format_wareki
from kizuna.services.ingest import ingest_paths
from kizuna.services.portfolio.board import due_rows
from kizuna.settings import Settings
from kizuna.web.app import create_app
from tests.conftest import DATA
from tests.web.auth_support import logged_in

US = DATA / "uspto" / "US08930553.xml"
JP = [DATA / "jpo" / "2020123456-progress.json", DATA / "jpo" / "2020123456-A523-amendment.xml"]
OPINION = DATA / "jpo" / "2020123456-A53-written-opinion.xml"
LICENSEE = "例示電機株式会社"
TODAY = date.today()  # a campaign opened through the form opens today
ATTACHMENT_LIMIT = 20_000  # bytes: the opinion (9 KB) fits, the US grant (40 KB) does not

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    report = ingest_paths(paths=[US, *JP], database=database)
    assert not report.failed
    settings = Settings(database_url="sqlite://", max_attachment_bytes=ATTACHMENT_LIMIT,
                        allowed_hosts="testserver")
    with TestClient(create_app(settings, database=database)) as test_client:
        logged_in(test_client, database)
        yield test_client


def _open(client: TestClient, track: str = "relationship") -> int:
    form = {"licensee": LICENSEE, "patents": "JP7533889, US 8,930,553", "track": track}
    response = client.post("/campaigns", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/campaigns/(\d+)\?done=opened#record", response.headers["location"])
    assert match is not None
    return int(match.group(1))


def _entries(client: TestClient, cid: int) -> list[dict[str, object]]:
    record: list[dict[str, object]] = client.get(f"/api/campaigns/{cid}").json()["record"]
    return record


def test_open_a_campaign_with_the_form(client: TestClient) -> None:
    form_page = client.get("/campaigns")
    assert form_page.status_code == 200 and 'action="/campaigns"' in form_page.text
    cid = _open(client, track="sep")
    page = client.get(f"/campaigns/{cid}?done=opened")
    assert page.status_code == 200
    today = format_wareki(date.today())
    for text in (
        "Campaign opened",
        f'<span lang="ja">{LICENSEE}</span>',
        "調査・クレームチャート準備",
    ):
        assert text in page.text
    assert format_date_en(date.today()) in page.text  # the opening date, for each reader
    ja_page = client.get(f"/campaigns/{cid}", params={"lang": "ja"}).text
    assert f"開始 {format_date_both(date.today())}" in ja_page and today in ja_page  # 令和 form
    client.get("/campaigns", params={"lang": "en"})
    listing = client.get("/campaigns").text
    assert LICENSEE in listing and "intact" in listing and "Board: sep track" in listing
    assert "by " in listing  # the next follow-up date
    ja = client.get("/campaigns", params={"lang": "ja"}).text
    assert "までに" in ja and "令和" in ja  # and in 令和 form on the Japanese side
    shown = client.get(f"/api/campaigns/{cid}").json()
    assert shown["patents"] == ["JP7533889B2", "US8930553B2"] and shown["track"] == "sep"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"licensee": LICENSEE, "patents": "US1234567"}, "US1234567"),
        ({"licensee": "  ", "patents": "US8930553"}, "the “licensee” field: empty"),
        ({"licensee": LICENSEE, "patents": "US8930553", "track": "war"},
         "the “track” field &#39;war&#39;"),
    ],
)
def test_a_refused_campaign_shows_the_form_again(
    client: TestClient, form: dict[str, str], message: str
) -> None:
    response = client.post("/campaigns", data=form)
    assert response.status_code == 400
    assert "Not opened:" in response.text and message in response.text
    assert f'value="{form["patents"]}"' in response.text  # what was typed is kept
    assert client.get("/api/campaigns").json() == []


def test_log_an_entry_with_an_attachment(client: TestClient) -> None:
    cid = _open(client)
    logged = client.post(
        f"/campaigns/{cid}/log",
        data={"kind": "meeting", "summary": "初回面談（東京本社）", "date": TODAY.isoformat()},
        files={"attach": (OPINION.name, OPINION.read_bytes(), "application/xml")},
        follow_redirects=False,
    )
    assert logged.status_code == 303 and logged.headers["location"].endswith("done=logged#record")
    entry = _entries(client, cid)[-1]
    attachment = entry["attachments"][0]  # type: ignore[index]
    assert attachment["sha256"] == hashlib.sha256(OPINION.read_bytes()).hexdigest()
    page = client.get(f"/campaigns/{cid}?done=logged").text
    assert "Entry added to the record." in page and "初回面談（東京本社）" in page
    assert OPINION.name in page and format_date_en(TODAY) in page  # on or after the opening day
    ja_page = client.get(f"/campaigns/{cid}", params={"lang": "ja"}).text
    assert format_wareki(TODAY) in ja_page  # the entry's date in 令和 form on the Japanese side
    client.get("/campaigns", params={"lang": "en"})
    # A browser sends an empty file field as a part with no name and no bytes: no attachment.
    plain = client.post(
        f"/campaigns/{cid}/log",
        data={"kind": "call", "summary": "Follow-up call"},
        files={"attach": ("", b"", "application/octet-stream")},
    )
    assert plain.status_code == 200 and _entries(client, cid)[-1]["attachments"] == []


@pytest.mark.parametrize(
    ("data", "attach", "message"),
    [
        ({"kind": "meeting", "summary": "x"}, (US.name, US.read_bytes()), "over the attachment"),
        ({"kind": "meeting", "summary": "x"}, ("blank.txt", b""), "blank.txt: the file is empty"),
        ({"kind": "meeting", "summary": "x", "date": "2026-13-01"}, None, "not a date"),
        ({"kind": "meeting", "summary": "x", "date": "2999-01-01"}, None, "in the future"),
        ({"kind": "gossip", "summary": "x"}, None, "the “kind” field &#39;gossip&#39;"),
        ({"kind": "note", "summary": " "}, None, "the “summary” field: empty"),
        ({"kind": "note", "summary": "x", "corrects": "7"}, None, "the “corrects” field 7"),
    ],
)
def test_a_refused_entry_writes_nothing(
    client: TestClient, data: dict[str, str], attach: tuple[str, bytes] | None, message: str
) -> None:
    cid = _open(client)
    files = {"attach": (attach[0], attach[1], "application/octet-stream")} if attach else None
    response = client.post(f"/campaigns/{cid}/log", data=data, files=files)
    assert response.status_code == 400
    assert "Nothing was recorded" in response.text and message in response.text
    assert len(_entries(client, cid)) == 1


def test_advance_forward_and_a_jump_that_needs_a_reason(client: TestClient) -> None:
    cid = _open(client)
    page = client.get(f"/campaigns/{cid}").text
    assert '<option value="introduction" lang="ja" selected>' in page  # the next stage
    assert "紹介者を通じた紹介" in page and "稟議（相手方の社内承認）" in page
    forward = client.post(f"/campaigns/{cid}/advance", data={"to": "introduction"})
    assert forward.status_code == 200 and "Stage changed" in forward.text  # after the redirect
    refused = client.post(f"/campaigns/{cid}/advance", data={"to": "terms-proposed", "reason": ""})
    assert refused.status_code == 400
    assert "introduction → terms-proposed skips first-meeting" in unescape(refused.text)
    assert "Fill in the “reason” field to record why" in refused.text
    assert '<option value="terms-proposed" lang="ja" selected>' in refused.text  # choice kept
    shown = client.get(f"/api/campaigns/{cid}").json()
    assert (shown["stage"], shown["entries"]) == ("introduction", 2)
    reason = "相手方の要望により条件提示を先行"
    jumped = client.post(
        f"/campaigns/{cid}/advance",
        data={"to": "terms-proposed", "reason": reason},
        follow_redirects=False,
    )
    assert jumped.status_code == 303
    last = _entries(client, cid)[-1]
    assert last["stage_to"] == "terms-proposed" and reason in str(last["summary"])
    assert "illegal jump" in str(last["summary"])
    unknown = client.post(f"/campaigns/{cid}/advance", data={"to": "signing"})
    assert unknown.status_code == 400 and "not a stage of the relationship track" in unknown.text


def test_a_backdated_entry_needs_a_reason_in_the_form_and_the_api(client: TestClient) -> None:
    cid = _open(client)
    refused = client.post(
        f"/campaigns/{cid}/log", data={"kind": "call", "summary": "打診", "date": "2020-01-01"}
    )
    assert refused.status_code == 400 and "before campaign" in refused.text
    assert 'name="backdate_reason"' in refused.text
    logged = client.post(
        f"/campaigns/{cid}/log",
        data={"kind": "call", "summary": "打診", "date": "2020-01-01",
              "backdate_reason": "開始前の打診"},
        follow_redirects=False,
    )
    assert logged.status_code == 303
    api = client.post(
        f"/api/campaigns/{cid}/advance",
        json={"to": "introduction", "date": "2020-01-02", "backdate_reason": "紹介は開始前"},
    )
    assert api.status_code == 200, api.text
    summaries = [e["summary"] for e in _entries(client, cid)]
    assert summaries[-2].endswith(": 開始前の打診") and summaries[-1].endswith(": 紹介は開始前")
    bare = client.post(f"/api/campaigns/{cid}/advance", json={"to": "first-meeting",
                                                              "date": "2020-01-03"})
    assert bare.status_code == 400 and "backdate" in bare.text


def test_add_a_contact(client: TestClient) -> None:
    cid = _open(client)
    person = {"name": "山田 太郎", "role": "ip-department", "organisation": "知的財産部"}
    added = client.post(f"/campaigns/{cid}/contacts", data=person, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"].endswith("#contacts")
    page = client.get(added.headers["location"]).text
    assert '<td lang="ja">山田 太郎</td>' in page and "Contact added." in page
    bad = client.post(f"/campaigns/{cid}/contacts", data={**person, "email": "yamada-at-example"})
    assert bad.status_code == 400 and "not an e-mail address" in bad.text
    assert 'value="yamada-at-example"' in bad.text
    role = client.post(f"/campaigns/{cid}/contacts", data={**person, "role": "friend"})
    assert role.status_code == 400 and "the “role” field &#39;friend&#39;" in role.text
    assert len(client.get(f"/api/campaigns/{cid}").json()["contacts"]) == 1


def _tamper(database: Database, statement: str) -> None:
    """Drop the append-only triggers (a determined tamperer could), then run ``statement``."""
    with database.engine.begin() as connection:
        for table in ("campaign_entries", "campaign_attachments"):
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"DROP TRIGGER {table}_append_only ON {table}")
            else:
                for action in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER {table}_no_{action}")
        connection.execute(sa.text(statement))


def test_verify_shows_the_result_and_where_the_chain_breaks(
    client: TestClient, database: Database
) -> None:
    cid = _open(client)
    client.post(f"/campaigns/{cid}/log", data={"kind": "meeting", "summary": "初回面談"})
    checked = client.get(f"/campaigns/{cid}/verify")
    assert checked.status_code == 200
    assert "Checked just now: Verified: the chain of 2 entries is intact." in checked.text
    _tamper(database, "UPDATE campaign_entries SET summary = '面談なし' WHERE seq = 2")
    broken = client.get(f"/campaigns/{cid}/verify").text
    assert "Checked just now: Broken at entry 2: entry 2" in broken
    assert "broken at entry 2" in client.get("/campaigns").text


def test_unknown_campaigns_and_cross_site_posts(client: TestClient) -> None:
    assert client.get("/campaigns/9").status_code == 404
    assert client.post("/campaigns/9/log", data={"kind": "note", "summary": "x"}).status_code == 404
    assert client.post("/campaigns/9/advance", data={"to": "nda"}).status_code == 404
    assert client.get("/campaigns/9/verify").status_code == 404
    cid = _open(client)
    foreign = client.post(
        f"/campaigns/{cid}/contacts",
        data={"name": "X", "role": "legal"},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert foreign.status_code == 403
    assert client.get(f"/api/campaigns/{cid}").json()["contacts"] == []


def _document_links(page: str) -> list[str]:
    panel = page[page.index('id="documents"') :]
    return [unescape(h) for h in re.findall(r'href="(/api/campaigns/[^"]+)"', panel)]


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_every_document_of_the_form_answers_with_its_file(client: TestClient) -> None:
    cid = _open(client)
    client.post(f"/campaigns/{cid}/log", data={"kind": "meeting", "summary": "初回面談を実施"})
    page = client.get(f"/campaigns/{cid}").text
    assert f'action="/campaigns/{cid}/document"' in page and "No claim chart" in page
    links = _document_links(page)
    assert len(links) == 2  # the record: PDF and JSON
    record = json.loads(client.get(links[1]).content)
    assert record["schema"] == "kizuna.campaign-record/1" and record["count"] == 2
    assert client.get(links[0]).content.startswith(b"%PDF")
    chartless = ("brief", "ringi", "letter-introduction", "letter-follow-up",
                 "letter-mediation-request")
    for document in chartless:
        for lang, fmt in (("ja", "pdf"), ("en", "docx")):
            params = {"document": document, "lang": lang, "format": fmt}
            response = client.get(f"/campaigns/{cid}/document", params=params)
            assert response.status_code == 200, (params, response.text[:300])
            assert "attachment" in response.headers["content-disposition"]
            if fmt == "docx":
                assert zipfile.is_zipfile(io.BytesIO(response.content))
            else:
                assert response.content.startswith(b"%PDF")
    ja_letter = client.get(
        f"/campaigns/{cid}/document", params={"document": "letter-introduction", "lang": "ja"}
    )
    text = PdfReader(io.BytesIO(ja_letter.content)).pages[0].extract_text()
    assert "拝啓" in text and LICENSEE in text and "交渉記録照合番号" in text
    offer = client.get(f"/campaigns/{cid}/document", params={"document": "letter-offer"})
    assert offer.status_code == 400 and "offer letter refers to the claim chart" in offer.text


def test_documents_from_the_ticked_chart(
    client: TestClient, database: Database, tmp_path: Path
) -> None:
    from kizuna.services.charts import build_chart
    from kizuna.services.companies import import_companies
    from kizuna.services.evidence import add_evidence
    from tests.services.documents_support import reject_element

    licensee = tmp_path / "licensee.csv"  # evidence names only stored companies
    header = ("name_ja,name_en,name_kana,aliases,corporate_number,parent,jsic,country,"
              "japan_revenue,revenue_currency,revenue_date,products,urls,signals")
    licensee.write_text(f"{header}\n{LICENSEE},,,,,,,JP,,,,,,\n", encoding="utf-8")
    import_companies(database, licensee)
    cid = _open(client)
    source = DATA / "charts" / "mid3000-datasheet-ja.md"
    add_evidence(database, [source], product="MID-9000")  # no company: whose product?
    orphan = build_chart(
        database, "JP7533889B2", claim=1, product="MID-9000", method="bm25", embedder="hashing"
    )
    add_evidence(database, [source], product="MID-3000", company=LICENSEE)
    chart = build_chart(
        database, "JP7533889B2", claim=1, product="MID-3000", method="bm25", embedder="hashing"
    )
    reject_element(database, "1D", chart.id)  # a reviewer found no evidence for 1D
    page = client.get(f"/campaigns/{cid}").text
    assert f'name="chart" value="{chart.id}"' in page
    url = f"/campaigns/{cid}/document"
    refused = client.get(url, params={"document": "hantei", "chart": orphan.id})
    assert refused.status_code == 400 and "names no company" in refused.text
    draft = client.get(url, params={"document": "hantei", "chart": chart.id})
    assert draft.status_code == 400 and "not supported by reviewed evidence" in draft.text
    pack = client.get(
        url,
        params={"document": "hantei", "chart": chart.id, "allow_draft_evidence": "true",
                "format": "docx"},
    )
    assert pack.status_code == 200, re.findall(r"role=\"alert\">([^<]*)", pack.text)
    text = _docx_text(pack.content)
    assert "MID-3000" in text and "【証拠未確定】" in text and "イ号方法説明書" in text
    two = client.get(url, params={"document": "hantei", "chart": [chart.id, orphan.id]})
    assert two.status_code == 400 and "exactly one claim chart" in two.text


def test_verify_page_details_anchor_and_anchor_check(
    client: TestClient, database: Database
) -> None:
    cid = _open(client)
    client.post(f"/campaigns/{cid}/log", data={"kind": "offer", "summary": "offer 3 %"})
    page = client.get(f"/campaigns/{cid}/verify").text
    assert "Signatures: <strong>signed</strong> (2 signed)" in page
    anchored = client.post(f"/campaigns/{cid}/anchor", files={"token": ("", b"")})
    assert anchored.status_code == 200
    line = re.search(
        r"kizuna-anchor/1 campaign=\d+ entry=2 head=[0-9a-f]{64} at=\S+ key=[0-9a-f]{32}",
        anchored.text,
    )
    assert line is not None
    checked = client.get(f"/campaigns/{cid}/verify", params={"anchors": line.group(0)})
    assert checked.status_code == 200
    assert checked.text.count("<td>matches</td>") == 2  # the given line and the stored anchor
    bad = client.get(f"/campaigns/{cid}/verify", params={"anchors": "kizuna-anchor/1 nope"})
    assert bad.status_code == 400 and "not an anchor line" in bad.text
    token = client.post(f"/campaigns/{cid}/anchor", files={"token": ("x.tsr", b"not a token")})
    assert token.status_code == 400 and "x.tsr: not an RFC 3161 timestamp token" in token.text
    _tamper(database, "UPDATE campaign_entries SET signature = NULL WHERE seq = 2")
    broken = client.get(f"/campaigns/{cid}/verify").text
    assert "Broken at entry 2: entry 2 has no signature although earlier entries" in broken


def test_closed_campaign_offers_no_move_or_log_and_names_the_company(
    client: TestClient, database: Database
) -> None:
    from kizuna.services.companies import import_companies

    import_companies(database, DATA / "companies" / "companies.csv")
    form = {"licensee": "キヤノン", "patents": "JP7533889", "track": "relationship"}
    opened = client.post("/campaigns", data=form, follow_redirects=False)
    cid = int(re.findall(r"/campaigns/(\d+)", opened.headers["location"])[0])
    page = client.get(f"/campaigns/{cid}").text
    company_id = client.get(f"/api/campaigns/{cid}").json()["company_id"]
    assert f'<a href="/companies/{company_id}" lang="ja">キヤノン株式会社</a>' in page
    assert "stored company" not in page
    assert "Move the campaign" in page and "Log an entry" in page
    closed = client.post(f"/campaigns/{cid}/advance",
                         data={"to": "agreement", "reason": "licence signed"})
    assert closed.status_code in (200, 303)
    page = client.get(f"/campaigns/{cid}").text
    assert "(closed)" in page
    assert "Move the campaign" not in page and "Log an entry" not in page
    assert "The campaign is closed" in page


def test_page_errors_name_form_fields_not_cli_flags(client: TestClient) -> None:
    response = client.post("/campaigns", data={"licensee": "  ", "patents": "US8930553"})
    assert response.status_code == 400
    assert "the “licensee” field: empty" in unescape(response.text)
    assert "--licensee: empty" not in unescape(response.text)


def test_board_by_stage_and_pages(client: TestClient) -> None:
    first, second = _open(client, track="sep"), _open(client)
    page = client.get("/campaigns", params={"per_page": "1"}).text
    board = page[page.index('id="board-sep"'):page.index('id="new"')]
    assert f'href="/campaigns/{first}"' in board and f'href="/campaigns/{second}"' not in board
    lane = page[page.index('id="board-relationship"'):page.index('id="board-sep"')]
    assert f'href="/campaigns/{second}"' in lane
    assert "1–1 of 2" in page and 'rel="next"' in page


def test_due_follow_ups_come_most_overdue_first() -> None:
    rows = [{"id": 1, "follow_up": {"due": True, "days_overdue": 3}},
            {"id": 2, "follow_up": {"due": False, "days_overdue": 0}},
            {"id": 3, "follow_up": {"due": True, "days_overdue": 10}}, {"id": 4, "follow_up": None}]
    assert [r["id"] for r in due_rows(rows)] == [3, 1]
