"""Text inputs of the royalty, damages and tax commands turned into service inputs.

The CLI (flags) and the web API (query parameters, JSON bodies) share these
conversions, so both accept the same spellings (``"9%"``, ``"1,300"``,
``"3%:5%:8%"``) and refuse bad input with the same message. Every message names
the input by its CLI flag (``--price: '-5' is negative``); the web's keys are the
same names with underscores (``aggregate_rate`` for ``--aggregate-rate``).

    >>> report = frand_from_text(price="50000", currency="JPY", preset="pantech-asus")
    >>> str(report.results[0].per_unit.amount)
    '3.461538461538461538461538462'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from kizuna.domain.damages import INPUTS, DamagesCase, Method, Range, parse_range
from kizuna.domain.exposure import YearSales
from kizuna.domain.money import Money, parse_amount, parse_rate
from kizuna.domain.royalty import Adjustment, BenchmarkQuery, RateBase, parse_kind
from kizuna.errors import InvalidValueError
from kizuna.services.royalty import FrandReport, frand_royalty

__all__ = [
    "DAMAGES_INPUT_NAMES",
    "RETIRED_DAMAGES_INPUTS",
    "benchmark_query",
    "damages_case",
    "frand_from_text",
    "parse_adjustment",
    "parse_choice",
    "parse_day",
    "parse_variant",
    "parse_year",
    "sales_history",
]

E = TypeVar("E", bound=StrEnum)

DAMAGES_INPUT_NAMES = (
    "sales",
    "rate",
    "infringer-units",
    "capacity-units",
    "unsellable-units",
    "unit-margin",
    "unit-price",
    "direct-costs",
    "rebuttal-unsellable",
    "rebuttal-contribution",
)
"""The damages inputs by CLI name; each takes a value or ``low:base:high``."""

#: Inputs replaced when the rebuttal reasons became explicit (IP High Court
#: Grand Panel 2022-10-20): naming one is an error that says what replaces it.
RETIRED_DAMAGES_INPUTS = ("rebuttal", "capacity-share")

# a sales history supplies these per year, so the case itself takes 0
_HISTORY_INPUTS = ("sales", "infringer-units", "direct-costs")


def parse_day(value: str | None, flag: str) -> date | None:
    """``YYYY-MM-DD`` as a date; ``None`` (or empty) stays ``None``."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(f"{flag} {value!r} is not a date (YYYY-MM-DD)") from None


def parse_year(value: str | None, flag: str) -> int | None:
    """A four-digit year, or ``None`` when absent or empty."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise InvalidValueError(f"{flag} {value!r} is not a year (YYYY)")
    return int(text)


def parse_choice(kind: type[E], value: str, flag: str) -> E:
    """One of ``kind``'s values, or an error listing them."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValueError(f"{flag} {value!r}: choose one of {allowed}") from None


def parse_adjustment(text: str) -> Adjustment:
    """``FACTOR=REASON`` (``1.5=Art. 102(3) uplift``) as an explicit adjustment."""
    factor, _, reason = text.partition("=")
    value = parse_amount(factor, name="--adjust")
    return Adjustment(name=reason.strip() or "user adjustment", factor=value, reason="user input")


def parse_variant(text: str) -> tuple[str, Decimal]:
    """``NAME=RATE`` (``LTE-only=9%``) as a multimode variant."""
    name, sep, rate = text.partition("=")
    if not sep or not name.strip():
        raise InvalidValueError(f"--variant {text!r}: write NAME=RATE, e.g. 'LTE-only=9%'")
    return name.strip(), parse_rate(rate, name=f"--variant {name.strip()}")


def benchmark_query(
    *,
    field: str | None = None,
    territory: str | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    base: str | None = None,
    kinds: Sequence[str] = (),
    verified_only: bool = False,
    listing: bool = False,
) -> BenchmarkQuery:
    """The filter of a benchmark (or, with ``listing``, of the comparables list) as written.

    Empty strings count as absent. Without ``base``, a benchmark takes net sales
    and a listing every base.
    """
    default = None if listing else RateBase.NET_SALES
    return BenchmarkQuery(
        field=field or None,
        territory=territory or None,
        year_from=parse_year(year_from, "--from"),
        year_to=parse_year(year_to, "--to"),
        base=parse_choice(RateBase, base, "--base") if base else default,
        kinds=tuple(parse_kind(k, name="--kind") for k in kinds if k),
        include_unverified=not verified_only,
    )


