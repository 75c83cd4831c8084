"""The two column mappings a tabular file may use, and the readers of their cells.

``google``: the CSV that Google Patents' "Download (CSV)" button writes: a
``search URL:`` line, then ``id,title,assignee,inventor/author,priority date,
filing/creation date,publication date,grant date,result link,representative
figure link``; ids like ``US-8930553-B2``; several names in one cell joined by
``", "``.

``kizuna``: Kizuna's own columns (``number``, ``numbers``, ``title``, ``lang``,
``filing_date``, ``priority_date``, ``publication_date``, ``grant_date``,
``applicants``, ``assignees``, ``inventors``, ``ipc``, ``cpc``, ``abstract``, ``citations``;
JSONL adds ``claims`` and ``claims_basis``); lists are ``;``-separated in CSV,
JSON arrays (or ``;`` strings) in JSONL.

Both are documented field by field in ``docs/formats/tabular.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kizuna.domain.ids import PatentNumber, normalise_text, parse_number

__all__ = [
    "GOOGLE",
    "KIZUNA",
    "ColumnMapping",
    "detect_mapping",
    "parse_cell_date",
    "parse_cell_number",
    "split_names",
]


@dataclass(frozen=True, kw_only=True)
class ColumnMapping:
    """A header vocabulary: source column name (lower case) -> Kizuna field name.

    Columns mapped to ``None`` are known and deliberately not read (no warning).
    ``separator`` splits list cells; ``comma_names`` re-joins company suffixes
    (``"Hmicro, Inc."``) that a comma separator would cut off.
    """

    name: str
    columns: dict[str, str | None]
    separator: str
    comma_names: bool = False

    def field_of(self, column: str) -> str | None:
        return self.columns.get(_header_key(column))

    def unknown(self, header: Iterable[str]) -> tuple[str, ...]:
        """Columns of ``header`` this mapping does not know, in file order."""
        return tuple(c for c in header if c.strip() and _header_key(c) not in self.columns)


GOOGLE = ColumnMapping(
    name="google",
    columns={
        "id": "number",
        "title": "title",
        "assignee": "assignees",
        "inventor/author": "inventors",
        "priority date": "priority_date",
        "filing/creation date": "filing_date",
        "publication date": "publication_date",
        "grant date": "grant_date",
        "result link": None,
        "representative figure link": None,
    },
    separator=",",
    comma_names=True,
)

_KIZUNA_FIELDS = (
    "number", "numbers", "title", "lang", "filing_date", "priority_date", "publication_date",
    "grant_date", "applicants", "assignees", "inventors", "ipc", "cpc", "abstract", "citations",
)
KIZUNA = ColumnMapping(
    name="kizuna", columns={f: f for f in _KIZUNA_FIELDS}, separator=";"
)
KIZUNA_JSONL = ColumnMapping(
    name="kizuna",
    columns={**KIZUNA.columns, "claims": "claims", "claims_basis": "claims_basis"},
    separator=";",
)
_GOOGLE_MARKERS = {"inventor/author", "filing/creation date", "result link"}


def _header_key(column: str) -> str:
    return " ".join(column.replace("\ufeff", "").strip().lower().split())


def detect_mapping(header: Iterable[str], *, jsonl: bool = False) -> ColumnMapping | None:
    """The mapping a header uses, or None when it is neither."""
    keys = {_header_key(c) for c in header}
    if "id" in keys and keys & _GOOGLE_MARKERS:
        return GOOGLE
    if keys & {"number", "numbers"}:
        return KIZUNA_JSONL if jsonl else KIZUNA
    return None


_GOOGLE_ID = re.compile(r"^([A-Z]{2})-([A-Z]{0,2}\d+)(?:-([A-Z]\d?))?$")


def parse_cell_number(text: str) -> PatentNumber:
    """A number in any form :func:`parse_number` reads, or Google's ``US-8930553-B2``.

    Raises :class:`~kizuna.errors.InvalidNumberError`.
    """
    folded = normalise_text(text)
    if m := _GOOGLE_ID.match(folded.upper()):
        folded = f"{m[1]}{m[2]}{m[3] or ''}"
    return parse_number(folded)


_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_cell_date(text: str) -> date | None:
    """``2020-07-20``, ``2020/7/20`` (Excel in Japan), ``20200720``, ``2020年7月20日``.

    A trailing time (``2020-07-20 00:00:00``, as spreadsheets write) is ignored;
    an empty cell is None. Raises :class:`ValueError` for anything else.
    """
    folded = normalise_text(text)
    if not folded:
        return None
    folded = folded.split(" ")[0].split("T")[0]
    for form in _DATE_FORMS:
        if m := form.match(folded):
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a valid date: {exc}") from exc
    raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD)")


# Company-form words that follow a comma inside one name ("Hmicro, Inc.", "Co., Ltd.").
_SUFFIX = re.compile(
    r"^(inc|ltd|llc|l\.l\.c|co|corp|corporation|company|limited|gmbh|ag|kg|sa|s\.a|nv|n\.v|bv|"
    r"b\.v|plc|lp|l\.p|llp|kk|k\.k|se|ab|oy|spa|s\.p\.a|srl|s\.r\.l|pty|pte|jr|sr)\.?$",
    re.IGNORECASE,
)


def split_names(value: str | list[object], mapping: ColumnMapping) -> tuple[str, ...]:
    """Names of one cell: split on the mapping's separator, company suffixes re-joined."""
    if isinstance(value, list):
        return tuple(n for n in (str(v).strip() for v in value) if n)
    parts = [p.strip() for p in value.split(mapping.separator)]
    names: list[str] = []
    for part in parts:
        if not part:
            continue
        if mapping.comma_names and names and _SUFFIX.match(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return tuple(names)
