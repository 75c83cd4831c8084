"""Signed negotiation records: entry signatures, the signed head, external anchors.

Adds ``key_id`` and ``signature`` to ``campaign_entries`` and the signed head
statement to ``campaigns`` (nullable: entries written before this revision stay
unsigned and are reported as such), and the ``campaign_anchors`` table. Plain
``ADD COLUMN`` (no table rebuild), so the append-only triggers of 0006 stay.

Revision ID: 0012_signing
Revises: 0016_matching
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_signing"
down_revision = "0016_matching"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("campaign_entries", sa.Column("key_id", sa.String(length=32), nullable=True))
    op.add_column("campaign_entries", sa.Column("signature", sa.String(length=100), nullable=True))
    op.add_column("campaigns", sa.Column("head_statement", sa.Text(), nullable=True))
    op.add_column("campaigns", sa.Column("head_key_id", sa.String(length=32), nullable=True))
    op.add_column("campaigns", sa.Column("head_signature", sa.String(length=100), nullable=True))
    op.create_table(
        "campaign_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=True),
        sa.Column("token_time", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_anchors_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_anchors")),
    )
    op.create_index(op.f("ix_campaign_anchors_campaign_id"), "campaign_anchors", ["campaign_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_campaign_anchors_campaign_id"), table_name="campaign_anchors")
    op.drop_table("campaign_anchors")
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): no rebuild, the triggers of 0006 stay.
    for table, column in (
        ("campaigns", "head_signature"),
        ("campaigns", "head_key_id"),
        ("campaigns", "head_statement"),
        ("campaign_entries", "signature"),
        ("campaign_entries", "key_id"),
    ):
        op.drop_column(table, column)
