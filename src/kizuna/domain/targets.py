"""Target scores: how promising a (patent, company) pair is for a licensing approach.

Each factor is a value in [0, 1]; the score is the weighted mean on a 0-100
scale, and each factor's *contribution* is its share of that sum::

    score = 100 * sum(w_i * f_i) / sum(w_i)        contribution_i = 100 * w_i * f_i / sum(w_i)

so the contributions add up to the score. A pair blocked by an encumbrance
(an existing licence, covenant or pledge not to assert) scores 0: its
contributions are kept and an ``encumbrance`` entry of minus their sum is
added, so the explanation still adds up and shows what the block cost.

The factors (docs/landscape.md has the reasoning):

=================  =================================================================
remaining_term     years left / 20 (0 once expired)
live_jp            1: live JP right in the portfolio; 0.5: JP family likely; 0: none
claim_breadth      few elements, few words in the broadest independent claim
evidence           coverage of the best claim chart against the company's product
activity           1 - (1 - filings)(1 - products): own filings in the patent's fields
                   n / (n + 2), and products matching the patent's sectors (weight)
revenue            log10(Japan revenue in JPY) from 1億円 (0) to 10兆円 (1), times
                   1 in the patent's JSIC line, 0.5 when a line is unknown, 0.1 otherwise
exposure           cross-border exposure score; Japanese companies 1
=================  =================================================================

Only the standard library here; the vectorised (NumPy) twin of this formula is
:mod:`kizuna.services.target_scoring`, checked against :func:`combine` by tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from kizuna.domain.company import Company
from kizuna.errors import SourceError

__all__ = [
    "ENCUMBRANCE_KINDS",
    "FACTORS",
    "RELEVANCE_IN_LINE",
    "RELEVANCE_OTHER_LINE",
    "RELEVANCE_UNKNOWN",
    "TargetScore",
    "TargetWeights",
    "activity_factor",
    "combine",
    "filings_factor",
    "products_factor",
    "relevance",
    "revenue_magnitude",
    "weights_json",
]

FACTORS = (
    "remaining_term",
    "live_jp",
    "claim_breadth",
    "evidence",
    "activity",
    "revenue",
    "exposure",
)
ENCUMBRANCE_KINDS = ("licence", "covenant", "pledge")
RELEVANCE_IN_LINE, RELEVANCE_UNKNOWN, RELEVANCE_OTHER_LINE = 1.0, 0.5, 0.1
_REVENUE_FLOOR, _REVENUE_SPAN = 8.0, 5.0  # log10 JPY: 1億円 -> 0, 10兆円 -> 1


@dataclass(frozen=True, kw_only=True)
class TargetWeights:
    """Factor weights (any non-negative numbers; only their ratios matter).

    Defaults favour what decides whether an approach can succeed in Japan: a
    live JP right and evidence of use (2.0 each), then remaining term and
    activity in the field (1.5), then breadth, revenue and exposure (1.0).
    """

    remaining_term: float = 1.5
    live_jp: float = 2.0
    claim_breadth: float = 1.0
    evidence: float = 2.0
    activity: float = 1.5
    revenue: float = 1.0
    exposure: float = 1.0

    @property
    def total(self) -> float:
        """Sum of the weights (the score's denominator)."""
        return float(sum(getattr(self, name) for name in FACTORS))

    def as_dict(self) -> dict[str, float]:
        """Factor name -> weight, in factor order."""
        return {name: float(getattr(self, name)) for name in FACTORS}

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str | Path) -> TargetWeights:
        """Weights from a TOML table (top level or ``[weights]``); errors name ``source``.

        Unknown names, non-numbers, negatives and an all-zero set are refused.
        """
        table = values.get("weights", values)
        if not isinstance(table, Mapping):
            raise SourceError(source, "[weights] must be a table of factor = number")
        known = {f.name for f in fields(cls)}
        chosen: dict[str, float] = {}
        for name, value in table.items():
            if name not in known:
                raise SourceError(
                    source, f"unknown factor {name!r} (known: {', '.join(FACTORS)})"
                )
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SourceError(source, f"{name} = {value!r} is not a number")
            if not math.isfinite(value) or value < 0:
                raise SourceError(source, f"{name} = {value!r}: a weight must be 0 or more")
            chosen[name] = float(value)
        weights = cls(**chosen)
        if weights.total <= 0:
            raise SourceError(source, "every weight is 0; at least one must be positive")
        return weights


def filings_factor(filings: float) -> float:
    """The company's own filings in the patent's fields: ``n / (n + 2)``."""
    return filings / (filings + 2.0)


def products_factor(sectors: Mapping[str, float], matched: Iterable[str]) -> float:
    """The highest sector weight among the sectors the company's products match."""
    return max((sectors.get(code, 0.0) for code in matched), default=0.0)


def activity_factor(filings: float, products: float) -> float:
    """Either kind of activity counts: ``1 - (1 - filings)(1 - products)``."""
    return 1.0 - (1.0 - filings) * (1.0 - products)


def revenue_magnitude(jpy: float | None) -> float:
    """Japan revenue in yen on a log scale: 1億円 (10^8) -> 0, 10兆円 (10^13) -> 1."""
    if jpy is None or jpy <= 0:
        return 0.0
    return min(1.0, max(0.0, (math.log10(jpy) - _REVENUE_FLOOR) / _REVENUE_SPAN))


def relevance(*, in_line: bool, known: bool) -> float:
    """How much of the revenue is in the patent's line of business (JSIC)."""
    if not known:
        return RELEVANCE_UNKNOWN
    return RELEVANCE_IN_LINE if in_line else RELEVANCE_OTHER_LINE


def combine(
    values: Mapping[str, float], weights: TargetWeights
) -> tuple[float, dict[str, float]]:
    """The score and each factor's contribution (which add up to the score)."""
    scale = 100.0 / weights.total
    contributions = {
        name: getattr(weights, name) * values.get(name, 0.0) * scale for name in FACTORS
    }
    return sum(contributions.values()), contributions


@dataclass(frozen=True, kw_only=True)
class TargetScore:
    """One ranked (patent, company) pair with its explanation."""

    patent: str  # compact number
    company: Company
    score: float
    contributions: dict[str, float]
    blocked_by: str | None = None
    factors: dict[str, float] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    rank: int | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict (docs/cli/targets.md)."""
        company = self.company
        return {
            "rank": self.rank,
            "patent": self.patent,
            "title": self.title,
            "company": {
                "id": company.id,
                "name": company.display_name,
                "name_ja": company.name_ja,
                "name_en": company.name_en,
                "country": company.country,
            },
            "score": round(self.score, 4),
            "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
            "factors": {k: round(v, 4) for k, v in self.factors.items()},
            "details": dict(self.details),
            "blocked_by": self.blocked_by,
        }


def weights_json(weights: TargetWeights) -> dict[str, Any]:
    """The weights with their sum, for outputs."""
    return {**asdict(weights), "total": weights.total}
