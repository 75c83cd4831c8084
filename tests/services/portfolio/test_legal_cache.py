"""The legal status of list rows is worked out once per patent version, fee events and day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.maintenance_fees import FeeEventRow
from kizuna.adapters.storage.patent_tables import patents
from kizuna.services import patent_status
from kizuna.services.patents import as_store
from kizuna.services.portfolio.legal_cache import cached_legal
from tests.factories import make_patent, make_source

DAY = date(2026, 12, 7)


@pytest.fixture
def ids(database: Database) -> list[int]:
    patents = [make_patent(), make_patent("US 9,000,001 B2", "US 14/500,001",
                                          sources=(make_source(sha256="b" * 64),))]
    store = as_store(database)
    with store.unit_of_work() as uow:
        uow.patents.add_many(patents)
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.patents.find_ids([p.number.key for p in patents])
    return [found[p.number.key] for p in patents]


@pytest.fixture
def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The ids each call of ``legal_by_id`` worked out."""
    calls: list[list[int]] = []
    real = patent_status.legal_by_id

    def spy(database: Database, ids: list[int], **kw: Any) -> Any:
        calls.append(sorted(ids))
        return real(database, ids, **kw)

    monkeypatch.setattr(patent_status, "legal_by_id", spy)
    return calls


def test_same_answer_as_legal_by_id_and_worked_out_once(
        database: Database, ids: list[int], worked_out: list[list[int]]) -> None:
    expected = patent_status.legal_by_id(database, ids, as_of=DAY)
    assert cached_legal(database, ids, as_of=DAY) == expected
    assert cached_legal(database, ids, as_of=DAY) == expected
    assert cached_legal(database, ids[:1], as_of=DAY) == {"US8930553B2": expected["US8930553B2"]}
    assert worked_out == [sorted(ids), sorted(ids)]  # the direct call, then the first cached


def test_another_day_a_changed_patent_or_a_fee_event_is_worked_out_again(
        database: Database, ids: list[int], worked_out: list[list[int]]) -> None:
    cached_legal(database, ids, as_of=DAY)
    cached_legal(database, ids, as_of=date(2040, 1, 1))
    with database.session() as session:  # what a re-ingest or merge does to the record
        session.execute(sa.update(patents).where(patents.c.id == ids[0])
                        .values(updated_at=datetime.now(UTC)))
    cached_legal(database, ids, as_of=DAY)
    with database.session() as session:
        session.add(FeeEventRow(patent="8930553", application="13524951", entity="N",
                                filing_date=date(2012, 6, 15), grant_date=date(2015, 1, 6),
                                event_date=date(2023, 2, 6), code="EXP.", source="test",
                                created_at=datetime.now(UTC)))
    legal = cached_legal(database, ids, as_of=DAY)
    assert legal["US8930553B2"].code == "lapsed"
    assert worked_out == [sorted(ids), sorted(ids), [ids[0]], sorted(ids)]


def test_ids_are_looked_up_in_batches(database: Database, ids: list[int],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kizuna.services.portfolio import legal_cache

    monkeypatch.setattr(legal_cache, "_BATCH", 1)
    expected = patent_status.legal_by_id(database, ids, as_of=DAY)
    assert cached_legal(database, ids, as_of=DAY) == expected
