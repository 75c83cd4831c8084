"""Stored pools with an append-only, signed ledger; pledges and FRAND commitments per patent.

Triggers refuse UPDATE and DELETE on ``pool_ledger`` (and TRUNCATE on
PostgreSQL), as migration 0006 does for the negotiation record.

Revision ID: 0017_pools
Revises: 0022_sme
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_pools"
down_revision = "0022_sme"
branch_labels = None
depends_on = None

MESSAGE = "the pool ledger is append-only"


def _tables() -> None:
    op.create_table(
        "pools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("head_statement", sa.Text(), nullable=True),
        sa.Column("head_key_id", sa.String(length=32), nullable=True),
        sa.Column("head_signature", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pools")),
        sa.UniqueConstraint("name", name=op.f("uq_pools_name")),
    )
    op.create_table(
        "pool_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("signature", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["pools.id"], name=op.f("fk_pool_ledger_pool_id_pools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pool_ledger")),
        sa.UniqueConstraint("pool_id", "seq", name=op.f("uq_pool_ledger_pool_id_seq")),
    )
    op.create_index(op.f("ix_pool_ledger_pool_id"), "pool_ledger", ["pool_id"])
    op.create_table(
        "patent_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patent", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("beneficiaries", sa.Text(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=True),
        sa.Column("ends", sa.Date(), nullable=True),
        sa.Column("sdo", sa.String(length=200), nullable=False),
        sa.Column("standard", sa.String(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_commitments")),
    )
    op.create_index(op.f("ix_patent_commitments_patent"), "patent_commitments", ["patent"])


def _guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION pool_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{MESSAGE} (% on % refused)', TG_OP, TG_TABLE_NAME; "
            "END $$"
        )
        op.execute(
            "CREATE TRIGGER pool_ledger_append_only BEFORE UPDATE OR DELETE ON pool_ledger "
            "FOR EACH ROW EXECUTE FUNCTION pool_ledger_append_only()"
        )
        op.execute(
            "CREATE TRIGGER pool_ledger_no_truncate BEFORE TRUNCATE ON pool_ledger "
            "FOR EACH STATEMENT EXECUTE FUNCTION pool_ledger_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER pool_ledger_no_{action.lower()} BEFORE {action} ON pool_ledger "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({action} on pool_ledger refused)'); END"
        )


def upgrade() -> None:
    _tables()
    _guards()


def downgrade() -> None:
    op.drop_index(op.f("ix_patent_commitments_patent"), table_name="patent_commitments")
    op.drop_table("patent_commitments")
    op.drop_index(op.f("ix_pool_ledger_pool_id"), table_name="pool_ledger")
    op.drop_table("pool_ledger")  # its triggers go with it
    op.drop_table("pools")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS pool_ledger_append_only()")
