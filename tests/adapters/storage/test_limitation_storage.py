"""Limitation events on a campaign: stored on SQLite and PostgreSQL, migration in step."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.campaigns import SqlCampaignStore
from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.limitation import SqlLimitationStore
from kizuna.domain.campaign import Campaign
from kizuna.domain.law.suspension import MAX_EVENTS, EventKind, LimitationEvent
from kizuna.errors import InvalidValueError, NotFoundError


def _campaign(database: Database) -> int:
    campaign = Campaign(
        id=None,
        licensee="例示電機株式会社",
        company_id=None,
        patents=("JP7533889",),
        track="relationship",
        stage="research",
        opened_on=date(2026, 1, 5),
    )
    return SqlCampaignStore(database).create(campaign)


def test_events_round_trip_by_day(database: Database) -> None:
    cid = _campaign(database)
    store = SqlLimitationStore(database)
    later = LimitationEvent(kind=EventKind.AGREEMENT, day=date(2026, 7, 1), months=3, note="協議書")
    first = LimitationEvent(kind=EventKind.DEMAND, day=date(2026, 6, 1), note="内容証明")
    store.add(cid, later)
    store.add(cid, first)
    assert store.list(cid) == (first, later)
    with pytest.raises(NotFoundError, match="no campaign 99"):
        store.add(99, first)


def test_event_count_is_bounded(database: Database) -> None:
    cid = _campaign(database)
    store = SqlLimitationStore(database)
    event = LimitationEvent(kind=EventKind.DEMAND, day=date(2026, 6, 1))
    for _ in range(MAX_EVENTS):
        store.add(cid, event)
    with pytest.raises(InvalidValueError, match=f"already {MAX_EVENTS} limitation events"):
        store.add(cid, event)
    assert len(store.list(cid)) == MAX_EVENTS


def test_migration_matches_the_table(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if "limitation" in repr(d)]
    assert diffs == []
