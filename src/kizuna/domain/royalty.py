"""Royalty comparables and benchmark statistics.

A :class:`Comparable` is one published figure with its source, date and
verification status, and a :class:`ComparableKind`: a licence agreement, a
survey, a court's reasonable-royalty award, a rejected offer, or a published
offer, a court's formula input or an analyst estimate. :func:`benchmark`
filters comparables and forms a rate range: n, min, lower quartile, median,
upper quartile, max, with a written explanation and any explicit
:class:`Adjustment` shown beside the unadjusted figures, never folded in
silently.

By default a benchmark uses licence agreements and surveys only
(:data:`DEFAULT_BENCHMARK_KINDS`); court reasonable-royalty awards form a
separate band (:attr:`Benchmark.court_band`), because a rate set after
infringement runs higher than an ordinary licence rate: the IP High Court
Grand Panel (2019-06-07, 平成30(ネ)10063) held that the rate to be set ex post
for an infringer should be higher than the normal royalty rate [S10][S15].

Quartiles use linear interpolation between order statistics (the "inclusive"
method: Excel ``QUARTILE.INC``, numpy's default, ``statistics.quantiles(...,
method="inclusive")``): position ``(n - 1) * p`` in the sorted values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from kizuna.domain.money import format_percent, minor_unit
from kizuna.domain.royalty_kinds import (
    DEFAULT_BENCHMARK_KINDS,
    KIND_ALIASES,
    POST_INFRINGEMENT_NOTE,
    ComparableKind,
    parse_kind,
)
from kizuna.domain.royalty_stats import RateStatistics, quantile, rate_statistics
from kizuna.errors import InvalidValueError, NotFoundError

__all__ = [
    "DEFAULT_BENCHMARK_KINDS",
    "KIND_ALIASES",
    "POST_INFRINGEMENT_NOTE",
    "Adjustment",
    "Benchmark",
    "BenchmarkQuery",
    "Comparable",
    "ComparableKind",
    "RateBase",
    "RateStatistics",
    "Status",
    "benchmark",
    "filter_comparables",
    "parse_kind",
    "quantile",
    "rate_statistics",
]

PERCENT_UNIT = "percent"
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class RateBase(StrEnum):
    """What a figure is a share or amount of."""

    NET_SALES = "net_sales"  # % of the licensee's net sales (one holder's rate)
    PER_UNIT = "per_unit"  # an amount per unit sold
    AGGREGATE = "aggregate"  # % of price for all essential patents of a standard


class Status(StrEnum):
    """How far the figure is confirmed (LEGAL-FACTS.md marks UNVERIFIED ones)."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    WEAK = "weak"  # a weak source (e.g. a forum post)


@dataclass(frozen=True, kw_only=True)
class Comparable:
    """One published royalty figure with its provenance.

    ``value`` is a percentage when ``unit == "percent"`` (``Decimal("3.7")``
    means 3.7%), else an amount in the currency ``unit`` (per-unit figures).
    ``fields``/``sectors`` are WIPO technology fields and sectors (a survey's
    own class is mapped approximately; the note says so). ``provenance`` says
    where the row came from: ``shipped:<data version>`` or ``import:<file>``.
    """

    id: str
    value: Decimal
    unit: str
    base: RateBase
    kind: ComparableKind
    territory: str
    description: str
    source: str
    status: Status
    provenance: str
    fields: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    year: int | None = None
    source_date: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        where = f"comparable {self.id!r}"
        if not self.id.strip():
            raise InvalidValueError("comparable: id is empty")
        if self.value < 0 or not self.value.is_finite():
            raise InvalidValueError(f"{where}: value {self.value} is negative or not finite")
        if self.unit == PERCENT_UNIT:
            if self.value > 100:
                raise InvalidValueError(f"{where}: value {self.value}% is above 100%")
        else:
            minor_unit(self.unit)
        if self.source_date and not _PARTIAL_DATE.match(self.source_date):
            raise InvalidValueError(
                f"{where}: source_date {self.source_date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
            )
        if self.year is not None and not 1900 <= self.year <= 2100:
            raise InvalidValueError(f"{where}: year {self.year} is out of range")
        if not self.source.strip():
            raise InvalidValueError(f"{where}: source is empty (every figure needs one)")

    @property
    def is_rate(self) -> bool:
        return self.unit == PERCENT_UNIT

    @property
    def rate(self) -> Decimal:
        """The figure as a fraction (only for percentage figures)."""
        if not self.is_rate:
            raise InvalidValueError(f"comparable {self.id!r} is a {self.unit} amount, not a rate")
        return self.value / 100

    @property
    def shown(self) -> str:
        """``"3.7%"`` or ``"3 EUR/unit"``, with ``[UNVERIFIED]``/``[weak]`` flags."""
        text = f"{self.value}%" if self.is_rate else f"{self.value} {self.unit}/unit"
        if self.status is Status.UNVERIFIED:
            text += " [UNVERIFIED]"
        elif self.status is Status.WEAK:
            text += " [weak source]"
        return text

    def matches_field(self, name: str) -> bool:
        wanted = name.strip().casefold()
        return any(wanted == f.casefold() for f in (*self.fields, *self.sectors))


