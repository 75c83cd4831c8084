"""Periods counted in months or years, Civil Code Arts. 140 and 143.

- Art. 140: a period counted in days, weeks, months or years does not count its
  first day (初日不算入), unless it starts at 0:00.
- Art. 143(1): months and years follow the calendar; 143(2): when the period
  does not start at the beginning of a month or year, it ends at the end of the
  day before the day in the last month or year that corresponds to the first
  counted day; if that month has no such day, at the end of the month's last day.

Source: 民法 (Act No. 89 of 1896) Arts. 140, 143, e-Gov text as in force since
2020-04-01 (the articles were not changed by the 2017 reform). Checked
2026-12-07 against the e-Gov text as quoted at tek-law.jp/civil-code.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["period_end"]


def _shift_months(day: date, months: int) -> date | None:
    """``day`` moved by whole months, or ``None`` when that month lacks the day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if day.day > calendar.monthrange(year, month + 1)[1]:
        return None
    return date(year, month + 1, day.day)


def _years_end(event: date, years: int) -> date:
    """:func:`period_end` for whole years, without building the first counted day."""
    year = event.year + years
    if event.month == 2 and event.day >= 28 and (event + timedelta(days=1)).month == 3:
        # the first counted day is 1 March: the period ends on the last day of February
        return date(year, 2, 29 if calendar.isleap(year) else 28)
    return event.replace(year=year)


@lru_cache(maxsize=65536)
def period_end(event: date, *, years: int = 0, months: int = 0) -> date:
    """The last day of a period of ``years``/``months`` running from ``event``.

    The period is still running on the day returned and has ended the day after.

    >>> period_end(date(2022, 7, 1), years=3)   # Art. 140: first day not counted
    datetime.date(2025, 7, 1)
    >>> period_end(date(2025, 2, 28), months=6) # first counted day 03-01: whole months
    datetime.date(2025, 8, 31)
    >>> period_end(date(2025, 8, 30), months=6) # no 2026-02-31: end of February
    datetime.date(2026, 2, 28)
    """
    if not months:
        return _years_end(event, years)
    first = event + timedelta(days=1)  # Art. 140
    total = years * 12 + months
    corresponding = _shift_months(first, total)
    if corresponding is None:  # Art. 143(2) proviso: the month's last day
        index = first.year * 12 + first.month - 1 + total
        year, month = divmod(index, 12)
        return date(year, month + 1, calendar.monthrange(year, month + 1)[1])
    return corresponding - timedelta(days=1)  # Art. 143(2)
