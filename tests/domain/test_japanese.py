"""Japanese era dates, yen notation and letter phrases."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.japanese import (
    era_of,
    format_date_both,
    format_date_en,
    format_wareki,
    format_yen,
    letter_closing,
    letter_opening,
    parse_wareki,
    seasonal_greeting,
)
from kizuna.errors import InvalidValueError


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 21), "令和8年11月21日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_format_wareki_at_era_boundaries(day: date, text: str) -> None:
    assert format_wareki(day) == text
    assert parse_wareki(text) == day


def test_dates_in_both_forms_and_english() -> None:
    assert format_date_both(date(2026, 11, 21)) == "2026年11月21日（令和8年11月21日）"
    assert format_date_en(date(2026, 11, 21)) == "21 November 2026"
    assert era_of(date(2026, 1, 1))[0].romaji == "Reiwa"


def test_lunisolar_dates_and_wrong_eras_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="lunisolar"):
        format_wareki(date(1872, 12, 31))
    with pytest.raises(InvalidValueError, match="not in the 平成 era"):
        parse_wareki("平成31年5月1日")
    with pytest.raises(InvalidValueError, match="not an era date"):
        parse_wareki("2026-11-21")
    assert parse_wareki("令和８年１１月２１日") == date(2026, 11, 21)  # full-width digits


@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2200, 12, 31)))
def test_wareki_round_trips(day: date) -> None:
    assert parse_wareki(format_wareki(day)) == day


def test_yen_in_man_oku_cho() -> None:
    assert format_yen(123_450_000) == "1億2,345万円"
    assert format_yen(2_000_000_000_000) == "2兆円"
    assert format_yen(5_000_000) == "500万円"


def test_letter_phrases() -> None:
    assert seasonal_greeting(11) == "晩秋の候"
    opening = letter_opening(date(2026, 11, 21))
    assert opening == "拝啓　晩秋の候、貴社ますますご清栄のこととお慶び申し上げます。"
    assert letter_opening(date(2026, 11, 21), seasonal=False) == (
        "拝啓　時下ますますご清栄のこととお慶び申し上げます。"
    )
    # 清祥 (health) is said of people, 清栄 (prosperity) of a company
    assert letter_opening(date(2026, 12, 7), company=False) == (
        "拝啓　師走の候、皆様にはますますご清祥のこととお慶び申し上げます。"
    )
    assert letter_closing() == (
        "ご多用中誠に恐縮ではございますが、何卒ご検討のほどよろしくお願い申し上げます。",
        "敬具",
    )
    with pytest.raises(InvalidValueError):
        seasonal_greeting(13)
