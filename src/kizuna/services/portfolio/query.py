"""What a portfolio search asks for, validated before any work starts.

Every field is bounded: the query text to 200 characters, pages to 200 rows,
dates must be ISO dates. :func:`parse_query` reads the strings a web form, a
URL or the CLI gives and raises :class:`~kizuna.errors.InvalidValueError`
naming the field and the fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kizuna.errors import InvalidValueError

__all__ = ["MAX_PER_PAGE", "SORT_KEYS", "STATUSES", "PortfolioQuery", "parse_query"]

SORT_KEYS = ("number", "title", "office", "status", "filing", "expiry", "owner")
"""Columns a list can be sorted by."""
STATUSES = ("pending", "granted", "lapsed", "expired", "unknown")
"""Statuses a patent can have on a given date (``granted`` means in force)."""
MAX_PER_PAGE = 200
MAX_QUERY = 200


@dataclass(frozen=True, kw_only=True)
class PortfolioQuery:
    """Search text, filters, sort and page of a portfolio list (all optional)."""

    q: str = ""
    office: str | None = None  # country of the patent office: JP, US, EP…
    status: str | None = None  # one of STATUSES, as of ``as_of``
    as_of: date | None = None  # default today
    field: int | None = None  # WIPO technology field number (1-35)
    sector: str | None = None  # WIPO sector name, case-insensitive
    owner: str | None = None  # applicant/assignee name, substring, any case
    expiry_from: date | None = None
    expiry_to: date | None = None
    sort: str = "number"
    descending: bool = False
    page: int = 1
    per_page: int = 50


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidValueError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from exc


def _int(name: str, value: str | int | None, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise InvalidValueError(f"{name} {value!r} is not a whole number") from exc
    if not low <= number <= high:
        raise InvalidValueError(f"{name} {number} is outside {low}..{high}")
    return number


def _text(name: str, value: str | None, limit: int = MAX_QUERY) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > limit:
        raise InvalidValueError(f"{name} is longer than {limit} characters")
    return value.strip()


def parse_query(params: dict[str, Any]) -> PortfolioQuery:
    """A :class:`PortfolioQuery` from string parameters (``q``, ``office``, ``status``,
    ``as_of``, ``field``, ``sector``, ``owner``, ``expiry_from``, ``expiry_to``,
    ``sort`` (``-expiry`` for descending), ``page``, ``per_page``)."""
    sort = _text("sort", params.get("sort"), 20) or "number"
    descending = sort.startswith("-")
    if sort.lstrip("-") not in SORT_KEYS:
        raise InvalidValueError(f"sort {sort!r} is not one of {', '.join(SORT_KEYS)}")
    status = _text("status", params.get("status"), 20)
    if status is not None and status not in STATUSES:
        raise InvalidValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    office = _text("office", params.get("office"), 4)
    return PortfolioQuery(
        q=_text("q", params.get("q")) or "",
        office=office.upper() if office else None,
        status=status,
        as_of=_date("as_of", params.get("as_of")),
        field=_int("field", params.get("field"), 1, 35),
        sector=_text("sector", params.get("sector"), 100),
        owner=_text("owner", params.get("owner")),
        expiry_from=_date("expiry_from", params.get("expiry_from")),
        expiry_to=_date("expiry_to", params.get("expiry_to")),
        sort=sort.lstrip("-"),
        descending=descending,
        page=_int("page", params.get("page"), 1, 1_000_000) or 1,
        per_page=_int("per_page", params.get("per_page"), 1, MAX_PER_PAGE) or 50,
    )
