"""Users, API tokens, web sessions, matters, the audit log; campaigns and charts get a matter.

Existing campaigns and charts go to matter 1, "Default", which admins reassign
(``kizuna matters assign``). ``audit_log`` gets triggers that refuse UPDATE and
DELETE, so the log stays append-only on SQLite and PostgreSQL.

Revision ID: 0013_users
Revises: 0008_records
Create Date: 2026-12-07
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0013_users"
down_revision = "0008_records"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION kizuna_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql
"""


def _users() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("password_changed_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    user_fk = sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_api_tokens_user_id_users")
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("last_used_at", STAMP, nullable=True),
        sa.Column("revoked_at", STAMP, nullable=True),
        user_fk,
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE",
            name=op.f("fk_web_sessions_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])


def _matters() -> None:
    matters = op.create_table(
        "matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
        sa.UniqueConstraint("name", name=op.f("uq_matters_name")),
    )
    op.bulk_insert(
        matters,
        [{"id": 1, "name": "Default", "created_at": datetime.now(UTC),
          "description": "Records that existed before matters; admins reassign them."}],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('matters', 'id'), 1)")
    op.create_table(
        "matter_members",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["matters.id"], ondelete="CASCADE",
            name=op.f("fk_matter_members_matter_id_matters"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE",
            name=op.f("fk_matter_members_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("matter_id", "user_id", name=op.f("pk_matter_members")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("campaigns", "charts"):
        # Plain ADD COLUMN, never a batch rebuild: rebuilding ``campaigns`` on SQLite drops the
        # table that the append-only record rows reference, which fails (or cascades) as soon
        # as a campaign exists. SQLite cannot add a REFERENCES column with a non-NULL default,
        # so there the link to ``matters`` is kept by the application (matters are never
        # deleted); PostgreSQL gets the foreign key.
        op.add_column(
            table, sa.Column("matter_id", sa.Integer(), nullable=False, server_default="1")
        )
        op.create_index(op.f(f"ix_{table}_matter_id"), table, ["matter_id"])
        if not sqlite:
            op.create_foreign_key(
                op.f(f"fk_{table}_matter_id_matters"), table, "matters", ["matter_id"], ["id"]
            )


def _audit() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index("ix_audit_log_action_at", "audit_log", ["action", "at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION kizuna_audit_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def upgrade() -> None:
    _users()
    _matters()
    _audit()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS kizuna_audit_append_only()")
    op.drop_table("audit_log")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("charts", "campaigns"):
        if not sqlite:
            op.drop_constraint(op.f(f"fk_{table}_matter_id_matters"), table, type_="foreignkey")
        op.drop_index(op.f(f"ix_{table}_matter_id"), table_name=table)
        op.drop_column(table, "matter_id")  # native DROP COLUMN on SQLite >= 3.35: no rebuild
    op.drop_table("matter_members")
    op.drop_table("matters")
    op.drop_table("web_sessions")
    op.drop_table("api_tokens")
    op.drop_table("users")
