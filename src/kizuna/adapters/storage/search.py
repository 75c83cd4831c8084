"""The portfolio search table: one row per patent with its list columns and search tokens.

``patent_search`` is derived data, rebuilt from the patent record: listing
columns (number, title, dates, the computed expiry), facets for filters
(owners, field and sector numbers as ``|12|13|``) and ``tokens``, the
pre-tokenised text of title, abstract, claims and parties
(:func:`~kizuna.adapters.text.search_tokens.search_tokens`), kept in
``patent_search_text`` so that lists and counts never read it (migration 0019). A row is stale
when its patent's ``updated_at`` is newer than ``indexed_at``;
:func:`stale_ids` finds those and :func:`put_rows` rewrites them, so the index
catches up with ingests without the ingest path knowing about it. Rows of
deleted patents go with them (``ON DELETE CASCADE``).

Full text: on SQLite an external-content FTS5 table ``patent_search_fts`` over
``patent_search_text``, kept in step by triggers (migrations 0014, 0019); on
PostgreSQL a GIN index on ``to_tsvector('simple', tokens)`` of that table.
Both see the same tokens, so both answer the same query the same way: every
query token must be present.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.base import Base

__all__ = ["change_signature", "fts_match", "patent_search", "patent_search_text", "put_rows",
           "stale_ids", "updated_at"]

patent_search = sa.Table(
    "patent_search",
    Base.metadata,
    sa.Column("patent_id", sa.Integer, sa.ForeignKey("patents.id", ondelete="CASCADE"),
              primary_key=True, autoincrement=False),
    sa.Column("number", sa.String, nullable=False),
    sa.Column("display", sa.String, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("title_key", sa.Text, nullable=False),  # NFKC, case-folded, for substring search
    sa.Column("country", sa.String, nullable=False),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("filing_date", sa.Date),
    sa.Column("grant_date", sa.Date),
    sa.Column("lapse_date", sa.Date),
    sa.Column("expiry", sa.Date),
    sa.Column("owners", sa.Text, nullable=False),  # display names joined by " / "
    sa.Column("owners_key", sa.Text, nullable=False),  # NFKC, case-folded
    sa.Column("fields", sa.Text, nullable=False),  # "|12|13|"
    sa.Column("sectors", sa.Text, nullable=False),  # "|electrical|"
    sa.Column("claims", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
)

#: The search tokens of each patent, apart from the list columns (migration 0019): lists and
#: counts scan ``patent_search`` without reading kilobytes of tokens per row.
patent_search_text = sa.Table(
    "patent_search_text",
    Base.metadata,
    sa.Column("patent_id", sa.Integer, sa.ForeignKey("patents.id", ondelete="CASCADE"),
              primary_key=True, autoincrement=False),
    sa.Column("tokens", sa.Text, nullable=False),
)


def stale_ids(session: Session, *, limit: int) -> list[int]:
    """Ids of up to ``limit`` patents whose search row is missing or older than the patent."""
    p, s = t.patents.c, patent_search.c
    query = (sa.select(p.id).outerjoin(patent_search, s.patent_id == p.id)
             .where(sa.or_(s.patent_id.is_(None), s.indexed_at < p.updated_at))
             .order_by(p.id).limit(limit))
    return list(session.execute(query).scalars())


def change_signature(session: Session) -> tuple[int, Any]:
    """(number of patents, newest ``updated_at``): changes when a patent is added or re-stamped.

    Two index lookups (``ix_patents_updated_at``), not a scan of the search table: the
    cheap test :func:`~kizuna.services.portfolio.index.refresh_index` makes before
    deciding whether :func:`stale_ids` needs to run.
    """
    p = t.patents.c
    query = sa.select(sa.select(sa.func.count()).select_from(t.patents).scalar_subquery(),
                      sa.select(sa.func.max(p.updated_at)).scalar_subquery())
    count, newest = session.execute(query).one()
    return int(count), newest


def put_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Replace the search rows of these patents: the list columns in ``patent_search``, the
    ``tokens`` in ``patent_search_text`` (delete, then insert: triggers keep FTS in step)."""
    if not rows:
        return
    ids = [r["patent_id"] for r in rows]
    for table in (patent_search, patent_search_text):
        session.execute(sa.delete(table).where(table.c.patent_id.in_(ids)))
    session.execute(sa.insert(patent_search),
                    [{k: v for k, v in r.items() if k != "tokens"} for r in rows])
    session.execute(sa.insert(patent_search_text),
                    [{"patent_id": r["patent_id"], "tokens": r["tokens"]} for r in rows])


def updated_at(session: Session, ids: Sequence[int]) -> dict[int, datetime]:
    """``patents.updated_at`` of these ids, to stamp their search rows with."""
    query = sa.select(t.patents.c.id, t.patents.c.updated_at).where(t.patents.c.id.in_(ids))
    return {row[0]: row[1] for row in session.execute(query)}


def fts_match(dialect: str, tokens: Sequence[str]) -> sa.ColumnElement[bool]:
    """A condition on ``patent_search`` true when every token is in the row's tokens."""
    if dialect == "postgresql":
        # A subquery of its own, so that the GIN index answers it even when the caller
        # ORs it with other conditions (an OR over the whole row would scan every row).
        inner = patent_search_text.alias("fts")
        vector = sa.func.to_tsvector(sa.literal_column("'simple'"), inner.c.tokens)
        query = sa.func.plainto_tsquery(sa.literal_column("'simple'"), " ".join(tokens))
        return patent_search.c.patent_id.in_(
            sa.select(inner.c.patent_id).where(vector.op("@@")(query)))
    phrase = " ".join('"' + token.replace('"', '""') + '"' for token in tokens)
    matched = sa.text("SELECT rowid FROM patent_search_fts WHERE patent_search_fts MATCH :q")
    return patent_search.c.patent_id.in_(matched.bindparams(q=phrase))
