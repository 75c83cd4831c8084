"""Turn one tabular record (Kizuna field name -> cell value) into a Patent.

A fault that makes the record unusable (an unreadable number or date, bad
claims) raises :class:`RowError`; the reader turns it into a
:class:`~kizuna.errors.SourceError` naming the file and row, and goes on.
Lesser faults (an unreadable classification symbol) become warnings on the
record's :class:`~kizuna.domain.patent.SourceRef`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from kizuna.adapters.sources.tabular.columns import (
    GOOGLE,
    ColumnMapping,
    parse_cell_date,
    parse_cell_number,
    split_names,
)
from kizuna.domain.citations import Citation
from kizuna.domain.claims import RawClaim, build_claims
from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import (
    ClaimsBasis,
    ClaimSet,
    Classification,
    ClassificationScheme,
    LocalText,
    Party,
    PartyRole,
    Patent,
    PatentDates,
    PatentStatus,
    SourceRef,
    canonical_number,
)
from kizuna.errors import InvalidNumberError, KizunaError

__all__ = ["RecordContext", "RowError", "guess_lang", "record_to_patent"]

Cell = object  # a CSV cell is a str; a JSONL value may be any JSON value


class RowError(Exception):
    """A record cannot be read; the message says which field and why."""


@dataclass(kw_only=True)
class RecordContext:
    """Where a record comes from: the file, its format and the record's place in it."""

    file: str
    sha256: str
    format: str
    where: str  # "row 4" (CSV, as a spreadsheet numbers it) or "line 2" (JSONL)
    mapping: ColumnMapping
    warnings: list[str] = field(default_factory=list)


_ROLES = (
    ("applicants", PartyRole.APPLICANT),
    ("assignees", PartyRole.ASSIGNEE),
    ("inventors", PartyRole.INVENTOR),
)
_MAX_CITATIONS = 10_000  # per record: far above any real citation list
_SYMBOL = re.compile(r"^([A-HY]\d{2}[A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})$")


def record_to_patent(record: Mapping[str, Cell], ctx: RecordContext) -> Patent:
    """Map one record; raise :class:`RowError` when its number or a date is unreadable."""
    numbers = _numbers(record, ctx)
    number = canonical_number(numbers)
    lang = _text(record.get("lang")).lower() or guess_lang(
        _text(record.get("title")) + _text(record.get("abstract"))
    )
    dates = _dates(record, number, ctx)
    title, abstract = _text(record.get("title")), _text(record.get("abstract"))
    granted = number.type is NumberType.GRANT or dates.grant is not None
    return Patent(
        number=number,
        numbers=numbers,
        titles=(LocalText(lang=lang, text=title),) if title else (),
        lang=lang,
        dates=dates,
        parties=_parties(record, ctx),
        classifications=_classifications(record, ctx),
        claim_sets=_claim_sets(record, number, lang, ctx),
        abstracts=(LocalText(lang=lang, text=abstract),) if abstract else (),
        status=PatentStatus.GRANTED if granted else PatentStatus.UNKNOWN,
        citations=_citations(record, ctx),
        sources=(SourceRef(
            file=ctx.file, sha256=ctx.sha256, format=ctx.format, document=ctx.where,
            warnings=tuple(ctx.warnings),
        ),),
    )


def guess_lang(text: str) -> str:
    """``ja`` when the text has kana or kanji, else ``en``."""
    return "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else "en"


def _cells(value: Cell, mapping: ColumnMapping) -> tuple[str, ...]:
    """The items of a list cell: a JSON array, or a string split on the separator."""
    if isinstance(value, list):
        return split_names(value, mapping)
    return split_names(_text(value), mapping)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def _numbers(record: Mapping[str, Cell], ctx: RecordContext) -> tuple[PatentNumber, ...]:
    cells = [_text(record.get("number")), *_cells(record.get("numbers"), ctx.mapping)]
    found: dict[tuple[str, str, str], PatentNumber] = {}
    for cell in (c for c in cells if c):
        try:
            parsed = parse_cell_number(cell)
        except InvalidNumberError as exc:
            raise RowError(f"number {cell!r} cannot be read ({exc})") from exc
        found.setdefault(parsed.key, parsed)
    if not found:
        raise RowError("no number (the number/numbers columns are empty)")
    return tuple(found.values())


