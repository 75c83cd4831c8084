"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file.

Revision ID: 0003_companies
Revises: 0002_comparables
Create Date: 2026-11-21
"""

from __future__ import annotations

revision = "0003_companies"
down_revision = "0002_comparables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
