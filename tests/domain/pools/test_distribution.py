"""Pool arithmetic: invoices, fee, largest-remainder distribution (exact to the yen)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.pools.distribution import distribute, invoice_member, largest_remainder
from kizuna.domain.pools.model import (
    Assessment,
    Contribution,
    Member,
    Pool,
    ReportLine,
    Tier,
    parse_period,
)
from kizuna.errors import InvalidValueError

Q1 = parse_period("2026-Q1")
ESSENTIAL = Assessment(kind="evaluator", by="E", on=date(2025, 12, 1), essential=True)


def _pool(**overrides: object) -> Pool:
    values: dict[str, object] = {
        "name": "P",
        "standard": "S",
        "currency": "JPY",
        "administrator": "A",
        "fee_rate": Decimal("0.10"),
        "fields": (),
        "territories": ("JP", "US"),
        "founders": ("Alpha", "Beta"),
        "contributions": (
            Contribution(
                founder="Alpha",
                patent="JP1",
                country="JP",
                expires=date(2040, 1, 1),
                joined=date(2026, 1, 1),
                assessment=ESSENTIAL,
            ),
            Contribution(
                founder="Alpha",
                patent="US1",
                country="US",
                expires=date(2040, 1, 1),
                joined=date(2026, 1, 1),
                assessment=ESSENTIAL,
            ),
            Contribution(
                founder="Beta",
                patent="JP2",
                country="JP",
                expires=date(2026, 5, 20),
                joined=date(2026, 1, 1),
                assessment=ESSENTIAL,
            ),
            Contribution(
                founder="Beta",
                patent="JP3",
                country="JP",
                expires=date(2043, 9, 30),
                joined=date(2026, 1, 1),
                assessment=ESSENTIAL,
            ),
        ),
        "tiers": (
            Tier(
                name="standard",
                criteria="all",
                per_unit=Decimal(30),
                cap=Decimal(3_000_000),
                minimum=Decimal(50_000),
                early_bird_discount=Decimal("0.2"),
                early_bird_until=date(2026, 1, 31),
            ),
            Tier(
                name="component",
                criteria="modules",
                percent=Decimal("0.015"),
                minimum=Decimal(50_000),
            ),
        ),
        "members": (
            Member(name="One", tier="standard", effective=date(2026, 1, 15)),
            Member(name="Two", tier="standard", effective=date(2026, 2, 1)),
            Member(name="Three", tier="component", effective=date(2026, 1, 1)),
        ),
    }
    values.update(overrides)
    return Pool(**values)  # type: ignore[arg-type]


def _line(member: str, country: str, units: int, sales: int) -> ReportLine:
    return ReportLine(
        member=member,
        period="2026-Q1",
        country=country,
        currency="JPY",
        units=Decimal(units),
        net_sales=Decimal(sales),
    )


LINES = [
    _line("One", "JP", 12000, 84_000_000),
    _line("One", "US", 3000, 22_500_000),  # USD 150,000 at 150 JPY, converted by the service
    _line("Two", "JP", 4001, 30_000_000),
    _line("Three", "JP", 0, 2_000_000),
]


def test_invoices_apply_early_bird_minimum_and_proration() -> None:
    pool = _pool()
    one, two, three = (
        invoice_member(pool, m, [li for li in LINES if li.member == m.name], Q1)
        for m in pool.members
    )
    assert one.amount == Decimal(360_000)  # 15,000 × 30 = 450,000, less 20 % early bird
    assert two.amount == Decimal(120_030)  # joined 1 Feb: no early bird
    assert (three.amount, three.adjustment) == (Decimal(50_000), "minimum")  # 1.5 % of 2m = 30,000


def test_cap_is_prorated_by_the_days_licensed() -> None:
    pool = _pool()
    two = pool.members[1]  # licensed 59 of Q1's 90 days
    big = [_line("Two", "JP", 1_000_000, 0)]
    invoice = invoice_member(pool, two, big, Q1)
    assert invoice.adjustment == "cap"
    assert invoice.amount == Decimal(1_966_667)  # 3,000,000 × 59 / 90 = 1,966,666.67 → half-up


def test_hand_computed_distribution() -> None:
    """Worked in docs/pools.md: weights 1 : 464/277, fee 10 %, one yen by largest remainder."""
    pool = _pool()
    invoices = [
        invoice_member(pool, m, [li for li in LINES if li.member == m.name], Q1)
        for m in pool.members
    ]
    paid = {i.member: i.amount for i in invoices}
    result = distribute(pool, Q1, invoices, paid, LINES)
    assert result.collected == Decimal(530_030)
    assert result.fee == Decimal(53_003)
    weights = {p.founder: p.weight for p in result.payouts}
    assert weights == {"Alpha": Fraction(1), "Beta": Fraction(464, 277)}
    amounts = {p.founder: p.amount for p in result.payouts}
    # 477,027 × 277/741 = 178,321.83 and × 464/741 = 298,705.17: the spare yen goes to Alpha.
    assert amounts == {"Alpha": Decimal(178_322), "Beta": Decimal(298_705)}
    assert result.remainder == 0
    assert sum(amounts.values()) + result.fee + result.remainder == result.collected


def test_expired_and_unassessed_patents_carry_no_weight() -> None:
    q3 = parse_period("2026-Q3")
    unassessed = Contribution(
        founder="Beta", patent="JP4", country="JP", expires=None, joined=date(2026, 1, 1)
    )
    pool = _pool(contributions=(*_pool().contributions, unassessed))
    lines = [
        ReportLine(
            member="One",
            period="2026-Q3",
            country="JP",
            currency="JPY",
            units=Decimal(1),
            net_sales=Decimal(1000),
        )
    ]
    result = distribute(pool, q3, [], {"One": Decimal(1000)}, lines)
    by_patent = {p.patent: p for p in result.patents}
    assert (
        by_patent["JP2"].weight == 0 and "not in the pool" in by_patent["JP2"].note
    )  # expired 20 May
    assert by_patent["JP4"].weight == 0 and "essential" in by_patent["JP4"].note
    assert by_patent["US1"].weight == 0 and "no reported sales in US" in by_patent["US1"].note


def test_nothing_to_weigh_keeps_the_net_as_remainder() -> None:
    pool = _pool(contributions=())
    result = distribute(pool, Q1, [], {"One": Decimal(1001)}, LINES)
    assert result.fee == Decimal(100)  # 100.1 rounded down: the administrator bears the fraction
    assert result.remainder == Decimal(901)
    assert all(p.amount == 0 for p in result.payouts)


@given(
    total=st.integers(min_value=0, max_value=10**15),
    weights=st.lists(
        st.fractions(min_value=Fraction(1, 10**6), max_value=10**6), min_size=1, max_size=12
    ),
)
def test_largest_remainder_conserves_every_unit(total: int, weights: list[Fraction]) -> None:
    named = {f"f{i:02d}": w for i, w in enumerate(weights)}
    parts = largest_remainder(total, named)
    assert sum(parts.values()) == total
    whole = sum(named.values())
    for name, part in parts.items():
        exact = total * named[name] / whole
        assert exact - 1 < part < exact + 1


def test_period_parsing() -> None:
    assert (Q1.start, Q1.end, Q1.days) == (date(2026, 1, 1), date(2026, 3, 31), 90)
    assert parse_period("2024").days == 366
    with pytest.raises(InvalidValueError, match="2026-Q1"):
        parse_period("2026-Q5")


def _right(founder: str, patent: str, country: str, *territories: str) -> Contribution:
    return Contribution(founder=founder, patent=patent, country=country,
                        expires=date(2040, 1, 1), joined=date(2026, 1, 1),
                        territories=territories, assessment=ESSENTIAL)  # fmt: skip


TERRITORY_POOL = {
    "contributions": (
        _right("Alpha", "EP1", "EP", "DE", "FR"),  # a European patent licensed for DE and FR
        _right("Alpha", "JP1", "JP", "US"),  # a JP patent cannot cover US sales: nothing
        _right("Beta", "JP3", "JP", "JP"),
        _right("Beta", "US1", "US"),
    )
}
TERRITORY_LINES = [
    _line("One", "JP", 0, 60_000_000),
    _line("One", "US", 0, 20_000_000),
    _line("Two", "DE", 0, 15_000_000),
    _line("Two", "FR", 0, 5_000_000),
]


def test_territory_limits_weigh_by_the_sales_in_the_covered_territories() -> None:
    """Hand-computed: shares JP 3/5, US 1/5, DE 3/20, FR 1/20 of ¥100m of net sales.

    Alpha: EP1 covers DE + FR = 1/5, JP1 (limited to US) covers nothing; Beta: JP3 3/5 + US1
    1/5 = 4/5. Collected ¥1,000,001, fee 10 % = 100,000.1 rounded down = ¥100,000, net
    ¥900,001: quotas 180,000.2 and 720,000.8, the spare yen to Beta's larger fraction.
    """
    pool = _pool(**TERRITORY_POOL)
    result = distribute(pool, Q1, [], {"One": Decimal(1_000_001)}, TERRITORY_LINES)
    by_patent = {p.patent: p for p in result.patents}
    assert by_patent["EP1"].country_weight == Fraction(1, 5)
    assert "territory limit DE, FR: covers DE, FR" in by_patent["EP1"].note
    assert by_patent["JP1"].weight == 0 and "territory limit US: covers nothing" in (
        by_patent["JP1"].note)  # fmt: skip
    assert {p.founder: p.weight for p in result.payouts} == {
        "Alpha": Fraction(1, 5), "Beta": Fraction(4, 5)}  # fmt: skip
    assert result.fee == Decimal(100_000)
    amounts = {p.founder: p.amount for p in result.payouts}
    assert amounts == {"Alpha": Decimal(180_000), "Beta": Decimal(720_001)}
    assert sum(amounts.values()) + result.fee + result.remainder == result.collected


def test_flat_weighting_counts_a_contribution_only_where_it_meets_a_pool_territory() -> None:
    pool = _pool(**TERRITORY_POOL, country_weighting="flat")  # pool territories JP, US
    result = distribute(pool, Q1, [], {"One": Decimal(1_000_001)}, TERRITORY_LINES)
    by_patent = {p.patent: p for p in result.patents}
    assert by_patent["EP1"].weight == 0 and "DE, FR not a pool territory" in by_patent["EP1"].note
    assert {p.founder: p.amount for p in result.payouts} == {
        "Alpha": Decimal(0), "Beta": Decimal(900_001)}  # fmt: skip
