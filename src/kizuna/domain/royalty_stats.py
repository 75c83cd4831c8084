"""Order statistics of royalty rates: quartiles by the inclusive method.

Quartiles use linear interpolation between order statistics (the "inclusive"
method: Excel ``QUARTILE.INC``, numpy's default, ``statistics.quantiles(...,
method="inclusive")``): position ``(n - 1) * p`` in the sorted values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kizuna.errors import InvalidValueError

__all__ = ["RateStatistics", "quantile", "rate_statistics"]


@dataclass(frozen=True, kw_only=True)
class RateStatistics:
    """Order statistics of rates (fractions: ``0.037`` is 3.7%)."""

    n: int
    minimum: Decimal
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal
    maximum: Decimal
    mean: Decimal

    def scaled(self, factor: Decimal) -> RateStatistics:
        """Every statistic times ``factor``, capped at 100%."""
        one = Decimal(1)
        return RateStatistics(
            n=self.n,
            minimum=min(one, self.minimum * factor),
            lower_quartile=min(one, self.lower_quartile * factor),
            median=min(one, self.median * factor),
            upper_quartile=min(one, self.upper_quartile * factor),
            maximum=min(one, self.maximum * factor),
            mean=min(one, self.mean * factor),
        )


def quantile(sorted_values: Sequence[Decimal], p: Decimal) -> Decimal:
    """Inclusive quantile: linear interpolation at position ``(n - 1) * p``.

    >>> quantile([Decimal(1), Decimal(2), Decimal(3), Decimal(4)], Decimal("0.25"))
    Decimal('1.75')
    """
    if not sorted_values:
        raise InvalidValueError("quantile of no values")
    if not Decimal(0) <= p <= Decimal(1):
        raise InvalidValueError(f"quantile {p} is outside 0..1")
    position = (len(sorted_values) - 1) * p
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * weight


def rate_statistics(rates: Iterable[Decimal]) -> RateStatistics:
    """n, min, quartiles, median, max and mean of ``rates``."""
    values = sorted(rates)
    if not values:
        raise InvalidValueError("no rates to summarise")
    return RateStatistics(
        n=len(values),
        minimum=values[0],
        lower_quartile=quantile(values, Decimal("0.25")),
        median=quantile(values, Decimal("0.5")),
        upper_quartile=quantile(values, Decimal("0.75")),
        maximum=values[-1],
        mean=sum(values, Decimal(0)) / len(values),
    )
