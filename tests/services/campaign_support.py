"""Shared by the campaign tests: a database with real patents and a campaign with a record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Campaign
from kizuna.services.campaigns import (
    add_contact,
    advance,
    log_entry,
    new_campaign,
    read_attachment,
)
from kizuna.services.ingest import ingest_paths

DATA = Path(__file__).resolve().parents[1] / "data"
US = DATA / "uspto" / "US08930553.xml"
JP = DATA / "jpo"
OPINION = DATA / "campaigns" / "2020123456-A53-written-opinion.xml"
LIMIT = 1024 * 1024


def ingest_samples(database: Database) -> None:
    """Ingest the real US 8,930,553 and JP 7533889 samples."""
    report = ingest_paths(paths=[US, JP], database=database)
    assert report.ingested >= 2, report


def sample_campaign(database: Database) -> Campaign:
    """A relationship campaign over the two samples, with 5 entries (entry 4 has an attachment).

    Entries: 1 opened, 2 stage → introduction, 3 meeting, 4 evidence-shared (+ attachment),
    5 letter.
    """
    ingest_samples(database)
    campaign = new_campaign(
        database,
        licensee="例示電機株式会社",
        patents=["特許第7533889号", "US 8,930,553 B2"],
        opened_on=date(2026, 1, 5),
        actor="tester",
    )
    assert campaign.id is not None
    add_contact(database, campaign.id, name="山田 太郎", role="intermediary", organisation="仲介")
    advance(database, campaign.id, to="introduction", occurred_on=date(2026, 1, 12))
    log_entry(
        database,
        campaign.id,
        kind="meeting",
        summary="紹介者同席で初回面談。知財部長が出席。",
        occurred_on=date(2026, 2, 3),
    )
    log_entry(
        database,
        campaign.id,
        kind="evidence-shared",
        summary="Written opinion shared under the NDA",
        occurred_on=date(2026, 2, 20),
        attachments=[read_attachment(OPINION, max_bytes=LIMIT)],
    )
    log_entry(
        database,
        campaign.id,
        kind="letter",
        summary="Follow-up letter sent",
        occurred_on=date(2026, 3, 1),
    )
    return campaign
