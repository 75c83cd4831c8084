"""Royalty use cases: list and import comparables, benchmark a field, FRAND top-down.

Shipped comparables come from ``kizuna/data/comparables.csv``; the user's own
come from a :class:`ComparableStore` (the database). Every report carries the
data version and the disclaimer that the figures are estimates.

    >>> report = benchmark_rates(store=None, query=BenchmarkQuery(field="Chemistry"))
    >>> report.benchmark.statistics.n >= 1
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from kizuna.adapters.royalty_data import (
    RowError,
    data_version,
    frand_presets,
    read_comparables_file,
    shipped_comparables,
)
from kizuna.domain.frand import FrandInputs, FrandPreset, FrandResult, frand_variants
from kizuna.domain.money import Money
from kizuna.domain.royalty import (
    Adjustment,
    Benchmark,
    BenchmarkQuery,
    Comparable,
    benchmark,
    filter_comparables,
)
from kizuna.errors import InvalidValueError, NotFoundError

__all__ = [
    "DISCLAIMER",
    "BenchmarkReport",
    "ComparableListing",
    "ComparableStore",
    "FrandReport",
    "ImportReport",
    "all_comparables",
    "benchmark_rates",
    "frand_royalty",
    "import_comparables",
    "list_comparables",
]

DISCLAIMER = "Estimates for negotiation planning from published figures; not legal or tax advice."


class ComparableStore(Protocol):
    """Where user-imported comparables are kept (the database in production)."""

    def replace_import(self, provenance: str, rows: Sequence[tuple[int, Comparable]]) -> int:
        """Store rows for ``provenance`` in one transaction; return how many were replaced."""
        ...

    def imported(self) -> list[Comparable]:
        """Every imported comparable."""
        ...


@dataclass(frozen=True, kw_only=True)
class ComparableListing:
    comparables: tuple[Comparable, ...]
    data_version: str
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """What an import stored and which rows it refused (line and reason)."""

    file: str
    provenance: str
    stored: int
    replaced: int
    errors: tuple[RowError, ...]


@dataclass(frozen=True, kw_only=True)
class BenchmarkReport:
    benchmark: Benchmark
    data_version: str
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True, kw_only=True)
class FrandReport:
    results: tuple[FrandResult, ...]
    preset: FrandPreset | None
    data_version: str
    disclaimer: str = DISCLAIMER


def all_comparables(store: ComparableStore | None) -> tuple[Comparable, ...]:
    """Shipped comparables followed by the user's imported ones."""
    imported = tuple(store.imported()) if store is not None else ()
    return shipped_comparables() + imported


def list_comparables(
    *, store: ComparableStore | None, query: BenchmarkQuery | None = None
) -> ComparableListing:
    """Comparables with provenance, filtered by ``query`` (all bases if ``None``)."""
    items = all_comparables(store)
    if query is not None:
        items = filter_comparables(items, query)
    return ComparableListing(comparables=items, data_version=data_version())


def import_comparables(*, path: Path, store: ComparableStore) -> ImportReport:
    """Read ``path`` (comparables CSV); store its valid rows in one transaction.

    Bad rows are reported with their line numbers and left out; a file of the
    same name imported before is replaced.
    """
    rows, errors = read_comparables_file(path)
    provenance = f"import:{path.name}"
    replaced = store.replace_import(provenance, rows) if rows else 0
    return ImportReport(
        file=path.name,
        provenance=provenance,
        stored=len(rows),
        replaced=replaced,
        errors=tuple(errors),
    )


def benchmark_rates(
    *,
    store: ComparableStore | None,
    query: BenchmarkQuery,
    adjustments: Sequence[Adjustment] = (),
) -> BenchmarkReport:
    """Rate range (n, quartiles, median…) for ``query``, with explicit adjustments."""
    result = benchmark(all_comparables(store), query, adjustments)
    return BenchmarkReport(benchmark=result, data_version=data_version())


def _preset(name: str | None) -> FrandPreset | None:
    if name is None:
        return None
    presets = frand_presets()
    if name not in presets:
        raise NotFoundError(f"--preset {name!r}: no such FRAND preset", candidates=sorted(presets))
    return presets[name]


def frand_royalty(
    *,
    price: Money,
    aggregate_rate: Decimal | None = None,
    holder_patents: int | None = None,
    total_patents: int | None = None,
    contribution: Decimal = Decimal(1),
    price_cap: Money | None = None,
    per_unit_cap: Money | None = None,
    units: Decimal | None = None,
    variants: Sequence[tuple[str, Decimal]] = (),
    preset: str | None = None,
) -> FrandReport:
    """Top-down per-unit royalty; a preset fills the inputs the user leaves out.

    Explicit inputs win over the preset's; the preset's variants are used
    unless ``variants`` or ``aggregate_rate`` is given.
    """
    chosen = _preset(preset)
    if chosen is not None:
        holder_patents = holder_patents if holder_patents is not None else chosen.holder_patents
        total_patents = total_patents if total_patents is not None else chosen.total_patents
        if not variants and aggregate_rate is None:
            variants = chosen.variants
    if aggregate_rate is None and not variants:
        raise InvalidValueError("--aggregate-rate: required (or give --variant or --preset)")
    for flag, value in (("--holder-patents", holder_patents), ("--total-patents", total_patents)):
        if value is None:
            raise InvalidValueError(f"{flag}: required (the preset does not set it)")
    assert holder_patents is not None and total_patents is not None  # for mypy
    inputs = FrandInputs(
        price=price,
        aggregate_rate=aggregate_rate if aggregate_rate is not None else variants[0][1],
        holder_patents=holder_patents,
        total_patents=total_patents,
        contribution=contribution,
        price_cap=price_cap,
        per_unit_cap=per_unit_cap,
        units=units,
    )
    results = frand_variants(inputs, variants)
    return FrandReport(results=results, preset=chosen, data_version=data_version())