@dataclass(frozen=True, kw_only=True)
class BenchmarkQuery:
    """Which comparables to use. ``None`` means no filter on that attribute."""

    field: str | None = None
    territory: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    base: RateBase | None = RateBase.NET_SALES  # None: every base (listing only)
    kinds: tuple[ComparableKind, ...] = ()  # benchmark: () means DEFAULT_BENCHMARK_KINDS
    include_unverified: bool = True

    def __post_init__(self) -> None:
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise InvalidValueError(
                f"years out of order: --from {self.year_from} is after --to {self.year_to}"
            )

    def describe(self) -> str:
        parts = [f"base {self.base.value if self.base else 'any'}"]
        if self.field:
            parts.append(f"field/sector {self.field!r}")
        if self.territory:
            parts.append(f"territory {self.territory}")
        if self.year_from is not None or self.year_to is not None:
            parts.append(f"years {self.year_from or '…'}–{self.year_to or '…'}")
        if self.kinds:
            parts.append("kinds " + ", ".join(k.value for k in self.kinds))
        if not self.include_unverified:
            parts.append("verified figures only")
        return "; ".join(parts)


@dataclass(frozen=True, kw_only=True)
class Adjustment:
    """An explicit multiplier the user applies to the range, with the reason.

    Example: ``Adjustment(name="Art. 102(3) post-infringement uplift",
    factor=Decimal("1.5"), reason="infringer bears no licensee constraints")``.
    """

    name: str
    factor: Decimal
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.factor.is_finite() or self.factor <= 0:
            raise InvalidValueError(f"adjustment {self.name!r}: factor {self.factor} must be > 0")


