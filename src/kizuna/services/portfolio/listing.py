"""Run a :class:`PortfolioQuery` against the search table: one page of rows and the total.

The status of each patent is worked out for the query's date (default today)
from what is stored: expired once the computed expiry has passed, lapsed once
the recorded lapse date has passed (or when the office says lapsed and gives no
date), in force (``granted``) from the grant date, ``pending`` from filing.

Text search: every token of ``q`` (see
:func:`~kizuna.adapters.text.search_tokens.search_tokens`) must be in the
patent's title, abstract, claims or parties; a ``q`` that is (part of) a
number or a title substring matches too, as the old list filter did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from kizuna.adapters.storage.search import fts_match, patent_search
from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.domain.ids import normalise_text, parse_number
from kizuna.errors import InvalidNumberError
from kizuna.services.portfolio.index import fold, refresh_index
from kizuna.services.portfolio.legal_cache import cached_legal
from kizuna.services.portfolio.query import PortfolioQuery

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["PortfolioPage", "search_portfolio", "status_on"]

_SEPARATORS = re.compile(r"[\s,./\-]")
c = patent_search.c


@dataclass(frozen=True, kw_only=True)
class PortfolioPage:
    """One page of a portfolio list."""

    rows: tuple[dict[str, Any], ...]
    total: int  # rows matching the query, all pages
    page: int
    per_page: int
    as_of: date

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def status_on(as_of: date) -> sa.ColumnElement[str]:
    """The status of a ``patent_search`` row on ``as_of`` (see the module docstring)."""
    return sa.case(
        (c.expiry <= as_of, "expired"),
        (c.lapse_date <= as_of, "lapsed"),
        (sa.and_(c.status == "lapsed", c.lapse_date.is_(None)), "lapsed"),
        (c.grant_date <= as_of, "granted"),
        (c.filing_date <= as_of, "pending"),
        else_="unknown",
    )


def _number_like(q: str) -> sa.ColumnElement[bool] | None:
    squeezed = _SEPARATORS.sub("", normalise_text(q)).upper()
    conditions = []
    if squeezed.isalnum() and any(ch.isdigit() for ch in squeezed):
        conditions.append(sa.func.upper(c.number).contains(squeezed, autoescape=True))
    try:
        country, space, digits = parse_number(q).key
    except InvalidNumberError:
        pass
    else:
        if space == "document":
            conditions.append(c.number.startswith(f"{country}{digits}", autoescape=True))
    return sa.or_(*conditions) if conditions else None


def _text_filter(q: str, dialect: str) -> sa.ColumnElement[bool] | None:
    if not q:
        return None
    options: list[sa.ColumnElement[bool]] = [c.title_key.contains(fold(q), autoescape=True)]
    tokens = search_tokens(q)
    if tokens:
        options.append(fts_match(dialect, tokens))
    number = _number_like(q)
    if number is not None:
        options.append(number)
    return sa.or_(*options)


def _filters(query: PortfolioQuery, as_of: date, dialect: str) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool] | None] = [_text_filter(query.q, dialect)]
    if query.office:
        found.append(c.country == query.office)
    if query.status:
        found.append(status_on(as_of) == query.status)
    if query.field is not None:
        found.append(c.fields.contains(f"|{query.field}|"))
    if query.sector:
        found.append(c.sectors.contains(f"|{fold(query.sector)}|", autoescape=True))
    if query.owner:
        found.append(c.owners_key.contains(fold(query.owner), autoescape=True))
    if query.expiry_from:
        found.append(c.expiry >= query.expiry_from)
    if query.expiry_to:
        found.append(c.expiry <= query.expiry_to)
    return [f for f in found if f is not None]


def _order(query: PortfolioQuery, as_of: date) -> list[Any]:
    column = {"number": c.number, "title": c.title_key, "office": c.country,
              "status": status_on(as_of), "filing": c.filing_date, "expiry": c.expiry,
              "owner": c.owners_key}[query.sort]
    first = column.desc() if query.descending else column.asc()
    return [first.nulls_last(), c.number, c.patent_id]


def _row(r: Any) -> dict[str, Any]:
    return {"number": r.number, "display": r.display, "title": r.title, "country": r.country,
            "status": r.stored_status, "filing": r.filing_date.isoformat() if r.filing_date
            else None, "claims": r.claims, "sources": r.sources,
            "status_as_of": r.status_now, "expiry": r.expiry.isoformat() if r.expiry else None,
            "owners": r.owners}


def _with_legal(database: Database, found: list[Any], as_of: date) -> list[dict[str, Any]]:
    """Rows with the legal status of ``kizuna patents list`` (maintenance fees included)."""
    legal = cached_legal(database, [r.patent_id for r in found], as_of=as_of)
    rows = []
    for r in found:
        row = _row(r)
        status = legal.get(r.number)
        if status is not None:
            row.update({"legal_status": status.code, "legal_status_label": status.label,
                        "as_of": status.as_of.isoformat()})
            if status.expiry is not None:
                row["expiry"] = status.expiry.isoformat()
        rows.append(row)
    return rows


def search_portfolio(*, database: Database, query: PortfolioQuery) -> PortfolioPage:
    """One page of the stored patents matching ``query``, after refreshing the index.

    Rows have the keys of ``kizuna patents list --json`` plus ``status_as_of``,
    ``expiry`` and ``owners``.
    """
    refresh_index(database=database)
    as_of = query.as_of or date.today()
    dialect = database.engine.dialect.name
    where = _filters(query, as_of, dialect)
    # The total comes with the page (a window count: one pass over the matching rows, not
    # two); only a page past the end, which has no row to carry it, needs a COUNT of its own.
    listing = (sa.select(c.patent_id, c.number, c.display, c.title, c.country,
                         c.status.label("stored_status"), c.filing_date, c.claims, c.sources,
                         c.expiry, c.owners, status_on(as_of).label("status_now"),
                         sa.func.count().over().label("total"))
               .where(*where).order_by(*_order(query, as_of))
               .limit(query.per_page).offset((query.page - 1) * query.per_page))
    with database.session() as session:
        found = list(session.execute(listing))
        if found:
            total = int(found[0].total)
        elif query.page == 1:
            total = 0
        else:
            counting = sa.select(sa.func.count()).select_from(patent_search).where(*where)
            total = int(session.execute(counting).scalar_one())
    rows = tuple(_with_legal(database, found, as_of))
    return PortfolioPage(rows=rows, total=total, page=query.page, per_page=query.per_page,
                         as_of=as_of)
