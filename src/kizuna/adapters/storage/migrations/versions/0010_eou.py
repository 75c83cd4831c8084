"""Chart matches keep the element-specificity check: specificity, missing terms, alternative.

Revision ID: 0010_eou
Revises: 0013_users
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_eou"
down_revision = "0013_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chart_matches") as batch:
        batch.add_column(
            sa.Column("specificity", sa.Float(), nullable=False, server_default=sa.text("1.0"))
        )
        batch.add_column(
            sa.Column("missing_terms", sa.Text(), nullable=False, server_default="[]")
        )
        batch.add_column(
            sa.Column("alternative", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("chart_matches") as batch:
        batch.drop_column("alternative")
        batch.drop_column("missing_terms")
        batch.drop_column("specificity")
