"""Read the royalty, tax and FX reference data (shipped or the user's own CSV).

Shipped files (``kizuna/data``, see its SOURCES.md): ``comparables.csv``,
``treaty_rates.csv``, ``fx_rates.csv``, ``frand_presets.toml``. A user's
comparables CSV has the same columns as ``comparables.csv``
(:data:`COMPARABLE_COLUMNS`); :func:`read_comparables` reads it row by row and
reports each bad row with its line number instead of stopping.

``data_version()`` names the data used in every output: the package version
and a short hash of the four files, so two outputs can be compared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from kizuna import __version__
from kizuna.adapters.reference import read_data_text
from kizuna.domain.frand import FrandPreset
from kizuna.domain.money import FxRate, FxTable, parse_amount, parse_rate
from kizuna.domain.royalty import Comparable, ComparableKind, RateBase, Status, parse_kind
from kizuna.domain.tax import TreatyRate, TreatyTable
from kizuna.errors import (
    EmptyFileError,
    EncodingError,
    InputError,
    InvalidValueError,
    MalformedDocumentError,
)

__all__ = [
    "COMPARABLE_COLUMNS",
    "REQUIRED_COLUMNS",
    "RowError",
    "data_version",
    "frand_presets",
    "fx_table",
    "parse_comparable",
    "parse_treaty_table",
    "read_comparables",
    "read_comparables_file",
    "shipped_comparables",
    "treaty_table",
]

COMPARABLE_COLUMNS = (
    "id",
    "value",
    "unit",
    "base",
    "field",
    "sector",
    "territory",
    "year",
    "kind",
    "description",
    "source",
    "source_date",
    "status",
    "note",
)
REQUIRED_COLUMNS = ("value", "unit", "base", "kind", "territory", "source")
DATA_FILES = ("comparables.csv", "treaty_rates.csv", "fx_rates.csv", "frand_presets.toml")


@dataclass(frozen=True, kw_only=True)
class RowError:
    """A row that could not be read: its line and what is wrong."""

    line: int
    message: str


@cache
def data_version() -> str:
    """``kizuna-data 0.1.0+<sha256 of the data files, 12 hex>``."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(read_data_text(name).encode("utf-8"))
    return f"kizuna-data {__version__}+{digest.hexdigest()[:12]}"


def _choice(enum: type[Any], value: str, column: str) -> Any:
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise InputError(f"{column} {value!r} is not one of: {allowed}") from None


def _kind(value: str) -> ComparableKind:
    try:
        return parse_kind(value)
    except InvalidValueError as exc:
        raise InputError(str(exc)) from None


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def parse_comparable(
    row: Mapping[str, str | None], *, provenance: str, default_id: str, default_status: Status
) -> Comparable:
    """One CSV row (header names as keys) as a :class:`Comparable`."""
    get = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
    missing = [c for c in REQUIRED_COLUMNS if not get.get(c)]
    if missing:
        raise InputError(f"missing {', '.join(missing)}")
    unit = get["unit"].lower()
    unit = "percent" if unit in {"percent", "%"} else unit.upper()
    raw_value = get["value"]
    value = parse_amount(
        raw_value.removesuffix("%") if unit == "percent" else raw_value, name="value"
    )
    year_text = get.get("year", "")
    if year_text and not year_text.isdigit():
        raise InputError(f"year {year_text!r} is not a year")
    status_text = get.get("status", "")
    return Comparable(
        id=get.get("id") or default_id,
        value=value,
        unit=unit,
        base=_choice(RateBase, get["base"], "base"),
        kind=_kind(get["kind"]),
        territory=get["territory"].upper(),
        fields=_split(get.get("field")),
        sectors=_split(get.get("sector")),
        year=int(year_text) if year_text else None,
        description=get.get("description", ""),
        source=get["source"],
        source_date=get.get("source_date", ""),
        status=_choice(Status, status_text, "status") if status_text else default_status,
        note=get.get("note", ""),
        provenance=provenance,
    )


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EncodingError(path, "not UTF-8 or Shift_JIS (cp932) text")


def read_comparables(
    text: str, *, path: Path, provenance: str, default_status: Status = Status.UNVERIFIED
) -> tuple[list[tuple[int, Comparable]], list[RowError]]:
    """Parse a comparables CSV: ``(line, comparable)`` rows and per-row errors."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not header:
        raise EmptyFileError(path, "no header row")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise MalformedDocumentError(
            path,
            f"missing column(s) {', '.join(missing)} (columns: {', '.join(COMPARABLE_COLUMNS)})",
        )
    rows: list[tuple[int, Comparable]] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        try:
            item = parse_comparable(
                record,
                provenance=provenance,
                default_id=f"{path.name}:{line}",
                default_status=default_status,
            )
            if item.id in seen:
                raise InputError(f"id {item.id!r} repeats an earlier row")
        except InputError as exc:
            errors.append(RowError(line=line, message=str(exc)))
            continue
        seen.add(item.id)
        rows.append((line, item))
    return rows, errors


def read_comparables_file(path: Path) -> tuple[list[tuple[int, Comparable]], list[RowError]]:
    """Read a user's comparables CSV; provenance ``import:<file name>``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MalformedDocumentError(path, f"cannot read: {exc.strerror}") from exc
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    return read_comparables(_decode(path, data), path=path, provenance=f"import:{path.name}")


