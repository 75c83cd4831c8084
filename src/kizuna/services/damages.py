"""Damages use case: Art. 102 exposure, optionally over a sales history CSV.

The history file has one row per year, columns ``year,sales`` plus ``units``
(needed for Art. 102(1)) and ``direct_costs`` (needed for Art. 102(2)), amounts
in the case currency. Bad rows are errors naming the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from kizuna.adapters.royalty_data import data_version
from kizuna.domain.damages import DamagesCase, notes_for
from kizuna.domain.exposure import Exposure, YearSales, assess
from kizuna.domain.law.suspension import LimitationEvent
from kizuna.domain.money import parse_amount
from kizuna.errors import EmptyFileError, InputError, MalformedDocumentError
from kizuna.services.royalty import DISCLAIMER

__all__ = ["DamagesReport", "assess_damages", "read_sales_history"]


@dataclass(frozen=True, kw_only=True)
class DamagesReport:
    exposure: Exposure
    notes: tuple[str, ...]
    history_file: str | None
    data_version: str
    campaign_id: int | None = None
    disclaimer: str = DISCLAIMER


def _optional(record: dict[str, str], column: str, where: str) -> Decimal | None:
    text = (record.get(column) or "").strip()
    return parse_amount(text, name=f"{where}: {column}") if text else None


def read_sales_history(path: Path) -> tuple[YearSales, ...]:
    """Read ``year,sales[,units][,direct_costs]`` rows, sorted by year."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MalformedDocumentError(path, f"cannot read as UTF-8 text: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise EmptyFileError(path, "no header row")
    header = {h.strip().lower() for h in reader.fieldnames}
    if not {"year", "sales"} <= header:
        raise MalformedDocumentError(
            path, "needs columns year,sales (optional: units, direct_costs)"
        )
    rows = []
    for record in reader:
        clean = {k.strip().lower(): (v or "") for k, v in record.items() if k}
        where = f"{path.name} line {reader.line_num}"
        year_text = clean["year"].strip()
        if not year_text.isdigit():
            raise MalformedDocumentError(path, f"line {reader.line_num}: year {year_text!r}")
        try:
            rows.append(
                YearSales(
                    year=int(year_text),
                    sales=parse_amount(clean["sales"], name=f"{where}: sales"),
                    units=_optional(clean, "units", where),
                    direct_costs=_optional(clean, "direct_costs", where),
                )
            )
        except InputError as exc:
            raise MalformedDocumentError(path, str(exc).removeprefix(f"{path.name} ")) from exc
    if not rows:
        raise EmptyFileError(path, "no sales rows")
    return tuple(sorted(rows, key=lambda r: r.year))


def assess_damages(
    *,
    case: DamagesCase,
    history: Path | None = None,
    as_of: date | None = None,
    knowledge_date: date | None = None,
    sales: Sequence[YearSales] = (),
    events: Sequence[LimitationEvent] = (),
    campaign_id: int | None = None,
) -> DamagesReport:
    """Art. 102 exposure of ``case``, low/base/high, limitation applied with a history.

    The sales history is read from the CSV ``history`` or, without one, given
    as ``sales`` rows (the web API's JSON). ``events`` (a campaign's recorded
    limitation events and any given explicitly) suspend completion of
    prescription; ``campaign_id`` only names their campaign in the report.
    """
    rows = read_sales_history(history) if history is not None else tuple(sales)
    exposure = assess(case, rows, as_of=as_of, knowledge_date=knowledge_date, events=events)
    return DamagesReport(
        exposure=exposure,
        notes=(*notes_for(case), *exposure.notes),
        history_file=history.name if history is not None else None,
        data_version=data_version(),
        campaign_id=campaign_id,
    )
