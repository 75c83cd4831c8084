"""Withholding tax on royalties paid from Japan, with the shipped treaty table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kizuna.adapters.royalty_data import treaty_table
from kizuna.domain.money import Money
from kizuna.domain.tax import (
    DOMESTIC_BASE_RATE,
    DOMESTIC_RATE_WITH_SURTAX,
    domestic_rate,
    withholding_rule,
)
from kizuna.errors import InvalidValueError

D = Decimal


def test_domestic_rate_is_20_42_percent_in_the_surtax_years() -> None:
    assert DOMESTIC_BASE_RATE * D("1.021") == DOMESTIC_RATE_WITH_SURTAX
    assert domestic_rate(date(2013, 1, 1)) == D("0.2042")
    assert domestic_rate(date(2037, 12, 31)) == D("0.2042")
    assert domestic_rate(date(2038, 1, 1)) == D("0.20")
    assert domestic_rate(date(2012, 12, 31)) == D("0.20")


def test_us_treaty_zero_with_lob_forms() -> None:
    rule = withholding_rule("us", date(2026, 12, 1), treaty_table())
    assert (rule.country, rule.rate, rule.basis) == ("US", D(0), "treaty")
    forms = " ".join(rule.forms)
    assert "Form 3" in forms and "Form 17" in forms
    assert "IRS Form 6166" in forms and "Form 8802" in forms


def test_china_ten_percent_per_payment_rounded() -> None:
    rule = withholding_rule("CN", date(2027, 3, 31), treaty_table())
    assert rule.rate == D("0.10")
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("123457")


def test_unverified_korea_rate_is_flagged() -> None:
    rule = withholding_rule("KR", date(2027, 1, 1), treaty_table())
    assert rule.status == "unverified"
    assert any("UNVERIFIED" in s for s in rule.statements)


def test_no_treaty_row_is_an_error_unless_domestic_is_asked_for() -> None:
    with pytest.raises(InvalidValueError, match=r"--licensor-country BR: no treaty rate"):
        withholding_rule("BR", date(2027, 1, 1), treaty_table())
    rule = withholding_rule("BR", date(2027, 1, 1), treaty_table(), allow_domestic=True)
    assert (rule.rate, rule.basis) == (D("0.2042"), "domestic")
    assert "No treaty row for BR" in rule.statements[0]


def test_form3_not_filed_means_domestic_withholding_and_a_refund() -> None:
    rule = withholding_rule("DE", date(2027, 1, 1), treaty_table(), form3_filed=False)
    assert (rule.rate, rule.basis) == (D("0.2042"), "domestic")
    assert "claimed back" in rule.statements[0]


def test_treaty_rate_before_it_holds_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"holds from 2017-01-01; payment date 2016-12-31"):
        withholding_rule("DE", date(2016, 12, 31), treaty_table())
