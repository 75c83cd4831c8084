"""Money: parsing, rounding, Japanese formatting, FX conversion and round-trips."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.money import (
    FxRate,
    FxTable,
    Money,
    format_japanese,
    format_percent,
    minor_unit,
    parse_amount,
    parse_rate,
)
from kizuna.errors import InvalidValueError

ECB = "ECB reference rate"
TABLE = FxTable(
    [
        FxRate(base="EUR", quote="JPY", rate=Decimal("163.06"), on=date(2024, 12, 31), source=ECB),
        FxRate(base="EUR", quote="USD", rate=Decimal("1.0389"), on=date(2024, 12, 31), source=ECB),
        FxRate(base="EUR", quote="JPY", rate=Decimal("184.09"), on=date(2025, 12, 31), source=ECB),
        FxRate(base="EUR", quote="USD", rate=Decimal("1.175"), on=date(2025, 12, 31), source=ECB),
    ]
)


def test_parse_amount_reads_grouped_numbers_exactly() -> None:
    assert parse_amount("1,200,000") == Decimal("1200000")
    assert parse_amount("1_000.10") == Decimal("1000.10")
    assert parse_amount(0.1) == Decimal("0.1")


@pytest.mark.parametrize(
    ("value", "fault"),
    [
        ("abc", "is not a number"),
        ("-5", "is negative"),
        ("NaN", "not a finite"),
        (True, "not a number"),
    ],
)
def test_parse_amount_errors_name_the_input(value: object, fault: str) -> None:
    with pytest.raises(InvalidValueError, match=rf"--sales: .*{fault}"):
        parse_amount(value, name="--sales")


def test_parse_rate_percent_and_fraction() -> None:
    assert parse_rate("9%") == Decimal("0.09")
    assert parse_rate("0.05") == Decimal("0.05")
    assert parse_rate("100%") == Decimal(1)


@pytest.mark.parametrize(
    ("text", "fault"),
    [("150%", "above 100%"), ("5", r"above 100% \(write 5% for percent\)"), ("-1%", "negative")],
)
def test_parse_rate_refuses_out_of_range(text: str, fault: str) -> None:
    with pytest.raises(InvalidValueError, match=rf"--rate: .*{fault}"):
        parse_rate(text, name="--rate")


def test_unknown_currency_is_named() -> None:
    with pytest.raises(InvalidValueError, match=r"currency 'XYZ': unknown currency"):
        Money.of("1", "XYZ")


def test_rounding_is_half_up_to_the_minor_unit() -> None:
    assert Money.of("2.5", "JPY").rounded().amount == Decimal("3")
    assert Money.of("0.5", "JPY").rounded().amount == Decimal("1")
    assert Money.of("1.005", "USD").rounded().amount == Decimal("1.01")
    assert minor_unit("JPY") == 0 and minor_unit("usd") == 2


def test_currencies_do_not_mix() -> None:
    with pytest.raises(InvalidValueError, match=r"cannot combine JPY and USD"):
        _ = Money.of(1, "JPY") + Money.of(1, "USD")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("123450000", "JPY", "1億2,345万円"),
        ("123456789", "JPY", "1億2,345万6,789円"),
        ("100000000", "JPY", "1億円"),
        ("1234567890123", "JPY", "1兆2,345億6,789万123円"),
        ("999", "JPY", "999円"),
        ("0", "JPY", "0円"),
        ("12345.675", "USD", "1万2,345.68 USD"),
    ],
)
def test_japanese_format(amount: str, currency: str, expected: str) -> None:
    assert format_japanese(Money.of(amount, currency)) == expected


def test_format_percent_drops_trailing_zeros() -> None:
    assert format_percent(Decimal("0.037")) == "3.7%"
    assert format_percent(Decimal("0.2042")) == "20.42%"


def test_conversion_uses_latest_rate_on_or_before_the_date_and_names_it() -> None:
    converted = TABLE.convert(Money.of("1000", "USD"), "JPY", date(2025, 6, 30))
    assert converted.rate_date == date(2024, 12, 31)
    assert converted.converted.amount == Decimal("1000") * Decimal("163.06") / Decimal("1.0389")
    assert "1 EUR = 163.06 JPY on 2024-12-31" in converted.explanation


def test_conversion_without_a_rate_is_an_error() -> None:
    with pytest.raises(InvalidValueError, match=r"no FX rate for USD/JPY on or before 2020-01-01"):
        TABLE.convert(Money.of("1", "USD"), "JPY", date(2020, 1, 1))
    with pytest.raises(InvalidValueError, match=r"no FX rate for GBP/JPY"):
        TABLE.convert(Money.of("1", "GBP"), "JPY", date(2025, 12, 31))


@given(
    cents=st.integers(min_value=0, max_value=10**14),
    pair=st.sampled_from([("USD", "JPY"), ("JPY", "USD"), ("EUR", "USD"), ("JPY", "EUR")]),
    on=st.sampled_from([date(2025, 1, 1), date(2026, 1, 1)]),
)
def test_currency_round_trip_returns_the_amount(
    cents: int, pair: tuple[str, str], on: date
) -> None:
    source, target = pair
    original = Money(amount=Decimal(cents).scaleb(-minor_unit(source)), currency=source)
    there = TABLE.convert(original, target, on).converted
    back = TABLE.convert(there, source, on).converted
    assert back.rounded() == original


@given(st.decimals(min_value=0, max_value=10**15, places=0))
def test_japanese_format_reads_back(amount: Decimal) -> None:
    text = format_japanese(Money(amount=amount, currency="JPY"))
    total = 0
    rest = text.removesuffix("円").replace(",", "")
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        if unit in rest:
            head, rest = rest.split(unit)
            total += int(head) * size
    total += int(rest or 0)
    assert total == amount
