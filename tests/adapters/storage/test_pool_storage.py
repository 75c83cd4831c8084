"""The pool tables match migration 0017; stored patent status takes patents out of a pool."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.services.accounts.audit import Actor
from kizuna.services.pools.periods import distribute_stored, import_report
from kizuna.services.pools.stored import contribute, create_pool, load_pool
from tests.services.campaign_support import ingest_samples

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "pool"
NAME = "Demo Magnetic Alignment Pool"
WHO = Actor("admin", "cli")
TABLES = {"pools", "pool_ledger", "patent_commitments"}


def _table_of(diff: object) -> str | None:
    item = diff[0] if isinstance(diff, list) else diff
    assert isinstance(item, tuple)
    for part in item[1:]:
        name = getattr(part, "name", None) if not isinstance(part, str) else part
        table = getattr(part, "table", None)
        if table is not None and getattr(table, "name", None):
            return str(table.name)
        if name in TABLES:
            return str(name)
    return None


def test_migration_matches_the_pool_tables(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if _table_of(d) in TABLES]
    assert diffs == []


def test_a_stored_patent_that_expired_leaves_the_pool_on_its_date(database: Database) -> None:
    ingest_samples(database)
    create_pool(database, path=EXAMPLE / "pool.toml", actor=WHO)
    view = contribute(
        database, pool=NAME, actor=WHO,
        contribution={"founder": "Founder Alpha K.K.", "patent": "US 8,930,553 B2",
                      "joined": date(2026, 1, 1),
                      "assessment": {"kind": "chart", "by": "chart 1", "on": date(2026, 1, 2),
                                     "essential": True}},
    )  # fmt: skip
    stored = next(c for c in view.pool.contributions if c.patent == "US8930553B2")
    assert stored.country == "US" and stored.expires is not None  # from the stored patent
    import_report(database, pool=NAME, path=EXAMPLE / "reports-2026.csv", actor=WHO)
    distribute_stored(database, pool=NAME, period="2026-Q1", actor=WHO, as_of=date(2045, 1, 1))
    after = load_pool(database, NAME)
    leaves = [e for e in after.stored.entries if e.kind == "pool.leave"]
    assert any("US8930553B2" in e.summary and "stored status" in e.summary for e in leaves)
    gone = next(c for c in after.pool.contributions if c.patent == "US8930553B2")
    assert gone.left == stored.expires and gone.left_reason == "expired"
