"""Money: Decimal amounts tagged with an ISO 4217 currency, rates, FX conversion.

Rules (also in docs/royalty.md):

- Amounts are :class:`~decimal.Decimal`, never float. Arithmetic keeps full
  precision; an amount is rounded only when it is *presented* or *paid*:
  :meth:`Money.rounded` rounds ``ROUND_HALF_UP`` to the currency's minor unit
  (JPY and KRW have none: whole yen / won; USD, EUR, GBP… two decimals).
  Each payment in a deal model is rounded on its own, then totals are summed
  from the rounded payments.
- Magnitudes are bounded at the edge (docs/limits.md): every amount, count
  or rate read by :func:`parse_amount` is at most :data:`MAX_AMOUNT` (10^18)
  in size, written in at most :data:`MAX_NUMBER_CHARS` characters, and not a
  non-zero value smaller than 10^-18. 10^18 yen is about a hundred times
  Japan's yearly GDP, so no real licence, sale or damages figure comes near.
- Rates are fractions (``Decimal("0.05")`` is 5%); :func:`parse_rate` reads
  ``"5%"`` or ``"0.05"`` and refuses negative rates and rates above 100%.
- FX rates are dated inputs with a source (:class:`FxRate`); conversion uses
  the latest rate on or before the requested date, through EUR when no direct
  pair is stored, and reports the rate and date it used.

Japanese formatting groups by 万 (10^4), 億 (10^8) and 兆 (10^12):
``format_japanese(Money.of("123450000", "JPY"))`` gives ``1億2,345万円``.
Western (babel) formatting lives outside the pure domain
(:mod:`kizuna.adapters.exports.money`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kizuna.errors import InvalidValueError

__all__ = [
    "MAX_AMOUNT",
    "MAX_NUMBER_CHARS",
    "MINOR_UNITS",
    "Conversion",
    "FxRate",
    "FxTable",
    "Money",
    "format_japanese",
    "format_percent",
    "minor_unit",
    "parse_amount",
    "parse_rate",
]

#: ISO 4217 minor units of the currencies Kizuna knows (digits after the point).
MINOR_UNITS: dict[str, int] = {
    "JPY": 0,
    "KRW": 0,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "CHF": 2,
    "CNY": 2,
    "TWD": 2,
    "SGD": 2,
    "INR": 2,
    "HKD": 2,
    "AUD": 2,
    "CAD": 2,
    "SEK": 2,
}

_PERCENT = Decimal(100)

#: The largest magnitude any input number may have (amounts, counts, units).
MAX_AMOUNT = Decimal(10) ** 18
#: The longest text read as one number (digits, separators, sign, exponent).
MAX_NUMBER_CHARS = 64
_MIN_EXPONENT = -18


def minor_unit(currency: str) -> int:
    """Digits after the decimal point for ``currency``; unknown codes raise.

    >>> minor_unit("JPY")
    0
    """
    code = currency.strip().upper()
    if code not in MINOR_UNITS:
        known = ", ".join(sorted(MINOR_UNITS))
        raise InvalidValueError(f"currency {currency!r}: unknown currency (known: {known})")
    return MINOR_UNITS[code]


def parse_amount(value: object, *, name: str = "amount", allow_negative: bool = False) -> Decimal:
    """Read a money amount or count as Decimal; the error names ``name``.

    Accepts Decimal, int, str (``"1,200,000"``, ``"1_200_000"``, ``"1.5e9"``).
    Floats are read through ``str()`` so ``0.1`` stays ``0.1``.

    >>> parse_amount("1,200,000", name="--sales")
    Decimal('1200000')
    """
    number = _read_number(value, name)
    if not number.is_finite():
        raise InvalidValueError(f"{name}: {_shown(value)} is not a finite number")
    if abs(number) > MAX_AMOUNT:
        raise InvalidValueError(
            f"{name}: {_shown(value)} is out of range (at most 10^18 in size, docs/limits.md)"
        )
    if number and number.adjusted() < _MIN_EXPONENT:
        raise InvalidValueError(
            f"{name}: {_shown(value)} is too small (non-zero values are at least 10^-18)"
        )
    if number < 0 and not allow_negative:
        raise InvalidValueError(f"{name}: {_shown(value)} is negative")
    return number


def _shown(value: object) -> str:
    """The user's value for an error message, cut short if it is long."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_NUMBER_CHARS else f"{text[:20]}… ({len(text):,} characters)"


