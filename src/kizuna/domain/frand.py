"""FRAND top-down royalty for standard-essential patents (SEPs), with the arithmetic.

::

    per_unit = min(price, price_cap) x contribution x aggregate_rate
               x holder_patents / total_patents
    per_unit = min(per_unit, per_unit_cap)            # when a cap is given
    total    = per_unit x units                       # when units are given

The Japanese courts' versions (LEGAL-FACTS §3.2, §7):

- Pantech v. ASUS, Tokyo DC 2025-04-10, 令和4(ワ)7976 [S18][S52]:
  ``damages = sales x aggregate rate (9% LTE-only, 8% 5G-capable) / 1,300 x 1``.
- Apple v. Samsung, IP High Court Grand Panel 2014-05-16, 平成25(ネ)10043 [S50][S51]:
  ``damages = sales x standard's contribution x 5% / number of essential patents``.

Multimode variants (e.g. LTE-only vs 5G-capable) are the same inputs with a
different aggregate rate: :func:`frand_variants`. Amounts keep full precision;
the result rounds for display only (:meth:`Money.rounded`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from kizuna.domain.money import Money, format_percent
from kizuna.errors import InvalidValueError

__all__ = [
    "APPLE_SAMSUNG_AGGREGATE_RATE",
    "MAX_PATENT_COUNT",
    "PANTECH_ASUS_LTE_PATENTS",
    "FrandInputs",
    "FrandPreset",
    "FrandResult",
    "apple_samsung_damages",
    "frand_top_down",
    "frand_variants",
    "pantech_asus_damages",
]

#: Apple v. Samsung, IP High Court Grand Panel 2014-05-16: 5% aggregate [S51].
APPLE_SAMSUNG_AGGREGATE_RATE = Decimal("0.05")
#: Pantech v. ASUS, Tokyo DC 2025-04-10: 1,300 LTE patents [S52].
PANTECH_ASUS_LTE_PATENTS = 1300


#: The most patents a FRAND stack may count (declared-essential families of the largest
#: standards number in the tens of thousands; a bound, not a legal figure).
MAX_PATENT_COUNT = 10_000_000


@dataclass(frozen=True, kw_only=True)
class FrandInputs:
    """Inputs of the top-down calculation (rates as fractions)."""

    price: Money
    aggregate_rate: Decimal
    holder_patents: int
    total_patents: int
    contribution: Decimal = Decimal(1)
    price_cap: Money | None = None
    per_unit_cap: Money | None = None
    units: Decimal | None = None
    variant: str = ""

    def __post_init__(self) -> None:
        if self.price.amount < 0:
            raise InvalidValueError(f"--price: {self.price.amount} is negative")
        if not Decimal(0) <= self.aggregate_rate <= Decimal(1):
            raise InvalidValueError(
                f"--aggregate-rate: {format_percent(self.aggregate_rate)} is not 0% to 100%"
            )
        if not Decimal(0) <= self.contribution <= Decimal(1):
            raise InvalidValueError(
                f"--contribution: {format_percent(self.contribution)} is not 0% to 100%"
            )
        if self.total_patents <= 0:
            raise InvalidValueError(f"--total-patents: {self.total_patents} must be at least 1")
        if self.total_patents > MAX_PATENT_COUNT:
            raise InvalidValueError(
                f"--total-patents: {self.total_patents:,} is out of range (at most "
                f"{MAX_PATENT_COUNT:,}; docs/limits.md)"
            )
        if not 0 <= self.holder_patents <= self.total_patents:
            raise InvalidValueError(
                f"--holder-patents: {self.holder_patents} is not between 0 and "
                f"--total-patents {self.total_patents}"
            )
        for name, cap in (("--price-cap", self.price_cap), ("--per-unit-cap", self.per_unit_cap)):
            if cap is not None and cap.currency != self.price.currency:
                raise InvalidValueError(
                    f"{name}: currency {cap.currency} differs from --currency {self.price.currency}"
                )
            if cap is not None and cap.amount < 0:
                raise InvalidValueError(f"{name}: {cap.amount} is negative")
        if self.units is not None and self.units < 0:
            raise InvalidValueError(f"--units: {self.units} is negative")


@dataclass(frozen=True, kw_only=True)
class FrandPreset:
    """Inputs a court or programme used, by name (``frand_presets.toml``)."""

    name: str
    label: str
    variants: tuple[tuple[str, Decimal], ...]
    source: str
    source_date: str
    status: str = "verified"
    total_patents: int | None = None
    holder_patents: int | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class FrandResult:
    """Per-unit royalty (and total), with each arithmetic step as text."""

    inputs: FrandInputs
    royalty_base: Money
    holder_share: Decimal
    per_unit_uncapped: Money
    per_unit: Money
    cap_applied: bool
    total: Money | None
    steps: tuple[str, ...]


def _show(money: Money) -> str:
    return f"{money.rounded().amount:,} {money.currency}"


def frand_top_down(inputs: FrandInputs) -> FrandResult:
    """Per-unit royalty = price x contribution x aggregate rate x holder / total.

    >>> r = frand_top_down(FrandInputs(price=Money.of(1000, "USD"),
    ...     aggregate_rate=Decimal("0.08"), holder_patents=10, total_patents=100))
    >>> r.per_unit.amount
    Decimal('8.00')
    """
    steps: list[str] = []
    base = inputs.price
    if inputs.price_cap is not None and inputs.price_cap < base:
        steps.append(f"price {_show(base)} capped at {_show(inputs.price_cap)}")
        base = inputs.price_cap
    share = Decimal(inputs.holder_patents) / Decimal(inputs.total_patents)
    uncapped = base * inputs.contribution * inputs.aggregate_rate * inputs.holder_patents
    uncapped = uncapped / inputs.total_patents
    contribution = (
        f" x contribution {format_percent(inputs.contribution)}" if inputs.contribution != 1 else ""
    )
    steps.append(
        f"{_show(base)}{contribution} x aggregate {format_percent(inputs.aggregate_rate)}"
        f" x {inputs.holder_patents:,} / {inputs.total_patents:,} patents"
        f" = {uncapped.amount:.6f} {base.currency} per unit"
    )
    per_unit = uncapped
    cap_applied = False
    if inputs.per_unit_cap is not None and inputs.per_unit_cap < uncapped:
        per_unit = inputs.per_unit_cap
        cap_applied = True
        steps.append(f"per-unit cap {_show(inputs.per_unit_cap)} applies")
    total = None
    if inputs.units is not None:
        total = per_unit * inputs.units
        steps.append(
            f"{per_unit.amount:.6f} x {inputs.units:,} units = {_show(total)} "
            "(rounded ROUND_HALF_UP for display)"
        )
    return FrandResult(
        inputs=inputs,
        royalty_base=base,
        holder_share=share,
        per_unit_uncapped=uncapped,
        per_unit=per_unit,
        cap_applied=cap_applied,
        total=total,
        steps=tuple(steps),
    )


def frand_variants(
    inputs: FrandInputs, variants: Sequence[tuple[str, Decimal]]
) -> tuple[FrandResult, ...]:
    """One result per ``(name, aggregate_rate)`` variant (multimode devices)."""
    if not variants:
        return (frand_top_down(inputs),)
    return tuple(
        frand_top_down(replace(inputs, aggregate_rate=rate, variant=name))
        for name, rate in variants
    )


def pantech_asus_damages(
    sales: Money,
    aggregate_rate: Decimal,
    *,
    total_patents: int = PANTECH_ASUS_LTE_PATENTS,
    patents_in_suit: int = 1,
) -> Money:
    """Pantech v. ASUS (Tokyo DC 2025-04-10) [S52]: sales x rate / 1,300 x n."""
    return sales * aggregate_rate / total_patents * patents_in_suit


def apple_samsung_damages(
    sales: Money,
    *,
    contribution: Decimal,
    essential_patents: int,
    aggregate_rate: Decimal = APPLE_SAMSUNG_AGGREGATE_RATE,
) -> Money:
    """Apple v. Samsung (IP High Court 2014-05-16) [S51]: sales x contribution x 5% / N."""
    if essential_patents <= 0:
        raise InvalidValueError(f"essential patents: {essential_patents} must be at least 1")
    return sales * contribution * aggregate_rate / essential_patents
