"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file.

Revision ID: 0006_campaigns
Revises: 0005_charts
Create Date: 2026-11-21
"""

from __future__ import annotations

revision = "0006_campaigns"
down_revision = "0005_charts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
