"""US maintenance-fee events (USPTO MaintFeeEvents lines), keyed by patent number.

Revision ID: 0008_records
Revises: 0009_contacts
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_records"
down_revision = "0009_contacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maintenance_fee_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patent", sa.String(length=20), nullable=False),
        sa.Column("application", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=5), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=False),
        sa.Column("grant_date", sa.Date(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_fee_events")),
        sa.UniqueConstraint(
            "patent", "event_date", "code",
            name=op.f("uq_maintenance_fee_events_patent_event_date_code"),
        ),
    )
    op.create_index(op.f("ix_maintenance_fee_events_patent"), "maintenance_fee_events",
                    ["patent"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_maintenance_fee_events_patent"), table_name="maintenance_fee_events")
    op.drop_table("maintenance_fee_events")
