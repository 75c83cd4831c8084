"""A campaign's documents refuse a claim chart of another matter."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kizuna.adapters.storage.campaigns import CampaignRow
from kizuna.adapters.storage.db import Database
from kizuna.errors import ConflictError
from kizuna.services import documents
from kizuna.services.accounts.audit import Actor
from kizuna.services.accounts.matters import create_matter
from tests.services.documents_support import install_campaign, make_campaign, prepare


def _store_campaign_row(database: Database, matter: int) -> None:
    with database.session() as session:
        session.add(CampaignRow(
            id=1, licensee="x", company_id=None, patents="JP7533889B2", track="relationship",
            stage="identified", escalation=None, closed=False, opened_on=date(2026, 1, 5),
            created_at=datetime.now(UTC), head_hash="0" * 64, entry_count=0, matter_id=matter,
        ))


def test_hantei_annex_ignores_a_chart_of_another_matter(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prepare(database)  # the chart is in the Default matter (1)
    install_campaign(monkeypatch, make_campaign())
    _store_campaign_row(database, 1)
    same = documents.write_hantei_pack(
        database, 1, tmp_path / "same.docx", chart=1, allow_draft_evidence=True
    )
    assert same.exists()
    other = create_matter(database, "Other licensee", actor=Actor("t", "cli"))
    with database.session() as session:
        row = session.get(CampaignRow, 1)
        assert row is not None
        row.matter_id = other.id
    with pytest.raises(ConflictError, match="belongs to another matter"):
        documents.write_hantei_pack(
            database, 1, tmp_path / "other.docx", chart=1, allow_draft_evidence=True
        )
