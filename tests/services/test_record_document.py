"""The negotiation-record PDF and back-dated entries, on a real campaign (real patents, store)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kizuna.adapters.exports.documents.record import stage_progress
from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError
from kizuna.services.campaign_record import current_head
from kizuna.services.campaigns import add_contact, advance, get_campaign, log_entry
from kizuna.services.documents import write_letter, write_record_pdf
from tests.services.campaign_support import sample_campaign


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")


def _bare(text: str) -> str:
    """Without whitespace: PDF text extraction breaks lines inside table cells."""
    return re.sub(r"\s+", "", text)


def test_skipped_stages_are_not_ticked_and_no_internal_wording(
    database: Database, tmp_path: Path
) -> None:
    campaign = sample_campaign(database)  # research → introduction, then a meeting
    cid = campaign.id or 0
    advance(
        database, cid, to="nda", reason="紹介者の同席のもと面談済み", occurred_on=date(2026, 3, 2)
    )
    stored = get_campaign(database, cid)
    assert "(illegal jump, skips first-meeting)" in stored.entries[-1].summary  # stored as checked
    progress = {key: status for key, status, _ in stage_progress(stored)}
    assert progress["research"] == "reached" and progress["introduction"] == "reached"
    assert progress["first-meeting"] == "skipped" and progress["nda"] == "current"
    assert progress["agreement"] == "ahead"
    text = _bare(_pdf_text(write_record_pdf(database, cid, tmp_path / "record.pdf")))
    assert "illegaljump" not in text and "skipsfirst-meeting" not in text
    for wanted in (
        "段階の変更：紹介者を通じた紹介 → 秘密保持契約（NDA）（初回面談を経ずに移行）",
        "Stage: Introduction via an intermediary → NDA (moved on without: First meeting)",
        "理由：紹介者の同席のもと面談済み",
        "初回面談 / First meeting — 省略 / skipped",
        "紹介者を通じた紹介 / Introduction via an intermediary ✓ 到達 / reached",
    ):
        assert _bare(wanted) in text, wanted


def test_an_entry_before_the_campaign_opened_needs_a_reason(database: Database) -> None:
    campaign = sample_campaign(database)  # opened 2026-01-05
    cid = campaign.id or 0
    with pytest.raises(InvalidValueError, match=r"--date 2025-12-20: before campaign \d+ opened"):
        log_entry(database, cid, kind="call", summary="事前の電話", occurred_on=date(2025, 12, 20))
    with pytest.raises(InvalidValueError, match="--backdate-reason: --date 2026-02-01 is not"):
        log_entry(
            database, cid, kind="call", summary="電話", occurred_on=date(2026, 2, 1),
            backdate_reason="x",
        )
    count = len(get_campaign(database, cid).entries)
    entry = log_entry(
        database, cid, kind="call", summary="事前の電話", occurred_on=date(2025, 12, 20),
        backdate_reason="キャンペーン開始前の紹介者経由の打診を記録するため",
    )
    assert entry.summary.endswith(
        "Backdated (before the campaign opened on 2026-01-05): "
        "キャンペーン開始前の紹介者経由の打診を記録するため"
    )
    with pytest.raises(InvalidValueError, match="give --backdate-reason"):
        advance(database, cid, to="first-meeting", occurred_on=date(2025, 12, 1))
    assert len(get_campaign(database, cid).entries) == count + 1  # the refusals wrote nothing


def test_letters_print_the_current_head(database: Database, tmp_path: Path) -> None:
    campaign = sample_campaign(database)
    cid = campaign.id or 0
    add_contact(database, cid, name="鈴木 美香", role="ip-department", romanised="Mika Suzuki",
                honorific="ms")
    head = current_head(database, cid)
    assert head.hash == get_campaign(database, cid).entries[-1].hash and head.entries == 5
    text = _pdf_text(write_letter(database, cid, tmp_path / "l.pdf", kind="introduction"))
    assert f"交渉記録照合番号：{head.short}" in text and len(head.short) == 16
    english = _pdf_text(
        write_letter(database, cid, tmp_path / "e.pdf", kind="follow-up", lang="en")
    )
    assert "Dear Ms. Suzuki," in english and f"Record reference: {head.short}" in english
    with pytest.raises(InvalidValueError, match="--honorific 'Sir'"):
        add_contact(database, cid, name="x", role="legal", honorific="Sir")
    with pytest.raises(InvalidValueError, match="--romanised '鈴木'"):
        add_contact(database, cid, name="x", role="legal", romanised="鈴木")