def _money(value: str | None, currency: str, name: str) -> Money | None:
    return Money.of(value, currency, name=name) if value is not None else None


def frand_from_text(
    *,
    price: str,
    currency: str,
    aggregate_rate: str | None = None,
    holder_patents: int | None = None,
    total_patents: int | None = None,
    contribution: str = "1",
    price_cap: str | None = None,
    per_unit_cap: str | None = None,
    units: str | None = None,
    variants: Sequence[str] = (),
    preset: str | None = None,
) -> FrandReport:
    """:func:`~kizuna.services.royalty.frand_royalty` from the inputs as written."""
    return frand_royalty(
        price=Money.of(price, currency, name="--price"),
        aggregate_rate=parse_rate(aggregate_rate, name="--aggregate-rate")
        if aggregate_rate is not None
        else None,
        holder_patents=holder_patents,
        total_patents=total_patents,
        contribution=parse_rate(contribution, name="--contribution"),
        price_cap=_money(price_cap, currency, "--price-cap"),
        per_unit_cap=_money(per_unit_cap, currency, "--per-unit-cap"),
        units=parse_amount(units, name="--units") if units is not None else None,
        variants=[parse_variant(v) for v in variants],
        preset=preset,
    )


def damages_case(
    *,
    method: Method,
    currency: str,
    given: Mapping[str, str | None],
    licensable: bool = True,
    royalty_on_unsellable: bool = True,
    with_history: bool = False,
) -> DamagesCase:
    """The Art. 102 case from inputs named as in :data:`DAMAGES_INPUT_NAMES`.

    With a sales history, the per-year inputs it supplies default to 0 here.
    """
    retired = [n for n in RETIRED_DAMAGES_INPUTS if given.get(n) is not None]
    if retired:
        raise InvalidValueError(
            f"--{retired[0]}: replaced by --rebuttal-unsellable (the patentee could not have "
            "sold: earns the 102(3) royalty) and --rebuttal-contribution (the invention's "
            "partial contribution: no royalty), IP High Court Grand Panel 2022-10-20"
        )
    unknown = sorted(set(given) - set(DAMAGES_INPUT_NAMES) - set(RETIRED_DAMAGES_INPUTS))
    if unknown:
        raise InvalidValueError(f"--{unknown[0]}: not a damages input")
    values = dict(given)
    specs = {s.name: s for s in INPUTS[method]}
    if with_history:
        for name in _HISTORY_INPUTS:
            if name in specs and values.get(name) is None:
                values[name] = "0"
    inputs: dict[str, Range] = {}
    for name in DAMAGES_INPUT_NAMES:
        text = values.get(name)
        if text is None:
            continue
        kind = specs[name].kind if name in specs else "money"
        inputs[name] = parse_range(text, name=name, kind=kind)
    return DamagesCase(
        method=method,
        currency=currency,
        inputs=inputs,
        licensable=licensable,
        royalty_on_unsellable=royalty_on_unsellable,
    )


def sales_history(records: Sequence[Mapping[str, object]]) -> tuple[YearSales, ...]:
    """``[{"year", "sales", "units"?, "direct_costs"?}]`` as year rows, sorted by year.

    Errors name the row: ``history[1].sales: '-5' is negative``.
    """
    rows = []
    for index, record in enumerate(records):
        where = f"history[{index}]"
        year = record.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
            raise InvalidValueError(f"{where}.year: {year!r} is not a year")
        optional = {
            key: parse_amount(record[key], name=f"{where}.{key}")
            if record.get(key) not in (None, "")
            else None
            for key in ("units", "direct_costs")
        }
        rows.append(
            YearSales(
                year=year,
                sales=parse_amount(record.get("sales"), name=f"{where}.sales"),
                units=optional["units"],
                direct_costs=optional["direct_costs"],
            )
        )
    years = [r.year for r in rows]
    counts = Counter(years)
    duplicate = next((y for y in years if counts[y] > 1), None)
    if duplicate is not None:
        raise InvalidValueError(f"history: year {duplicate} appears twice")
    return tuple(sorted(rows, key=lambda r: r.year))
