"""Encumbrances: licences, covenants and pledges that block a (patent, company) pair.

Revision ID: 0007_landscape
Revises: 0006_campaigns
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_landscape"
down_revision = "0006_campaigns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "encumbrances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patent", sa.String(length=40), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_encumbrances_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encumbrances")),
        sa.UniqueConstraint(
            "patent", "company_id", "kind", name=op.f("uq_encumbrances_patent_company_id_kind")
        ),
    )
    op.create_index(op.f("ix_encumbrances_patent"), "encumbrances", ["patent"], unique=False)
    op.create_index(
        op.f("ix_encumbrances_company_id"), "encumbrances", ["company_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_encumbrances_company_id"), table_name="encumbrances")
    op.drop_index(op.f("ix_encumbrances_patent"), table_name="encumbrances")
    op.drop_table("encumbrances")
