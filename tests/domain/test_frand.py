"""FRAND top-down: the published Japanese formulas reproduced exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.frand import (
    FrandInputs,
    apple_samsung_damages,
    frand_top_down,
    frand_variants,
    pantech_asus_damages,
)
from kizuna.domain.money import Money
from kizuna.errors import InvalidValueError

D = Decimal


def test_pantech_asus_formula_exactly() -> None:
    # Tokyo DC 2025-04-10: damages = sales x 9% / 1,300 LTE patents x 1 [S52]
    sales = Money.of("13,000,000,000", "JPY")
    assert pantech_asus_damages(sales, D("0.09")).amount == D("900000")
    assert pantech_asus_damages(sales, D("0.08")).amount == D("800000")
    assert pantech_asus_damages(sales, D("0.09"), patents_in_suit=2).amount == D("1800000")
    top_down = frand_top_down(
        FrandInputs(price=sales, aggregate_rate=D("0.09"), holder_patents=1, total_patents=1300)
    )
    assert top_down.per_unit.amount == D("900000")


def test_apple_samsung_formula_exactly() -> None:
    # IP High Court 2014-05-16: damages = sales x contribution x 5% / essential patents [S51]
    sales = Money.of("1,000,000,000", "JPY")
    result = apple_samsung_damages(sales, contribution=D("0.25"), essential_patents=500)
    assert result.amount == D("1000000000") * D("0.25") * D("0.05") / 500 == D("25000")
    top_down = frand_top_down(
        FrandInputs(
            price=sales,
            contribution=D("0.25"),
            aggregate_rate=D("0.05"),
            holder_patents=1,
            total_patents=500,
        )
    )
    assert top_down.per_unit == result


def test_caps_and_arithmetic_are_shown() -> None:
    # Qualcomm-style price cap $400 [S100][S101]; per-unit cap as a Nokia-style flat cap
    result = frand_top_down(
        FrandInputs(
            price=Money.of("1000", "USD"),
            aggregate_rate=D("0.0325"),
            holder_patents=1,
            total_patents=1,
            price_cap=Money.of("400", "USD"),
            per_unit_cap=Money.of("12", "USD"),
            units=D(1000),
        )
    )
    assert result.per_unit_uncapped.amount == D("13.0000")
    assert result.per_unit.amount == D("12") and result.cap_applied
    assert result.total is not None and result.total.amount == D("12000")
    assert result.steps[0] == "price 1,000.00 USD capped at 400.00 USD"
    assert "x aggregate 3.25% x 1 / 1 patents" in result.steps[1]


def test_multimode_variants() -> None:
    inputs = FrandInputs(
        price=Money.of("50000", "JPY"),
        aggregate_rate=D("0.09"),
        holder_patents=13,
        total_patents=1300,
    )
    lte, nr = frand_variants(inputs, [("LTE-only", D("0.09")), ("5G-capable", D("0.08"))])
    assert (lte.inputs.variant, lte.per_unit.amount) == ("LTE-only", D("45"))
    assert (nr.inputs.variant, nr.per_unit.amount) == ("5G-capable", D("40"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"aggregate_rate": D("1.5")}, "--aggregate-rate: 150% is not 0% to 100%"),
        ({"holder_patents": 2000}, "--holder-patents: 2000 is not between 0 and --total-patents"),
        ({"total_patents": 0}, "--total-patents: 0 must be at least 1"),
        ({"price_cap": Money.of(1, "USD")}, "--price-cap: currency USD differs"),
    ],
)
def test_bad_inputs(changes: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "price": Money.of("100", "JPY"),
        "aggregate_rate": D("0.05"),
        "holder_patents": 1,
        "total_patents": 1300,
    }
    args.update(changes)
    with pytest.raises(InvalidValueError, match=message):
        FrandInputs(**args)  # type: ignore[arg-type]


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_higher_price_never_lowers_the_royalty(a: int, b: int) -> None:
    low, high = sorted((a, b))

    def royalty(price: int) -> Decimal:
        return frand_top_down(
            FrandInputs(
                price=Money.of(price, "JPY"),
                aggregate_rate=D("0.08"),
                holder_patents=7,
                total_patents=1300,
            )
        ).per_unit.amount

    assert royalty(low) <= royalty(high)
