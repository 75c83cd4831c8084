"""Limitation events on campaigns (Civil Code Arts. 150, 151); comparable kinds renamed.

Imported comparables stored with the former kind names ``survey_average`` and
``court_rate`` are renamed ``survey`` and ``court_award`` (the kinds that keep
court awards apart from licence rates); the downgrade renames them back.

Revision ID: 0011_law
Revises: 0007_landscape
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_law"
down_revision = "0007_landscape"
branch_labels = None
depends_on = None


_KIND_RENAMES = (("survey_average", "survey"), ("court_rate", "court_award"))


def _rename_kinds(pairs: tuple[tuple[str, str], ...]) -> None:
    table = sa.table("royalty_comparables", sa.column("kind", sa.String(30)))
    for old, new in pairs:
        op.execute(table.update().where(table.c.kind == old).values(kind=new))


def upgrade() -> None:
    _rename_kinds(_KIND_RENAMES)
    op.create_table(
        "campaign_limitation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_limitation_events_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_limitation_events")),
    )
    op.create_index(
        op.f("ix_campaign_limitation_events_campaign_id"),
        "campaign_limitation_events",
        ["campaign_id"],
        unique=False,
    )


def downgrade() -> None:
    _rename_kinds(tuple((new, old) for old, new in _KIND_RENAMES))
    op.drop_index(
        op.f("ix_campaign_limitation_events_campaign_id"),
        table_name="campaign_limitation_events",
    )
    op.drop_table("campaign_limitation_events")
