"""Campaign services on real patents: opening, logging, stage moves, due, export, bad input."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

import pytest

from kizuna.adapters.campaign_data import escalation_paths, response_periods, shipped_periods
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign_rules import ESCALATIONS, STAGES
from kizuna.domain.company import Company
from kizuna.errors import (
    ConflictError,
    InvalidValueError,
    NotFoundError,
    PatentNotFoundError,
    SourceError,
)
from kizuna.services.campaigns import (
    advance,
    due_follow_ups,
    get_campaign,
    list_campaigns,
    log_entry,
    new_campaign,
    read_attachment,
    verify_campaign,
)
from tests.services.campaign_support import OPINION, ingest_samples, sample_campaign


def test_a_campaign_opens_at_research_with_an_opening_entry(database: Database) -> None:
    campaign = sample_campaign(database)
    stored = get_campaign(database, campaign.id or 0)
    assert stored.licensee == "例示電機株式会社" and stored.company_id is None
    assert stored.patents == ("JP7533889B2", "US8930553B2")
    assert stored.stage == "introduction" and not stored.closed
    assert [e.kind for e in stored.entries] == [
        "opened",
        "stage",
        "meeting",
        "evidence-shared",
        "letter",
    ]
    assert stored.entries[0].occurred_on == date(2026, 1, 5)
    assert stored.contacts[0].role == "intermediary"
    attachment = stored.entries[3].attachments[0]
    assert attachment.size == OPINION.stat().st_size
    assert attachment.media_type == "application/xml"
    assert verify_campaign(database, campaign.id or 0).ok


def test_a_stored_company_is_linked(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_samples(database)
    fake = types.ModuleType("kizuna.services.companies")

    def get_company(_database: Database, name_or_id: str) -> Company:
        if name_or_id == "Sony":
            return Company(id=42, name_ja="ソニーグループ株式会社", name_en="Sony Group")
        raise NotFoundError(f"no company {name_or_id!r}")

    fake.get_company = get_company  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kizuna.services.companies", fake)
    linked = new_campaign(database, licensee="Sony", patents=["US8930553"])
    assert (linked.licensee, linked.company_id) == ("ソニーグループ株式会社", 42)
    as_given = new_campaign(database, licensee="Unknown GmbH", patents=["US8930553"])
    assert (as_given.licensee, as_given.company_id) == ("Unknown GmbH", None)


def test_unknown_patent_names_close_matches_and_stores_nothing(database: Database) -> None:
    ingest_samples(database)
    with pytest.raises(PatentNotFoundError, match="US8930554"):
        new_campaign(database, licensee="X", patents=["US8930553", "US8930554"])
    with pytest.raises(InvalidValueError, match="track 'pool'"):
        new_campaign(database, licensee="X", patents=["US8930553"], track="pool")
    assert list_campaigns(database) == []


def test_an_illegal_jump_is_refused_without_a_reason_and_logged_with_one(
    database: Database,
) -> None:
    campaign = sample_campaign(database)
    cid = campaign.id or 0
    with pytest.raises(ConflictError, match="skips first-meeting"):
        advance(database, cid, to="nda")
    assert len(get_campaign(database, cid).entries) == 5  # nothing written
    report = advance(database, cid, to="nda", reason="面談は紹介者経由で実施済み")
    assert report.transition.kind == "skip"
    assert report.entry.kind == "stage"
    assert (report.entry.stage_from, report.entry.stage_to) == ("introduction", "nda")
    assert report.entry.summary.endswith("reason: 面談は紹介者経由で実施済み")
    assert report.campaign.stage == "nda"
    with pytest.raises(InvalidValueError, match="stages: research, introduction"):
        advance(database, cid, to="signed")


def test_the_relationship_track_runs_to_agreement_and_closes(database: Database) -> None:
    campaign = sample_campaign(database)
    cid = campaign.id or 0
    for key in [s.key for s in STAGES["relationship"]][2:]:
        advance(database, cid, to=key)
    closed = get_campaign(database, cid)
    assert (closed.stage, closed.closed) == ("agreement", True)
    reopened = advance(database, cid, to="ringi", reason="signature withheld").campaign
    assert (reopened.stage, reopened.closed) == ("ringi", False)
    assert verify_campaign(database, cid).ok


def test_escalation_is_recorded_and_keeps_the_stage(database: Database) -> None:
    campaign = sample_campaign(database)
    cid = campaign.id or 0
    with pytest.raises(ConflictError, match="early"):
        advance(database, cid, to="hantei")
    report = advance(database, cid, to="hantei", reason="no reply after three letters")
    assert report.entry.kind == "escalation"
    assert (report.campaign.stage, report.campaign.escalation) == ("introduction", "hantei")
    with pytest.raises(ConflictError, match="already escalated"):
        advance(database, cid, to="hantei", reason="again")


def test_a_correction_references_the_entry_it_corrects(database: Database) -> None:
    campaign = sample_campaign(database)
    cid = campaign.id or 0
    entry = log_entry(database, cid, kind=None, summary="Meeting was on 2026-02-04", corrects=3)
    assert (entry.kind, entry.corrects, entry.seq) == ("correction", 3, 6)
    stored = get_campaign(database, cid)
    assert stored.entries[2].summary == "紹介者同席で初回面談。知財部長が出席。"  # unchanged
    with pytest.raises(InvalidValueError, match="has entries 1–6"):
        log_entry(database, cid, kind="note", summary="x", corrects=9)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kind": "lunch", "summary": "x"}, InvalidValueError, "--kind 'lunch'"),
        ({"kind": "note", "summary": "  "}, InvalidValueError, "--summary: empty"),
        (
            {"kind": "note", "summary": "x", "occurred_on": date(2099, 1, 1)},
            InvalidValueError,
            "in the future",
        ),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(
    database: Database, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    campaign = sample_campaign(database)
    with pytest.raises(error, match=message):
        log_entry(database, campaign.id or 0, **kwargs)  # type: ignore[arg-type]
    assert len(get_campaign(database, campaign.id or 0).entries) == 5


def test_unreadable_empty_and_too_large_attachments(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"missing\.pdf: not a readable file"):
        read_attachment(tmp_path / "missing.pdf", max_bytes=1000)
    with pytest.raises(SourceError, match="not a readable file"):
        read_attachment(tmp_path, max_bytes=1000)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(SourceError, match=r"empty\.txt: the file is empty"):
        read_attachment(tmp_path / "empty.txt", max_bytes=1000)
    with pytest.raises(SourceError, match="over the attachment limit of 1,000 bytes"):
        read_attachment(OPINION, max_bytes=1000)


def test_unknown_campaign(database: Database) -> None:
    with pytest.raises(NotFoundError, match="no campaign 99"):
        get_campaign(database, 99)
    with pytest.raises(NotFoundError):
        log_entry(database, 99, kind="note", summary="x")


def test_due_follow_ups_follow_the_stage_period(database: Database) -> None:
    campaign = sample_campaign(database)  # stage introduction, last entry 2026-03-01
    periods = shipped_periods()
    days = periods["relationship"]["introduction"]
    before = due_follow_ups(database, as_of=date(2026, 3, 1), periods=periods)
    assert before.due == () and before.items[0][1].due_on == date(2026, 3, 1 + days)
    after = due_follow_ups(database, as_of=date(2026, 4, 30), periods=periods)
    ((due_campaign, follow),) = after.due
    assert due_campaign.id == campaign.id
    assert follow.due_on == date(2026, 3, 1 + days)
    assert (follow.period_days, follow.days_overdue) == (
        days,
        (date(2026, 4, 30) - follow.due_on).days,
    )


def test_period_overrides_and_bad_period_files(tmp_path: Path) -> None:
    override = tmp_path / "periods.toml"
    override.write_text("[periods.relationship]\nintroduction = 7\n", encoding="utf-8")
    periods = response_periods(override)
    assert periods["relationship"]["introduction"] == 7
    assert periods["relationship"]["ringi"] == shipped_periods()["relationship"]["ringi"]
    override.write_text("[periods.relationship]\nsigning = 7\n", encoding="utf-8")
    with pytest.raises(
        InvalidValueError, match=r"periods\.toml: \[periods\.relationship\] 'signing'"
    ):
        response_periods(override)
    override.write_text("[periods.sep]\noffer = -3\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="offer = -3 is not a number of days"):
        response_periods(override)
    override.write_text("periods = [", encoding="utf-8")
    with pytest.raises(SourceError, match=r"periods\.toml: not a valid TOML"):
        response_periods(override)


def test_every_stage_has_a_period_and_every_escalation_its_sourced_facts() -> None:
    periods = shipped_periods()
    for track, stages in STAGES.items():
        assert set(periods[track]) == {s.key for s in stages}
    assert set(periods["escalation"]) == set(ESCALATIONS)
    paths = escalation_paths()
    assert paths["hantei"].facts is not None and paths["hantei"].facts.fees == "¥40,000 per request"
    for path in paths.values():
        assert path.facts is not None and path.facts.sources.startswith("docs/legal-facts.md §")
    arbitration = paths["jipac-arbitration"].facts
    assert arbitration is not None and arbitration.fees == "not recorded"


def test_ip_mediation_at_tokyo_and_osaka_with_its_facts(database: Database) -> None:
    path = escalation_paths()["ip-mediation"]
    assert path.ja == "知財調停（東京地方裁判所・大阪地方裁判所）"
    assert path.facts is not None and path.facts.as_of == "2019-10-01"
    assert path.facts.duration.startswith("about 3 sessions")
    assert any("管轄合意" in note for note in path.facts.notes)
    assert path.facts.sources == "docs/legal-facts.md §5 IP mediation [S115][S116][S117]"
    assert shipped_periods()["escalation"]["ip-mediation"] == 60
    cid = sample_campaign(database).id or 0
    report = advance(database, cid, to="ip-mediation", reason="交渉が平行線、管轄合意済み")
    assert report.campaign.escalation == "ip-mediation" and report.entry.kind == "escalation"
