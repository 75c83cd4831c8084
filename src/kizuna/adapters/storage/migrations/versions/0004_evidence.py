"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file.

Revision ID: 0004_evidence
Revises: 0003_companies
Create Date: 2026-11-21
"""

from __future__ import annotations

revision = "0004_evidence"
down_revision = "0003_companies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
