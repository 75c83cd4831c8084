"""Matching cases and their events (SME IP matching workflow).

Revision ID: 0016_matching
Revises: 0011_law
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_matching"
down_revision = "0011_law"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=False),
        sa.Column("patent", sa.String(length=60), nullable=False),
        sa.Column("sme", sa.Text(), nullable=False),
        sa.Column("coordinator", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_cases")),
    )
    op.create_index(op.f("ix_match_cases_programme"), "match_cases", ["programme"], unique=False)
    op.create_table(
        "match_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["match_cases.id"],
            name=op.f("fk_match_events_case_id_match_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_events")),
    )
    op.create_index(op.f("ix_match_events_case_id"), "match_events", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_match_events_case_id"), table_name="match_events")
    op.drop_table("match_events")
    op.drop_index(op.f("ix_match_cases_programme"), table_name="match_cases")
    op.drop_table("match_cases")
