"""Relief-from-royalty DCF against a hand-computed case; ranges are seeded and consistent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kizuna.domain.valuation.ranges import Triangle, monte_carlo, sensitivity, value_float
from kizuna.domain.valuation.relief import Premium, ReliefInputs, relief_from_royalty
from kizuna.errors import InvalidValueError


def _inputs(**changes: object) -> ReliefInputs:
    values: dict[str, object] = {
        "valuation_date": date(2026, 12, 31),
        "expiry": None,
        "economic_life_years": Decimal(3),
        "revenue_base": Decimal(1_000_000),
        "growth": Decimal("0.10"),
        "growth_years": 2,
        "decay": Decimal("0.50"),
        "royalty_rate": Decimal("0.05"),
        "royalty_source": "test",
        "tax_rate": Decimal("0.30"),
        "tax_source": "test",
        "risk_free": Decimal("0.02"),
        "risk_free_source": "test",
        "premiums": (Premium(name="p", rate=Decimal("0.08"), source="test"),),
        "mid_year": False,
    }
    values.update(changes)
    return ReliefInputs(**values)  # type: ignore[arg-type]


def test_hand_computed_end_of_year() -> None:
    """Revenue 1,000,000 / 1,100,000 / 550,000; royalty 5 %, tax 30 %, discount 10 %:
    35,000/1.1 + 38,500/1.21 + 19,250/1.331 = 31,818.18 + 31,818.18 + 14,462.81 = 78,099.17."""
    result = relief_from_royalty(_inputs())
    assert [r.revenue for r in result.rows] == [
        Decimal(1_000_000),
        Decimal(1_100_000),
        Decimal(550_000),
    ]
    assert [r.after_tax for r in result.rows] == [Decimal(35_000), Decimal(38_500), Decimal(19_250)]
    assert result.value.quantize(Decimal("0.01")) == Decimal("78099.17")


def test_mid_year_and_part_year_capped_by_expiry() -> None:
    """Expiry 2028-07-01 leaves 1.4976 years (548 days / 365.25): year 2 counts its fraction,
    discounted at its own midpoint (1 + f/2)."""
    result = relief_from_royalty(_inputs(expiry=date(2028, 7, 1), mid_year=True))
    assert result.life_capped_by_expiry
    first, second = result.rows
    f = Decimal(548) / Decimal("365.25") - 1
    assert second.fraction == f
    assert first.factor == 1 / Decimal("1.1") ** Decimal("0.5")
    assert second.factor == 1 / Decimal("1.1") ** (1 + f / 2)
    assert second.after_tax == Decimal(1_100_000) * f * Decimal("0.05") * Decimal("0.7")


def test_floats_agree_with_decimals_and_monte_carlo_is_seeded() -> None:
    inputs = _inputs(economic_life_years=Decimal("4.5"), mid_year=True)
    exact = relief_from_royalty(inputs).value
    assert abs(value_float(inputs, rate=0.05, revenue_factor=1.0, life=4.5) - float(exact)) < 1e-6
    kwargs = {
        "rate": Triangle(low=0.03, mode=0.05, high=0.07),
        "revenue_factor": Triangle(low=0.8, mode=1.0, high=1.1),
        "life": Triangle(low=3, mode=4.5, high=6),
        "draws": 2000,
    }
    first = monte_carlo(inputs, seed=7, **kwargs)  # type: ignore[arg-type]
    assert first == monte_carlo(inputs, seed=7, **kwargs)  # type: ignore[arg-type]
    assert first != monte_carlo(inputs, seed=8, **kwargs)  # type: ignore[arg-type]
    assert first.p10 < first.p50 < first.p90


def test_sensitivity_moves_the_right_way() -> None:
    grid = sensitivity(
        _inputs(),
        rates=[Decimal("0.03"), Decimal("0.05")],
        discount_shifts=[Decimal(0), Decimal("0.05")],
    )
    assert grid[0][0] < grid[1][0] and grid[1][1] < grid[1][0]
    assert grid[1][0] == relief_from_royalty(_inputs()).value


def test_expired_patent_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="not after the valuation date"):
        relief_from_royalty(_inputs(expiry=date(2026, 1, 1)))
