"""Tables of the patent record, normalised so that later features can query them.

One row in ``patents`` per patent right; every list of :class:`~kizuna.domain.patent.Patent`
has its own child table with a ``position`` column so a record loads back in
the order it was saved. Children cascade on delete. ``patent_numbers`` holds
every identifier under ``UNIQUE(country, space, number)`` (``space`` is
``application`` or ``document``, as :attr:`PatentNumber.key`), so two stored
patents can never share a number; ``patent_sources`` holds one row per source
document under ``UNIQUE(sha256, document)``, which makes re-ingesting a file a
no-op. Enumerations are stored as their string values.

The repository that reads and writes these tables is
:class:`kizuna.adapters.storage.patents.SqlPatentRepository`.
"""

from __future__ import annotations

import sqlalchemy as sa

from kizuna.adapters.storage.metadata import metadata

__all__ = [
    "PATENT_CHILD_TABLES",
    "abstracts",
    "citations",
    "claim_elements",
    "claim_sets",
    "claims",
    "classifications",
    "family_links",
    "parties",
    "patent_numbers",
    "patents",
    "priorities",
    "sources",
    "titles",
]


def _patent_fk() -> sa.Column[int]:
    return sa.Column(
        "patent_id", sa.Integer, sa.ForeignKey("patents.id", ondelete="CASCADE"),
        nullable=False, index=True,
    )


def _position() -> sa.Column[int]:
    return sa.Column("position", sa.Integer, nullable=False)


patents = sa.Table(
    "patents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("number", sa.String, nullable=False, index=True),  # canonical, compact form
    sa.Column("country", sa.String, nullable=False),
    sa.Column("title", sa.Text),  # Patent.title, kept here for listings
    sa.Column("lang", sa.String),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("filing_date", sa.Date),
    sa.Column("priority_date", sa.Date),
    sa.Column("publication_date", sa.Date),
    sa.Column("grant_date", sa.Date),
    sa.Column("examination_request", sa.Date),
    sa.Column("pta_days", sa.Integer),
    sa.Column("terminal_disclaimer", sa.Boolean),
    sa.Column("earliest_us_nonprovisional", sa.Date),
    sa.Column("delay_extension_days", sa.Integer),
    sa.Column("regulatory_extension_days", sa.Integer),
    sa.Column("office_expiry", sa.Date),
    sa.Column("lapse_date", sa.Date),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_patents_updated_at", "updated_at"),  # the search index's change check
)

patent_numbers = sa.Table(
    "patent_numbers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    sa.Column("position", sa.Integer),  # NULL: the canonical number is not in Patent.numbers
    sa.Column("canonical", sa.Boolean, nullable=False),
    sa.Column("country", sa.String, nullable=False),
    sa.Column("space", sa.String, nullable=False),  # "application" | "document"
    sa.Column("number", sa.String, nullable=False),
    sa.Column("kind", sa.String),
    sa.Column("type", sa.String),  # NumberType value; NULL when the source did not say
    sa.UniqueConstraint("country", "space", "number"),
)


def _text_table(name: str) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        _patent_fk(),
        _position(),
        sa.Column("lang", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


titles = _text_table("patent_titles")
abstracts = _text_table("patent_abstracts")

parties = sa.Table(
    "patent_parties",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    sa.Column("role", sa.String, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_latin", sa.Text),
    sa.Column("country", sa.String),
    sa.Column("address", sa.Text),
    sa.Column("office_code", sa.String),
    sa.Column("sequence", sa.Integer, nullable=False),
)

classifications = sa.Table(
    "patent_classifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    sa.Column("scheme", sa.String, nullable=False),
    sa.Column("code", sa.String, nullable=False),
    sa.Column("version", sa.String),
    sa.Column("inventive", sa.Boolean),
    sa.Index("ix_patent_classifications_scheme_code", "scheme", "code"),
)

priorities = sa.Table(
    "patent_priorities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    sa.Column("country", sa.String, nullable=False),
    sa.Column("number", sa.String, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("kind", sa.String, nullable=False),
)

family_links = sa.Table(
    "patent_family_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    sa.Column("relation", sa.String, nullable=False),
    sa.Column("country", sa.String, nullable=False),
    sa.Column("number", sa.String, nullable=False),
    sa.Column("kind", sa.String),
    sa.Column("type", sa.String),
    sa.Column("date", sa.Date),
)

citations = sa.Table(
    "patent_citations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    # the cited document's normalised number (all NULL for non-patent literature)
    sa.Column("country", sa.String),
    sa.Column("number", sa.String),
    sa.Column("kind", sa.String),
    sa.Column("type", sa.String),
    sa.Column("cited_country", sa.String, nullable=False),  # as printed
    sa.Column("cited_kind", sa.String, nullable=False),  # as printed
    sa.Column("source", sa.String, nullable=False),  # examiner, applicant, search-report, other
    sa.Column("category", sa.String, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("npl", sa.Boolean, nullable=False),
)

claim_sets = sa.Table(
    "claim_sets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    sa.Column("lang", sa.String, nullable=False),
    sa.Column("basis", sa.String, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("as_of", sa.Date),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "claim_set_id", sa.Integer, sa.ForeignKey("claim_sets.id", ondelete="CASCADE"),
        nullable=False, index=True,
    ),
    _position(),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("lang", sa.String, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("independent", sa.Boolean, nullable=False),
    sa.Column("category", sa.String, nullable=False),
    sa.Column("depends_on", sa.JSON, nullable=False),  # list of claim numbers
)

claim_elements = sa.Table(
    "claim_elements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"),
        nullable=False, index=True,
    ),
    _position(),
    sa.Column("element_id", sa.String, nullable=False),  # "1A", "1B", …
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
)

sources = sa.Table(
    "patent_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patent_fk(),
    _position(),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("format", sa.String, nullable=False),
    sa.Column("document", sa.String, nullable=False),
    sa.Column("recovered", sa.Boolean, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("date", sa.Date),  # the date the document states about itself
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("sha256", "document"),
)

PATENT_CHILD_TABLES = (
    patent_numbers, titles, abstracts, parties, classifications, priorities,
    family_links, claim_sets, sources, citations,
)
"""Tables keyed directly by ``patent_id`` (claims and elements hang off ``claim_sets``)."""
