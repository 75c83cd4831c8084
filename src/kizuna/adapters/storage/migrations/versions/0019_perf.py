"""Web performance: search tokens in their own table, and an index on patents.updated_at.

``patent_search`` rows carried the tokens of a patent's whole text (5 KB on average,
up to 12 KB and more): every list, count and filter over the search table read them,
page by page, though only the full-text index needs them. They move to
``patent_search_text`` (one row per patent), which the full-text index now follows
(FTS5 external content on SQLite, the GIN index on PostgreSQL); the list columns stay
in ``patent_search``. The rows are copied, so nothing needs re-indexing.

``ix_patents_updated_at`` answers the search index's change check (newest
``updated_at``) from the index instead of a scan.

Revision ID: 0019_perf
Revises: 0017_pools
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_perf"
down_revision = "0017_pools"
branch_labels = None
depends_on = None

_OLD_TRIGGERS = ("patent_search_ai", "patent_search_ad", "patent_search_au")
_TRIGGERS = (
    """CREATE TRIGGER patent_search_text_ai AFTER INSERT ON patent_search_text BEGIN
         INSERT INTO patent_search_fts(rowid, tokens) VALUES (new.patent_id, new.tokens);
       END""",
    """CREATE TRIGGER patent_search_text_ad AFTER DELETE ON patent_search_text BEGIN
         INSERT INTO patent_search_fts(patent_search_fts, rowid, tokens)
         VALUES ('delete', old.patent_id, old.tokens);
       END""",
    """CREATE TRIGGER patent_search_text_au AFTER UPDATE ON patent_search_text BEGIN
         INSERT INTO patent_search_fts(patent_search_fts, rowid, tokens)
         VALUES ('delete', old.patent_id, old.tokens);
         INSERT INTO patent_search_fts(rowid, tokens) VALUES (new.patent_id, new.tokens);
       END""",
)
_FTS = ("CREATE VIRTUAL TABLE patent_search_fts USING fts5(tokens, content='{table}', "
        "content_rowid='patent_id', tokenize='unicode61')")


def _drop_fulltext(sqlite: bool, triggers: tuple[str, ...], index: str) -> None:
    if sqlite:
        for name in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS patent_search_fts")
    else:
        op.execute(f"DROP INDEX IF EXISTS {index}")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_fulltext(sqlite, _OLD_TRIGGERS, "ix_patent_search_tokens")
    op.create_table(
        "patent_search_text",
        sa.Column("patent_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["patent_id"], ["patents.id"],
                                name=op.f("fk_patent_search_text_patent_id_patents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("patent_id", name=op.f("pk_patent_search_text")),
    )
    op.execute("INSERT INTO patent_search_text (patent_id, tokens) "
               "SELECT patent_id, tokens FROM patent_search")
    with op.batch_alter_table("patent_search") as batch:
        batch.drop_column("tokens")
    if sqlite:
        op.execute(_FTS.format(table="patent_search_text"))
        for trigger in _TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO patent_search_fts(patent_search_fts) VALUES ('rebuild')")
    else:
        op.execute("CREATE INDEX ix_patent_search_text_tokens ON patent_search_text "
                   "USING gin (to_tsvector('simple', tokens))")
    op.create_index("ix_patents_updated_at", "patents", ["updated_at"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_patents_updated_at", table_name="patents")
    _drop_fulltext(sqlite, tuple(f"patent_search_text_{s}" for s in ("ai", "ad", "au")),
                   "ix_patent_search_text_tokens")
    with op.batch_alter_table("patent_search") as batch:
        batch.add_column(sa.Column("tokens", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE patent_search SET tokens = COALESCE((SELECT t.tokens FROM "
               "patent_search_text t WHERE t.patent_id = patent_search.patent_id), '')")
    with op.batch_alter_table("patent_search") as batch:
        batch.alter_column("tokens", server_default=None)
    op.drop_table("patent_search_text")
    if sqlite:
        op.execute(_FTS.format(table="patent_search"))
        for trigger in _TRIGGERS:
            op.execute(trigger.replace("patent_search_text", "patent_search"))
        op.execute("INSERT INTO patent_search_fts(patent_search_fts) VALUES ('rebuild')")
    else:
        op.execute("CREATE INDEX ix_patent_search_tokens ON patent_search "
                   "USING gin (to_tsvector('simple', tokens))")
