"""The search tables: migrations 0014 and 0019 match the model, and FTS follows the rows."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.search import fts_match, patent_search, put_rows


def test_migration_matches_the_search_table(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata)
                 if any(name in repr(d) for name in ("patent_search'", "patent_search.",
                                                     "patent_search_text",
                                                     "ix_patents_updated_at"))
                 and "ix_patent_search_text_tokens" not in repr(d)]  # GIN: migration only
    assert diffs == []


def _row(patent_id: int, tokens: str) -> dict[str, object]:
    return {"patent_id": patent_id, "number": f"JP{patent_id}B2", "display": f"JP {patent_id}",
            "title": None, "title_key": "", "country": "JP", "status": "granted",
            "owners": "", "owners_key": "", "fields": "|", "sectors": "|", "claims": 0,
            "sources": 0, "tokens": tokens, "indexed_at": datetime.now(UTC)}


def test_every_token_must_match_and_updates_are_seen(database: Database) -> None:
    now = datetime.now(UTC)
    dialect = database.engine.dialect.name
    with database.session() as session:
        for number in (1, 2):
            session.execute(sa.text(
                "INSERT INTO patents (id, number, country, status, created_at, updated_at) "
                "VALUES (:i, :n, 'JP', 'granted', :t, :t)"), {"i": number, "n": f"JP{number}",
                                                              "t": now})
        put_rows(session, [_row(1, "リチウム 電池 正極"), _row(2, "電池 負極")])

    def ids(*tokens: str) -> list[int]:
        with database.session() as session:
            query = (sa.select(patent_search.c.patent_id).where(fts_match(dialect, tokens))
                     .order_by(patent_search.c.patent_id))
            return list(session.execute(query).scalars())

    assert ids("電池") == [1, 2]
    assert ids("電池", "正極") == [1]
    assert ids('"正極" OR 負極') == []  # operators and quotes are text, never query syntax
    with database.session() as session:
        put_rows(session, [_row(1, "電池")])
    assert ids("正極") == []
