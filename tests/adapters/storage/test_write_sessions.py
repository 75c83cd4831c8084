"""Write sessions: read-then-write transactions wait for the lock instead of failing."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from kizuna.adapters.storage.db import Database, open_database
from kizuna.services.campaigns import log_entry, new_campaign, verify_campaign
from kizuna.services.ingest import ingest_paths
from kizuna.settings import sqlite_url
from tests.conftest import DATA


def test_sqlite_write_sessions_begin_immediate(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "k.db"))
    seen: list[str] = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen.append(statement))
    with database.session(write=True) as session:
        session.execute(sa.text("SELECT 1"))
    with database.session() as session:
        session.execute(sa.text("SELECT 1"))
    assert seen == ["BEGIN IMMEDIATE", "SELECT 1", "BEGIN", "SELECT 1"]
    database.dispose()


def test_concurrent_loggers_all_land_in_one_intact_chain(database: Database) -> None:
    ingest_paths(paths=[DATA / "uspto" / "US08930553.xml"], database=database)
    campaign = new_campaign(database, licensee="例示電機株式会社", patents=["US8930553B2"])
    assert campaign.id is not None
    faults: list[BaseException] = []

    def writer(name: str) -> None:
        for n in range(5):
            try:
                log_entry(database, campaign.id or 0, kind="note", summary=f"{name}-{n}")
            except BaseException as exc:
                faults.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert faults == []
    report = verify_campaign(database, campaign.id)
    assert report.ok and report.entries == 1 + 8 * 5
