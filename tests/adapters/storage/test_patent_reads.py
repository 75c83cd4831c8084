"""Core reads of the patent record (issue 11.15): the same answers as the full record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.maintenance_fees import FeeEventRow, SqlFeeEventRepository
from kizuna.adapters.storage.patent_reads import (
    FEE_EVENTS,
    STATUS_TABLES,
    PatentReader,
    fee_events_for,
)
from kizuna.services.ingest import ingest_paths
from kizuna.services.patent_status import import_fee_events, patents_with_status, status_of

DATA = Path(__file__).resolve().parents[2] / "data"


def test_fee_events_table_agrees_with_the_orm_table() -> None:
    orm = FeeEventRow.__table__
    assert FEE_EVENTS.name == orm.name
    for column in FEE_EVENTS.c:
        assert type(column.type) is type(orm.c[column.name].type), column.name


def test_status_tables_give_the_status_of_the_whole_record(database: Database) -> None:
    """Reading only numbers and family links gives every sample the status that the whole
    record (claims left out) gives, fee events included."""
    report = ingest_paths(paths=[DATA / "uspto", DATA / "jpo", DATA / "epo"], database=database)
    assert report.ingested > 40
    import_fee_events(database, DATA / "status" / "MaintFeeEvents-sample.txt")
    day = date(2026, 12, 7)
    with database.read() as connection:
        reader = PatentReader(connection)
        ids = reader.all_ids()
        whole = reader.load(ids, with_claims=False)
        light = reader.load(ids, with_claims=False, tables=STATUS_TABLES)
        keys = [p.number.number.lstrip("0") for p in whole if p.number.country == "US"]
        events = fee_events_for(connection, keys)
    with database.session() as session:
        assert events == SqlFeeEventRepository(session).for_patents(keys)
    assert sum(len(e) for e in events.values()) == 5
    for full, part in zip(whole, light, strict=True):
        key = full.number.number.lstrip("0")
        assert (status_of(part, as_of=day, events=events.get(key, ())).legal
                == status_of(full, as_of=day, events=events.get(key, ())).legal)
    listed = {s.number.compact: s.legal for s in patents_with_status(database, as_of=day)}
    assert listed["US8926509B2"] is not None
    assert listed["US8926509B2"].code == "lapsed"
    assert len(listed) == len(ids)


def test_read_transaction_writes_nothing(database: Database) -> None:
    with database.read() as connection:
        connection.execute(sa.text("SELECT 1"))
    with database.read() as connection:
        assert PatentReader(connection).summaries() == []
