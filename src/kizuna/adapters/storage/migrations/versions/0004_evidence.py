"""Evidence of use: immutable, versioned evidence documents, their passages and original bytes.

Revision ID: 0004_evidence
Revises: 0003_companies
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_evidence"
down_revision = "0003_companies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("product_key", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=300), nullable=True),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_documents")),
        sa.UniqueConstraint(
            "product_key",
            "source",
            "version",
            name=op.f("uq_evidence_documents_product_key_source_version"),
        ),
    )
    op.create_index(
        op.f("ix_evidence_documents_product_key"), "evidence_documents", ["product_key"]
    )
    op.create_index(op.f("ix_evidence_documents_sha256"), "evidence_documents", ["sha256"])
    op.create_table(
        "evidence_passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["evidence_documents.id"],
            name=op.f("fk_evidence_passages_document_id_evidence_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_passages")),
        sa.UniqueConstraint(
            "document_id", "position", name=op.f("uq_evidence_passages_document_id_position")
        ),
    )
    op.create_index(op.f("ix_evidence_passages_document_id"), "evidence_passages", ["document_id"])
    op.create_index(op.f("ix_evidence_passages_passage_id"), "evidence_passages", ["passage_id"])
    op.create_table(
        "evidence_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_blobs")),
    )


def downgrade() -> None:
    op.drop_table("evidence_blobs")
    op.drop_index(op.f("ix_evidence_passages_passage_id"), table_name="evidence_passages")
    op.drop_index(op.f("ix_evidence_passages_document_id"), table_name="evidence_passages")
    op.drop_table("evidence_passages")
    op.drop_index(op.f("ix_evidence_documents_sha256"), table_name="evidence_documents")
    op.drop_index(op.f("ix_evidence_documents_product_key"), table_name="evidence_documents")
    op.drop_table("evidence_documents")
