"""Read a valuation file (TOML) into :class:`ValuationCase`; errors name the file, table and key.

Format, with an example, in docs/valuation.md and ``examples/valuation.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.money import minor_unit, parse_amount, parse_rate
from kizuna.domain.valuation.ranges import Triangle
from kizuna.domain.valuation.relief import Premium, ReliefInputs
from kizuna.errors import InvalidValueError, MalformedDocumentError
from kizuna.services.files import read_bounded

if TYPE_CHECKING:
    from kizuna.domain.royalty import Comparable
    from kizuna.services.valuation.benchmark_rate import BenchmarkRate

    Comparables = Callable[[], Sequence[Comparable]]

__all__ = ["ValuationCase", "read_valuation", "read_valuation_text"]

MAX_BYTES = 1_000_000
KEYS: dict[str, set[str]] = {
    "valuation": {"name", "patent", "owner", "valuation_date", "expiry", "economic_life_years",
                  "currency", "mid_year"},
    "revenue": {"base", "growth", "growth_years", "decay", "by_year", "source"},
    "royalty": {"rate", "low", "high", "source", "benchmark_field", "benchmark_territory",
                "percentile", "low_percentile", "high_percentile"},
    "tax": {"rate", "source"},
    "discount": {"risk_free", "source", "premiums"},
    "ranges": {"revenue_low", "revenue_high", "life_low", "life_high", "draws", "seed"},
    "lending": {"min_haircut", "basis"},
    "cost": {"items"},
    "market": {"items"},
    "report": {"business_overview", "ip_scope", "market", "ip_and_business", "risks"},
}  # fmt: skip
REQUIRED = ("valuation", "revenue", "royalty", "tax", "discount")
REPORT_TITLES = {
    "business_overview": ("事業の概要", "Business overview"),
    "ip_scope": ("知的財産の内容と権利範囲", "The IP and its scope"),
    "market": ("市場と競合", "Market and competition"),
    "ip_and_business": ("知的財産と事業の関係", "How the IP supports the business"),
    "risks": ("リスク", "Risks"),
}


@dataclass(frozen=True, kw_only=True)
class SourcedAmount:
    name: str
    amount: Decimal
    source: str


@dataclass(frozen=True, kw_only=True)
class ValuationCase:
    name: str
    patent: str
    owner: str
    inputs: ReliefInputs
    revenue_source: str
    rate_range: Triangle
    revenue_range: Triangle
    life_range: Triangle
    draws: int
    seed: int
    min_haircut: Decimal
    haircut_basis: str
    cost_items: tuple[SourcedAmount, ...]
    market_items: tuple[SourcedAmount, ...]
    report: Mapping[str, str]
    rate_benchmark: BenchmarkRate | None = None


class _File:
    def __init__(self, path: str, data: Mapping[str, Any]) -> None:
        self.path, self.data = path, data

    def fail(self, where: str, fault: str) -> InvalidValueError:
        return InvalidValueError(f"{self.path}: [{where}]: {fault}")

    def table(self, name: str, *, required: bool = True) -> Mapping[str, Any]:
        value = self.data.get(name)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(name, "missing table" if value is None else "must be a table")
        unknown = sorted(set(value) - KEYS[name])
        if unknown:
            raise self.fail(
                name,
                f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(KEYS[name]))})",
            )
        return value

    def text(
        self, table: Mapping[str, Any], key: str, where: str, *, default: str | None = None
    ) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"{key} must be a non-empty string")
        if len(value) > 5000:
            raise self.fail(where, f"{key} is longer than 5,000 characters")
        return value.strip()

    def rate(
        self, table: Mapping[str, Any], key: str, where: str, default: str | None = None
    ) -> Decimal:
        value = table.get(key, default)
        if value is None:
            raise self.fail(where, f"{key} is missing")
        try:
            return parse_rate(value, name=key)
        except InvalidValueError as exc:
            raise self.fail(where, str(exc)) from None

    def amount(self, table: Mapping[str, Any], key: str, where: str) -> Decimal:
        if key not in table:
            raise self.fail(where, f"{key} is missing")
        try:
            return parse_amount(table[key], name=key)
        except InvalidValueError as exc:
            raise self.fail(where, str(exc)) from None

    def day(self, table: Mapping[str, Any], key: str, where: str, *, required: bool) -> date | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if isinstance(value, date):
            return value
        raise self.fail(where, f"{key} must be a TOML date like 2026-12-31")

    def items(self, name: str) -> tuple[SourcedAmount, ...]:
        rows = self.table(name, required=False).get("items", [])
        if not isinstance(rows, list):
            raise self.fail(name, "items must be a list of tables")
        return tuple(
            SourcedAmount(
                name=self.text(row, "name", f"{name}.items[{i}]"),
                amount=self.amount(row, "amount", f"{name}.items[{i}]"),
                source=self.text(row, "source", f"{name}.items[{i}]"),
            )
            for i, row in enumerate(rows)
        )


def _premiums(f: _File, discount: Mapping[str, Any]) -> tuple[Premium, ...]:
    rows = discount.get("premiums", [])
    if not isinstance(rows, list):
        raise f.fail("discount", "premiums must be [[discount.premiums]] tables")
    return tuple(
        Premium(
            name=f.text(row, "name", f"discount.premiums[{i}]"),
            rate=f.rate(row, "rate", f"discount.premiums[{i}]"),
            source=f.text(row, "source", f"discount.premiums[{i}]"),
        )
        for i, row in enumerate(rows)
    )


def _number(f: _File, table: Mapping[str, Any], key: str, where: str, default: str) -> float:
    try:
        value = parse_amount(table.get(key, default), name=key)
    except InvalidValueError as exc:
        raise f.fail(where, str(exc)) from None
    if value > 1000:
        raise f.fail(where, f"{key}: {value} is out of range")
    return float(value)


def _whole(f: _File, table: Mapping[str, Any], key: str, default: int, lo: int, hi: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise f.fail("ranges", f"{key} must be a whole number from {lo} to {hi}")
    return value


def _rate(
    f: _File, roy: Mapping[str, Any], comparables: Comparables | None
) -> tuple[Decimal, Decimal, Decimal, str, BenchmarkRate | None]:
    """(rate, low, high, source, benchmark) from the file or from the benchmark it names."""
    if "percentile" in roy or "benchmark_field" in roy:
        from kizuna.adapters.royalty_data import data_version, shipped_comparables
        from kizuna.services.valuation.benchmark_rate import benchmark_rate

        found = benchmark_rate(
            roy,
            shipped_comparables() if comparables is None else comparables(),
            data_version=data_version(),
            fail=lambda fault: f.fail("royalty", fault),
        )
        return found.rate, found.low, found.high, found.source, found
    rate = f.rate(roy, "rate", "royalty")
    return (
        rate,
        f.rate(roy, "low", "royalty", str(rate)),
        f.rate(roy, "high", "royalty", str(rate)),
        f.text(roy, "source", "royalty"),
        None,
    )


def _inputs(
    f: _File, comparables: Comparables | None
) -> tuple[ReliefInputs, str, tuple[Decimal, Decimal], BenchmarkRate | None]:
    v, rev, roy, tax, disc = (f.table(name) for name in REQUIRED)
    rate, low, high, source, found = _rate(f, roy, comparables)
    currency = f.text(v, "currency", "valuation", default="JPY").upper()
    try:
        minor_unit(currency)
    except InvalidValueError as exc:
        raise f.fail("valuation", str(exc)) from None
    by_year = rev.get("by_year", [])
    if not isinstance(by_year, list) or len(by_year) > 30:
        raise f.fail("revenue", "by_year must be a list of at most 30 amounts")
    revenues = tuple(parse_amount(x, name="by_year") for x in by_year)
    years = rev.get("growth_years", 0)
    if not isinstance(years, int) or not 0 <= years <= 30:
        raise f.fail("revenue", "growth_years must be a whole number from 0 to 30")
    inputs = ReliefInputs(
        valuation_date=f.day(v, "valuation_date", "valuation", required=True),  # type: ignore[arg-type]
        expiry=f.day(v, "expiry", "valuation", required=False),
        economic_life_years=f.amount(v, "economic_life_years", "valuation"),
        revenue_base=f.amount(rev, "base", "revenue") if not revenues else revenues[0],
        growth=f.rate(rev, "growth", "revenue", "0"),
        growth_years=years,
        decay=f.rate(rev, "decay", "revenue", "0"),
        revenues=revenues,
        royalty_rate=rate,
        royalty_source=source,
        tax_rate=f.rate(tax, "rate", "tax"),
        tax_source=f.text(tax, "source", "tax"),
        risk_free=f.rate(disc, "risk_free", "discount"),
        risk_free_source=f.text(disc, "source", "discount"),
        premiums=_premiums(f, disc),
        mid_year=bool(v.get("mid_year", True)),
        currency=currency,
    )
    return inputs, f.text(rev, "source", "revenue"), (low, high), found


def read_valuation_text(
    text: str, *, path: str = "valuation.toml", comparables: Comparables | None = None
) -> ValuationCase:
    """Parse a valuation file's text.

    ``comparables`` is called only when ``[royalty]`` asks for a benchmarked rate (the shipped
    comparables when it is ``None``), so a file with a stated rate never opens the database.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MalformedDocumentError(path, f"not valid TOML ({exc})") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise InvalidValueError(f"{path}: unknown table(s) {', '.join(unknown)}")
    f = _File(path, data)
    inputs, revenue_source, (rate_low, rate_high), found = _inputs(f, comparables)
    v = f.table("valuation")
    ranges, lending = f.table("ranges", required=False), f.table("lending", required=False)
    rate = float(inputs.royalty_rate)
    life = float(inputs.economic_life_years)
    rate_range = Triangle(low=float(rate_low), mode=rate, high=float(rate_high))
    if not rate_range.low <= rate <= rate_range.high:
        raise f.fail("royalty", "low <= rate <= high is required")
    revenue_range = Triangle(
        low=_number(f, ranges, "revenue_low", "ranges", "1"),
        mode=1.0,
        high=_number(f, ranges, "revenue_high", "ranges", "1"),
    )
    life_range = Triangle(
        low=_number(f, ranges, "life_low", "ranges", str(life)),
        mode=life,
        high=_number(f, ranges, "life_high", "ranges", str(life)),
    )
    for where, tri in (("ranges", revenue_range), ("ranges", life_range)):
        if not tri.low <= tri.mode <= tri.high:
            raise f.fail(where, "low <= base <= high is required (revenue factor base is 1)")
    report = f.table("report", required=False)
    return ValuationCase(
        name=f.text(v, "name", "valuation"),
        patent=f.text(v, "patent", "valuation"),
        owner=f.text(v, "owner", "valuation"),
        inputs=inputs,
        revenue_source=revenue_source,
        rate_range=rate_range,
        revenue_range=revenue_range,
        life_range=life_range,
        draws=_whole(f, ranges, "draws", 10_000, 100, 100_000),
        seed=_whole(f, ranges, "seed", 20261207, 0, 2**32 - 1),
        min_haircut=f.rate(lending, "min_haircut", "lending", "30%"),
        haircut_basis=str(
            lending.get("basis", "Kizuna default floor (an assumption, not a market figure)")
        ),
        cost_items=f.items("cost"),
        market_items=f.items("market"),
        report={k: str(report.get(k, "")).strip() for k in REPORT_TITLES},
        rate_benchmark=found,
    )


def read_valuation(
    path: Path, *, comparables: Comparables | None = None
) -> ValuationCase:
    """Read a valuation file from disk (UTF-8, at most 1 MB)."""
    data = read_bounded(path, limit=MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValueError(f"{path}: not UTF-8 text") from None
    return read_valuation_text(text, path=str(path), comparables=comparables)
