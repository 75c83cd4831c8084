"""Contacts: job title, romanised name and English honorific (for letters in both languages).

Revision ID: 0009_contacts
Revises: 0012_signing
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_contacts"
down_revision = "0012_signing"
branch_labels = None
depends_on = None

_COLUMNS = (("title", 200), ("romanised", 200), ("honorific", 20))


def upgrade() -> None:
    with op.batch_alter_table("campaign_contacts") as batch:
        for name, length in _COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaign_contacts") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
