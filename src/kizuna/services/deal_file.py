"""Read a deal scenario from TOML (``tomllib``) into :class:`~kizuna.domain.deals.Deal`.

The format is documented, with an example, in docs/royalty.md and
``examples/deal-pilot.toml``. Unknown keys are errors (a typo in a cap must
not pass silently); every error names the file, the table and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from kizuna.domain.deals import (
    Component,
    CrossLicence,
    Deal,
    LumpSum,
    Milestone,
    Pilot,
    RunningRoyalty,
)
from kizuna.domain.money import FxRate, Money, parse_amount, parse_rate
from kizuna.errors import InvalidValueError, KizunaError, MalformedDocumentError

__all__ = ["DealFile", "read_deal", "read_deal_text"]

T = TypeVar("T")

DEAL_KEYS = {
    "name",
    "licensor",
    "licensor_country",
    "licensor_currency",
    "currency",
    "valuation_date",
    "discount_rate",
    "fx_date",
    "domestic_tax_if_no_treaty",
    "form3_filed",
    "patents",
}
COMPONENT_KEYS = {
    "running_royalty": {
        "name",
        "rate",
        "base",
        "revenue",
        "cap_per_year",
        "minimum_per_year",
        "cap_total",
        "field",
        "licensee",
        "currency",
    },
    "lump_sum": {"name", "amount", "date", "field", "licensee", "currency"},
    "milestone": {"name", "amount", "date", "probability", "licensee", "currency"},
    "cross_licence": {"name", "our_value", "their_value", "years", "licensee", "currency"},
    "pilot": {
        "name",
        "fee",
        "start",
        "end",
        "conversion_probability",
        "licensee",
        "currency",
        "running_royalty",
        "lump_sum",
        "milestone",
    },
}
FX_KEYS = {"base", "quote", "rate", "date", "source"}


class DealFile:
    """A parsed deal file: the deal and any FX rates it adds."""

    def __init__(
        self, deal: Deal, fx_rates: tuple[FxRate, ...], path: Path, patents: tuple[str, ...] = ()
    ) -> None:
        self.deal = deal
        self.fx_rates = fx_rates
        self.path = path
        self.patents = patents  # the licensed patents, as written (checked for commitments)


class _Table:
    """One TOML table with typed getters whose errors name the table and key."""

    def __init__(self, data: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise InvalidValueError(
                f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
            )
        self.data = data
        self.where = where

    def _get(self, key: str, convert: Callable[[Any, str], T], default: T | None) -> T:
        if key not in self.data:
            if default is None:
                raise InvalidValueError(f"{self.where}: missing key {key!r}")
            return default
        return convert(self.data[key], f"{self.where}.{key}")

    def text(self, key: str, default: str | None = None) -> str:
        return self._get(key, lambda v, w: _require(v, str, w), default)

    def day(self, key: str, default: date | None = None) -> date:
        return self._get(key, lambda v, w: _require(v, date, w), default)

    def rate(self, key: str, default: Decimal | None = None) -> Decimal:
        return self._get(key, lambda v, w: parse_rate(_number_text(v, w), name=w), default)

    def money(self, key: str, currency: str) -> Money:
        return self._get(key, lambda v, w: Money.of(_number_text(v, w), currency, name=w), None)

    def optional_money(self, key: str, currency: str) -> Money | None:
        return self.money(key, currency) if key in self.data else None

    def flag(self, key: str, default: bool) -> bool:
        return self._get(key, lambda v, w: _require(v, bool, w), default)


def _require(value: Any, kind: type[T], where: str) -> T:
    if not isinstance(value, kind) or (kind is date and type(value) is not date):
        raise InvalidValueError(f"{where}: {value!r} is not a {kind.__name__}")
    return value


def _number_text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidValueError(f"{where}: {value!r} is not a number")
    if isinstance(value, float):
        raise InvalidValueError(
            f'{where}: write {value!r} as a string ("{value}") to keep it exact'
        )
    return str(value)


def _revenue(table: _Table, currency: str) -> tuple[tuple[int, Money], ...]:
    raw = table.data.get("revenue")
    if not isinstance(raw, Mapping) or not raw:
        raise InvalidValueError(f"{table.where}.revenue: a table of year = amount is needed")
    rows = []
    for year, amount in raw.items():
        if not str(year).isdigit():
            raise InvalidValueError(f"{table.where}.revenue: {year!r} is not a year")
        where = f"{table.where}.revenue.{year}"
        rows.append((int(year), Money.of(_number_text(amount, where), currency, name=where)))
    return tuple(sorted(rows, key=lambda r: r[0]))


def _running(t: _Table, cur: str) -> RunningRoyalty:
    return RunningRoyalty(
        name=t.text("name"),
        rate=t.rate("rate"),
        revenue=_revenue(t, cur),
        base=t.text("base", "japan"),
        cap_per_year=t.optional_money("cap_per_year", cur),
        minimum_per_year=t.optional_money("minimum_per_year", cur),
        cap_total=t.optional_money("cap_total", cur),
        field=t.text("field", ""),
        licensee=t.text("licensee", ""),
    )


def _lump(t: _Table, cur: str) -> LumpSum:
    return LumpSum(
        name=t.text("name"),
        amount=t.money("amount", cur),
        on=t.day("date"),
        field=t.text("field", ""),
        licensee=t.text("licensee", ""),
    )


def _milestone(t: _Table, cur: str) -> Milestone:
    return Milestone(
        name=t.text("name"),
        amount=t.money("amount", cur),
        on=t.day("date"),
        probability=t.rate("probability", Decimal(1)),
        licensee=t.text("licensee", ""),
    )


def _cross(t: _Table, cur: str) -> CrossLicence:
    years = t.data.get("years")
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years) or not years:
        raise InvalidValueError(f"{t.where}.years: a list of years is needed")
    return CrossLicence(
        name=t.text("name"),
        our_value=t.money("our_value", cur),
        their_value=t.money("their_value", cur),
        years=tuple(years),
        licensee=t.text("licensee", ""),
    )


BUILDERS: dict[str, Callable[[_Table, str], Any]] = {
    "running_royalty": _running,
    "lump_sum": _lump,
    "milestone": _milestone,
    "cross_licence": _cross,
}


def _components(
    data: Mapping[str, Any], where: str, kinds: tuple[str, ...], default_currency: str
) -> list[Any]:
    result = []
    for kind in kinds:
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise InvalidValueError(f"{where}{kind}: write it as [[{kind}]] tables")
        for number, entry in enumerate(entries, start=1):
            table = _Table(entry, f"{where}[[{kind}]] #{number}", COMPONENT_KEYS[kind])
            currency = table.text("currency", default_currency)
            if kind == "pilot":
                result.append(_pilot(table, currency))
            else:
                result.append(BUILDERS[kind](table, currency))
    return result


def _pilot(t: _Table, cur: str) -> Pilot:
    full = _components(t.data, f"{t.where}.", ("running_royalty", "lump_sum", "milestone"), cur)
    return Pilot(
        name=t.text("name"),
        fee=t.money("fee", cur),
        start=t.day("start"),
        end=t.day("end"),
        conversion_probability=t.rate("conversion_probability"),
        full_licence=tuple(full),
        licensee=t.text("licensee", ""),
    )


def _fx(data: Any, path: Path) -> tuple[FxRate, ...]:
    if not isinstance(data, list):
        raise InvalidValueError("fx: write FX rates as [[fx]] tables")
    rates = []
    for number, entry in enumerate(data, start=1):
        t = _Table(entry, f"[[fx]] #{number}", FX_KEYS)
        rates.append(
            FxRate(
                base=t.text("base"),
                quote=t.text("quote"),
                rate=parse_amount(
                    _number_text(t.data.get("rate"), f"{t.where}.rate"), name=f"{t.where}.rate"
                ),
                on=t.day("date"),
                source=t.text("source", f"{path.name}"),
            )
        )
    return tuple(rates)


def _parse(data: Mapping[str, Any], path: Path) -> DealFile:
    top = set(data) - {"deal", "fx", *COMPONENT_KEYS}
    if top:
        raise InvalidValueError(f"unknown table {sorted(top)[0]!r}")
    d = _Table(data.get("deal", {}), "[deal]", DEAL_KEYS)
    currency = d.text("currency", "JPY")
    valuation = d.day("valuation_date")
    components: list[Component] = _components(data, "", tuple(COMPONENT_KEYS), currency)
    deal = Deal(
        name=d.text("name"),
        licensor=d.text("licensor"),
        licensor_country=d.text("licensor_country"),
        licensor_currency=d.text("licensor_currency"),
        currency=currency,
        valuation_date=valuation,
        discount_rate=d.rate("discount_rate"),
        fx_date=d.day("fx_date", valuation),
        components=tuple(components),
        allow_domestic_tax=d.flag("domestic_tax_if_no_treaty", False),
        form3_filed=d.flag("form3_filed", True),
    )
    patents = data.get("deal", {}).get("patents", [])
    if not isinstance(patents, list) or not all(isinstance(p, str) for p in patents):
        raise InvalidValueError("[deal].patents: a list of patent numbers")
    if len(patents) > 1000:
        raise InvalidValueError("[deal].patents: more than 1000 patents")
    return DealFile(deal, _fx(data.get("fx", []), path), path, tuple(patents))


def read_deal(path: Path) -> DealFile:
    """Parse the deal TOML at ``path``; errors start with the file name."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MalformedDocumentError(path, f"cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise MalformedDocumentError(path, f"not valid TOML: {exc}") from exc
    return read_deal_text(text, path=path)


def read_deal_text(text: str, *, path: Path) -> DealFile:
    """Parse deal TOML ``text``; ``path`` names it in errors (the web passes ``deal.toml``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MalformedDocumentError(path, f"not valid TOML: {exc}") from exc
    try:
        return _parse(data, path)
    except MalformedDocumentError:
        raise
    except KizunaError as exc:
        raise InvalidValueError(f"{path.name}: {exc}") from exc
