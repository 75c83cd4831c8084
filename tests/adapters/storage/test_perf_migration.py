"""Migration 0019_perf: search rows written before it keep their tokens (moved to
``patent_search_text``), full-text search finds them at once, and it goes down and up."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from kizuna.adapters.storage.db import MIGRATIONS, Database, migrate
from kizuna.adapters.storage.search import fts_match, patent_search, patent_search_text


def _downgrade(database: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _old_rows(database: Database) -> None:
    """Two patents and their search rows as revision 0014 stored them (tokens inline)."""
    now = datetime.now(UTC)
    with database.engine.begin() as connection:
        for number, tokens in ((1, "リチウム 電池 正極"), (2, "電池 負極")):
            connection.execute(sa.text(
                "INSERT INTO patents (id, number, country, status, created_at, updated_at) "
                "VALUES (:i, :n, 'JP', 'granted', :t, :t)"), {"i": number, "n": f"JP{number}",
                                                              "t": now})
            connection.execute(sa.text(
                "INSERT INTO patent_search (patent_id, number, display, title_key, country, "
                "status, owners, owners_key, fields, sectors, claims, sources, tokens, "
                "indexed_at) VALUES (:i, :n, :n, '', 'JP', 'granted', '', '', '|', '|', 0, 0, "
                ":tokens, :t)"), {"i": number, "n": f"JP{number}", "tokens": tokens, "t": now})


def _found(database: Database, *tokens: str) -> list[int]:
    dialect = database.engine.dialect.name
    with database.session() as session:
        query = (sa.select(patent_search.c.patent_id).where(fts_match(dialect, tokens))
                 .order_by(patent_search.c.patent_id))
        return list(session.execute(query).scalars())


def test_tokens_move_to_their_own_table_and_stay_searchable(database: Database) -> None:
    _downgrade(database, "0017_pools")
    _old_rows(database)
    migrate(database.engine)
    assert _found(database, "電池") == [1, 2]
    assert _found(database, "正極") == [1]
    with database.session() as session:
        texts = {row[0]: row[1] for row in session.execute(sa.select(patent_search_text))}
        columns = {c["name"] for c in sa.inspect(session.connection()).get_columns(
            "patent_search")}
    assert texts == {1: "リチウム 電池 正極", 2: "電池 負極"}
    assert "tokens" not in columns


def test_migration_goes_down_with_the_tokens_and_up_again(database: Database) -> None:
    _downgrade(database, "0017_pools")
    _old_rows(database)
    migrate(database.engine)
    _downgrade(database, "0017_pools")
    with database.engine.connect() as connection:
        tokens = {row[0]: row[1] for row in connection.execute(sa.text(
            "SELECT patent_id, tokens FROM patent_search ORDER BY patent_id"))}
    assert tokens == {1: "リチウム 電池 正極", 2: "電池 負極"}
    migrate(database.engine)
    assert _found(database, "負極") == [2]
