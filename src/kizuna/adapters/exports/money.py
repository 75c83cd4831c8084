"""Money formatting for people: Western (babel, en_US / ja_JP) beside Japanese 万/億.

Amounts are rounded ROUND_HALF_UP to the currency's minor unit first
(:meth:`~kizuna.domain.money.Money.rounded`), so every format shows the same
figure.

    >>> format_western(Money.of("123450000", "JPY"))
    '¥123,450,000'
    >>> format_both(Money.of("123450000", "JPY"))
    '¥123,450,000 (1億2,345万円)'
"""

from __future__ import annotations

from babel.numbers import format_currency

from kizuna.domain.money import Money, format_japanese, minor_unit

__all__ = ["format_both", "format_western", "money_json"]


def format_western(money: Money, locale: str = "en_US") -> str:
    """``¥123,450,000`` (en_US) or ``￥123,450,000`` (ja_JP), via babel's CLDR data."""
    rounded = money.rounded()
    digits = minor_unit(money.currency)
    pattern = None if digits else "¤#,##0"
    return str(
        format_currency(
            rounded.amount, money.currency, format=pattern, locale=locale, currency_digits=True
        )
    )


def format_both(money: Money) -> str:
    """Western and Japanese forms side by side; JPY gets 1億2,345万円 in brackets."""
    western = format_western(money)
    if money.currency != "JPY":
        return western
    return f"{western} ({format_japanese(money)})"


def money_json(money: Money) -> dict[str, str]:
    """``{"amount": "123450000", "currency": "JPY", "en": …, "ja": …}`` (amount rounded)."""
    return {
        "amount": str(money.rounded().amount),
        "currency": money.currency,
        "en": format_western(money, "en_US"),
        "ja": format_japanese(money),
    }
