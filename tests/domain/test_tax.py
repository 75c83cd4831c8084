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


def test_china_ten_percent_per_payment_fractions_truncated() -> None:
    rule = withholding_rule("CN", date(2027, 3, 31), treaty_table())
    assert rule.rate == D("0.10")
    # 123,456.7 yen: fractions of a yen are truncated (1円未満切捨て), not rounded up
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("123456")
    domestic = withholding_rule("VE", date(2027, 1, 1), treaty_table(), allow_domestic=True)
    # 20.42% of 999,999 yen = 204,199.7958 -> 204,199
    assert domestic.tax_on(Money.of("999999", "JPY")).amount == D("204199")
    brazil = withholding_rule("BR", date(2027, 1, 1), treaty_table())
    # 12.5% of 999,999 yen = 124,999.875 -> 124,999 (half-up rounding would give 125,000)
    assert brazil.tax_on(Money.of("999999", "JPY")).amount == D("124999")


def test_taiwan_is_an_arrangement_with_its_own_notification() -> None:
    rule = withholding_rule("TW", date(2027, 1, 1), treaty_table())
    assert (rule.rate, rule.basis) == (D("0.10"), "arrangement")
    assert rule.forms[0].startswith("外国居住者等所得相互免除法に関する届出書")
    assert not any(f.startswith("Form 3") for f in rule.forms)
    assert rule.statements[1].startswith("Not a treaty: relief under 外国居住者等")
    assert "2015-11-26" in rule.statements[1]
    assert not any("Limitation on Benefits" in s for s in rule.statements)
    assert rule.statements[0].startswith("Arrangement rate 10%")
    assert treaty_table().get("TW").basis == "arrangement"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("country", "form"),
    [
        ("US", "Form 17-US (様式17-米"),
        ("GB", "Form 17-UK (様式17-英)"),
        ("FR", "Form 17-France (様式17-仏)"),
        ("AU", "Form 17-Australia (様式17-豪"),
        ("SE", "Form 17-Sweden (様式17-スウェーデン"),
    ],
)
def test_lob_treaties_need_their_form_17_and_a_residence_certificate(
    country: str, form: str
) -> None:
    rule = withholding_rule(country, date(2027, 1, 1), treaty_table())
    lob = [f for f in rule.forms if f.startswith(form)]
    assert lob and "特典条項に関する付表" in lob[0] and "residence certificate" in lob[0]


def test_rows_not_sourced_to_the_nta_mof_or_treaty_say_unverified() -> None:
    for code in treaty_table().countries:
        row = treaty_table().get(code)
        assert row is not None
        if row.rate is None:  # no rate recorded: an error, covered in test_treaty_table
            continue
        rule = withholding_rule(code, date(2027, 1, 1), treaty_table())
        if row.status != "verified":
            assert rule.status == row.status
            assert any(row.status.upper() in s for s in rule.statements), code


def test_unverified_korea_rate_is_flagged() -> None:
    rule = withholding_rule("KR", date(2027, 1, 1), treaty_table())
    assert rule.status == "unverified"
    assert any("UNVERIFIED" in s for s in rule.statements)


def test_no_treaty_row_is_an_error_unless_domestic_is_asked_for() -> None:
    with pytest.raises(InvalidValueError, match=r"--licensor-country VE: no treaty rate") as err:
        withholding_rule("VE", date(2027, 1, 1), treaty_table())
    assert "Japan has no tax treaty or arrangement with VE on the MOF list" in str(err.value)
    assert "treaty_rates.csv edition 2026-12-07 (sha256 " in str(err.value)
    rule = withholding_rule("VE", date(2027, 1, 1), treaty_table(), allow_domestic=True)
    assert (rule.rate, rule.basis, rule.status) == (D("0.2042"), "domestic", "no-treaty-row")
    assert rule.statements[0].startswith("Domestic rate 20.42% (20% plus 2.1% reconstruction")
    assert "as asked (--domestic): no treaty rate in treaty_rates.csv" in rule.statements[0]


def test_form3_not_filed_means_domestic_withholding_and_a_refund() -> None:
    rule = withholding_rule("DE", date(2027, 1, 1), treaty_table(), form3_filed=False)
    assert (rule.rate, rule.basis) == (D("0.2042"), "domestic")
    assert "claimed back" in rule.statements[0]


def test_treaty_rate_before_it_holds_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"holds from 2017-01-01; payment date 2016-12-31"):
        withholding_rule("DE", date(2016, 12, 31), treaty_table())
