"""Patent citations: the documents a stored patent's source documents cite.

``patent_citations`` holds one row per citation the readers found (USPTO
references cited, EP B560 and reference list, JPO notice 引用文献等一覧), in the
order read: the cited document's normalised number (NULL for non-patent
literature), its country and kind as printed, who cited it (examiner,
applicant, search-report, other), the office's category wording and the text.

Revision ID: 0024_citations
Revises: 0020_ingest
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_citations"
down_revision = "0020_ingest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patent_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patent_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("cited_country", sa.String(), nullable=False),
        sa.Column("cited_kind", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("npl", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_patent_citations_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_citations")),
    )
    op.create_index(op.f("ix_patent_citations_patent_id"), "patent_citations", ["patent_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_patent_citations_patent_id"), table_name="patent_citations")
    op.drop_table("patent_citations")
