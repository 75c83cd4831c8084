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

import docx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pypdf import PdfReader

from kizuna.adapters.storage.db import Database
from kizuna.domain.japanese import format_wareki
from kizuna.services.ingest import ingest_paths
from kizuna.services.portfolio.board import due_rows
from kizuna.settings import Settings
from kizuna.web.app import create_app
from tests.conftest import DATA

US = DATA / "uspto" / "US08930553.xml"
JP = [DATA / "jpo" / "2020123456-progress.json", DATA / "jpo" / "2020123456-A523-amendment.xml"]
OPINION = DATA / "jpo" / "2020123456-A53-written-opinion.xml"
LICENSEE = "例示電機株式会社"
ATTACHMENT_LIMIT = 20_000  # bytes: the opinion (9 KB) fits, the US grant (40 KB) does not

pytestmark = pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    report = ingest_paths(paths=[US, *JP], database=database)
    assert not report.failed
    settings = Settings(database_url="sqlite://", max_attachment_bytes=ATTACHMENT_LIMIT)
    with TestClient(create_app(settings, database=database)) as test_client:
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
    assert f'<span lang="ja">{today}</span>' in page.text  # the opening date in 令和 form
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
        ({"licensee": "  ", "patents": "US8930553"}, "--licensee: empty"),
        ({"licensee": LICENSEE, "patents": "US8930553", "track": "war"}, "--track &#39;war&#39;"),
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
        data={"kind": "meeting", "summary": "初回面談（東京本社）", "date": "2026-02-03"},
        files={"attach": (OPINION.name, OPINION.read_bytes(), "application/xml")},
        follow_redirects=False,
    )
    assert logged.status_code == 303 and logged.headers["location"].endswith("done=logged#record")
    entry = _entries(client, cid)[-1]
    attachment = entry["attachments"][0]  # type: ignore[index]
    assert attachment["sha256"] == hashlib.sha256(OPINION.read_bytes()).hexdigest()
    page = client.get(f"/campaigns/{cid}?done=logged").text
    assert "Entry added to the record." in page and "初回面談（東京本社）" in page
    assert OPINION.name in page and "令和8年2月3日" in page
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
        ({"kind": "gossip", "summary": "x"}, None, "--kind &#39;gossip&#39;"),
        ({"kind": "note", "summary": " "}, None, "--summary: empty"),
        ({"kind": "note", "summary": "x", "corrects": "7"}, None, "--corrects 7"),
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
    assert "Give --reason to record why" in refused.text
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
    assert role.status_code == 400 and "--role &#39;friend&#39;" in role.text
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


def test_every_document_link_answers_with_its_file(client: TestClient) -> None:
    cid = _open(client)
    client.post(f"/campaigns/{cid}/log", data={"kind": "meeting", "summary": "初回面談を実施"})
    links = _document_links(client.get(f"/campaigns/{cid}").text)
    assert len(links) == 5 + 16 + 2  # brief (3) and ringi (2), 4 letters × ja/en × PDF/DOCX, record
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, (link, response.text[:300])
        assert "attachment" in response.headers["content-disposition"]
        if link.endswith("record.json"):
            record = json.loads(response.content)
            assert record["schema"] == "kizuna.campaign-record/1" and record["count"] == 2
        elif "format=docx" in link:
            assert zipfile.is_zipfile(io.BytesIO(response.content))
            text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
            assert text.strip()
        else:
            assert response.headers["content-type"] == "application/pdf", link
            assert response.content.startswith(b"%PDF")
    ja_letter = client.get(
        f"/api/campaigns/{cid}/letter", params={"kind": "introduction", "lang": "ja"}
    )
    text = PdfReader(io.BytesIO(ja_letter.content)).pages[0].extract_text()
    assert "拝啓" in text and LICENSEE in text


def test_hantei_pack_from_the_form(client: TestClient, database: Database) -> None:
    from kizuna.services.charts import build_chart
    from kizuna.services.evidence import add_evidence

    cid = _open(client)
    add_evidence(database, [DATA / "charts" / "mid3000-datasheet-ja.md"], product="MID-3000")
    build_chart(
        database, "JP7533889B2", claim=1, product="MID-3000", method="bm25", embedder="hashing"
    )
    page = client.get(f"/campaigns/{cid}").text
    assert (
        f'action="/campaigns/{cid}/hantei"' in page and 'name="patent" value="JP7533889B2"' in page
    )
    pack = client.get(f"/campaigns/{cid}/hantei", params={"patent": "JP7533889B2", "claim": "1"})
    assert pack.status_code == 200, pack.text[:300]
    assert zipfile.is_zipfile(io.BytesIO(pack.content))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(pack.content)).paragraphs)
    assert "MID-3000" in text
    missing = client.get(f"/campaigns/{cid}/hantei", params={"patent": "US8930553B2", "claim": "9"})
    assert missing.status_code == 400 and "no claim chart of claim 9" in missing.text
    assert client.get(f"/campaigns/{cid}/hantei", params={"claim": "one"}).status_code == 400


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