@dataclass(frozen=True, kw_only=True)
class Benchmark:
    """A benchmark: the figures used, their statistics, adjustments, explanation."""

    query: BenchmarkQuery
    comparables: tuple[Comparable, ...]
    statistics: RateStatistics
    adjustments: tuple[Adjustment, ...] = ()
    adjusted: RateStatistics | None = None
    explanation: tuple[str, ...] = field(default_factory=tuple)
    court_band: RateStatistics | None = None  # court awards matching the same filters
    court_comparables: tuple[Comparable, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """Distinct sources of the figures used, in order of first use."""
        return tuple(dict.fromkeys(c.source for c in self.comparables))


def filter_comparables(
    comparables: Iterable[Comparable], query: BenchmarkQuery
) -> tuple[Comparable, ...]:
    """The comparables that pass every filter of ``query`` (base included)."""
    kept = []
    for item in comparables:
        if query.base is not None and item.base is not query.base:
            continue
        if query.field and not item.matches_field(query.field):
            continue
        if query.territory and item.territory.casefold() != query.territory.casefold():
            continue
        if query.year_from is not None and (item.year is None or item.year < query.year_from):
            continue
        if query.year_to is not None and (item.year is None or item.year > query.year_to):
            continue
        if query.kinds and item.kind not in query.kinds:
            continue
        if not query.include_unverified and item.status is not Status.VERIFIED:
            continue
        kept.append(item)
    return tuple(kept)


def _field_candidates(comparables: Iterable[Comparable]) -> list[str]:
    names = {name for c in comparables for name in (*c.fields, *c.sectors)}
    return sorted(names)


def _court_band(
    comparables: Sequence[Comparable], query: BenchmarkQuery, kinds: Sequence[ComparableKind]
) -> tuple[RateStatistics | None, tuple[Comparable, ...]]:
    if ComparableKind.COURT_AWARD in kinds:
        return None, ()
    court_query = replace(query, kinds=(ComparableKind.COURT_AWARD,))
    awards = [c for c in filter_comparables(comparables, court_query) if c.is_rate]
    if not awards:
        return None, ()
    ordered = tuple(sorted(awards, key=lambda c: (c.rate, c.id)))
    return rate_statistics(c.rate for c in ordered), ordered


def benchmark(
    comparables: Sequence[Comparable],
    query: BenchmarkQuery,
    adjustments: Sequence[Adjustment] = (),
) -> Benchmark:
    """Filter ``comparables`` by ``query`` and form the rate range.

    Without kinds in ``query``, licence agreements and surveys only; court
    awards matching the other filters are then a separate band. Only
    percentage figures enter the statistics (per-unit amounts in different
    currencies cannot be ranked with rates). Raises :class:`NotFoundError`
    with the known fields when nothing matches.
    """
    if query.base is None:
        raise InvalidValueError("--base: a benchmark needs one base (net_sales, aggregate…)")
    kinds = query.kinds or DEFAULT_BENCHMARK_KINDS
    used = replace(query, kinds=kinds)
    chosen = [c for c in filter_comparables(comparables, used) if c.is_rate]
    court_band, awards = _court_band(comparables, query, kinds)
    if not chosen:
        hint = ""
        if not query.kinds:
            others = Counter(
                c.kind.value
                for c in filter_comparables(comparables, replace(query, kinds=()))
                if c.is_rate
            )
            if others:
                hint = (
                    "; no licence or survey rates, but "
                    + ", ".join(f"{n} {k}" for k, n in sorted(others.items()))
                    + " (ask for them with --kind)"
                )
        raise NotFoundError(
            f"no percentage comparables match {used.describe()}{hint}",
            candidates=_field_candidates(comparables)
            if query.field and not any(c.matches_field(query.field) for c in comparables)
            else (),
        )
    stats = rate_statistics(c.rate for c in chosen)
    factor = Decimal(1)
    for adjustment in adjustments:
        factor *= adjustment.factor
    adjusted = stats.scaled(factor) if adjustments else None
    explanation = list(_explain(chosen, used, stats, adjustments, factor))
    territories = Counter(c.territory for c in chosen)
    foreign = sorted(t for t in territories if t != "JP")
    if foreign:
        explanation.append(
            "Not all figures are Japanese: territories "
            + ", ".join(f"{t} {n}" for t, n in sorted(territories.items()))
            + "."
        )
    if court_band is not None:
        explanation.append(
            f"Court awards matching the same filters ({court_band.n}: "
            f"{', '.join(c.id for c in awards)}) are shown as a separate band, median "
            f"{format_percent(court_band.median)}, not mixed into the range. "
            + POST_INFRINGEMENT_NOTE
        )
    elif ComparableKind.COURT_AWARD in kinds:
        explanation.append(POST_INFRINGEMENT_NOTE)
    return Benchmark(
        query=used,
        comparables=tuple(sorted(chosen, key=lambda c: (c.rate, c.id))),
        statistics=stats,
        adjustments=tuple(adjustments),
        adjusted=adjusted,
        explanation=tuple(explanation),
        court_band=court_band,
        court_comparables=awards,
    )


def _explain(
    chosen: Sequence[Comparable],
    query: BenchmarkQuery,
    stats: RateStatistics,
    adjustments: Sequence[Adjustment],
    factor: Decimal,
) -> tuple[str, ...]:
    kinds = Counter(c.kind.value for c in chosen)
    kind_text = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    lines = [
        f"Formed from {stats.n} percentage figure(s) ({kind_text}) selected by {query.describe()}.",
        "Each figure counts once: a survey average summarises many licences but is one "
        "observation here, so the range describes published figures, not a licence population.",
        "Quartiles: linear interpolation between sorted values at (n - 1) x p "
        "(inclusive method, as Excel QUARTILE.INC).",
        f"Interquartile range {format_percent(stats.lower_quartile)}–"
        f"{format_percent(stats.upper_quartile)}, median {format_percent(stats.median)}.",
    ]
    if stats.n < 4:
        lines.append(
            f"Only {stats.n} figure(s): the quartiles are interpolated, read them as rough."
        )
    flagged = [c.id for c in chosen if c.status is not Status.VERIFIED]
    if flagged:
        lines.append(f"UNVERIFIED or weak figures included: {', '.join(flagged)}.")
    imported = sorted({c.provenance for c in chosen if c.provenance.startswith("import:")})
    if imported:
        lines.append(f"User-imported figures from: {', '.join(imported)}.")
    for adjustment in adjustments:
        reason = f" ({adjustment.reason})" if adjustment.reason else ""
        lines.append(
            f"Adjustment applied on request: {adjustment.name} x{adjustment.factor}{reason}."
        )
    if adjustments:
        lines.append(
            f"Adjusted median {format_percent(min(Decimal(1), stats.median * factor))} "
            f"(combined factor x{factor}, capped at 100%); unadjusted figures shown beside."
        )
    return tuple(lines)
