"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file.

Revision ID: 0007_landscape
Revises: 0006_campaigns
Create Date: 2026-11-21
"""

from __future__ import annotations

revision = "0007_landscape"
down_revision = "0006_campaigns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
