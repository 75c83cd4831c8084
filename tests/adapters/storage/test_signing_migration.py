"""Migration 0012_signing: an unsigned record from 0007 survives the upgrade, stays
append-only (triggers intact), and the migration goes down and up again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.exc import DBAPIError

from kizuna.adapters.storage.db import MIGRATIONS, Database, migrate
from kizuna.services.campaigns import verify_campaign


def _downgrade(database: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _old_record(database: Database) -> None:
    """A campaign and one unsigned entry as version 0007 wrote them (hash of the real chain)."""
    from datetime import UTC, date, datetime

    from kizuna.domain.campaign import RecordEntry
    from kizuna.domain.record_chain import GENESIS, seal

    entry = seal(
        1,
        RecordEntry(
            seq=1,
            kind="opened",
            summary="Campaign opened",
            occurred_on=date(2025, 5, 1),
            recorded_at=datetime(2025, 5, 1, 9, 0, tzinfo=UTC),
            actor="old",
        ),
        GENESIS,
    )
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO campaigns (id, licensee, patents, track, stage, closed, opened_on, "
                "created_at, head_hash, entry_count) VALUES (1, 'Old KK', 'US8930553B2', "
                "'relationship', 'research', false, '2025-05-01', '2025-05-01 09:00:00', :h, 1)"
            ),
            {"h": entry.hash},
        )
        connection.execute(
            sa.text(
                "INSERT INTO campaign_entries (campaign_id, seq, kind, summary, occurred_on, "
                "recorded_at, actor, prev_hash, hash) VALUES (1, 1, 'opened', 'Campaign opened', "
                "'2025-05-01', '2025-05-01 09:00:00', 'old', :p, :h)"
            ),
            {"p": GENESIS, "h": entry.hash},
        )


def test_an_old_record_upgrades_and_stays_append_only(database: Database) -> None:
    _downgrade(database, "0007_landscape")
    _old_record(database)
    migrate(database.engine)
    result = verify_campaign(database, 1)
    assert result.ok and result.signing["status"] == "unsigned (created before signing)"
    with pytest.raises(DBAPIError), database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE campaign_entries SET summary = 'x'")
    _downgrade(database, "0007_landscape")  # and back up again
    migrate(database.engine)
    assert verify_campaign(database, 1).ok
