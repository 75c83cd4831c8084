"""User-imported royalty comparables.

Revision ID: 0002_comparables
Revises: 0001_patents
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_comparables"
down_revision = "0001_patents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "royalty_comparables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comparable_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.String(length=50), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("base", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("territory", sa.String(length=50), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_date", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("provenance", sa.String(length=300), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_royalty_comparables")),
        sa.UniqueConstraint(
            "provenance",
            "comparable_id",
            name=op.f("uq_royalty_comparables_provenance_comparable_id"),
        ),
    )
    op.create_index(
        op.f("ix_royalty_comparables_provenance"),
        "royalty_comparables",
        ["provenance"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_royalty_comparables_provenance"), table_name="royalty_comparables")
    op.drop_table("royalty_comparables")
