"""US maintenance-fee windows (35 USC 41(b)) and the legal status built on them."""

from __future__ import annotations

from datetime import date

from kizuna.domain.status.maintenance import FeeEvent, add_months, maintenance_status

GRANT = date(2015, 1, 6)  # US 8,930,553 B2 (tests/data/uspto/US08930553.xml)


def _event(day: date, code: str) -> FeeEvent:
    return FeeEvent(patent="8930553", application="13648029", entity="large",
                    filing=date(2012, 10, 9), grant=GRANT, event_date=day, code=code)


def test_windows_of_us8930553_without_payment_records() -> None:
    status = maintenance_status(grant=GRANT, filing=date(2012, 10, 9), kind="B2",
                                term_end=date(2033, 2, 15), events=(), as_of=date(2026, 12, 7))
    assert status is not None
    assert [(w.label, w.opens, w.due, w.grace_end, w.state) for w in status.windows] == [
        ("3.5-year", date(2018, 1, 6), date(2018, 7, 6), date(2019, 1, 6), "not recorded"),
        ("7.5-year", date(2022, 1, 6), date(2022, 7, 6), date(2023, 1, 6), "not recorded"),
        ("11.5-year", date(2026, 1, 6), date(2026, 7, 6), date(2027, 1, 6),
         "in grace period (surcharge)"),
    ]
    assert status.code == "unknown"
    assert status.note.startswith("unknown: fee payment not recorded")


def test_paid_fees_leave_the_third_in_grace() -> None:
    events = (_event(date(2018, 6, 20), "M1551"), _event(date(2022, 6, 15), "M1552"))
    status = maintenance_status(grant=GRANT, filing=date(2012, 10, 9), kind="B2",
                                term_end=date(2033, 2, 15), events=events,
                                as_of=date(2026, 12, 7))
    assert status is not None and status.code == "in force"
    assert [w.paid_on for w in status.windows] == [date(2018, 6, 20), date(2022, 6, 15), None]
    assert status.note == ("the 11.5-year fee fell due 2026-07-06; payable with surcharge until "
                           "2027-01-06, else the patent expires then")


def test_expiry_event_lapses_at_the_end_of_grace_and_reinstatement_undoes_it() -> None:
    events = (_event(date(2018, 6, 20), "M1551"), _event(date(2023, 2, 13), "EXP."))
    status = maintenance_status(grant=GRANT, filing=date(2012, 10, 9), kind="B2",
                                term_end=date(2033, 2, 15), events=events,
                                as_of=date(2026, 12, 7))
    assert status is not None and (status.code, status.lapsed_on) == ("lapsed", date(2023, 1, 6))
    reinstated = maintenance_status(
        grant=GRANT, filing=date(2012, 10, 9), kind="B2", term_end=date(2033, 2, 15),
        events=(*events, _event(date(2023, 5, 1), "EXPX"), _event(date(2023, 5, 1), "M1552")),
        as_of=date(2026, 12, 7))
    assert reinstated is not None and reinstated.code == "in force"


def test_no_fees_for_design_plant_or_pre_1980_filings() -> None:
    common = {"grant": GRANT, "term_end": None, "events": (), "as_of": date(2026, 12, 7)}
    assert maintenance_status(filing=date(2012, 1, 1), kind="S1", **common) is None
    assert maintenance_status(filing=date(1980, 12, 11), kind="B1", **common) is None
    assert maintenance_status(filing=date(1980, 12, 12), kind="B1", **common) is not None


def test_windows_after_the_term_are_left_out_and_month_ends_clamp() -> None:
    status = maintenance_status(grant=date(2002, 1, 1), filing=date(1999, 10, 5), kind="B1",
                                term_end=date(2008, 12, 31), events=(), as_of=date(2026, 12, 7))
    assert status is not None and [w.label for w in status.windows] == ["3.5-year"]
    assert add_months(date(2015, 8, 31), 6) == date(2016, 2, 29)
