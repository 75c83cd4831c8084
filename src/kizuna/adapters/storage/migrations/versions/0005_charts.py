"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file.

Revision ID: 0005_charts
Revises: 0004_evidence
Create Date: 2026-11-21
"""

from __future__ import annotations

revision = "0005_charts"
down_revision = "0004_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
