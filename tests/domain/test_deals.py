"""Deal structures: running royalty caps/minimums, pilots, NPV, withholding, FX."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.adapters.royalty_data import fx_table, treaty_table
from kizuna.domain.deals import (
    CrossLicence,
    Deal,
    LumpSum,
    Milestone,
    Pilot,
    RunningRoyalty,
    discount_factor,
    model_deal,
    npv,
)
from kizuna.domain.money import Money
from kizuna.errors import InvalidValueError

D = Decimal


def yen(value: str) -> Money:
    return Money.of(value, "JPY")


def royalty(**changes: object) -> RunningRoyalty:
    args: dict[str, object] = {
        "name": "RR",
        "rate": D("0.03"),
        "revenue": ((2027, yen("100000000")), (2028, yen("1000000000")), (2029, yen("2000000000"))),
        "cap_per_year": yen("40000000"),
        "minimum_per_year": yen("5000000"),
    }
    args.update(changes)
    return RunningRoyalty(**args)  # type: ignore[arg-type]


def test_running_royalty_minimum_and_caps() -> None:
    amounts = [p.amount.amount for p in royalty().payments()]
    assert amounts == [D("5000000"), D("30000000"), D("40000000")]
    capped = [p.amount.amount for p in royalty(cap_total=yen("50000000")).payments()]
    assert capped == [D("5000000"), D("30000000"), D("15000000")]
    assert royalty().payments()[0].on == date(2027, 12, 31)


def test_pilot_weights_the_full_licence_by_conversion() -> None:
    pilot = Pilot(
        name="P",
        fee=yen("5000000"),
        start=date(2027, 1, 1),
        end=date(2027, 12, 31),
        conversion_probability=D("0.4"),
        licensee="Sakura",
        full_licence=(LumpSum(name="upfront", amount=yen("30000000"), on=date(2028, 1, 31)),),
    )
    fee, upfront = pilot.payments()
    assert (fee.probability, upfront.probability, upfront.licensee) == (D(1), D("0.4"), "Sakura")
    with pytest.raises(InvalidValueError, match=r"falls before the pilot ends"):
        Pilot(
            name="P",
            fee=yen("1"),
            start=date(2027, 1, 1),
            end=date(2027, 12, 31),
            conversion_probability=D("0.4"),
            full_licence=(LumpSum(name="early", amount=yen("1"), on=date(2027, 6, 1)),),
        ).payments()
    with pytest.raises(InvalidValueError, match=r"dates out of order: end 2026-01-01"):
        Pilot(
            name="P",
            fee=yen("1"),
            start=date(2027, 1, 1),
            end=date(2026, 1, 1),
            conversion_probability=D("0.4"),
        )


def deal(country: str = "CN", *components: object) -> Deal:
    return Deal(
        name="test",
        licensor="L",
        licensor_country=country,
        licensor_currency="USD",
        currency="JPY",
        valuation_date=date(2026, 12, 31),
        discount_rate=D("0.10"),
        fx_date=date(2026, 10, 30),
        components=tuple(components)
        or (  # type: ignore[arg-type]
            LumpSum(name="upfront", amount=yen("10000000"), on=date(2027, 12, 31)),
            Milestone(
                name="launch", amount=yen("3333333"), on=date(2027, 12, 31), probability=D("0.5")
            ),
            CrossLicence(
                name="x", our_value=yen("1000000"), their_value=yen("3000000"), years=(2027,)
            ),
        ),
    )


def test_model_withholding_fx_and_npv() -> None:
    model = model_deal(deal(), fx=fx_table(), treaties=treaty_table())
    flows = {f.payment.component: f for f in model.flows}
    assert flows["upfront"].withholding.amount == D("1000000")  # China 10% treaty
    assert flows["launch"].expected.amount == D("1666667")  # 3,333,333 x 50%, half up
    # 166,666.7 yen withheld: fractions of a yen truncated (1円未満切捨て)
    assert flows["launch"].withholding.amount == D("166666")
    assert flows["x"].withholding.amount == D(0) and flows["x"].net.amount == D("-2000000")
    assert flows["upfront"].discount_factor == 1 / D("1.1")
    # ECB 2026-10-30: 1 EUR = 175.68 JPY = 1.1172 USD
    assert model.fx.rate == D("1.1172") / D("175.68")
    assert model.totals["net"].amount == D("9000000") + D("1500001") - D("2000000")
    assert model.totals["npv"].amount == (D("8500001") / D("1.1")).quantize(D(1))


def test_no_treaty_row_stops_the_model() -> None:
    with pytest.raises(InvalidValueError, match=r"--licensor-country VE: no treaty rate"):
        model_deal(deal("VE"), fx=fx_table(), treaties=treaty_table())


def test_payment_before_valuation_date_is_refused() -> None:
    early = LumpSum(name="early", amount=yen("1"), on=date(2026, 1, 1))
    with pytest.raises(InvalidValueError, match=r"dates out of order: payment on 2026-01-01"):
        model_deal(deal("US", early), fx=fx_table(), treaties=treaty_table())


flows = st.lists(
    st.tuples(st.integers(0, 20 * 365), st.integers(0, 10**10)), min_size=1, max_size=8
)


@given(flows, st.integers(0, 1000), st.integers(0, 1000))
def test_higher_discount_rate_never_raises_npv(
    items: list[tuple[int, int]], r1: int, r2: int
) -> None:
    start = date(2026, 1, 1)
    dated = [(date.fromordinal(start.toordinal() + days), D(amount)) for days, amount in items]
    low, high = sorted((D(r1) / 1000, D(r2) / 1000))
    assert npv(dated, high, start) <= npv(dated, low, start)


def test_discount_factor_one_year() -> None:
    assert discount_factor(D("0.1"), date(2026, 1, 1), date(2027, 1, 1)) == 1 / D("1.1")
