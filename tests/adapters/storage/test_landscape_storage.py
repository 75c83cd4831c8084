"""The encumbrances table: migration 0007 matches the model; add, list, conflict."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database


def test_migration_matches_the_model(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert [d for d in diff if "encumbrances" in repr(d)] == []
