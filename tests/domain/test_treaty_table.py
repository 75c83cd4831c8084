"""The shipped treaty table: every MOF-list jurisdiction, sourced, and honest about gaps."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kizuna.adapters.royalty_data import parse_treaty_table, treaty_table
from kizuna.domain.money import Money, format_percent
from kizuna.domain.tax import withholding_rule
from kizuna.errors import InvalidValueError, MalformedDocumentError

D = Decimal
ON = date(2027, 1, 4)

# Comprehensive treaties (and the Taiwan arrangement) on the MOF list the table was built
# from (docs/legal-facts.md §6): a country dropped from the CSV fails here.
TREATY_PARTNERS = set(
    re.findall(
        r"[A-Z]{2}",
        "AE AM AR AT AU AZ BD BE BG BN BR BY CA CH CL CN CO CZ DE DK DZ EC EE EG ES FI FJ FR GB "
        "GE GR HK HR HU ID IE IL IN IS IT JM KG KR KW KZ LK LT LU LV MA MD MX MY NL NO NZ OM PE PH "
        "PK PL PT QA RO RS RU SA SE SG SI SK TH TJ TM TR TW UA US UY UZ VN ZA ZM",
    )
)
EXCHANGE_ONLY = set(re.findall(r"[A-Z]{2}", "BM BS GG IM JE KY LI MO PA VG WS"))
PRIMARY = (
    "[S201]", "[S202]", "[S203]", "[S204]", "[S210]", "[S211]", "[S214]", "[S215]", "[S90]",
    "[S220]", "[S221]", "[S222]", "[S223]", "[S224]", "[S225]", "[S226]", "[S228]",
    "[S230]", "[S232]", "[S234]", "[S235]", "[S238]", "[S240]", "[S244]", "[S245]",
    "[S247]", "[S250]", "[S252]", "[S255]", "[S256]", "[S264]", "[S265]", "[S268]", "[S281]",
    "[S284]", "[S285]", "[S286]", "[S287]",
)  # fmt: skip


def test_the_table_lists_every_partner_on_the_mof_list_it_was_built_from() -> None:
    table = treaty_table()
    assert set(table.countries) == TREATY_PARTNERS | EXCHANGE_ONLY
    assert {c for c in table.countries if table.get(c).basis == "exchange"} == EXCHANGE_ONLY  # type: ignore[union-attr]
    assert re.fullmatch(
        r"treaty_rates\.csv edition 2026-12-07 \(sha256 [0-9a-f]{12}\)", table.version
    )


def test_verified_rows_cite_a_primary_source_and_every_row_a_source() -> None:
    table = treaty_table()
    for code in table.countries:
        row = table.get(code)
        assert row is not None and row.source, code
        if row.status == "verified":
            assert any(tag in row.source for tag in PRIMARY), code
        else:
            assert row.verify_with, f"{code}: an unverified row says what would verify it"
    verified = {c for c in table.countries if table.get(c).status == "verified"}  # type: ignore[union-attr]
    assert verified - EXCHANGE_ONLY == {
        "AT", "AU", "BE", "CH", "CL", "CO", "DE", "GB", "HK", "HR", "IN", "LT", "MA", "NZ", "PT",
        "RU", "SA", "SE", "SI", "US", "BN", "AE", "UY", "GE", "NL", "PK", "MY", "QA",
        "PH", "RS", "GR", "UA", "UZ", "ES", "FR", "BY", "KG", "MD", "TJ", "TM", "AZ",
    }  # fmt: skip


def test_us_is_exempt_with_form_17_and_a_residence_certificate_and_names_the_table() -> None:
    rule = withholding_rule("US", ON, treaty_table())
    assert (rule.rate, rule.basis, rule.status) == (D(0), "treaty", "verified")
    assert rule.forms[1].startswith("Form 17-US (様式17-米; treaty Art. 22) (特典条項に関する付表")
    assert "residence certificate" in rule.forms[1]
    assert rule.table_version == treaty_table().version
    assert any(
        s.startswith(
            "Instrument: Convention between the Government of Japan and the "
            "Government of the United States of America"
        )
        for s in rule.statements
    )


@pytest.mark.parametrize(
    ("country", "rate", "tax"), [("CN", "0.10", "123456"), ("KR", "0.10", "123456")]
)
def test_china_and_korea_ten_percent(country: str, rate: str, tax: str) -> None:
    rule = withholding_rule(country, ON, treaty_table())
    assert rule.rate == D(rate)
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D(tax)


def test_australia_and_portugal_verified_from_the_treaty_text() -> None:
    for country in ("AU", "PT"):
        rule = withholding_rule(country, ON, treaty_table())
        assert (rule.rate, rule.status) == (D("0.05"), "verified")
        assert not any("UNVERIFIED (the rate" in s for s in rule.statements)
        assert "Art. 12(2)" in " ".join(rule.statements)
    # 5% of 2,000,001 yen = 100,000.05 -> 100,000
    assert rule.tax_on(Money.of("2000001", "JPY")).amount == D("100000")


def test_colombia_split_rate_applies_the_patent_rate_not_the_equipment_rate() -> None:
    rule = withholding_rule("CO", ON, treaty_table())
    assert (rule.rate, rule.status) == (D("0.10"), "verified")
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "equipment 2%" in types and "incl. patents 10%" in types
    assert any(f.startswith("Form 17 (the Colombia version") for f in rule.forms)


def test_armenia_2024_convention_is_in_force_and_its_rate_is_not_guessed() -> None:
    row = treaty_table().get("AM")
    assert row is not None
    assert (row.signed, row.in_force, row.rate) == ("2024-12-26", "2025-12-20", None)
    assert not row.pending
    assert "[S270]" in row.source and "taxes levied from 2026-01-01" in row.source
    with pytest.raises(InvalidValueError, match=r"--licensor-country AM: .*Armenia.* not recorded"):
        withholding_rule("AM", ON, treaty_table())


def test_taiwan_is_the_2015_arrangement_under_the_mutual_exemption_act() -> None:
    rule = withholding_rule("TW", ON, treaty_table())
    assert (rule.rate, rule.basis) == (D("0.10"), "arrangement")
    assert "外国居住者等所得相互免除法" in rule.forms[0]
    assert any("(signed 2015-11-26)" in s for s in rule.statements)


def test_an_information_exchange_agreement_gives_no_reduced_rate() -> None:
    with pytest.raises(
        InvalidValueError,
        match=r"--licensor-country KY: Japan's agreement with "
        r"Cayman Islands is a tax information exchange agreement",
    ):
        withholding_rule("KY", ON, treaty_table())
    rule = withholding_rule("KY", ON, treaty_table(), allow_domestic=True)
    assert (rule.rate, rule.status) == (D("0.2042"), "no-royalty-article")


def test_a_row_without_a_recorded_rate_is_an_error_never_a_guess() -> None:
    with pytest.raises(
        InvalidValueError,
        match=r"--licensor-country EC: .* has a row for "
        r"Ecuador but its royalties rate is not recorded",
    ):
        withholding_rule("EC", ON, treaty_table())
    rule = withholding_rule("EC", ON, treaty_table(), allow_domestic=True)
    assert (rule.rate, rule.basis, rule.status) == (D("0.2042"), "domestic", "rate-not-recorded")
    assert rule.statements[1] == (
        "The treaty may give a lower rate: if it does, the excess withheld must be claimed back."
    )


def test_a_treaty_rate_not_below_the_domestic_rate_gives_the_domestic_rate() -> None:
    egypt = withholding_rule("EG", ON, treaty_table())
    assert (egypt.rate, egypt.basis) == (D("0.15"), "treaty")
    text = HEADER + "XX,Nowhere,treaty,25,,,,,,,no,,verified,[S201],,,\n"
    rule = withholding_rule("XX", ON, parse_treaty_table(text))
    assert (rule.rate, rule.basis) == (D("0.2042"), "domestic")
    assert rule.statements[0].startswith("Treaty rate 25% is not lower: Domestic rate 20.42%")


HEADER = (
    "# treaty_rates.csv edition 2026-12-07: test\n"
    "country,name,basis,rate,rate_types,title,signed,in_force,article,effective_from,lob,"
    "lob_form,status,source,verify_with,pending,note\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("country,name\n", "line 1 is not '# <file> edition <date>"),
        ("# treaty_rates.csv edition 1: x\ncountry,name\n", "columns are not country, name"),
        (HEADER + "XX,Nowhere,treaty,abc,,,,,,,no,,verified,s,,,\n", "line 3: "),
        (HEADER + "XX,Nowhere,pact,10,,,,,,,no,,verified,s,,,\n", "basis 'pact' is not one of"),
    ],
)
def test_a_broken_table_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(MalformedDocumentError, match=re.escape(message)):
        parse_treaty_table(text)


def test_the_docs_table_lists_every_row_with_its_rate_and_status() -> None:
    docs = Path(__file__).parents[2] / "docs" / "withholding-treaties.md"
    shown = {
        cells[1]: (cells[4], cells[5])
        for line in docs.read_text(encoding="utf-8").splitlines()
        if re.match(r"\| [A-Z]{2} \|", line)
        for cells in [[c.strip() for c in line.split("|")]]
    }
    table = treaty_table()
    expected = {}
    for code in table.countries:
        row = table.get(code)
        assert row is not None
        rate = "—" if row.rate is None else format_percent(row.rate)
        expected[code] = (rate, row.status)
    assert shown == expected


def test_russia_2017_convention_exempts_royalties_and_needs_form_17() -> None:
    rule = withholding_rule("RU", ON, treaty_table())
    assert (rule.rate, rule.status) == (D(0), "verified")
    assert any(f.startswith("Form 17 (the Russia version") for f in rule.forms)


def test_denmark_new_convention_applies_to_tax_levied_from_2019() -> None:
    assert withholding_rule("DK", date(2019, 1, 1), treaty_table()).rate == D(0)
    with pytest.raises(InvalidValueError, match=r"holds from 2019-01-01; payment date 2018-12-31"):
        withholding_rule("DK", date(2018, 12, 31), treaty_table())


# Rows verified in this edition against MOF/MOFA releases, the US Treasury's releases,
# the tax administrations of Croatia, Pakistan or Malaysia (docs/legal-facts.md §6, [S218]-[S287]):
# country, patent-royalty rate, the source tag that verifies it, LOB as the release states it.
MOF_KEY_POINTS = [
    ("DE", "0", "[S220]", "yes"),
    ("SE", "0", "[S221]", "yes"),
    ("NZ", "0.05", "[S222]", "yes"),
    ("CL", "0.10", "[S223]", "unverified"),
    ("SI", "0.05", "[S224]", "unverified"),
    ("AT", "0", "[S225]", "yes"),
    ("US", "0", "[S226]", "yes"),
    ("GB", "0", "[S228]", "yes"),
    ("BE", "0", "[S230]", "yes"),
    ("MA", "0.10", "[S232]", "unverified"),
    ("HR", "0.05", "[S234]", "unverified"),
    ("SA", "0.10", "[S235]", "unverified"),
    ("BN", "0.10", "[S238]", "unverified"),
    ("AE", "0.10", "[S240]", "unverified"),
    ("UY", "0.10", "[S244]", "unverified"),
    ("GE", "0", "[S218]", "unverified"),
    ("NL", "0", "[S247]", "yes"),
    ("PK", "0.10", "[S250]", "unverified"),
    ("MY", "0.10", "[S252]", "unverified"),
    ("QA", "0.05", "[S255]", "unverified"),
    ("PH", "0.10", "[S256]", "unverified"),
    ("RS", "0.10", "[S264]", "unverified"),
    ("GR", "0.05", "[S265]", "unverified"),
    ("UA", "0.05", "[S268]", "unverified"),
    ("UZ", "0.05", "[S281]", "unverified"),
    ("ES", "0", "[S284]", "yes"),
    ("FR", "0", "[S285]", "yes"),
    # the 1986 USSR convention's rule as MOF states it (copyright 0%, patents 10%)
    ("BY", "0.10", "[S286]", "unverified"),
    ("KG", "0.10", "[S286]", "unverified"),
    ("MD", "0.10", "[S286]", "unverified"),
    ("TJ", "0.10", "[S286]", "unverified"),
    ("TM", "0.10", "[S286]", "unverified"),
    ("AZ", "0.07", "[S287]", "unverified"),
]


@pytest.mark.parametrize(("country", "rate", "tag", "lob"), MOF_KEY_POINTS)
def test_rows_verified_from_mof_and_mofa_key_points(
    country: str, rate: str, tag: str, lob: str
) -> None:
    row = treaty_table().get(country)
    assert row is not None
    assert (row.rate, row.status, row.lob) == (D(rate), "verified", lob)
    assert row.source.startswith(f"rate: {tag} ")
    assert "royalties article" not in row.verify_with  # what is left to check is not the rate
    rule = withholding_rule(country, ON, treaty_table())
    assert (rule.rate, rule.status) == (D(rate), "verified")
    assert not any("UNVERIFIED (the rate" in s for s in rule.statements)
    # 1,234,567 yen at the treaty rate, fractions of a yen truncated
    expected = (D("1234567") * D(rate)).to_integral_value(rounding="ROUND_DOWN")
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == expected


def test_chile_applies_the_patent_rate_and_names_the_transitional_rate() -> None:
    rule = withholding_rule("CL", ON, treaty_table())
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "equipment 2%" in types and "incl. patents 10% (15% for the first two years" in types
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("123456")


def test_germany_austria_new_zealand_and_netherlands_need_form_17_per_mof_summaries() -> None:
    for country, name in (
        ("DE", "Germany"),
        ("AT", "Austria"),
        ("NZ", "New Zealand"),
        ("NL", "Netherlands"),
    ):
        rule = withholding_rule(country, ON, treaty_table())
        assert any(f.startswith(f"Form 17 (the {name} version") for f in rule.forms), country
        assert not any(
            "Limitation on Benefits article is UNVERIFIED" in s for s in rule.statements
        ), country


@pytest.mark.parametrize(
    ("country", "holds_from"),
    [
        ("BE", "2020-01-01"),
        ("MA", "2023-01-01"),
        ("SA", "2012-01-01"),
        ("BN", "2010-01-01"),
        ("QA", "2016-01-01"),
        ("GR", "2025-01-01"),
        ("UA", "2026-01-01"),
        ("UZ", "2021-01-01"),
        ("ES", "2022-01-01"),
        ("FR", "2008-01-01"),
        ("AZ", "2024-01-01"),
    ],
)
def test_new_conventions_apply_from_the_year_the_mof_release_names(
    country: str, holds_from: str
) -> None:
    start = date.fromisoformat(holds_from)
    assert withholding_rule(country, start, treaty_table()).status == "verified"
    with pytest.raises(InvalidValueError, match=rf"holds from {holds_from}; payment date"):
        withholding_rule(country, date(start.year - 1, 12, 31), treaty_table())


# Rows whose dates were read in MOF/MOFA releases or embassy notices this edition while the
# royalties rate itself was not: the dates are recorded, the rate stays UNVERIFIED (or absent).
DATES_ONLY = [
    ("IS", "2018-01-15", "2018-10-31", "[S257]"),
    ("LV", "2017-01-18", "2017-07-05", "[S258]"),
    ("MX", "1996-04-09", "1996-11-06", "[S259]"),
    ("KW", "2010-02-17", "2013-06", "[S262]"),
    ("EC", "2019-01-15", "2019-12-28", "[S272]"),
    ("PE", "2019-11-18", "2021-01-29", "[S273]"),
    ("CA", "1986-05-07", "1987-11-14; protocol 2000-12-14", "[S276]"),
    ("SG", "1994-04-09", "1995-04-28; protocol 2010-07-14", "[S277]"),
    ("AR", "2019-06-27", "", "[S282]"),
    ("DZ", "2023-02-07", "2024-01-20", "[S279]"),
    ("KZ", "", "2009-12-30", "[S283]"),
]


@pytest.mark.parametrize(("country", "signed", "in_force", "tag"), DATES_ONLY)
def test_dates_read_in_primary_sources_leave_the_rate_unverified(
    country: str, signed: str, in_force: str, tag: str
) -> None:
    row = treaty_table().get(country)
    assert row is not None
    assert (row.signed, row.in_force, row.status) == (signed, in_force, "unverified")
    assert tag in row.source


def test_iceland_convention_applies_from_2019() -> None:
    assert withholding_rule("IS", date(2019, 1, 1), treaty_table()).rate == D(0)
    with pytest.raises(InvalidValueError, match=r"holds from 2019-01-01; payment date 2018-12-31"):
        withholding_rule("IS", date(2018, 12, 31), treaty_table())


def test_uzbekistan_new_convention_taxes_patents_at_5_and_exempts_copyright() -> None:
    rule = withholding_rule("UZ", ON, treaty_table())
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "copyright royalties exempt" in types and "incl. patents 5%" in types
    # 5% of 1,234,567 yen = 61,728.35 -> 61,728
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("61728")


def test_azerbaijan_2022_convention_taxes_all_royalties_at_7_from_2024() -> None:
    # MOF's key points of the 2022 convention [S287]: royalties 7% (the 1986 USSR convention:
    # copyright exempt, others 10%); taxes levied in Japan from 2024-01-01 [S271].
    row = treaty_table().get("AZ")
    assert row is not None
    assert (row.rate, row.status, row.effective_from) == (D("0.07"), "verified", date(2024, 1, 1))
    assert row.source.startswith(
        "rate: [S287] MOF, Key Points of New Tax Convention with Azerbaijan"
    )
    rule = withholding_rule("AZ", date(2024, 1, 1), treaty_table())
    assert (rule.rate, rule.basis, rule.status) == (D("0.07"), "treaty", "verified")
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "one rate for all royalties incl. copyright" in types
    # 7% of 1,234,567 yen = 86,419.69 -> 86,419 (1円未満切捨て)
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("86419")
    # a payment before 2024 fell under the 1986 USSR convention: refused, not answered 7%
    with pytest.raises(InvalidValueError, match=r"holds from 2024-01-01; payment date 2023-12-31"):
        withholding_rule("AZ", date(2023, 12, 31), treaty_table())


def test_serbia_applies_the_patent_rate_not_the_copyright_rate() -> None:
    rule = withholding_rule("RS", ON, treaty_table())
    assert (rule.rate, rule.status) == (D("0.10"), "verified")
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "copyright royalties 5%" in types and "incl. patents 10%" in types
    # 10% of 1,234,567 yen = 123,456.7 -> 123,456 (1円未満切捨て)
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("123456")


@pytest.mark.parametrize(("country", "holds_from"), [("PE", "2022-01-01"), ("DZ", "2025-01-01")])
def test_unverified_new_conventions_start_on_the_date_the_primary_sources_give(
    country: str, holds_from: str
) -> None:
    start = date.fromisoformat(holds_from)
    rule = withholding_rule(country, start, treaty_table())
    assert rule.status == "unverified"
    assert any(s.startswith("Treaty rate status: UNVERIFIED") for s in rule.statements)
    with pytest.raises(InvalidValueError, match=rf"holds from {holds_from}; payment date"):
        withholding_rule(country, date(start.year - 1, 12, 31), treaty_table())


def test_turkmenistan_row_warns_that_a_new_convention_is_reported() -> None:
    # the patent rate is 10% under both the 1986 convention and the 2024 one [S286]; which of the
    # two applies from 2026 (the new convention's entry into force) is still UNVERIFIED
    rule = withholding_rule("TM", ON, treaty_table())
    assert (rule.rate, rule.status) == (D("0.10"), "verified")
    assert any("signed 2024-12-16" in s and "UNVERIFIED" in s for s in rule.statements)
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "10% for all royalties under the 2024 convention" in types


@pytest.mark.parametrize("country", ["BY", "KG", "MD", "TJ"])
def test_the_1986_ussr_convention_exempts_copyright_and_taxes_patents_at_10(country: str) -> None:
    row = treaty_table().get(country)
    assert row is not None
    assert "Union of Soviet Socialist Republics" in row.title
    # MOF's statement of the convention's rule [S286], repeated in [S281] and [S214]
    assert all(tag in row.source for tag in ("[S286]", "[S281]", "[S214]", "[S125]"))
    rule = withholding_rule(country, ON, treaty_table())
    types = next(s for s in rule.statements if s.startswith("Rates by royalty type"))
    assert "copyright (cultural) royalties exempt" in types and "incl. patents 10%" in types
    # 10% of 1,234,567 yen = 123,456.7 -> 123,456
    assert rule.tax_on(Money.of("1234567", "JPY")).amount == D("123456")


def test_france_exempts_royalties_from_the_2007_protocol_with_form_17() -> None:
    row = treaty_table().get("FR")
    assert row is not None
    assert (row.signed, row.in_force, row.effective_from) == (
        "1995-03-03",
        "2007-12-01 (protocol)",
        date(2008, 1, 1),
    )
    assert "[S263]" in row.source
    rule = withholding_rule("FR", date(2008, 1, 1), treaty_table())
    assert (rule.rate, rule.status) == (D(0), "verified")
    assert any(f.startswith("Form 17-France (様式17-仏)") for f in rule.forms)


def test_spain_new_convention_needs_form_17_for_the_exemption() -> None:
    row = treaty_table().get("ES")
    assert row is not None
    assert (row.signed, row.in_force) == ("2018-10-16", "2021-05")
    assert "[S274]" in row.source and "[S275]" in row.source
    rule = withholding_rule("ES", ON, treaty_table())
    assert (rule.rate, rule.status) == (D(0), "verified")
    assert any(f.startswith("Form 17 (the Spain version") for f in rule.forms)
