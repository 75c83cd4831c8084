"""Civil Code Arts. 140/143 counting and Arts. 150/151 suspension of completion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kizuna.domain.law.periods import period_end
from kizuna.domain.law.suspension import (
    EventKind,
    LimitationEvent,
    completion,
    parse_event,
)
from kizuna.domain.limitation import claimability, day_status
from kizuna.errors import InvalidValueError


def ev(kind: str, day: str, months: int | None = None) -> LimitationEvent:
    return LimitationEvent(kind=EventKind(kind), day=date.fromisoformat(day), months=months)


@pytest.mark.parametrize(
    ("start", "years", "months", "expected"),
    [
        (date(2022, 7, 1), 3, 0, date(2025, 7, 1)),  # the case
        (date(2023, 2, 28), 1, 0, date(2024, 2, 29)),  # first counted day 03-01: whole year
        (date(2024, 2, 29), 3, 0, date(2027, 2, 28)),  # 143(2) proviso: no 02-29
        (date(2025, 2, 28), 0, 6, date(2025, 8, 31)),
        (date(2025, 1, 31), 0, 6, date(2025, 7, 31)),
        (date(2025, 8, 30), 0, 6, date(2026, 2, 28)),
        (date(2025, 12, 31), 0, 6, date(2026, 6, 30)),
    ],
)
def test_period_end(start: date, years: int, months: int, expected: date) -> None:
    assert period_end(start, years=years, months=months) == expected


def test_anniversary_is_still_tort() -> None:
    sale = date(2022, 7, 1)
    assert day_status(sale, as_of=date(2025, 7, 1), knowledge_date=None) == "tort"
    assert day_status(sale, as_of=date(2025, 7, 2), knowledge_date=None) == "unjust_enrichment"


ORIGINAL = date(2025, 7, 1)  # a tort of 2022-07-01, known that day
AROSE = date(2022, 7, 1)


def test_demand_suspends_six_months_once() -> None:
    assert completion(AROSE, ORIGINAL, [ev("demand", "2025-06-01")]) == date(2025, 12, 1)
    # Art. 150(2): a second demand during the first one's six months does nothing
    twice = [ev("demand", "2025-06-01"), ev("demand", "2025-11-20")]
    assert completion(AROSE, ORIGINAL, twice) == date(2025, 12, 1)
    # a demand after the claim prescribed cannot revive it
    assert completion(AROSE, ORIGINAL, [ev("demand", "2025-07-02")]) == ORIGINAL


def test_agreement_and_renewals_capped_at_five_years() -> None:
    assert completion(AROSE, ORIGINAL, [ev("agreement", "2025-06-01")]) == date(2026, 6, 1)
    assert completion(AROSE, ORIGINAL, [ev("agreement", "2025-06-01", 3)]) == date(2025, 9, 1)
    renewals = [ev("agreement", f"{year}-05-01") for year in range(2025, 2032)]
    # Art. 151(2): renewed each year, but never past five years from 2025-07-01
    assert completion(AROSE, ORIGINAL, renewals) == date(2030, 7, 1)
    # a written refusal ends the suspension six months later, if earlier
    refused = [ev("agreement", "2025-06-01"), ev("refusal", "2025-08-10")]
    assert completion(AROSE, ORIGINAL, refused) == date(2026, 2, 10)


def test_demand_and_agreement_do_not_stack() -> None:
    # Art. 151(3): an agreement during a demand's suspension has no effect …
    after_demand = [ev("demand", "2025-06-01"), ev("agreement", "2025-11-01")]
    assert completion(AROSE, ORIGINAL, after_demand) == date(2025, 12, 1)
    # … nor a demand during an agreement's suspension
    after_agreement = [ev("agreement", "2025-06-01"), ev("demand", "2026-05-20")]
    assert completion(AROSE, ORIGINAL, after_agreement) == date(2026, 6, 1)


def test_events_feed_the_yearly_shares() -> None:
    as_of = date(2026, 3, 1)
    plain = claimability([2022], as_of=as_of)[0]
    # without events, tort covers sales from 2023-03-01: none of 2022
    assert plain.tort == 0
    demanded = claimability([2022], as_of=as_of, events=[ev("demand", "2025-12-15")])[0]
    # the demand keeps alive every 2022 claim still live on 2025-12-15 (sales from
    # 2022-12-15) until 2026-06-15, so the 17 days 2022-12-15..31 stay in tort
    assert demanded.tort * 365 == 17
    # an event after the claim date is left out
    later = claimability([2022], as_of=as_of, events=[ev("demand", "2026-03-02")])[0]
    assert later == plain


def test_parse_event() -> None:
    assert parse_event("agreement:2025-06-01:6m") == ev("agreement", "2025-06-01", 6)
    assert parse_event("demand:2025-06-01").text() == "demand:2025-06-01"
    with pytest.raises(InvalidValueError, match=r"--limitation-event 'notice:2025-01-01'"):
        parse_event("notice:2025-01-01")
    with pytest.raises(InvalidValueError, match=r"negotiation period 12 months"):
        parse_event("agreement:2025-06-01:12m")
    with pytest.raises(InvalidValueError, match=r"only an agreement takes"):
        parse_event("demand:2025-06-01:3m")
    with pytest.raises(InvalidValueError, match=r"'2025-13-01' is not a date"):
        parse_event("demand:2025-13-01")


def test_whole_years_agree_with_the_month_count_every_day() -> None:
    day = date(2019, 1, 1)
    while day < date(2026, 1, 1):  # two leap years, every month end
        assert period_end(day, years=3) == period_end(day, months=36), day
        day += timedelta(days=1)
