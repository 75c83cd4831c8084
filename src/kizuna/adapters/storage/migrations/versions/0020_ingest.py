"""Evidence ingest in bounded memory: original bytes kept in 1 MiB chunks.

``evidence_blob_chunks`` holds the bytes of a blob stored from now on, a chunk
per row in order, so that storing (and reading) a 100 MB file never needs it
whole in memory. ``evidence_blobs.data`` becomes optional: blobs stored before
keep their bytes there and are read as before.

Revision ID: 0020_ingest
Revises: 0019_perf
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_ingest"
down_revision = "0019_perf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["evidence_blobs.sha256"],
            name=op.f("fk_evidence_blob_chunks_sha256_evidence_blobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_evidence_blob_chunks")),
    )
    with op.batch_alter_table("evidence_blobs") as batch:
        batch.alter_column("data", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    # Chunked blobs go back into one column before the chunks table is dropped.
    blobs = sa.table("evidence_blobs", sa.column("sha256"), sa.column("data", sa.LargeBinary()))
    chunks = sa.table(
        "evidence_blob_chunks", sa.column("sha256"), sa.column("seq"), sa.column("data")
    )
    connection = op.get_bind()
    pending = connection.execute(sa.select(blobs.c.sha256).where(blobs.c.data.is_(None)))
    for (sha256,) in pending.fetchall():
        parts = connection.execute(
            sa.select(chunks.c.data).where(chunks.c.sha256 == sha256).order_by(chunks.c.seq)
        )
        data = b"".join(row[0] for row in parts)
        connection.execute(blobs.update().where(blobs.c.sha256 == sha256).values(data=data))
    op.drop_table("evidence_blob_chunks")
    with op.batch_alter_table("evidence_blobs") as batch:
        batch.alter_column("data", existing_type=sa.LargeBinary(), nullable=False)
