"""Campaign tables: migration 0006 matches the models; the record is append-only in the
database; tampering with rows by raw SQL is caught by ``verify`` at the right entry."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.services.campaigns import verify_campaign
from tests.services.campaign_support import sample_campaign

TABLES = ("campaigns", "campaign_contacts", "campaign_entries", "campaign_attachments")


def test_migration_matches_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    sqlite = database.engine.dialect.name == "sqlite"
    # on SQLite campaigns.matter_id has no foreign key (migration 0013 says why)
    skip = [d for d in diff if sqlite and d[0] == "add_fk" and "matter_id" in repr(d)]
    assert [d for d in diff if any(t in str(d) for t in TABLES) and d not in skip] == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE campaign_entries SET summary = 'rewritten' WHERE seq = 3",
        "DELETE FROM campaign_entries WHERE seq = 5",
        "UPDATE campaign_attachments SET content = :blob",
        "DELETE FROM campaign_attachments",
    ],
)
def test_the_database_refuses_changing_the_record(database: Database, statement: str) -> None:
    campaign = sample_campaign(database)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), database.engine.begin() as c:
        c.execute(sa.text(statement), {"blob": b"x"} if ":blob" in statement else {})
    assert verify_campaign(database, campaign.id or 0).ok


def _tamper(database: Database, *statements: str) -> None:
    """Drop the append-only triggers (a determined tamperer could), then run ``statements``."""
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in ("campaign_entries", "campaign_attachments"):
                connection.exec_driver_sql(f"DROP TRIGGER {table}_append_only ON {table}")
        else:
            for table in ("campaign_entries", "campaign_attachments"):
                for action in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER {table}_no_{action}")
        for statement in statements:
            connection.execute(sa.text(statement), {"blob": b"changed bytes"})


def test_an_edited_row_is_caught(database: Database) -> None:
    campaign = sample_campaign(database)
    _tamper(database, "UPDATE campaign_entries SET summary = '面談なし' WHERE seq = 3")
    result = verify_campaign(database, campaign.id or 0)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 3, "edited")
    assert result.problem is not None
    assert result.problem.startswith("entry 3 (2026-02-03, meeting): its content does not match")


def test_a_deleted_row_is_caught(database: Database) -> None:
    campaign = sample_campaign(database)
    _tamper(database, "DELETE FROM campaign_entries WHERE seq = 3")
    result = verify_campaign(database, campaign.id or 0)
    assert (result.break_at, result.problems[0].kind) == (3, "deleted")
    assert result.problem is not None and result.problem.startswith("entry 3 is missing")


def test_a_deleted_last_row_is_caught_by_the_campaign_head(database: Database) -> None:
    campaign = sample_campaign(database)
    _tamper(database, "DELETE FROM campaign_entries WHERE seq = 5")
    result = verify_campaign(database, campaign.id or 0)
    assert (result.break_at, result.problems[0].kind) == (5, "truncated")


def test_reordered_rows_are_caught(database: Database) -> None:
    campaign = sample_campaign(database)
    _tamper(
        database,
        "UPDATE campaign_entries SET seq = -1 WHERE seq = 2",
        "UPDATE campaign_entries SET seq = 2 WHERE seq = 3",
        "UPDATE campaign_entries SET seq = 3 WHERE seq = -1",
    )
    result = verify_campaign(database, campaign.id or 0)
    assert (result.break_at, result.problems[0].kind) == (2, "reordered")
    assert (
        result.problem == "entry 2 was recorded as entry 3: the record was reordered or renumbered"
    )


def test_changed_attachment_bytes_are_caught(database: Database) -> None:
    campaign = sample_campaign(database)
    _tamper(database, "UPDATE campaign_attachments SET content = :blob")
    result = verify_campaign(database, campaign.id or 0)
    assert (result.break_at, result.problems[0].kind) == (4, "attachment")
    assert "'2020123456-A53-written-opinion.xml' has SHA-256" in (result.problem or "")


def test_a_rewritten_attachment_hash_is_caught(database: Database) -> None:
    campaign = sample_campaign(database)
    digest = "0" * 64
    _tamper(
        database,
        f"UPDATE campaign_attachments SET content = :blob, sha256 = '{digest}'",
    )
    result = verify_campaign(database, campaign.id or 0)
    assert (result.break_at, result.problems[0].kind) == (4, "edited")
