"""The valuation's royalty rate taken from the comparables benchmark at a chosen percentile.

In a valuation file, ``[royalty]`` either states ``rate`` / ``low`` / ``high`` with a ``source``,
or asks the benchmark for them::

    [royalty]
    benchmark_field = "Electrical engineering"   # as `kizuna royalty benchmark --field`
    benchmark_territory = "JP"                   # optional
    percentile = 50                              # the rate
    low_percentile = 25                          # the Monte Carlo range (defaults 25 and 75)
    high_percentile = 75

Only licence rates enter (licence agreements and surveys; never court awards, offers or
estimates), on net sales, from the shipped comparables and the user's imported ones. The
percentile is the inclusive linear-interpolation quantile of the benchmark's figures, the same
rule as its quartiles. The source line names the comparables, the data version and ``n``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kizuna.domain.royalty import (
    DEFAULT_BENCHMARK_KINDS,
    BenchmarkQuery,
    Comparable,
    RateBase,
    benchmark,
)
from kizuna.domain.royalty_stats import quantile
from kizuna.errors import InvalidValueError, NotFoundError

__all__ = ["BENCHMARK_KEYS", "BenchmarkRate", "benchmark_rate"]

BENCHMARK_KEYS = frozenset(
    {"benchmark_field", "benchmark_territory", "percentile", "low_percentile", "high_percentile"}
)


@dataclass(frozen=True, kw_only=True)
class BenchmarkRate:
    rate: Decimal
    low: Decimal
    high: Decimal
    percentiles: tuple[int, int, int]  # low, rate, high
    comparables: tuple[str, ...]
    query: str
    data_version: str

    @property
    def source(self) -> str:
        low, mid, high = self.percentiles
        few = " (few figures: read the percentiles with care)" if len(self.comparables) < 5 else ""
        return (
            f"Kizuna royalty benchmark ({self.data_version}): licence rates only, {self.query}; "
            f"n={len(self.comparables)} ({', '.join(self.comparables)}); rate at P{mid}, range "
            f"P{low}–P{high}{few}"
        )


def _percentile(table: Mapping[str, Any], key: str, default: int, fail: Any) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise fail(f"{key} must be a whole number from 0 to 100")
    return value


def _text(table: Mapping[str, Any], key: str, fail: Any) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise fail(f"{key} must be a non-empty string of at most 200 characters")
    return value.strip()


def benchmark_rate(
    royalty: Mapping[str, Any],
    comparables: Sequence[Comparable],
    *,
    data_version: str,
    fail: Any,
) -> BenchmarkRate:
    """The rate and range the ``[royalty]`` table asks for; ``fail(fault)`` builds the error."""
    clash = sorted({"rate", "low", "high", "source"} & set(royalty))
    if clash:
        raise fail(f"{', '.join(clash)} cannot be given with percentile (one or the other)")
    low = _percentile(royalty, "low_percentile", 25, fail)
    mid = _percentile(royalty, "percentile", 50, fail)
    high = _percentile(royalty, "high_percentile", 75, fail)
    if not low <= mid <= high:
        raise fail("low_percentile <= percentile <= high_percentile is required")
    query = BenchmarkQuery(
        field=_text(royalty, "benchmark_field", fail),
        territory=_text(royalty, "benchmark_territory", fail),
        base=RateBase.NET_SALES,
        kinds=DEFAULT_BENCHMARK_KINDS,
    )
    try:
        result = benchmark(comparables, query)
    except (NotFoundError, InvalidValueError) as exc:
        raise fail(f"benchmark: {exc}") from None
    values = sorted(c.rate for c in result.comparables)
    rate, low_rate, high_rate = (
        quantile(values, Decimal(p) / 100).normalize() for p in (mid, low, high)
    )
    return BenchmarkRate(
        rate=rate,
        low=low_rate,
        high=high_rate,
        percentiles=(low, mid, high),
        comparables=tuple(c.id for c in result.comparables),
        query=query.describe(),
        data_version=data_version,
    )
