"""Read a company file (CSV or JSONL) into :class:`Company` records with a per-row report.

Columns (CSV header or JSONL keys), from issue 4: ``name_ja, name_en, name_kana,
aliases, corporate_number, parent, jsic, country, japan_revenue,
revenue_currency, revenue_date, products, urls, signals``; lists are
semicolon-separated (JSONL may also give arrays). Optional columns:
``former_names``, ``revenue_line``, ``revenue_source``. A CSV without one of
the required columns, or with an unknown column, is refused as a whole (the
error names the columns); JSONL objects may leave keys out.

Encodings: UTF-8 (with or without BOM), then cp932 (Shift_JIS as Excel in Japan
saves it); anything else is an :class:`~kizuna.errors.EncodingError` naming the file.

    >>> result = read_companies(Path("companies.csv"))  # doctest: +SKIP
    >>> result.rows[0].company.display_name, result.failed
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kizuna.domain.company import Company, JapanRevenue, Signal
from kizuna.domain.ids import is_valid_corporate_number
from kizuna.domain.money import MINOR_UNITS, parse_amount
from kizuna.errors import EmptyFileError, EncodingError, InputError, MalformedDocumentError

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "CompanyFile",
    "ParsedRow",
    "RowFailure",
    "decode",
    "read_companies",
]

REQUIRED_COLUMNS = (
    "name_ja", "name_en", "name_kana", "aliases", "corporate_number", "parent", "jsic",
    "country", "japan_revenue", "revenue_currency", "revenue_date", "products", "urls",
    "signals",
)
OPTIONAL_COLUMNS = ("former_names", "revenue_line", "revenue_source")
_LISTS = {"aliases", "former_names", "jsic", "products", "urls", "signals"}
_JSIC = re.compile(r"^(?:[A-T]|\d{2,4})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, kw_only=True)
class RowFailure:
    """A refused row: its line in the file and why."""

    line: int
    error: str

    def to_json(self) -> dict[str, Any]:
        """``{"line", "error"}``."""
        return {"line": self.line, "error": self.error}


@dataclass(frozen=True, kw_only=True)
class ParsedRow:
    """A valid row, the line it came from and the columns it gave a value (``given``)."""

    line: int
    company: Company
    given: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class CompanyFile:
    """What a company file holds: valid rows and refused rows."""

    file: str
    rows: list[ParsedRow] = field(default_factory=list)
    failed: list[RowFailure] = field(default_factory=list)


def decode(path: Path, data: bytes) -> str:
    """The text of ``data``: UTF-8 (BOM allowed), else cp932; EncodingError otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EncodingError(path, "not UTF-8 or Shift_JIS (cp932) text; save the file as UTF-8")


def read_companies(path: Path, data: bytes | None = None) -> CompanyFile:
    """Read ``path`` (or ``data`` named ``path``) into valid companies and refused rows.

    Raises :class:`~kizuna.errors.SourceError` subclasses for a whole-file
    fault (empty, undecodable, missing or unknown columns, unknown extension).
    """
    raw = path.read_bytes() if data is None else data
    if not raw.strip():
        raise EmptyFileError(path, "the file is empty")
    text = decode(path, raw)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path, text)
    elif suffix in {".jsonl", ".ndjson"}:
        records = _jsonl_records(text)
    else:
        raise MalformedDocumentError(path, "a company file is .csv or .jsonl")
    result = CompanyFile(file=path.name)
    for line, values in records:
        if isinstance(values, str):
            result.failed.append(RowFailure(line=line, error=values))
            continue
        try:
            company = _company(values, source=f"{path.name}:{line}")
        except InputError as exc:
            result.failed.append(RowFailure(line=line, error=str(exc)))
            continue
        result.rows.append(ParsedRow(line=line, company=company, given=_given(values)))
    return result


