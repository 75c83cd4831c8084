"""``--filter`` expressions of ``kizuna corpus search``: parsed, validated, made queries.

``KEY=VALUE`` for ``cpc`` / ``ipc`` (a class, subclass, main group or whole
symbol: ``H04W``, ``H04W72``, ``H04W 72/04``), ``applicant`` (a name,
normalised the way company names are), ``country`` (``JP``), ``lang`` (``ja``),
``kind`` (``B2``); ``year`` also takes ``>=``, ``<=``, ``>`` and ``<``. A
document's year is its priority year, else its filing, publication or grant
year. Several filters must all hold.

    >>> parse_filter("year>=2015")
    Filter(key='year', op='>=', value='2015')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import tantivy

from kizuna.domain.company_names import normalise_name
from kizuna.errors import InvalidValueError

__all__ = ["FILTER_KEYS", "MAX_FILTERS", "Filter", "filter_query", "parse_filter"]

FILTER_KEYS = ("cpc", "ipc", "applicant", "country", "lang", "kind", "year")
MAX_FILTERS = 20
_FORM = re.compile(r"^\s*([a-z]+)\s*(>=|<=|=|>|<)\s*(\S.{0,199})$", re.DOTALL)


@dataclass(frozen=True)
class Filter:
    key: str
    op: str
    value: str


def parse_filter(text: str) -> Filter:
    """One ``KEY OP VALUE`` expression; :class:`InvalidValueError` names the fault."""
    match = _FORM.match(text)
    if match is None:
        raise InvalidValueError(f"--filter {text!r}: expected KEY=VALUE, e.g. cpc=H04W or "
                                "year>=2015")
    key, op, value = match[1], match[2], match[3].strip()
    if key not in FILTER_KEYS:
        raise InvalidValueError(f"--filter {text!r}: unknown key {key!r}; use one of "
                                f"{', '.join(FILTER_KEYS)}")
    if key == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise InvalidValueError(f"--filter {text!r}: the year must be four digits")
    elif op != "=":
        raise InvalidValueError(f"--filter {text!r}: {key} takes only '='")
    return Filter(key, op, value)


def _term(key: str, value: str) -> str:
    if key in ("cpc", "ipc"):
        return value.replace(" ", "").upper()
    if key == "applicant":
        return normalise_name(value)
    if key == "country":
        return value.upper()
    return value


def filter_query(schema: tantivy.Schema, filters: Sequence[Filter]) -> tantivy.Query | None:
    """A query every filter must match (scoring nothing), or None without filters."""
    if len(filters) > MAX_FILTERS:
        raise InvalidValueError(f"--filter: at most {MAX_FILTERS} filters")
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for item in filters:
        if item.key == "year":
            year = int(item.value)
            low, high = {"=": (year, year), ">=": (year, None), ">": (year + 1, None),
                         "<=": (None, year), "<": (None, year - 1)}[item.op]
            query = tantivy.Query.range_query(schema, "year", tantivy.FieldType.Integer,
                                              lower_bound=low if low is not None else -(2**62),
                                              upper_bound=high if high is not None else 2**62)
        else:
            query = tantivy.Query.term_query(schema, item.key, _term(item.key, item.value))
        clauses.append((tantivy.Occur.Must, query))
    if not clauses:
        return None
    return tantivy.Query.const_score_query(tantivy.Query.boolean_query(clauses), 0.0)
