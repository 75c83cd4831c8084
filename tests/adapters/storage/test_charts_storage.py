"""The chart tables: migration 0005 matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database

OURS = {"charts", "chart_elements", "chart_matches", "chart_review_events"}


def _tables(diff: object) -> set[str]:
    text = repr(diff)
    return {name for name in OURS if f"'{name}'" in text or f"{name}." in text
            or f"Table('{name}'" in text}


def test_migration_matches_the_chart_tables(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if _tables(d)]
    if database.engine.dialect.name == "sqlite":  # charts.matter_id: no FK there (0013 says why)
        diffs = [d for d in diffs if not (d[0] == "add_fk" and "matter_id" in repr(d))]
    assert diffs == []


def test_chart_and_campaign_rows_resolve_their_foreign_keys_alone() -> None:
    """A command that imports only the chart (or campaign) tables can still flush a row:
    every table a foreign key names is in the metadata (the demo's ``chart build`` failed)."""
    import subprocess
    import sys

    code = ("from kizuna.adapters.storage import campaigns, charts\n"
            "for row in (charts.ChartRow, campaigns.CampaignRow):\n"
            "    [fk.column for fk in row.__table__.foreign_keys]\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
