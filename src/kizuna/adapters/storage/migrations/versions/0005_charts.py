"""Claim charts: builds, elements, proposed passages and the append-only review history.

Revision ID: 0005_charts
Revises: 0004_evidence
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_charts"
down_revision = "0004_evidence"
branch_labels = None
depends_on = None


def _chart_fk(table: str, *, cascade: bool = True) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["chart_id"], ["charts.id"], name=op.f(f"fk_{table}_chart_id_charts"),
        ondelete="CASCADE" if cascade else None,
    )


def _subject() -> list[sa.Column[object]]:
    return [
        sa.Column("patent", sa.String(length=40), nullable=False),
        sa.Column("claim", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("product", sa.String(length=300), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "charts",
        sa.Column("id", sa.Integer(), nullable=False),
        *_subject(),
        sa.Column("company", sa.String(length=300), nullable=True),
        sa.Column("method", sa.String(length=60), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charts")),
    )
    op.create_index("ix_charts_subject", "charts", ["patent", "claim", "product"])
    op.create_table(
        "chart_elements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        _chart_fk("chart_elements"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_elements")),
        sa.UniqueConstraint(
            "chart_id", "element_id", name=op.f("uq_chart_elements_chart_id_element_id")
        ),
    )
    op.create_index(op.f("ix_chart_elements_chart_id"), "chart_elements", ["chart_id"])
    op.create_table(
        "chart_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=20), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.String(length=100), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=False)
          for name in ("score", "lexical", "semantic", "position")),
        sa.Column("matched_terms", sa.Text(), nullable=False),
        _chart_fk("chart_matches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_matches")),
    )
    op.create_index(op.f("ix_chart_matches_chart_id"), "chart_matches", ["chart_id"])
    op.create_table(
        "chart_review_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_id", sa.Integer(), nullable=False),
        *_subject(),
        sa.Column("element_id", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("passage", sa.Text(), nullable=True),
        _chart_fk("chart_review_events", cascade=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_review_events")),
    )
    op.create_index(
        op.f("ix_chart_review_events_chart_id"), "chart_review_events", ["chart_id"]
    )
    op.create_index(
        "ix_chart_review_events_subject", "chart_review_events", ["patent", "claim", "product"]
    )


def downgrade() -> None:
    op.drop_index("ix_chart_review_events_subject", table_name="chart_review_events")
    op.drop_index(op.f("ix_chart_review_events_chart_id"), table_name="chart_review_events")
    op.drop_table("chart_review_events")
    op.drop_index(op.f("ix_chart_matches_chart_id"), table_name="chart_matches")
    op.drop_table("chart_matches")
    op.drop_index(op.f("ix_chart_elements_chart_id"), table_name="chart_elements")
    op.drop_table("chart_elements")
    op.drop_index("ix_charts_subject", table_name="charts")
    op.drop_table("charts")
