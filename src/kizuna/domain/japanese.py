"""Japanese business notation: era dates (和暦), yen in 万/億/兆, letter openings and closings.

Era dates follow the era start days fixed by law, each the first day of the
era in the Gregorian calendar (the era's first year is written 元年):

=====  ========  ===========  ==============================================================
era    romaji    first day    source
=====  ========  ===========  ==============================================================
令和   Reiwa     2019-05-01   元号を改める政令 (平成31年政令第143号), in force 2019-05-01
平成   Heisei    1989-01-08   元号を改める政令 (昭和64年政令第1号), in force 1989-01-08
昭和   Showa     1926-12-25   改元の詔書, 1926-12-25 (大正15年)
大正   Taisho    1912-07-30   改元の詔書, 1912-07-30 (明治45年)
明治   Meiji     1873-01-01   Gregorian calendar from 明治6年1月1日 (明治5年太政官布告第337号);
                              earlier Meiji dates are lunisolar and not converted
=====  ========  ===========  ==============================================================

The era system itself rests on the 元号法 (昭和54年法律第43号). Checked
2026-02 against e-Gov 法令検索 (elaws.e-gov.go.jp).

    >>> format_wareki(date(2026, 11, 21))
    '令和8年11月21日'
    >>> format_wareki(date(2019, 5, 1))
    '令和元年5月1日'

Seasonal greetings (時候の挨拶) are the customary one per month used in
business letters; they are conventions of letter writing, not law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kizuna.domain.money import Money, format_japanese
from kizuna.errors import InvalidValueError

__all__ = [
    "ERAS",
    "HAIKEI",
    "KEIGU",
    "Era",
    "era_of",
    "format_date_both",
    "format_date_en",
    "format_date_ja",
    "format_wareki",
    "format_yen",
    "letter_closing",
    "letter_opening",
    "parse_wareki",
    "seasonal_greeting",
]

HAIKEI = "拝啓"  # opening word of a formal letter
KEIGU = "敬具"  # closing word paired with 拝啓


@dataclass(frozen=True, kw_only=True)
class Era:
    """A Japanese era (元号): its name, romanised name and first day (Gregorian)."""

    name: str
    romaji: str
    start: date


#: Eras newest first (see the module docstring for each start date's source).
ERAS: tuple[Era, ...] = (
    Era(name="令和", romaji="Reiwa", start=date(2019, 5, 1)),
    Era(name="平成", romaji="Heisei", start=date(1989, 1, 8)),
    Era(name="昭和", romaji="Showa", start=date(1926, 12, 25)),
    Era(name="大正", romaji="Taisho", start=date(1912, 7, 30)),
    Era(name="明治", romaji="Meiji", start=date(1873, 1, 1)),
)

# 明治 began 1868 (lunisolar); its year numbers count from 1868, not from 1873.
_FIRST_YEAR = {"明治": 1868}

_MONTH_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: 時候の挨拶: the customary seasonal phrase for each month of a business letter.
_SEASONS = (
    "厳寒の候", "余寒の候", "早春の候", "陽春の候", "新緑の候", "梅雨の候",
    "盛夏の候", "残暑の候", "初秋の候", "秋冷の候", "晩秋の候", "師走の候",
)  # fmt: skip


def era_of(day: date) -> tuple[Era, int]:
    """The era ``day`` falls in and its year number in that era (1 = 元年).

    Raises :class:`InvalidValueError` for days before 1873-01-01 (lunisolar calendar).
    """
    for era in ERAS:
        if day >= era.start:
            first = _FIRST_YEAR.get(era.name, era.start.year)
            return era, day.year - first + 1
    raise InvalidValueError(
        f"date {day.isoformat()}: before 1873-01-01, when Japan used the lunisolar calendar"
    )


def format_wareki(day: date) -> str:
    """``令和8年11月21日``; the first year of an era is written ``元年``."""
    era, year = era_of(day)
    shown = "元" if year == 1 else str(year)
    return f"{era.name}{shown}年{day.month}月{day.day}日"


def format_date_ja(day: date) -> str:
    """Western date in Japanese: ``2026年11月21日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_date_both(day: date) -> str:
    """Western and era forms together: ``2026年11月21日（令和8年11月21日）``."""
    return f"{format_date_ja(day)}（{format_wareki(day)}）"


def format_date_en(day: date) -> str:
    """English business date: ``21 November 2026``."""
    return f"{day.day} {_MONTH_EN[day.month - 1]} {day.year}"


_WAREKI = re.compile(
    r"^\s*(令和|平成|昭和|大正|明治)\s*(元|\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$"
)


def parse_wareki(text: str) -> date:
    """Read ``令和8年11月21日`` or ``令和元年5月1日`` back into a date.

    The day must fall inside the named era (``平成31年5月1日`` is refused:
    that day is 令和元年5月1日).
    """
    normalised = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    match = _WAREKI.match(normalised)
    if match is None:
        raise InvalidValueError(f"{text!r} is not an era date such as 令和8年11月21日")
    name, year_text, month, day_text = match.groups()
    era = next(e for e in ERAS if e.name == name)
    year = 1 if year_text == "元" else int(year_text)
    first = _FIRST_YEAR.get(era.name, era.start.year)
    try:
        day = date(first + year - 1, int(month), int(day_text))
    except ValueError as exc:
        raise InvalidValueError(f"{text!r}: {exc}") from None
    if era_of(day)[0] != era:
        raise InvalidValueError(f"{text!r}: that day is not in the {name} era")
    return day


def format_yen(amount: Decimal | int) -> str:
    """Yen in 万/億/兆 notation: ``123450000`` → ``1億2,345万円`` (whole yen)."""
    return format_japanese(Money(amount=Decimal(amount), currency="JPY"))


def seasonal_greeting(month: int) -> str:
    """The customary seasonal phrase (時候の挨拶) for ``month`` (1–12), e.g. 11 → ``晩秋の候``."""
    if not 1 <= month <= 12:
        raise InvalidValueError(f"month {month}: must be 1 to 12")
    return _SEASONS[month - 1]


def letter_opening(day: date, *, seasonal: bool = True, company: bool = True) -> str:
    """The opening of a business letter: 拝啓, the greeting and good wishes.

    With ``seasonal`` the month's phrase is used (``拝啓　晩秋の候、貴社ますます
    ご清栄のこととお慶び申し上げます。``); without, the all-season ``時下``.
    ``company`` addresses an organisation (貴社 … ご清栄: prosperity, said of a
    company); otherwise a person (… ご清祥: health and happiness, said of people).
    """
    whom, wish = ("貴社", "ご清栄") if company else ("皆様には", "ご清祥")
    if seasonal:
        season = seasonal_greeting(day.month)
        return f"{HAIKEI}　{season}、{whom}ますます{wish}のこととお慶び申し上げます。"
    return f"{HAIKEI}　時下ますます{wish}のこととお慶び申し上げます。"


def letter_closing() -> tuple[str, str]:
    """The closing courtesy sentence and the word 敬具 (set right-aligned in the letter).

    The sentence suits a first contact (it asks for consideration, and says
    よろしく once): ``ご多用中誠に恐縮ではございますが、何卒ご検討のほどよろしく
    お願い申し上げます。``
    """
    return ("ご多用中誠に恐縮ではございますが、何卒ご検討のほどよろしくお願い申し上げます。", KEIGU)
