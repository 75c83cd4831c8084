"""A matching programme's stored open-patent catalogue and SME profiles.

Revision ID: 0022_sme
Revises: 0014_workbench
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_sme"
down_revision = "0014_workbench"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_open_patents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_open_patents")),
        sa.UniqueConstraint("programme", "key", name=op.f("uq_match_open_patents_programme_key")),
    )
    op.create_index(op.f("ix_match_open_patents_programme"), "match_open_patents", ["programme"])
    op.create_table(
        "match_smes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("corporate_number", sa.String(length=13), nullable=False),
        sa.Column("prefecture", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_smes")),
        sa.UniqueConstraint("programme", "name", name=op.f("uq_match_smes_programme_name")),
    )
    op.create_index(op.f("ix_match_smes_programme"), "match_smes", ["programme"])


def downgrade() -> None:
    op.drop_index(op.f("ix_match_smes_programme"), table_name="match_smes")
    op.drop_table("match_smes")
    op.drop_index(op.f("ix_match_open_patents_programme"), table_name="match_open_patents")
    op.drop_table("match_open_patents")
