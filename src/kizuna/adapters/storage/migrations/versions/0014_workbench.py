"""Workbench: the portfolio search table (FTS5 on SQLite, GIN on PostgreSQL) and
a per-element version on chart review events (two reviewers never overwrite each other).

Revision ID: 0014_workbench
Revises: 0010_eou
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_workbench"
down_revision = "0010_eou"
branch_labels = None
depends_on = None

_FTS_TRIGGERS = (
    """CREATE TRIGGER patent_search_ai AFTER INSERT ON patent_search BEGIN
         INSERT INTO patent_search_fts(rowid, tokens) VALUES (new.patent_id, new.tokens);
       END""",
    """CREATE TRIGGER patent_search_ad AFTER DELETE ON patent_search BEGIN
         INSERT INTO patent_search_fts(patent_search_fts, rowid, tokens)
         VALUES ('delete', old.patent_id, old.tokens);
       END""",
    """CREATE TRIGGER patent_search_au AFTER UPDATE ON patent_search BEGIN
         INSERT INTO patent_search_fts(patent_search_fts, rowid, tokens)
         VALUES ('delete', old.patent_id, old.tokens);
         INSERT INTO patent_search_fts(rowid, tokens) VALUES (new.patent_id, new.tokens);
       END""",
)


def upgrade() -> None:
    op.create_table(
        "patent_search",
        sa.Column("patent_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("display", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("title_key", sa.Text(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("grant_date", sa.Date(), nullable=True),
        sa.Column("lapse_date", sa.Date(), nullable=True),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("owners", sa.Text(), nullable=False),
        sa.Column("owners_key", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["patent_id"], ["patents.id"],
                                name=op.f("fk_patent_search_patent_id_patents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("patent_id", name=op.f("pk_patent_search")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE patent_search_fts USING fts5("
                   "tokens, content='patent_search', content_rowid='patent_id', "
                   "tokenize='unicode61')")
        for trigger in _FTS_TRIGGERS:
            op.execute(trigger)
    else:
        op.execute("CREATE INDEX ix_patent_search_tokens ON patent_search "
                   "USING gin (to_tsvector('simple', tokens))")
    _review_versions()


def _review_versions() -> None:
    op.add_column("chart_review_events", sa.Column("version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE chart_review_events SET version = (SELECT COUNT(*) FROM chart_review_events e "
        "WHERE e.patent = chart_review_events.patent AND e.claim = chart_review_events.claim "
        "AND e.lang = chart_review_events.lang AND e.product = chart_review_events.product "
        "AND e.element_id = chart_review_events.element_id AND e.id <= chart_review_events.id)"
    )
    op.create_index("ux_chart_review_events_version", "chart_review_events",
                    ["patent", "claim", "lang", "product", "element_id", "version"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_chart_review_events_version", table_name="chart_review_events")
    with op.batch_alter_table("chart_review_events") as batch:
        batch.drop_column("version")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("patent_search_ai", "patent_search_ad", "patent_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS patent_search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_patent_search_tokens")
    op.drop_table("patent_search")
