"""Campaigns, contacts and the append-only negotiation record.

Triggers refuse UPDATE and DELETE on ``campaign_entries`` and
``campaign_attachments`` (and TRUNCATE on PostgreSQL): the record is
append-only at the database level, not only in the application.

Revision ID: 0006_campaigns
Revises: 0005_charts
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_campaigns"
down_revision = "0005_charts"
branch_labels = None
depends_on = None

APPEND_ONLY = ("campaign_entries", "campaign_attachments")
MESSAGE = "the campaign record is append-only"


def _campaigns() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("licensee", sa.String(length=300), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("patents", sa.Text(), nullable=False),
        sa.Column("track", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("escalation", sa.String(length=40), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index(op.f("ix_campaigns_company_id"), "campaigns", ["company_id"], unique=False)
    op.create_table(
        "campaign_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=True),
        sa.Column("email", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_contacts_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_contacts")),
    )
    op.create_index(op.f("ix_campaign_contacts_campaign_id"), "campaign_contacts", ["campaign_id"])


def _record() -> None:
    op.create_table(
        "campaign_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("stage_from", sa.String(length=40), nullable=True),
        sa.Column("stage_to", sa.String(length=40), nullable=True),
        sa.Column("corrects", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_entries_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_entries")),
        sa.UniqueConstraint("campaign_id", "seq", name=op.f("uq_campaign_entries_campaign_id_seq")),
    )
    op.create_index(op.f("ix_campaign_entries_campaign_id"), "campaign_entries", ["campaign_id"])
    op.create_table(
        "campaign_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["campaign_entries.id"],
            name=op.f("fk_campaign_attachments_entry_id_campaign_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_attachments")),
        sa.UniqueConstraint(
            "entry_id", "position", name=op.f("uq_campaign_attachments_entry_id_position")
        ),
    )
    op.create_index(op.f("ix_campaign_attachments_entry_id"), "campaign_attachments", ["entry_id"])


def _guards() -> None:
    """Triggers that refuse changing or removing record rows."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION campaign_record_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{MESSAGE} (% on % refused)', TG_OP, TG_TABLE_NAME; "
            "END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION campaign_record_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION campaign_record_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({action} on {table} refused)'); END"
            )


def upgrade() -> None:
    _campaigns()
    _record()
    _guards()


def downgrade() -> None:
    # Dropping a table drops its triggers (SQLite and PostgreSQL).
    op.drop_index(op.f("ix_campaign_attachments_entry_id"), table_name="campaign_attachments")
    op.drop_table("campaign_attachments")
    op.drop_index(op.f("ix_campaign_entries_campaign_id"), table_name="campaign_entries")
    op.drop_table("campaign_entries")
    op.drop_index(op.f("ix_campaign_contacts_campaign_id"), table_name="campaign_contacts")
    op.drop_table("campaign_contacts")
    op.drop_index(op.f("ix_campaigns_company_id"), table_name="campaigns")
    op.drop_table("campaigns")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS campaign_record_append_only()")
