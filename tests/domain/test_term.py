"""Patent term and expiry (kizuna.domain.term).

Facts are taken from the real sample records where the corpus has one:
特願2020-123456 / 特許7533889 (samples/jpo/2020123456-progress.json), US 7,272,630 B2
and US 8,927,118 B2 (samples/uspto), EP 3404678 B1 (samples/epo/grant-v1-5-B1.xml).
The pre-1995 US case and the JP regulatory extension are constructed: the corpus
has no such record.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kizuna.domain.ids import NumberType, PatentNumber
from kizuna.domain.patent import FamilyLink, FamilyRelation, Patent, PatentDates, TermFacts
from kizuna.domain.term import (
    RULES_VERSION,
    Expiry,
    add_years,
    compute_expiry,
    remaining_term,
)
from kizuna.errors import InvalidValueError


def _patent(
    country: str,
    number: str,
    *,
    filing: date | None,
    grant: date | None = None,
    term: TermFacts | None = None,
    family: tuple[FamilyLink, ...] = (),
) -> Patent:
    pn = PatentNumber(country=country, number=number, type=NumberType.GRANT)
    return Patent(
        number=pn,
        numbers=(pn,),
        dates=PatentDates(filing=filing, grant=grant),
        term=term or TermFacts(),
        family=family,
    )


# 2020123456-progress.json: filingDate 20200720, registrationDate 20240805,
# expireDate 20400720; 出願審査請求書 (A621) legalDate 20230419.
JPO_FILING = date(2020, 7, 20)
JPO_REGISTRATION = date(2024, 8, 5)
JPO_EXPIRE = date(2040, 7, 20)
JPO_EXAM_REQUEST = date(2023, 4, 19)


def test_jpo_sample_expiry_agrees_with_the_office() -> None:
    patent = _patent(
        "JP",
        "7533889",
        filing=JPO_FILING,
        grant=JPO_REGISTRATION,
        term=TermFacts(office_expiry=JPO_EXPIRE),
    )
    expiry = compute_expiry(patent)
    assert expiry.date == JPO_EXPIRE
    assert expiry.office_agrees is True
    assert expiry.rules_version == RULES_VERSION
    assert expiry.basis[0].citation == "Patent Act Art. 67(1)"
    assert "2020-07-20" in expiry.basis[0].detail


def test_jpo_sample_delay_extension_with_unknown_exam_request() -> None:
    patent = _patent("JP", "7533889", filing=JPO_FILING, grant=JPO_REGISTRATION)
    expiry = compute_expiry(patent)
    step = next(s for s in expiry.basis if s.citation == "Patent Act Art. 67(2)")
    # Reference date assumed to be filing + 5 years; registration is earlier.
    assert "2025-07-20" in step.detail
    assert "not eligible" in step.detail
    assert expiry.delay_extension_max_days is None
    assert any("examination request date unknown" in c for c in expiry.caveats)


def test_jpo_sample_delay_extension_with_exam_request_from_progress_record() -> None:
    patent = _patent(
        "JP",
        "7533889",
        filing=JPO_FILING,
        grant=JPO_REGISTRATION,
        term=TermFacts(examination_request=JPO_EXAM_REQUEST),
    )
    expiry = compute_expiry(patent)
    step = next(s for s in expiry.basis if s.citation == "Patent Act Art. 67(2)")
    assert "= 2026-04-19" in step.detail  # request + 3 years is later than filing + 5 years
    assert "not eligible" in step.detail
    assert expiry.delay_extension_max_days is None


def test_jp_delay_extension_eligible_is_at_most_the_gap() -> None:
    # The sample's dates with a later, hypothetical registration.
    registration = date(2026, 10, 1)
    patent = _patent(
        "JP",
        "7533889",
        filing=JPO_FILING,
        grant=registration,
        term=TermFacts(examination_request=JPO_EXAM_REQUEST),
    )
    expiry = compute_expiry(patent)
    assert expiry.delay_extension_max_days == (registration - date(2026, 4, 19)).days == 165
    assert expiry.date == JPO_EXPIRE  # not granted yet: not counted
    assert any("at most 165 days" in c for c in expiry.caveats)


def test_jp_delay_extension_not_for_filings_before_2020_03_10() -> None:
    patent = _patent("JP", "1", filing=date(2020, 3, 9), grant=date(2027, 1, 1))
    expiry = compute_expiry(patent)
    assert all(s.citation != "Patent Act Art. 67(2)" for s in expiry.basis)
    assert expiry.delay_extension_max_days is None


def test_jp_registered_delay_extension_is_added() -> None:
    patent = _patent(
        "JP",
        "7533889",
        filing=JPO_FILING,
        grant=date(2026, 10, 1),
        term=TermFacts(examination_request=JPO_EXAM_REQUEST, delay_extension_days=100),
    )
    expiry = compute_expiry(patent)
    assert expiry.date == date(2040, 10, 28)
    assert expiry.delay_extension_max_days is None


def test_jp_pharma_regulatory_extension() -> None:
    patent = _patent(
        "JP",
        "4000000",
        filing=date(2005, 3, 1),
        grant=date(2008, 6, 1),
        term=TermFacts(regulatory_extension_days=1461),
    )
    expiry = compute_expiry(patent)
    assert expiry.date == date(2029, 3, 1)  # 2025-03-01 + 1461 days (4 years incl. 2028-02-29)
    assert any(s.citation == "Patent Act Art. 67(4)" for s in expiry.basis)
    assert not any("exceeds the 5-year maximum" in c for c in expiry.caveats)


def test_jp_regulatory_extension_over_five_years_is_flagged() -> None:
    patent = _patent(
        "JP", "4000000", filing=date(2005, 3, 1), term=TermFacts(regulatory_extension_days=2000)
    )
    assert any("exceeds the 5-year maximum" in c for c in compute_expiry(patent).caveats)


def test_jp_divisional_counts_from_parent_filing() -> None:
    parent = PatentNumber(country="JP", number="2018000001", type=NumberType.APPLICATION)
    patent = _patent(
        "JP",
        "5",
        filing=date(2021, 5, 1),
        family=(
            FamilyLink(relation=FamilyRelation.DIVISION, number=parent, date=date(2018, 1, 10)),
        ),
    )
    assert compute_expiry(patent).date == date(2038, 1, 10)


def test_us_division_with_pta() -> None:
    # US 7,272,630 B2: appl. 10/991,571 filed 2004-11-18, division of 09/876,376 filed
    # 2001-06-06; us-term-extension 36.
    parent = PatentNumber(country="US", number="09876376", type=NumberType.APPLICATION)
    patent = _patent(
        "US",
        "7272630",
        filing=date(2004, 11, 18),
        grant=date(2007, 9, 18),
        term=TermFacts(pta_days=36),
        family=(
            FamilyLink(relation=FamilyRelation.DIVISION, number=parent, date=date(2001, 6, 6)),
        ),
    )
    expiry = compute_expiry(patent)
    assert expiry.date == date(2021, 7, 12)  # 2021-06-06 + 36 days
    assert [s.citation for s in expiry.basis] == ["35 USC 154(a)(2)", "35 USC 154(b)"]
    assert any("terminal disclaimer" in c for c in expiry.caveats)


def test_us_continuation_chain_uses_earliest_nonprovisional() -> None:
    # US 8,927,118 B2: continuation of 13/173,486 (2011-06-30), itself a continuation of
    # 12/253,586 (2008-10-17); JP priority 2008-06-05 does not count (154(a)(3)).
    links = (
        FamilyLink(
            relation=FamilyRelation.CONTINUATION,
            number=PatentNumber(country="US", number="13173486", type=NumberType.APPLICATION),
            date=date(2011, 6, 30),
        ),
        FamilyLink(
            relation=FamilyRelation.CONTINUATION,
            number=PatentNumber(country="US", number="12253586", type=NumberType.APPLICATION),
            date=date(2008, 10, 17),
        ),
    )
    patent = _patent(
        "US", "8927118", filing=date(2012, 1, 12), grant=date(2015, 1, 6), family=links
    )
    assert compute_expiry(patent).date == date(2028, 10, 17)
    stated = _patent(
        "US",
        "8927118",
        filing=date(2012, 1, 12),
        term=TermFacts(earliest_us_nonprovisional=date(2008, 10, 17), terminal_disclaimer=True),
    )
    expiry = compute_expiry(stated)
    assert expiry.date == date(2028, 10, 17)
    assert any("disclaimed over" in c for c in expiry.caveats)


def test_us_pre_1995_takes_the_later_of_17_from_grant_and_20_from_filing() -> None:
    late_grant = _patent("US", "5500000", filing=date(1993, 2, 1), grant=date(1996, 3, 19))
    expiry = compute_expiry(late_grant)
    assert expiry.date == date(2013, 3, 19)  # 17 years from grant beats 2013-02-01
    assert expiry.basis[-1].citation == "35 USC 154(c)(1)"
    quick_grant = _patent("US", "5400000", filing=date(1993, 2, 1), grant=date(1994, 1, 4))
    assert compute_expiry(quick_grant).date == date(2013, 2, 1)


def test_ep_sample_twenty_years_from_filing() -> None:
    # EP 3404678 B1 (grant-v1-5-B1.xml): B220 filing 20170517, B140 grant 20210630.
    patent = _patent("EP", "3404678", filing=date(2017, 5, 17), grant=date(2021, 6, 30))
    expiry = compute_expiry(patent)
    assert expiry.date == date(2037, 5, 17)
    assert expiry.basis[0].citation == "Art. 63(1) EPC"
    assert any("SPC" in c for c in expiry.caveats)


def test_office_expiry_disagreement_is_reported() -> None:
    patent = _patent(
        "JP", "7533889", filing=JPO_FILING, term=TermFacts(office_expiry=date(2040, 7, 21))
    )
    expiry = compute_expiry(patent)
    assert expiry.office_agrees is False
    assert any("office states expiry 2040-07-21" in c for c in expiry.caveats)


def test_lapse_is_noted_and_ends_the_right() -> None:
    patent = _patent(
        "JP", "7533889", filing=JPO_FILING, term=TermFacts(lapse_date=date(2030, 8, 5))
    )
    expiry = compute_expiry(patent)
    assert expiry.date == JPO_EXPIRE
    assert expiry.lapsed_on == date(2030, 8, 5)
    assert remaining_term(expiry, as_of=date(2031, 1, 1)).expired
    assert any("lapsed on 2030-08-05" in c for c in expiry.caveats)


def test_unknown_filing_date_gives_no_expiry() -> None:
    expiry = compute_expiry(_patent("US", "1", filing=None))
    assert expiry.date is None
    with pytest.raises(InvalidValueError, match="expiry unknown"):
        remaining_term(expiry, as_of=date(2026, 1, 1))


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2020, 7, 20), 20, date(2040, 7, 20)),
        (date(2020, 2, 29), 20, date(2040, 2, 29)),
        (date(2020, 2, 29), 17, date(2037, 2, 28)),
        (date(2019, 2, 28), 1, date(2020, 2, 28)),
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


def test_remaining_term() -> None:
    expiry = Expiry(patent="JP 7533889", date=JPO_EXPIRE, basis=(), caveats=())
    left = remaining_term(expiry, as_of=date(2026, 11, 21))
    assert left.days == (JPO_EXPIRE - date(2026, 11, 21)).days
    assert left.years == Decimal("13.66")
    assert not left.expired
    last_day = remaining_term(expiry, as_of=JPO_EXPIRE)
    assert (last_day.days, last_day.expired) == (0, False)
    after = remaining_term(expiry, as_of=date(2040, 7, 21))
    assert (after.days, after.years, after.expired) == (0, Decimal("0.00"), True)
