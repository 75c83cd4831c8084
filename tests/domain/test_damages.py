"""Art. 102 damages, ranges, and limitation periods over a sales history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.damages import (
    DamagesCase,
    Method,
    Range,
    Scenario,
    compute_scenario,
    parse_range,
)
from kizuna.domain.exposure import YearSales, assess
from kizuna.domain.limitation import claimability, day_status
from kizuna.errors import InvalidValueError

D = Decimal


def point(value: str) -> Range:
    return Range.point(D(value))


def case_102_1(**options: bool) -> DamagesCase:
    return DamagesCase(
        method=Method.ART_102_1,
        currency="JPY",
        inputs={
            "infringer-units": point("10000"),
            "capacity-units": point("6000"),
            "unsellable-units": point("1000"),
            "unit-margin": point("2000"),
            "unit-price": point("10000"),
            "rate": point("0.05"),
        },
        **options,
    )


def test_102_1_lost_profits_and_royalty_on_the_rest() -> None:
    result = compute_scenario(case_102_1(), Scenario.BASE)
    parts = {label: money.amount for label, money in result.components}
    assert parts["102(1)(i) lost profits"] == D("10000000")  # (6,000 - 1,000) x 2,000
    assert parts["102(1)(ii) royalty on the rest"] == D("2500000")  # 5,000 x 10,000 x 5%
    assert result.total.amount == D("12500000")
    assert result.steps[0] == "Q_i = max(0, min(10,000, 6,000) - 1,000) = 5,000 units"


def test_102_1_options_for_the_unverified_and_unlicensable_parts() -> None:
    without = compute_scenario(case_102_1(royalty_on_unsellable=False), Scenario.BASE)
    assert without.total.amount == D("12000000")  # royalty only on 4,000 above capacity
    unlicensable = compute_scenario(case_102_1(licensable=False), Scenario.BASE)
    assert unlicensable.total.amount == D("10000000")


def _case_102_2(costs: str, unsellable: str, contribution: str, **kw: bool) -> DamagesCase:
    return DamagesCase(
        method=Method.ART_102_2,
        currency="JPY",
        inputs={
            "sales": point("1000000000"),
            "direct-costs": point(costs),
            "rebuttal-unsellable": parse_range(unsellable, name="r", kind="share"),
            "rebuttal-contribution": parse_range(contribution, name="r", kind="share"),
            "rate": point("0.05"),
        },
        **kw,
    )


def test_102_2_royalty_on_the_unsellable_part_not_the_contribution_part() -> None:
    # IP High Court Grand Panel 2022-10-20: 102(3) on the part the patentee could not
    # have sold (market, competitors, capacity), none on the partial-contribution part
    case = _case_102_2("700000000", "30%", "50%")
    base = compute_scenario(case, Scenario.BASE)
    # 300m x (1 - 30% - 50%) kept + 1,000m x 30% x 5%
    assert base.total.amount == D("60000000") + D("15000000")
    all_contribution = compute_scenario(_case_102_2("700000000", "0", "80%"), Scenario.BASE)
    assert all_contribution.total.amount == D("60000000")
    unlicensable = compute_scenario(
        _case_102_2("700000000", "30%", "50%", licensable=False), Scenario.BASE
    )
    assert unlicensable.total.amount == D("60000000")


def test_102_2_scenarios_take_the_extreme_unsellable_share() -> None:
    # profit 300m > sales x rate 50m: more unsellable rebuttal lowers the amount
    case = _case_102_2("700000000", "20%:30%:40%", "10%")
    low, high = (compute_scenario(case, s) for s in (Scenario.LOW, Scenario.HIGH))
    assert low.values["rebuttal-unsellable"] == D("0.4")
    assert low.total.amount == D("300000000") * D("0.5") + D("20000000")
    assert high.values["rebuttal-unsellable"] == D("0.2")
    # profit 10m < sales x rate 50m: the royalty outweighs, so the ends swap
    thin = _case_102_2("990000000", "20%:30%:40%", "10%")
    assert compute_scenario(thin, Scenario.LOW).values["rebuttal-unsellable"] == D("0.2")
    assert compute_scenario(thin, Scenario.HIGH).total.amount == D("5000000") + D("20000000")


def test_102_2_rebuttals_above_the_whole_are_refused() -> None:
    with pytest.raises(
        InvalidValueError, match=r"--rebuttal-unsellable \+ --rebuttal-contribution: 110"
    ):
        _case_102_2("0", "60%", "30%:40%:50%")


def test_102_3_reasonable_royalty_range() -> None:
    case = DamagesCase(
        method=Method.ART_102_3,
        currency="JPY",
        inputs={
            "sales": parse_range(
                "900,000,000:1,000,000,000:1,100,000,000", name="sales", kind="money"
            ),
            "rate": parse_range("3%:5%:10%", name="rate", kind="rate"),
        },
    )
    exposure = assess(case)
    assert exposure.claimable[Scenario.LOW].amount == D("27000000")
    assert exposure.claimable[Scenario.BASE].amount == D("50000000")
    assert exposure.claimable[Scenario.HIGH].amount == D("110000000")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"method": Method.ART_102_3, "inputs": {"sales": point("1")}},
            "--rate: required for Art. 102-3",
        ),
        (
            {"method": Method.ART_102_3, "inputs": {"sales": point("1"), "rate": point("1.5")}},
            "--rate: 150% is above 100%",
        ),
        (
            {"method": Method.ART_102_3, "inputs": {"sales": point("-1"), "rate": point("0.1")}},
            "--sales: -1 is negative",
        ),
        (
            {
                "method": Method.ART_102_3,
                "inputs": {"sales": point("1"), "rate": point("0.1"), "rebuttal": point("0.1")},
            },
            "--rebuttal: not an input of Art. 102-3",
        ),
        (
            {
                "method": Method.ART_102_3,
                "inputs": {"sales": point("1"), "rate": point("0.1")},
                "currency": "XYZ",
            },
            "currency 'XYZ'",
        ),
    ],
)
def test_bad_inputs_name_the_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"currency": "JPY"}
    args.update(kwargs)
    with pytest.raises(InvalidValueError, match=message):
        DamagesCase(**args)  # type: ignore[arg-type]


def test_range_out_of_order_and_non_numeric() -> None:
    with pytest.raises(InvalidValueError, match=r"--rate: range 0.05:0.03:0.1 is out of order"):
        parse_range("5%:3%:10%", name="rate", kind="rate")
    with pytest.raises(InvalidValueError, match=r"--sales: 'lots' is not a number"):
        parse_range("lots", name="sales", kind="money")


AS_OF = date(2026, 11, 21)
KNOWN = date(2019, 6, 1)


def test_limitation_shares_by_year() -> None:
    shares = {
        s.year: s
        for s in claimability([2015, 2018, 2021, 2023, 2025], as_of=AS_OF, knowledge_date=KNOWN)
    }
    assert shares[2015].barred == 1  # tort ran 2022-06-01; pre-reform 10 years ran by 2025
    assert shares[2018].unjust_enrichment == 1  # pre-reform 10 years: live until 2028
    # Civil Code 140/143: sales of 2021-11-21 are live to the end of 2026-11-21
    assert shares[2021].unjust_enrichment == D(41) / 365  # 5 years from knowledge: from 11-21
    assert shares[2023].tort == D(41) / 365  # 3 years: sales from 2023-11-21 on
    assert shares[2023].unjust_enrichment == D(324) / 365
    assert shares[2025].tort == 1


def test_reform_boundary_for_unjust_enrichment() -> None:
    # a claim arising before 2020-04-01 keeps the old 10-year period; after, 5 years from knowledge
    as_of = date(2025, 6, 1)
    assert day_status(date(2020, 3, 31), as_of=as_of, knowledge_date=None) == "unjust_enrichment"
    assert day_status(date(2020, 4, 1), as_of=as_of, knowledge_date=None) == "barred"


def test_exposure_over_a_history_102_3() -> None:
    case = DamagesCase(
        method=Method.ART_102_3, currency="JPY", inputs={"sales": point("0"), "rate": point("0.05")}
    )
    history = [
        YearSales(year=2015, sales=D("800000000")),
        YearSales(year=2018, sales=D("1e9")),
        YearSales(year=2021, sales=D("1.2e9")),
        YearSales(year=2023, sales=D("1.5e9")),
        YearSales(year=2025, sales=D("2e9")),
    ]
    exposure = assess(case, history, as_of=AS_OF, knowledge_date=KNOWN)
    expected = D("50000000") + D("60000000") * D(41) / 365 + D("75000000") + D("100000000")
    assert exposure.claimable[Scenario.BASE].amount == expected
    assert exposure.years[0].barred[Scenario.BASE].amount == D("40000000")


def test_history_errors() -> None:
    case = DamagesCase(
        method=Method.ART_102_2,
        currency="JPY",
        inputs={"sales": point("0"), "direct-costs": point("0")},
    )
    with pytest.raises(InvalidValueError, match=r"year 2020: 'direct_costs' is needed"):
        assess(case, [YearSales(year=2020, sales=D(1))], as_of=AS_OF)
    with pytest.raises(InvalidValueError, match=r"--knowledge-date 2027-01-01 is after --as-of"):
        claimability([2020], as_of=AS_OF, knowledge_date=date(2027, 1, 1))
    with pytest.raises(InvalidValueError, match=r"year 2027 starts after --as-of"):
        claimability([2027], as_of=AS_OF)
    with pytest.raises(InvalidValueError, match=r"--as-of: needed with a sales history"):
        assess(case, [YearSales(year=2020, sales=D(1), direct_costs=D(0))])


amounts = st.integers(min_value=0, max_value=10**12)


@given(amounts, amounts, st.sampled_from([Method.ART_102_2, Method.ART_102_3]))
def test_more_sales_never_lowers_exposure(a: int, b: int, method: Method) -> None:
    low, high = sorted((a, b))

    def exposure(sales: int) -> D:
        inputs = {"sales": point(str(sales)), "rate": point("0.05")}
        if method is Method.ART_102_2:
            inputs |= {
                "direct-costs": point("1000000"),
                "rebuttal-unsellable": point("0.15"),
                "rebuttal-contribution": point("0.15"),
            }
        case = DamagesCase(method=method, currency="JPY", inputs=inputs)
        return assess(case).claimable[Scenario.BASE].amount

    assert exposure(low) <= exposure(high)


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(0, 10**7))
def test_more_infringing_units_never_lower_102_1(a: int, b: int, capacity: int) -> None:
    low, high = sorted((a, b))

    def exposure(units: int) -> D:
        case = DamagesCase(
            method=Method.ART_102_1,
            currency="JPY",
            inputs={
                "infringer-units": point(str(units)),
                "capacity-units": point(str(capacity)),
                "unsellable-units": point("100"),
                "unit-margin": point("500"),
                "unit-price": point("3000"),
                "rate": point("0.04"),
            },
        )
        return compute_scenario(case, Scenario.BASE).total.amount

    assert exposure(low) <= exposure(high)


@given(
    st.lists(st.integers(0, 10**10), min_size=5, max_size=5),
    st.integers(0, 10**9),
    st.integers(0, 4),
)
def test_more_sales_in_any_year_never_lowers_claimable(
    sales: list[int], extra: int, which: int
) -> None:
    years = [2015, 2018, 2021, 2023, 2025]
    case = DamagesCase(
        method=Method.ART_102_3, currency="JPY", inputs={"sales": point("0"), "rate": point("0.05")}
    )

    def claimable(values: list[int]) -> D:
        history = [YearSales(year=y, sales=D(v)) for y, v in zip(years, values, strict=True)]
        return (
            assess(case, history, as_of=AS_OF, knowledge_date=KNOWN).claimable[Scenario.BASE].amount
        )

    more = list(sales)
    more[which] += extra
    assert claimable(sales) <= claimable(more)
