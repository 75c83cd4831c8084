"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ChartCoverage", "coverage_index"]


@dataclass(frozen=True, kw_only=True)
class ChartCoverage:
    """The latest chart's coverage for one (patent, claim, product)."""

    chart_id: int
    patent: str  # compact number
    claim: int
    product: str
    company: str | None
    coverage: float
    verdict: str


def coverage_index(database: Any) -> list[ChartCoverage]:
    """Latest chart per (patent, claim, product), newest first."""
    return []
