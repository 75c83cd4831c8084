"""Limitation periods (時効) for patent damages and unjust enrichment, by day.

Sources (LEGAL-FACTS §1.2, text as of the 2020-04-01 Civil Code reform):

- Tort damages, Civil Code 724: 3 years from knowing both the damage and the
  perpetrator; 20 years from the tort [S22][S23].
- Unjust enrichment, Civil Code 703 / 166(1): for claims arising on or after
  2020-04-01, 5 years from knowing the right can be exercised or 10 years from
  when it can be exercised, whichever ends first; before the reform, 10 years
  [S24]. Used in practice after the tort period has run, measured as a
  hypothetical licence fee [S25].

Model (stated in every output): sales of a year are spread evenly over its
days; each day's sales are a separate tort arising that day. The patentee's
knowledge starts at ``max(day, knowledge_date)`` (with no knowledge date, on
the day itself: the earliest start, so the least claimable). ``as_of`` is the
day the claim is made (suit filed, or a certified-ADR filing, which suspends
completion of prescription, 完成猶予, ADR Act Art. 25 [S68]).

Counting (Civil Code Arts. 140, 143; :mod:`kizuna.domain.law.periods`): the
first day is not counted, so a period of 3 years from 2022-07-01 runs to the end
of 2025-07-01; a claim is live while ``as_of`` is on or before the period's last
day. Recorded demands and agreements to negotiate suspend completion (Civil
Code Arts. 150, 151; :mod:`kizuna.domain.law.suspension`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kizuna.domain.law.periods import period_end
from kizuna.domain.law.suspension import MAX_EVENTS, LimitationEvent, completion
from kizuna.errors import InvalidValueError

__all__ = [
    "CIVIL_CODE_REFORM",
    "YearClaimability",
    "add_years",
    "claimability",
    "day_status",
]

#: Civil Code reform in force (unjust-enrichment periods change) [S24].
CIVIL_CODE_REFORM = date(2020, 4, 1)
TORT_SUBJECTIVE_YEARS = 3  # Civil Code 724 [S22]
TORT_OBJECTIVE_YEARS = 20  # Civil Code 724 [S22]
UE_SUBJECTIVE_YEARS = 5  # Civil Code 166(1), claims from 2020-04-01 [S24]
UE_OBJECTIVE_YEARS = 10  # Civil Code 166(1); also the pre-reform period [S24]


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February becomes 28 February if needed."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _live(
    day: date, start: date, years: int, as_of: date, events: Sequence[LimitationEvent]
) -> bool:
    end = period_end(start, years=years)
    if events:
        end = completion(day, end, events)
    return as_of <= end


def day_status(
    day: date,
    *,
    as_of: date,
    knowledge_date: date | None,
    events: Sequence[LimitationEvent] = (),
) -> str:
    """``"tort"``, ``"unjust_enrichment"`` or ``"barred"`` for sales made on ``day``.

    ``events`` (sorted by day) suspend completion of each period (Arts. 150, 151).

    >>> day_status(date(2022, 7, 1), as_of=date(2025, 7, 1), knowledge_date=None)
    'tort'
    >>> day_status(date(2022, 7, 1), as_of=date(2025, 7, 2), knowledge_date=None)
    'unjust_enrichment'
    """
    known = max(day, knowledge_date) if knowledge_date else day
    if _live(day, known, TORT_SUBJECTIVE_YEARS, as_of, events) and _live(
        day, day, TORT_OBJECTIVE_YEARS, as_of, events
    ):
        return "tort"
    if day >= CIVIL_CODE_REFORM:
        ue_live = _live(day, known, UE_SUBJECTIVE_YEARS, as_of, events) and _live(
            day, day, UE_OBJECTIVE_YEARS, as_of, events
        )
    else:
        ue_live = _live(day, day, UE_OBJECTIVE_YEARS, as_of, events)
    return "unjust_enrichment" if ue_live else "barred"


@dataclass(frozen=True, kw_only=True)
class YearClaimability:
    """Shares of one year's sales still claimable, by legal basis (fractions)."""

    year: int
    days: int
    tort: Decimal
    unjust_enrichment: Decimal
    barred: Decimal


def claimability(
    years: Sequence[int],
    *,
    as_of: date,
    knowledge_date: date | None = None,
    events: Sequence[LimitationEvent] = (),
) -> tuple[YearClaimability, ...]:
    """For each sales year, the share claimable in tort, in unjust enrichment, or barred.

    A year starting after ``as_of`` is refused; the current, partial year counts
    only its days up to ``as_of`` (its sales are taken to fall on those days).
    ``events`` after ``as_of`` cannot help a claim made on ``as_of`` and are left out.
    """
    if len(events) > MAX_EVENTS:
        raise InvalidValueError(f"limitation events: {len(events)} given, at most {MAX_EVENTS}")
    ordered = sorted((e for e in events if e.day <= as_of), key=lambda e: e.day)
    if knowledge_date is not None and knowledge_date > as_of:
        raise InvalidValueError(
            f"dates out of order: --knowledge-date {knowledge_date} is after --as-of {as_of}"
        )
    seen: set[int] = set()
    result = []
    for year in years:
        if year in seen:
            raise InvalidValueError(f"sales history: year {year} appears twice")
        seen.add(year)
        start = date(year, 1, 1)
        if start > as_of:
            raise InvalidValueError(f"sales history: year {year} starts after --as-of {as_of}")
        end = min(date(year, 12, 31), as_of)
        counts = {"tort": 0, "unjust_enrichment": 0, "barred": 0}
        day = start
        while day <= end:
            counts[day_status(day, as_of=as_of, knowledge_date=knowledge_date, events=ordered)] += 1
            day += timedelta(days=1)
        total = sum(counts.values())
        result.append(
            YearClaimability(
                year=year,
                days=total,
                tort=Decimal(counts["tort"]) / total,
                unjust_enrichment=Decimal(counts["unjust_enrichment"]) / total,
                barred=Decimal(counts["barred"]) / total,
            )
        )
    return tuple(result)
