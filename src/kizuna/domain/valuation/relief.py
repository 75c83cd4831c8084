"""Relief-from-royalty valuation: the present value of the royalties the owner is spared.

Method (docs/valuation.md, with a worked example):

- Year *t* = 1 … *n* runs from the valuation date; ``n`` is the economic life in
  whole years, capped by the years left to the patent's expiry (a part year at
  the end counts as its fraction).
- Revenue: ``revenue[t] = base × (1 + growth)^(t−1)`` for the growth years, then
  declining by ``decay`` a year (``× (1 − decay)``), or an explicit list.
- Royalty saved ``= revenue × rate``; after tax ``× (1 − tax_rate)``.
- Discount rate ``= risk-free + Σ premiums`` (each stated with its source);
  factor ``1 / (1 + r)^(t − 1 + f/2)`` with the mid-year convention (default), or
  ``1 / (1 + r)^(t − 1 + f)`` at the period's end, ``f`` being the year's fraction
  (1 but for a part year at the end).
- Value ``= Σ after-tax royalty × factor``. No tax-amortisation benefit is added
  (a Japanese-GAAP lender's view; say so in the report).

Everything is Decimal; the Monte Carlo in :mod:`kizuna.domain.valuation.ranges`
uses floats through a seeded generator and reports rounded yen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from kizuna.errors import InvalidValueError

__all__ = ["Premium", "ReliefInputs", "ReliefResult", "YearRow", "relief_from_royalty"]

MAX_YEARS = 30


@dataclass(frozen=True, kw_only=True)
class Premium:
    """One part of the discount rate, e.g. an equity risk premium, with its source."""

    name: str
    rate: Decimal
    source: str


@dataclass(frozen=True, kw_only=True)
class ReliefInputs:
    valuation_date: date
    expiry: date | None
    economic_life_years: Decimal
    revenue_base: Decimal
    growth: Decimal = Decimal(0)
    growth_years: int = 0
    decay: Decimal = Decimal(0)
    revenues: tuple[Decimal, ...] = ()
    royalty_rate: Decimal
    royalty_source: str
    tax_rate: Decimal
    tax_source: str
    risk_free: Decimal
    risk_free_source: str
    premiums: tuple[Premium, ...] = ()
    mid_year: bool = True
    currency: str = "JPY"

    @property
    def discount_rate(self) -> Decimal:
        return self.risk_free + sum((p.rate for p in self.premiums), Decimal(0))


@dataclass(frozen=True, kw_only=True)
class YearRow:
    year: int
    fraction: Decimal
    revenue: Decimal
    royalty: Decimal
    after_tax: Decimal
    factor: Decimal
    present_value: Decimal


@dataclass(frozen=True, kw_only=True)
class ReliefResult:
    inputs: ReliefInputs
    life_years: Decimal
    life_capped_by_expiry: bool
    rows: tuple[YearRow, ...]
    value: Decimal


def _years_to_expiry(start: date, expiry: date) -> Decimal:
    return Decimal((expiry - start).days) / Decimal("365.25")


def _revenue(inputs: ReliefInputs, year: int) -> Decimal:
    if inputs.revenues:
        if year > len(inputs.revenues):
            return inputs.revenues[-1]
        return inputs.revenues[year - 1]
    if year <= max(inputs.growth_years, 1):
        return inputs.revenue_base * (1 + inputs.growth) ** (year - 1)
    peak = inputs.revenue_base * (1 + inputs.growth) ** (max(inputs.growth_years, 1) - 1)
    return peak * (1 - inputs.decay) ** (year - max(inputs.growth_years, 1))


def relief_from_royalty(inputs: ReliefInputs) -> ReliefResult:
    """The DCF table and value for ``inputs``.

    >>> r = relief_from_royalty(ReliefInputs(valuation_date=date(2026, 1, 1), expiry=None,
    ...     economic_life_years=Decimal(1), revenue_base=Decimal(1000), royalty_rate=Decimal("0.1"),
    ...     royalty_source="s", tax_rate=Decimal(0), tax_source="s", risk_free=Decimal(0),
    ...     risk_free_source="s", mid_year=False))
    >>> r.value
    Decimal('100')
    """
    life = inputs.economic_life_years
    capped = False
    if inputs.expiry is not None:
        if inputs.expiry <= inputs.valuation_date:
            raise InvalidValueError(
                f"expiry {inputs.expiry} is not after the valuation date {inputs.valuation_date}"
            )
        left = _years_to_expiry(inputs.valuation_date, inputs.expiry)
        if left < life:
            life, capped = left, True
    if life <= 0 or life > MAX_YEARS:
        raise InvalidValueError(
            f"economic life: {life} years; give more than 0 and at most {MAX_YEARS}"
        )
    rate = inputs.discount_rate
    if rate <= -1:
        raise InvalidValueError("discount rate must be above -100%")
    rows = []
    year = 1
    while year - 1 < life:
        fraction = min(Decimal(1), life - (year - 1))
        revenue = _revenue(inputs, year) * fraction
        royalty = revenue * inputs.royalty_rate
        after_tax = royalty * (1 - inputs.tax_rate)
        t = Decimal(year - 1) + (fraction / 2 if inputs.mid_year else fraction)
        factor = 1 / (1 + rate) ** t
        rows.append(
            YearRow(
                year=year,
                fraction=fraction,
                revenue=revenue,
                royalty=royalty,
                after_tax=after_tax,
                factor=factor,
                present_value=after_tax * factor,
            )
        )
        year += 1
    value = sum((r.present_value for r in rows), Decimal(0))
    return ReliefResult(
        inputs=inputs, life_years=life, life_capped_by_expiry=capped, rows=tuple(rows), value=value
    )


def with_changes(inputs: ReliefInputs, **changes: object) -> ReliefInputs:
    """A copy of ``inputs`` with some fields changed (for sensitivity tables)."""
    return replace(inputs, **changes)  # type: ignore[arg-type]
