"""The patent record: patents, numbers, texts, parties, classes, family, claims, sources.

Revision ID: 0001_patents
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "0001_patents"
down_revision = None
branch_labels = None
depends_on = None

_CHILDREN = (
    "patent_numbers", "patent_titles", "patent_abstracts", "patent_parties",
    "patent_classifications", "patent_priorities", "patent_family_links", "claim_sets",
    "patent_sources",
)


def _id(table: str) -> list[SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _child(table: str, *items: SchemaItem, parent: str = "patents",
           column: str = "patent_id", position_nullable: bool = False) -> None:
    """A table hanging off ``parent`` by ``column`` (ON DELETE CASCADE, indexed)."""
    op.create_table(
        table,
        *_id(table),
        sa.Column(column, sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=position_nullable),
        *items,
        sa.ForeignKeyConstraint(
            [column], [f"{parent}.id"], name=op.f(f"fk_{table}_{column}_{parent}"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "patents",
        *_id("patents"),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        *(sa.Column(name, sa.Date(), nullable=True) for name in (
            "filing_date", "priority_date", "publication_date", "grant_date",
            "examination_request")),
        sa.Column("pta_days", sa.Integer(), nullable=True),
        sa.Column("terminal_disclaimer", sa.Boolean(), nullable=True),
        sa.Column("earliest_us_nonprovisional", sa.Date(), nullable=True),
        sa.Column("delay_extension_days", sa.Integer(), nullable=True),
        sa.Column("regulatory_extension_days", sa.Integer(), nullable=True),
        sa.Column("office_expiry", sa.Date(), nullable=True),
        sa.Column("lapse_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(op.f("ix_patents_number"), "patents", ["number"], unique=False)
    _child(
        "patent_numbers",
        sa.Column("canonical", sa.Boolean(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("space", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("type", sa.String(), nullable=True),
        sa.UniqueConstraint(
            "country", "space", "number", name=op.f("uq_patent_numbers_country_space_number")
        ),
        position_nullable=True,
    )
    for table in ("patent_titles", "patent_abstracts"):
        _child(
            table,
            sa.Column("lang", sa.String(), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
        )
    _child(
        "patent_parties",
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_latin", sa.Text(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("office_code", sa.String(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
    )
    _child(
        "patent_classifications",
        sa.Column("scheme", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=True),
        sa.Column("inventive", sa.Boolean(), nullable=True),
    )
    op.create_index(
        "ix_patent_classifications_scheme_code", "patent_classifications", ["scheme", "code"],
        unique=False,
    )
    _child(
        "patent_priorities",
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
    )
    _child(
        "patent_family_links",
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
    )
    _child(
        "claim_sets",
        sa.Column("lang", sa.String(), nullable=False),
        sa.Column("basis", sa.String(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
    )
    _child(
        "claims",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("independent", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("depends_on", sa.JSON(), nullable=False),
        parent="claim_sets", column="claim_set_id",
    )
    _child(
        "claim_elements",
        sa.Column("element_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        parent="claims", column="claim_id",
    )
    _child(
        "patent_sources",
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("document", sa.String(), nullable=False),
        sa.Column("recovered", sa.Boolean(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("sha256", "document", name=op.f("uq_patent_sources_sha256_document")),
    )


def downgrade() -> None:
    for table in ("claim_elements", "claims", *_CHILDREN, "patents"):
        op.drop_table(table)