def _csv_records(path: Path, text: str) -> list[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing required columns: {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown columns: {', '.join(unknown)}")
        raise MalformedDocumentError(path, "; ".join(parts))
    records: list[tuple[int, dict[str, Any] | str]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            records.append((line, f"{len(cells)} cells, the header has {len(header)}"))
            continue
        records.append((line, dict(zip(header, cells, strict=True))))
    return records


def _jsonl_records(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    records: list[tuple[int, dict[str, Any] | str]] = []
    for line, body in enumerate(text.splitlines(), start=1):
        if not body.strip():
            continue
        try:
            value = json.loads(body)
        except json.JSONDecodeError as exc:
            records.append((line, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(value, dict):
            records.append((line, "not a JSON object"))
            continue
        unknown = [k for k in value if k not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        if unknown:
            records.append((line, f"unknown keys: {', '.join(map(str, unknown))}"))
            continue
        records.append((line, value))
    return records


def _given(values: dict[str, Any]) -> frozenset[str]:
    """The columns with a non-empty value (an empty cell or ``null`` is not given)."""
    return frozenset(
        key for key, value in values.items()
        if value is not None and (str(value).strip() if not isinstance(value, list) else value)
    )


def _text(values: dict[str, Any], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"{key}: {value!r} is not text")
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def _list(values: dict[str, Any], key: str) -> tuple[str, ...]:
    value = values.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(";")
    out = []
    for item in items:
        if not isinstance(item, str):
            raise InputError(f"{key}: {item!r} is not text")
        cleaned = " ".join(item.split())
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return tuple(out)


def _corporate_number(values: dict[str, Any]) -> str | None:
    text = _text(values, "corporate_number")
    if text is None:
        return None
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))
    if not (digits.isdigit() and len(digits) == 13):
        raise InputError(f"corporate_number {text!r}: a corporate number (法人番号) has 13 digits")
    if not is_valid_corporate_number(digits):
        raise InputError(f"corporate_number {text!r}: the check digit is wrong")
    return digits


def _revenue(values: dict[str, Any]) -> JapanRevenue | None:
    amount = _text(values, "japan_revenue")
    currency = _text(values, "revenue_currency")
    when = _text(values, "revenue_date")
    if amount is None:
        if currency or when:
            raise InputError("revenue_currency/revenue_date given without japan_revenue")
        return None
    value = parse_amount(amount, name="japan_revenue")
    if currency is None or when is None:
        raise InputError("japan_revenue needs revenue_currency and revenue_date")
    code = currency.upper()
    if code not in MINOR_UNITS:
        raise InputError(f"revenue_currency {currency!r}: unknown currency "
                         f"(known: {', '.join(sorted(MINOR_UNITS))})")
    try:
        as_of = date.fromisoformat(when)
    except ValueError:
        raise InputError(f"revenue_date {when!r} is not a date (YYYY-MM-DD)") from None
    return JapanRevenue(amount=value, currency=code, as_of=as_of,
                        line=_text(values, "revenue_line"), source=_text(values, "revenue_source"))


def _signal(text: str) -> str:
    """A known signal in its code form (``JA_UI`` -> ``ja-ui``); free text as given."""
    code = text.strip().lower().replace("_", "-").replace(" ", "-")
    return code if code in {s.value for s in Signal} else text


def _company(values: dict[str, Any], *, source: str) -> Company:
    names = {k: _text(values, k) for k in ("name_ja", "name_en", "name_kana")}
    if not any(names.values()):
        raise InputError("no name: give name_ja, name_en or name_kana")
    country = (_text(values, "country") or "JP").upper()
    if not _COUNTRY.match(country):
        raise InputError(f"country {country!r}: use an ISO 3166 two-letter code (JP, US…)")
    jsic = _list(values, "jsic")
    bad = [code for code in jsic if not _JSIC.match(code)]
    if bad:
        raise InputError(f"jsic {', '.join(bad)}: a JSIC code is a letter A-T or 2-4 digits")
    return Company(
        name_ja=names["name_ja"],
        name_en=names["name_en"],
        name_kana=names["name_kana"],
        aliases=_list(values, "aliases"),
        former_names=_list(values, "former_names"),
        corporate_number=_corporate_number(values),
        parent=_text(values, "parent"),
        jsic=jsic,
        country=country,
        japan_revenue=_revenue(values),
        products=_list(values, "products"),
        urls=_list(values, "urls"),
        signals=tuple(_signal(s) for s in _list(values, "signals")),
        source=source,
    )
