"""Patent number parsing: the written forms practitioners use, and round-trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.ids import (
    NumberType,
    PatentNumber,
    corporate_number_check_digit,
    is_valid_corporate_number,
    normalise_text,
    parse_number,
)
from kizuna.errors import InvalidNumberError

G, P, A = NumberType.GRANT, NumberType.PUBLICATION, NumberType.APPLICATION


@pytest.mark.parametrize(
    ("text", "compact", "type_"),
    [
        ("US8930553B2", "US8930553B2", G),
        ("US 8,930,553 B2", "US8930553B2", G),
        ("US08930553", "US8930553", G),
        ("us 8930553 b2", "US8930553B2", G),
        ("US 2005/0004437 A1", "US20050004437A1", P),
        ("US20050004437A1", "US20050004437A1", P),
        ("US 13/123,456", "US13123456", A),
        ("USRE43123E", "USRE43123E", G),
        ("US D612,345 S", "USD612345S", G),
        ("US 5,123,456 A", "US5123456A", G),
        ("EP3383757B1", "EP3383757B1", G),
        ("EP 3 383 757 B1", "EP3383757B1", G),
        ("EP 3 383 757", "EP3383757", None),
        ("EP 1 234 567 A1", "EP1234567A1", P),
        ("EP16871234.5", "EP16871234", A),
        ("JP7533889B2", "JP7533889B2", G),
        ("JP 7533889 B2", "JP7533889B2", G),
        ("特許第7533889号", "JP7533889", G),
        ("特許第７５３３８８９号", "JP7533889", G),
        ("特許7533889", "JP7533889", G),
        ("特願2020-123456", "JP2020123456", A),
        ("特願２０２０－１２３４５６", "JP2020123456", A),
        ("特願平10-123456", "JP1998123456", A),
        ("特開2021-090037", "JP2021090037A", P),
        ("特開平10-123456", "JPH10123456A", P),
        ("JP2021-090037A", "JP2021090037A", P),
        ("JP 2021-090037 A", "JP2021090037A", P),
        ("JPH10123456A", "JPH10123456A", P),
        ("JP2020123456", "JP2020123456", None),
        ("特表2019-500123", "JP2019500123A", P),
        ("WO2020/123456", "WO2020123456", P),
        ("WO 2020/123456 A1", "WO2020123456A1", P),
        ("WO 02/12345", "WO2002012345", P),
        ("PCT/JP2020/012345", "PCT/JP2020/012345", A),
        ("CN112345678A", "CN112345678A", P),
    ],
)
def test_common_written_forms(text: str, compact: str, type_: NumberType | None) -> None:
    number = parse_number(text)
    assert number.compact == compact
    assert number.type is type_


def test_display_forms() -> None:
    assert parse_number("US8930553B2").display == "US 8,930,553 B2"
    assert parse_number("US20050004437A1").display == "US 2005/0004437 A1"
    assert parse_number("EP3383757B1").display == "EP 3 383 757 B1"
    assert parse_number("JP2021090037A").display == "JP 2021-090037 A"
    assert parse_number("特願2020-123456").display == "特願2020-123456"
    assert parse_number("JP7533889B2").display_ja == "特許第7533889号"
    assert parse_number("JP2021090037A").display_ja == "特開2021-090037"


def test_publication_and_grant_share_a_key_applications_do_not() -> None:
    assert parse_number("EP3383757A1").key == parse_number("EP3383757B1").key
    assert parse_number("特願2020-123456").key != parse_number("特開2020-123456").key


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello", "US", "特許第号", "EP 3383757 Z9", "JP12345678901A", "12345"],
)
def test_unreadable_numbers_are_rejected_naming_the_input(text: str) -> None:
    with pytest.raises(InvalidNumberError) as info:
        parse_number(text)
    if text.strip():
        assert repr(text) in str(info.value)


def test_normalise_text_folds_full_width_and_dashes() -> None:
    assert normalise_text("特願２０２０－１２３４５６") == "特願2020-123456"
    assert normalise_text("ＵＳ　８，９３０，５５３") == "US 8,930,553"


# --- round-trips -----------------------------------------------------------

_us_grants = st.integers(1, 12_999_999).map(
    lambda n: PatentNumber(country="US", number=str(n), kind="B2", type=G)
)
_us_pubs = st.tuples(st.integers(2001, 2030), st.integers(1, 9_999_999)).map(
    lambda t: PatentNumber(country="US", number=f"{t[0]}{t[1]:07d}", kind="A1", type=P)
)
_us_apps = st.tuples(st.integers(10, 19), st.integers(0, 999_999)).map(
    lambda t: PatentNumber(country="US", number=f"{t[0]}{t[1]:06d}", type=A)
)
_ep = st.tuples(st.integers(1, 4_999_999), st.sampled_from(["A1", "A2", "B1", "B2"])).map(
    lambda t: PatentNumber(
        country="EP", number=f"{t[0]:07d}", kind=t[1], type=G if t[1][0] == "B" else P
    )
)
_jp_grants = st.integers(1, 7_999_999).map(
    lambda n: PatentNumber(country="JP", number=str(n), kind="B2", type=G)
)
_jp_apps = st.tuples(st.integers(2000, 2030), st.integers(1, 999_999)).map(
    lambda t: PatentNumber(country="JP", number=f"{t[0]}{t[1]:06d}", type=A)
)
_jp_pubs = st.tuples(st.integers(2000, 2030), st.integers(1, 999_999)).map(
    lambda t: PatentNumber(country="JP", number=f"{t[0]}{t[1]:06d}", kind="A", type=P)
)
_wo = st.tuples(st.integers(1978, 2030), st.integers(1, 999_999)).map(
    lambda t: PatentNumber(country="WO", number=f"{t[0]}{t[1]:06d}", kind="A1", type=P)
)
any_number = st.one_of(_us_grants, _us_pubs, _us_apps, _ep, _jp_grants, _jp_apps, _jp_pubs, _wo)


@given(any_number)
def test_display_round_trips(number: PatentNumber) -> None:
    assert parse_number(number.display) == number


@given(any_number)
def test_compact_round_trips_to_the_same_key(number: PatentNumber) -> None:
    again = parse_number(number.compact)
    assert (again.country, again.number, again.kind) == (number.country, number.number, number.kind)
    if number.type is not A:
        assert again.key == number.key


@given(any_number)
def test_full_width_forms_parse_the_same(number: PatentNumber) -> None:
    wide = number.display.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert parse_number(wide) == number


@given(_jp_grants)
def test_japanese_grant_form_round_trips(number: PatentNumber) -> None:
    again = parse_number(number.display_ja)
    assert again.key == number.key


# --- corporate numbers (法人番号) -------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "1180301018771",  # トヨタ自動車株式会社
        "5010401067252",  # ソニーグループ株式会社
        "7120001077523",  # パナソニックホールディングス株式会社
    ],
)
def test_real_corporate_numbers_validate(number: str) -> None:
    assert is_valid_corporate_number(number)
    assert corporate_number_check_digit(number[1:]) == int(number[0])


def test_corporate_number_rejects_wrong_check_digit_and_shape() -> None:
    assert not is_valid_corporate_number("2180301018771")
    assert not is_valid_corporate_number("118030101877")
    assert is_valid_corporate_number("１１８０３０１０１８７７１")


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_exactly_one_check_digit_validates(base: str) -> None:
    valid = [d for d in range(10) if is_valid_corporate_number(f"{d}{base}")]
    assert valid == [corporate_number_check_digit(base)]
