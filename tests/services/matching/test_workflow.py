"""The coordinator's workflow: forward only, introductions recorded, statistics per programme."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.errors import ConflictError, InvalidValueError
from kizuna.services.matching.workflow import advance_case, list_cases, open_case, stats

PROGRAMME = "川崎市知的財産交流事業(デモ)"


def _open(database: Database, sme: str) -> int:
    case = open_case(
        database,
        programme=PROGRAMME,
        patent="JP9990101B2",
        sme=sme,
        coordinator="山田",
        on=date(2026, 4, 1),
        note="工程が一致",
        next_step="訪問",
    )
    return case.id


def test_forward_only_with_introductions_recorded(database: Database) -> None:
    case_id = _open(database, "川崎紙器株式会社(架空)")
    with pytest.raises(InvalidValueError, match="who introduced"):
        advance_case(database, case_id, to="introduced", on=date(2026, 4, 10))
    advance_case(
        database,
        case_id,
        to="introduced",
        on=date(2026, 4, 10),
        note="信用金庫の担当者が社長に紹介",
        next_step="面談日程",
    )
    with pytest.raises(ConflictError, match="only move forward"):
        advance_case(database, case_id, to="proposed", on=date(2026, 4, 11))
    with pytest.raises(InvalidValueError, match="before the case's last event"):
        advance_case(database, case_id, to="meeting", on=date(2026, 4, 1))
    case = advance_case(database, case_id, to="licence", on=date(2026, 9, 1), note="通常実施権")
    assert [e.stage for e in case.events] == ["proposed", "introduced", "licence"]
    assert case.events[1].note == "信用金庫の担当者が社長に紹介"


def test_programme_statistics(database: Database) -> None:
    first = _open(database, "A社")
    second = _open(database, "B社")
    _open(database, "C社")
    advance_case(database, first, to="introduced", on=date(2026, 5, 1), note="紹介")
    advance_case(database, first, to="launched", on=date(2027, 3, 1), note="製品発売")
    advance_case(database, second, to="introduced", on=date(2026, 5, 2), note="紹介")
    advance_case(database, second, to="closed", on=date(2026, 6, 1), note="設備が不足")
    result = stats(database, PROGRAMME)
    assert result.cases == 3 and result.closed == 1
    assert result.reached == {
        "proposed": 3,
        "introduced": 2,
        "meeting": 1,
        "trial": 1,
        "licence": 1,
        "launched": 1,
    }
    assert len(list_cases(database, "other")) == 0
    with pytest.raises(ConflictError, match="closed"):
        advance_case(database, second, to="meeting", on=date(2026, 7, 1))


def test_migration_matches_the_model(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert [d for d in diff if "match_" in repr(d)] == []
