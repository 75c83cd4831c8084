"""Ranges around a relief-from-royalty value: a sensitivity grid and a seeded Monte Carlo.

The Monte Carlo draws the royalty rate, a revenue multiplier and the economic
life from triangular distributions (low, mode, high) with :class:`random.Random`
seeded by the caller, so the same seed gives the same figures on every machine.
Each draw is valued with :func:`relief_from_royalty` arithmetic in floats
(:func:`value_float`, checked against the Decimal version in tests).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kizuna.domain.valuation.relief import ReliefInputs, relief_from_royalty, with_changes

__all__ = ["MonteCarlo", "Triangle", "monte_carlo", "sensitivity", "value_float"]

MAX_DRAWS = 100_000


@dataclass(frozen=True, kw_only=True)
class Triangle:
    low: float
    mode: float
    high: float


@dataclass(frozen=True, kw_only=True)
class MonteCarlo:
    draws: int
    seed: int
    p10: Decimal
    p50: Decimal
    p90: Decimal
    mean: Decimal


def _revenue(inputs: ReliefInputs, year: int) -> float:
    if inputs.revenues:
        return float(inputs.revenues[min(year, len(inputs.revenues)) - 1])
    g, years = float(inputs.growth), max(inputs.growth_years, 1)
    base = float(inputs.revenue_base)
    if year <= years:
        return base * (1 + g) ** (year - 1)
    return base * (1 + g) ** (years - 1) * (1 - float(inputs.decay)) ** (year - years)


def value_float(inputs: ReliefInputs, *, rate: float, revenue_factor: float, life: float) -> float:
    """The relief-from-royalty value in floats (life already capped by expiry)."""
    r, tax = float(inputs.discount_rate), float(inputs.tax_rate)
    total, year = 0.0, 1
    while year - 1 < life:
        fraction = min(1.0, life - (year - 1))
        cash = _revenue(inputs, year) * revenue_factor * fraction * rate * (1 - tax)
        t = (year - 1) + (fraction / 2 if inputs.mid_year else fraction)
        total += cash / (1 + r) ** t
        year += 1
    return total


def _yen(value: float) -> Decimal:
    return Decimal(round(value))


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    k = (len(sorted_values) - 1) * q  # linear interpolation, as numpy's default
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def monte_carlo(
    inputs: ReliefInputs,
    *,
    rate: Triangle,
    revenue_factor: Triangle,
    life: Triangle,
    draws: int = 10_000,
    seed: int = 20261207,
) -> MonteCarlo:
    """P10/P50/P90 and mean of the value over ``draws`` seeded draws."""
    if not 100 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be 100 to {MAX_DRAWS}")
    cap = float(relief_from_royalty(inputs).life_years) if inputs.expiry else float("inf")
    generator = random.Random(seed)
    values = sorted(
        value_float(
            inputs,
            rate=generator.triangular(rate.low, rate.high, rate.mode),
            revenue_factor=generator.triangular(
                revenue_factor.low, revenue_factor.high, revenue_factor.mode
            ),
            life=min(cap, generator.triangular(life.low, life.high, life.mode)),
        )
        for _ in range(draws)
    )
    return MonteCarlo(
        draws=draws,
        seed=seed,
        p10=_yen(_percentile(values, 0.10)),
        p50=_yen(_percentile(values, 0.50)),
        p90=_yen(_percentile(values, 0.90)),
        mean=_yen(sum(values) / len(values)),
    )


def sensitivity(
    inputs: ReliefInputs, *, rates: Sequence[Decimal], discount_shifts: Sequence[Decimal]
) -> list[list[Decimal]]:
    """Values for each royalty rate (rows) × shift of the risk-free rate (columns)."""
    return [
        [
            relief_from_royalty(
                with_changes(inputs, royalty_rate=rate, risk_free=inputs.risk_free + shift)
            ).value
            for shift in discount_shifts
        ]
        for rate in rates
    ]