@cache
def shipped_comparables() -> tuple[Comparable, ...]:
    """The comparables shipped in ``comparables.csv`` (any bad row is a packaging bug)."""
    rows, errors = read_comparables(
        read_data_text("comparables.csv"),
        path=Path("comparables.csv"),
        provenance=f"shipped:{data_version()}",
        default_status=Status.VERIFIED,
    )
    if errors:
        raise MalformedDocumentError(
            "comparables.csv", f"line {errors[0].line}: {errors[0].message}"
        )
    return tuple(item for _, item in rows)


def _partial_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


TREATY_COLUMNS = (
    "country",
    "name",
    "basis",
    "rate",
    "rate_types",
    "title",
    "signed",
    "in_force",
    "article",
    "effective_from",
    "lob",
    "lob_form",
    "status",
    "source",
    "verify_with",
    "pending",
    "note",
)


def _treaty_rate(row: Mapping[str, str]) -> TreatyRate:
    rate = row["rate"].strip()
    return TreatyRate(
        country=row["country"],
        name=row["name"],
        rate=Decimal(rate) / 100 if rate else None,
        effective_from=_partial_date(row["effective_from"]),
        lob=row["lob"],
        lob_form=row["lob_form"],
        basis=row["basis"],
        status=row["status"],
        source=row["source"],
        note=row["note"],
        rate_types=row["rate_types"],
        title=row["title"],
        signed=row["signed"],
        in_force=row["in_force"],
        article=row["article"],
        verify_with=row["verify_with"],
        pending=row["pending"],
    )


def parse_treaty_table(text: str, *, name: str = "treaty_rates.csv") -> TreatyTable:
    """Parse the treaty table: a ``# <name> edition <date>: …`` line, then CSV rows.

    The version is the edition date plus a hash of the text, so two outputs
    name the same table only when the file is the same.
    """
    lines = text.splitlines()
    edition = lines[0].removeprefix("#").strip().split(":")[0] if lines else ""
    if not edition.startswith(f"{name} edition "):
        raise MalformedDocumentError(name, "line 1 is not '# <file> edition <date>: …'")
    reader = csv.DictReader(io.StringIO("\n".join(lines[1:])))
    if tuple(reader.fieldnames or ()) != TREATY_COLUMNS:
        raise MalformedDocumentError(name, f"columns are not {', '.join(TREATY_COLUMNS)}")
    rates = []
    for row in reader:
        try:
            rates.append(_treaty_rate(row))
        except (InvalidValueError, ArithmeticError, ValueError) as exc:
            raise MalformedDocumentError(name, f"line {reader.line_num + 1}: {exc}") from exc
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return TreatyTable(rates, version=f"{edition} (sha256 {digest})")


@cache
def treaty_table() -> TreatyTable:
    """Treaty withholding rates on royalties (``treaty_rates.csv``), with its version."""
    return parse_treaty_table(read_data_text("treaty_rates.csv"))


@cache
def fx_table() -> FxTable:
    """The shipped ECB reference rates (``fx_rates.csv``)."""
    return FxTable(
        [
            FxRate(
                base=r["base"],
                quote=r["quote"],
                rate=Decimal(r["rate"]),
                on=date.fromisoformat(r["date"]),
                source=r["source"],
            )
            for r in csv.DictReader(io.StringIO(read_data_text("fx_rates.csv")))
        ]
    )


@cache
def frand_presets() -> dict[str, FrandPreset]:
    """FRAND presets (``frand_presets.toml``) by name."""
    data = tomllib.loads(read_data_text("frand_presets.toml"))
    presets = {}
    for name, entry in data.items():
        presets[name] = FrandPreset(
            name=name,
            label=entry["label"],
            variants=tuple(
                (k, parse_rate(v, name=f"{name}.{k}")) for k, v in entry["variants"].items()
            ),
            total_patents=entry.get("total_patents"),
            holder_patents=entry.get("holder_patents"),
            source=entry["source"],
            source_date=entry["source_date"],
            status=entry["status"],
            note=entry.get("note", ""),
        )
    return presets
