"""Claim contrast on stored chart passages (fusion v6).

``chart_matches.contrast``: how much a passage's score was lowered because it
fits another element of the claim better; ``chart_matches.rival``: that
element's id. Charts built before keep 0 and "" (no contrast recorded).

Revision ID: 0025_contrast
Revises: 0024_citations
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_contrast"
down_revision = "0024_citations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chart_matches", sa.Column("contrast", sa.Float(), nullable=False,
                                             server_default=sa.text("0.0")))
    op.add_column("chart_matches", sa.Column("rival", sa.String(length=20), nullable=False,
                                             server_default=""))


def downgrade() -> None:
    op.drop_column("chart_matches", "rival")
    op.drop_column("chart_matches", "contrast")