def _date(record: Mapping[str, Cell], name: str) -> date | None:
    try:
        return parse_cell_date(_text(record.get(name)))
    except ValueError as exc:
        raise RowError(f"{name}: {exc}") from exc


def _dates(record: Mapping[str, Cell], number: PatentNumber, ctx: RecordContext) -> PatentDates:
    values = {n: _date(record, n) for n in
              ("filing_date", "priority_date", "publication_date", "grant_date")}
    publication, grant = values["publication_date"], values["grant_date"]
    if ctx.mapping is GOOGLE and number.type is NumberType.GRANT:
        # Google's "publication date" of a B document is the grant's own publication.
        grant, publication = grant or publication, None
    return PatentDates(
        filing=values["filing_date"],
        priority=values["priority_date"],
        publication=publication,
        grant=grant,
    )


def _parties(record: Mapping[str, Cell], ctx: RecordContext) -> tuple[Party, ...]:
    parties: list[Party] = []
    for column, role in _ROLES:
        names = _cells(record.get(column), ctx.mapping)
        parties.extend(
            Party(role=role, name=name, sequence=i) for i, name in enumerate(names, start=1)
        )
    return tuple(parties)


def _classifications(
    record: Mapping[str, Cell], ctx: RecordContext
) -> tuple[Classification, ...]:
    found: list[Classification] = []
    for column, scheme in (("ipc", ClassificationScheme.IPC), ("cpc", ClassificationScheme.CPC)):
        for symbol in _cells(record.get(column), ctx.mapping):
            m = _SYMBOL.match(symbol.upper())
            if m is None:
                ctx.warnings.append(f"{column} symbol {symbol!r} cannot be read; left out")
                continue
            found.append(Classification(scheme=scheme, code=f"{m[1]} {m[2]}/{m[3]}"))
    return tuple(found)


#: Cited numbers repeat across a file (well-known prior art): parse each form once.
_cited_number = lru_cache(maxsize=16_384)(parse_cell_number)


def _citations(record: Mapping[str, Cell], ctx: RecordContext) -> tuple[Citation, ...]:
    """The ``citations`` cell: numbers of documents the patent cites (who cited: unknown)."""
    found: list[Citation] = []
    for cell in _cells(record.get("citations"), ctx.mapping)[:_MAX_CITATIONS]:
        try:
            number = _cited_number(cell)
        except InvalidNumberError as exc:
            ctx.warnings.append(f"citation {cell!r} cannot be read ({exc}); left out")
            continue
        found.append(Citation(number=number, country=number.country, kind=number.kind or "",
                              source="other", text=cell))
    return tuple(dict.fromkeys(found))


def _claim_sets(
    record: Mapping[str, Cell], number: PatentNumber, lang: str, ctx: RecordContext
) -> tuple[ClaimSet, ...]:
    cell = record.get("claims")
    if not cell:
        return ()
    if not isinstance(cell, list):
        raise RowError("claims must be a list of {number, text, lang} objects")
    basis = _basis(_text(record.get("claims_basis")), number)
    by_lang: dict[str, list[RawClaim]] = {}
    for item in cell:
        raw = _raw_claim(item, lang)
        by_lang.setdefault(raw.lang, []).append(raw)
    sets = []
    for claim_lang, raw_claims in by_lang.items():
        try:
            claims = build_claims(raw_claims, source=ctx.file)
        except KizunaError as exc:
            raise RowError(f"claims: {exc}") from exc
        sets.append(ClaimSet(lang=claim_lang, basis=basis, claims=claims, source=ctx.file))
    return tuple(sets)


def _basis(text: str, number: PatentNumber) -> ClaimsBasis:
    if not text:
        return ClaimsBasis.GRANTED if number.type is NumberType.GRANT else ClaimsBasis.AS_PUBLISHED
    try:
        return ClaimsBasis(text.lower())
    except ValueError as exc:
        known = ", ".join(b.value for b in ClaimsBasis)
        raise RowError(f"claims_basis {text!r} is not one of {known}") from exc


def _raw_claim(item: object, lang: str) -> RawClaim:
    if not isinstance(item, dict):
        raise RowError(f"claim {item!r} is not a {{number, text, lang}} object")
    number, text = item.get("number"), item.get("text")
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise RowError(f"claim number {number!r} is not a positive whole number")
    if not isinstance(text, str) or not text.strip():
        raise RowError(f"claim {number} has no text")
    return RawClaim(number=number, text=text.strip(), lang=str(item.get("lang") or lang))