def _read_number(value: object, name: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidValueError(f"{name}: {value!r} is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_AMOUNT:  # before str(): huge ints are slow (or refused) to print
            raise InvalidValueError(
                f"{name}: a number of {value.bit_length():,} bits is out of range "
                "(at most 10^18 in size, docs/limits.md)"
            )
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        if len(text) > MAX_NUMBER_CHARS:
            raise InvalidValueError(
                f"{name}: {_shown(value)} is too long for a number "
                f"(at most {MAX_NUMBER_CHARS} characters)"
            )
        try:
            return Decimal(text)
        except InvalidOperation:
            raise InvalidValueError(f"{name}: {value!r} is not a number") from None
    raise InvalidValueError(f"{name}: {_shown(value)} is not a number")


def parse_rate(value: object, *, name: str = "rate") -> Decimal:
    """Read a rate as a fraction between 0 and 1; the error names ``name``.

    ``"5%"`` and ``"0.05"`` both give ``Decimal("0.05")``. A bare number above 1
    is refused rather than guessed (write ``5%`` for five percent).

    >>> parse_rate("9%")
    Decimal('0.09')
    """
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.endswith("%"):
        number = parse_amount(text[:-1], name=name, allow_negative=True) / _PERCENT
        shown = text
    else:
        number = parse_amount(text, name=name, allow_negative=True)
        shown = str(value)
    if number < 0:
        raise InvalidValueError(f"{name}: {shown} is negative; a rate must be 0% to 100%")
    if number > 1:
        hint = (
            "" if isinstance(text, str) and text.endswith("%") else f" (write {shown}% for percent)"
        )
        raise InvalidValueError(f"{name}: {shown} is above 100%{hint}")
    return number


def format_percent(rate: Decimal, places: int = 4) -> str:
    """``Decimal("0.0375")`` → ``"3.75%"`` (trailing zeros dropped)."""
    text = f"{(rate * _PERCENT):.{places}f}".rstrip("0").rstrip(".")
    return f"{text}%"


@dataclass(frozen=True, kw_only=True)
class Money:
    """An amount in one currency. Arithmetic refuses to mix currencies.

    >>> Money.of("1000", "jpy") + Money.of("234", "JPY")
    Money(amount=Decimal('1234'), currency='JPY')
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        code = self.currency.strip().upper()
        minor_unit(code)
        object.__setattr__(self, "currency", code)
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise InvalidValueError(f"amount {self.amount!r} ({code}): not a finite Decimal")

    @classmethod
    def of(
        cls, amount: object, currency: str, *, name: str = "amount", allow_negative: bool = False
    ) -> Money:
        """Build from a user value; errors name ``name`` (e.g. ``--price``)."""
        return cls(
            amount=parse_amount(amount, name=name, allow_negative=allow_negative),
            currency=currency,
        )

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(amount=Decimal(0), currency=currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidValueError(
                f"cannot combine {self.currency} and {other.currency} amounts without an FX rate"
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(amount=self.amount * Decimal(factor), currency=self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        if Decimal(divisor) == 0:
            raise InvalidValueError(f"cannot divide {self.currency} amount by zero")
        return Money(amount=self.amount / Decimal(divisor), currency=self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def min(self, other: Money) -> Money:
        """The smaller of two amounts in the same currency."""
        return self if self <= other else other

    def max(self, other: Money) -> Money:
        """The larger of two amounts in the same currency."""
        return other if self <= other else self

    def rounded(self) -> Money:
        """Rounded ``ROUND_HALF_UP`` to the currency's minor unit (JPY: whole yen)."""
        quantum = Decimal(1).scaleb(-minor_unit(self.currency))
        return Money(
            amount=self.amount.quantize(quantum, rounding=ROUND_HALF_UP), currency=self.currency
        )

    def plain(self) -> str:
        """``"1234567 JPY"``, rounded to the minor unit, no grouping (for JSON/logs)."""
        return f"{self.rounded().amount} {self.currency}"

    @staticmethod
    def total(items: Iterable[Money], currency: str) -> Money:
        """Sum of ``items`` (all in ``currency``); zero for none."""
        result = Money.zero(currency)
        for item in items:
            result = result + item
        return result


def _group3(digits: str) -> str:
    return f"{int(digits):,}"


def format_japanese(money: Money) -> str:
    """Japanese myriad format: ``1億2,345万円``; other currencies get the code.

    Rounded to the minor unit first; zero groups are left out
    (``100,000,000`` JPY → ``1億円``); the fraction stays on the last group
    (``12,345.67`` USD → ``1万2,345.67 USD``).
    """
    value = money.rounded().amount
    sign = "-" if value < 0 else ""
    integer = int(abs(value))
    fraction = str(abs(value) - integer)[1:] if minor_unit(money.currency) else ""
    units = (("兆", 10**12), ("億", 10**8), ("万", 10**4))
    parts: list[str] = []
    rest = integer
    for label, size in units:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{_group3(str(count))}{label}")
    if rest or not parts or fraction:
        parts.append(_group3(str(rest)))
    text = "".join(parts) + fraction
    suffix = "円" if money.currency == "JPY" else f" {money.currency}"
    return f"{sign}{text}{suffix}"


@dataclass(frozen=True, kw_only=True)
class FxRate:
    """``1 base = rate quote`` on ``on``, with where the figure came from."""

    base: str
    quote: str
    rate: Decimal
    on: date
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", self.base.strip().upper())
        object.__setattr__(self, "quote", self.quote.strip().upper())
        minor_unit(self.base)
        minor_unit(self.quote)
        if self.rate <= 0:
            raise InvalidValueError(f"FX rate {self.base}/{self.quote} on {self.on}: must be > 0")


@dataclass(frozen=True, kw_only=True)
class Conversion:
    """The result of a conversion and the rate(s) used, for display."""

    original: Money
    converted: Money
    rate: Decimal
    rate_date: date
    via: tuple[FxRate, ...]

    @property
    def explanation(self) -> str:
        used = "; ".join(
            f"1 {r.base} = {r.rate} {r.quote} on {r.on} ({r.source})" for r in self.via
        )
        return used or "same currency"


class FxTable:
    """Dated FX rates; conversion on a date uses the latest rate on or before it."""

    def __init__(self, rates: Sequence[FxRate]) -> None:
        self._rates: dict[tuple[str, str], list[FxRate]] = {}
        for fx in rates:
            self._rates.setdefault((fx.base, fx.quote), []).append(fx)
        for series in self._rates.values():
            series.sort(key=lambda r: r.on)

    @property
    def rates(self) -> tuple[FxRate, ...]:
        """Every stored rate."""
        return tuple(r for series in self._rates.values() for r in series)

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(c for pair in self._rates for c in pair)

    def _direct(self, base: str, quote: str, on: date) -> tuple[Decimal, tuple[FxRate, ...]] | None:
        for pair, invert in (((base, quote), False), ((quote, base), True)):
            series = [r for r in self._rates.get(pair, []) if r.on <= on]
            if series:
                fx = series[-1]
                return (Decimal(1) / fx.rate if invert else fx.rate), (fx,)
        return None

    def rate(self, base: str, quote: str, on: date) -> tuple[Decimal, tuple[FxRate, ...]]:
        """Units of ``quote`` per 1 ``base`` on ``on``, and the stored rates used."""
        base, quote = base.upper(), quote.upper()
        minor_unit(base)
        minor_unit(quote)
        if base == quote:
            return Decimal(1), ()
        direct = self._direct(base, quote, on)
        if direct is not None:
            return direct
        for pivot in ("EUR", "USD"):
            first = self._direct(base, pivot, on)
            second = self._direct(pivot, quote, on)
            if first is not None and second is not None:
                return first[0] * second[0], first[1] + second[1]
        raise InvalidValueError(
            f"no FX rate for {base}/{quote} on or before {on.isoformat()} "
            "(add one to the deal's [fx] table or fx_rates.csv)"
        )

    def convert(self, money: Money, to: str, on: date) -> Conversion:
        """Convert ``money`` into ``to`` at the rate in force on ``on``."""
        rate, used = self.rate(money.currency, to, on)
        latest = max((r.on for r in used), default=on)
        return Conversion(
            original=money,
            converted=Money(amount=money.amount * rate, currency=to),
            rate=rate,
            rate_date=latest,
            via=used,
        )
