"""Read a pool definition (TOML) and member royalty reports / collections (CSV or XLSX).

The formats are documented with an example in docs/pools.md and
``examples/pool.toml``. Unknown keys are errors; every error names the file
and the table, row or line.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kizuna.domain.money import FxRate, minor_unit, parse_amount, parse_rate
from kizuna.domain.pools.model import (
    LEAVE_REASONS,
    Assessment,
    Contribution,
    Member,
    Pool,
    PoolTerms,
    ReportLine,
    Tier,
)
from kizuna.errors import InvalidValueError, KizunaError, MalformedDocumentError
from kizuna.services.files import read_bounded

__all__ = [
    "Collection",
    "pool_document",
    "read_pool",
    "read_pool_data",
    "read_pool_text",
    "read_rows",
    "read_table",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
POOL_KEYS = {
    "name", "standard", "currency", "administrator", "fee_rate", "fields", "territories",
    "country_weighting", "remaining_life_weight",
}  # fmt: skip
TERMS_KEYS = {
    "bilateral_licensing_allowed", "alternative_technologies_allowed", "grant_back",
    "confidentiality_firewall", "patent_removal_when_not_essential",
}  # fmt: skip
CONTRIBUTION_KEYS = {
    "territories", "until",
    "founder", "patent", "country", "expires", "joined", "left", "left_reason", "fields",
    "assessment",
}  # fmt: skip
ASSESSMENT_KEYS = {"kind", "by", "on", "essential", "reference"}
TIER_KEYS = {
    "name", "criteria", "per_unit", "percent", "cap", "minimum", "early_bird_discount",
    "early_bird_until",
}  # fmt: skip
MEMBER_KEYS = {"name", "tier", "effective", "ends"}
FX_KEYS = {"base", "quote", "rate", "date", "source"}
TOP_KEYS = {"pool", "terms", "founders", "contributions", "tiers", "members", "fx"}
REPORT_COLUMNS = ("member", "period", "country", "currency", "units", "net_sales")
COLLECTION_COLUMNS = ("member", "period", "currency", "amount", "paid_on")


class _Where:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, fault: str) -> KizunaError:
        return InvalidValueError(f"{self.path}: {where}: {fault}")

    def keys(self, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(
                where,
                f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})",
            )

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"{key} must be a non-empty string")
        if len(value) > 500:
            raise self.fail(where, f"{key} is longer than 500 characters")
        return value.strip()

    def day(
        self, table: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> date | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(where, f"{key} must be a date like 2026-03-31, not {value!r}")

    def number(self, table: Mapping[str, Any], key: str, where: str) -> Decimal | None:
        if key not in table:
            return None
        try:
            return parse_amount(table[key], name=key)
        except InvalidValueError as exc:
            raise self.fail(where, str(exc)) from None

    def rate(self, table: Mapping[str, Any], key: str, where: str) -> Decimal | None:
        if key not in table:
            return None
        try:
            return parse_rate(table[key], name=key)
        except InvalidValueError as exc:
            raise self.fail(where, str(exc)) from None

    def flag(self, table: Mapping[str, Any], key: str, where: str) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(where, f"{key} must be true or false")

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"write [[{key}]] tables")
        return value


def _contribution(
    w: _Where, row: Mapping[str, Any], where: str, founders: set[str]
) -> Contribution:
    w.keys(row, CONTRIBUTION_KEYS, where)
    founder = w.text(row, "founder", where)
    if founder not in founders:
        raise w.fail(where, f"founder {founder!r} is not listed under [[founders]]")
    reason = w.text(row, "left_reason", where, required=False)
    if reason and reason not in LEAVE_REASONS:
        raise w.fail(where, f"left_reason must be one of {', '.join(LEAVE_REASONS)}")
    assessment = None
    if "assessment" in row:
        a = row["assessment"]
        if not isinstance(a, dict):
            raise w.fail(where, "assessment must be a table")
        w.keys(a, ASSESSMENT_KEYS, f"{where}.assessment")
        kind = w.text(a, "kind", f"{where}.assessment")
        if kind not in ("evaluator", "chart"):
            raise w.fail(f"{where}.assessment", "kind must be evaluator or chart")
        essential = w.flag(a, "essential", f"{where}.assessment")
        if essential is None:
            raise w.fail(f"{where}.assessment", "essential must be true or false")
        assessment = Assessment(
            kind=kind,
            by=w.text(a, "by", f"{where}.assessment"),
            on=w.day(a, "on", f"{where}.assessment"),  # type: ignore[arg-type]
            essential=essential,
            reference=w.text(a, "reference", f"{where}.assessment", required=False),
        )
    fields = row.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise w.fail(where, "fields must be a list of strings")
    territories = row.get("territories", [])
    if not isinstance(territories, list) or not all(isinstance(t, str) for t in territories):
        raise w.fail(where, "territories must be a list of country codes")
    return Contribution(
        territories=tuple(t.strip().upper() for t in territories),
        until=w.day(row, "until", where, required=False),
        founder=founder,
        patent=w.text(row, "patent", where),
        country=w.text(row, "country", where).upper(),
        expires=w.day(row, "expires", where, required=False),
        joined=w.day(row, "joined", where),  # type: ignore[arg-type]
        left=w.day(row, "left", where, required=False),
        left_reason=reason,
        fields=tuple(fields),
        assessment=assessment,
    )


def _tier(w: _Where, row: Mapping[str, Any], where: str) -> Tier:
    w.keys(row, TIER_KEYS, where)
    tier = Tier(
        name=w.text(row, "name", where),
        criteria=w.text(row, "criteria", where, required=False),
        per_unit=w.number(row, "per_unit", where),
        percent=w.rate(row, "percent", where),
        cap=w.number(row, "cap", where),
        minimum=w.number(row, "minimum", where),
        early_bird_discount=w.rate(row, "early_bird_discount", where) or Decimal(0),
        early_bird_until=w.day(row, "early_bird_until", where, required=False),
    )
    if tier.per_unit is None and tier.percent is None:
        raise w.fail(where, "a tier needs per_unit, percent or both")
    if tier.cap is not None and tier.minimum is not None and tier.minimum > tier.cap:
        raise w.fail(where, "minimum is above cap")
    return tier


def pool_document(text: str, *, path: str = "<pool>") -> dict[str, Any]:
    """The pool file's tables: TOML, or JSON when ``path`` ends ``.json``."""
    if path.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise MalformedDocumentError(path, f"not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise MalformedDocumentError(path, "a pool file is a JSON object")
        return data
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MalformedDocumentError(path, f"not valid TOML ({exc})") from None


def read_pool_text(text: str, *, path: str = "<pool>") -> tuple[Pool, tuple[FxRate, ...]]:
    """Parse a pool file's text (TOML, or JSON for a ``.json`` path); errors name ``path``."""
    return read_pool_data(pool_document(text, path=path), path=path)


def read_pool_data(
    data: Mapping[str, Any], *, path: str = "<pool>"
) -> tuple[Pool, tuple[FxRate, ...]]:
    """Build the pool from its tables (parsed TOML/JSON, or a stored ledger's definition)."""
    w = _Where(path)
    w.keys(data, TOP_KEYS, "top level")
    head = data.get("pool")
    if not isinstance(head, dict):
        raise w.fail("[pool]", "the [pool] table is missing")
    w.keys(head, POOL_KEYS, "[pool]")
    currency = w.text(head, "currency", "[pool]").upper()
    try:
        minor_unit(currency)
    except InvalidValueError as exc:
        raise w.fail("[pool]", str(exc)) from None
    founders = [
        w.text(f, "name", f"founders[{i}]") for i, f in enumerate(w.tables(data, "founders"))
    ]
    if not founders or len(set(founders)) != len(founders):
        raise w.fail("[[founders]]", "list each founder once (at least one)")
    contributions = tuple(
        _contribution(w, row, f"contributions[{i}]", set(founders))
        for i, row in enumerate(w.tables(data, "contributions"))
    )
    tiers = tuple(_tier(w, row, f"tiers[{i}]") for i, row in enumerate(w.tables(data, "tiers")))
    tier_names = {t.name for t in tiers}
    members = []
    for i, row in enumerate(w.tables(data, "members")):
        where = f"members[{i}]"
        w.keys(row, MEMBER_KEYS, where)
        member = Member(
            name=w.text(row, "name", where),
            tier=w.text(row, "tier", where),
            effective=w.day(row, "effective", where),  # type: ignore[arg-type]
            ends=w.day(row, "ends", where, required=False),
        )
        if member.tier not in tier_names:
            raise w.fail(where, f"tier {member.tier!r} is not defined under [[tiers]]")
        members.append(member)
    if len({m.name for m in members}) != len(members):
        raise w.fail("[[members]]", "a member is listed twice")
    terms_table = data.get("terms", {})
    w.keys(terms_table, TERMS_KEYS, "[terms]")
    grant_back = terms_table.get("grant_back")
    if grant_back is not None and grant_back not in ("none", "essential-nonexclusive", "broad"):
        raise w.fail("[terms]", "grant_back must be none, essential-nonexclusive or broad")
    terms = PoolTerms(
        bilateral_licensing_allowed=w.flag(terms_table, "bilateral_licensing_allowed", "[terms]"),
        alternative_technologies_allowed=w.flag(
            terms_table, "alternative_technologies_allowed", "[terms]"
        ),
        grant_back=grant_back,
        confidentiality_firewall=w.flag(terms_table, "confidentiality_firewall", "[terms]"),
        patent_removal_when_not_essential=w.flag(
            terms_table, "patent_removal_when_not_essential", "[terms]"
        ),
    )
    weighting = head.get("country_weighting", "sales")
    if weighting not in ("sales", "flat"):
        raise w.fail("[pool]", "country_weighting must be sales or flat")
    fx = []
    for i, row in enumerate(w.tables(data, "fx")):
        where = f"fx[{i}]"
        w.keys(row, FX_KEYS, where)
        rate = w.number(row, "rate", where)
        fx.append(
            FxRate(
                base=w.text(row, "base", where).upper(),
                quote=w.text(row, "quote", where).upper(),
                rate=rate if rate is not None else Decimal(0),
                on=w.day(row, "date", where),  # type: ignore[arg-type]
                source=w.text(row, "source", where),
            )
        )
    pool = Pool(
        name=w.text(head, "name", "[pool]"),
        standard=w.text(head, "standard", "[pool]"),
        currency=currency,
        administrator=w.text(head, "administrator", "[pool]"),
        fee_rate=w.rate(head, "fee_rate", "[pool]") or Decimal(0),
        fields=tuple(head.get("fields", [])),
        territories=tuple(str(t).upper() for t in head.get("territories", [])),
        founders=tuple(founders),
        contributions=contributions,
        tiers=tiers,
        members=tuple(members),
        terms=terms,
        remaining_life_weight=w.rate(head, "remaining_life_weight", "[pool]") or Decimal(0),
        country_weighting=weighting,
    )
    return pool, tuple(fx)


def read_pool(path: Path) -> tuple[Pool, tuple[FxRate, ...]]:
    """Read a pool file from disk (UTF-8)."""
    data = read_bounded(path, limit=MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValueError(f"{path}: not UTF-8 text (save the pool file as UTF-8)") from None
    return read_pool_text(text, path=str(path))


def read_table(data: bytes, *, path: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8 or cp932) or XLSX file as dicts of stripped text."""
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data, path=path)
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidValueError(f"{path}: neither UTF-8 nor Shift_JIS (cp932) text")
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, str]] = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise InvalidValueError(f"{path}: more than {MAX_ROWS} rows")
        rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in row.items()})
    return rows


def _xlsx_rows(data: bytes, *, path: str) -> list[dict[str, str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # extra, lazily

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise MalformedDocumentError(
            path, f"not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    sheet = book.worksheets[0]
    rows: list[dict[str, str]] = []
    header: list[str] = []
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else str(v).strip() for v in values]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidValueError(f"{path}: more than {MAX_ROWS} rows")
        if any(cells):
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def read_rows(
    data: bytes, *, path: str, columns: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers (header is line 1); a missing column is an error."""
    rows = read_table(data, path=path)
    if rows:
        missing = [c for c in columns if c not in rows[0]]
        if missing:
            raise InvalidValueError(
                f"{path}: missing column(s) {', '.join(missing)} (need {', '.join(columns)})"
            )
    return [(i + 2, row) for i, row in enumerate(rows)]


class Collection:
    """A payment received from a member for a period."""

    def __init__(
        self, member: str, period: str, currency: str, amount: Decimal, paid_on: date
    ) -> None:
        self.member, self.period, self.currency = member, period, currency
        self.amount, self.paid_on = amount, paid_on


def report_lines(data: bytes, *, path: str) -> list[ReportLine]:
    """Member report lines from CSV/XLSX bytes; errors name the file and line."""
    lines = []
    for number, row in read_rows(data, path=path, columns=REPORT_COLUMNS):
        where = f"{path}: line {number}"
        try:
            lines.append(
                ReportLine(
                    member=_required(row, "member", where),
                    period=_required(row, "period", where).upper(),
                    country=_required(row, "country", where).upper(),
                    currency=_currency(row, where),
                    units=parse_amount(row.get("units") or "0", name=f"{where}: units"),
                    net_sales=parse_amount(row.get("net_sales") or "0", name=f"{where}: net_sales"),
                    source=f"{path}:{number}",
                )
            )
        except InvalidValueError as exc:
            raise InvalidValueError(
                str(exc) if str(exc).startswith(where) else f"{where}: {exc}"
            ) from None
    return lines


def collections(data: bytes, *, path: str) -> list[Collection]:
    """Payments received from members; errors name the file and line."""
    result = []
    for number, row in read_rows(data, path=path, columns=COLLECTION_COLUMNS):
        where = f"{path}: line {number}"
        try:
            paid_on = date.fromisoformat(_required(row, "paid_on", where))
        except ValueError:
            raise InvalidValueError(f"{where}: paid_on must be a date like 2026-04-30") from None
        result.append(
            Collection(
                member=_required(row, "member", where),
                period=_required(row, "period", where).upper(),
                currency=_currency(row, where),
                amount=parse_amount(row.get("amount") or "", name=f"{where}: amount"),
                paid_on=paid_on,
            )
        )
    return result


def _required(row: Mapping[str, str], key: str, where: str) -> str:
    value = row.get(key, "")
    if not value:
        raise InvalidValueError(f"{where}: {key} is empty")
    if len(value) > 300:
        raise InvalidValueError(f"{where}: {key} is longer than 300 characters")
    return value


def _currency(row: Mapping[str, str], where: str) -> str:
    code = _required(row, "currency", where).upper()
    try:
        minor_unit(code)
    except InvalidValueError as exc:
        raise InvalidValueError(f"{where}: {exc}") from None
    return code
