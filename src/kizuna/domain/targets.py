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
remaining_term     years left / 20 (0 once expired)                       patent side
live_jp            1: live JP right in the portfolio; 0.5: JP family likely; 0: none
claim_breadth      few elements, few words in the broadest independent claim
evidence           coverage of the best claim chart against the company's product
activity           1 - (1 - filings)(1 - products)(1 - industry): own filings in the
                   patent's fields n / (n + 2), products matching the patent's sectors
                   (0.5 x sector weight), JSIC industry overlap (0.3)
text               1 - (1 - products)(1 - sectors): the company's product names found
                   in the patent's title, abstract and independent claims, and the
                   keywords of its products' sectors found there
revenue            relevance x log10(Japan revenue in JPY) from 1億円 (0) to 10兆円
                   (1) x 1 in the patent's JSIC line, 0.5 when unknown, 0.1 otherwise
exposure           relevance x cross-border exposure score (Japanese companies 1)
=================  =================================================================

*Relevance* gates the company-wide factors: ``1 - (1 - activity)(1 - text)(1 -
evidence)``. Revenue and exposure say how big and how present in Japan a
company is, not whether it does what the patent covers, so they count only in
proportion to that. A company with relevance 0 scores the patent-side factors
alone, the same for every company, so such ties sit below every relevant pair
of the same patent.

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
    "INDUSTRY_MATCH",
    "PATENT_SIDE",
    "PRODUCT_SECTOR_SHARE",
    "RELEVANCE_IN_LINE",
    "RELEVANCE_OTHER_LINE",
    "RELEVANCE_UNKNOWN",
    "TargetScore",
    "TargetWeights",
    "activity_factor",
    "combine",
    "filings_factor",
    "pair_relevance",
    "products_factor",
    "relevance",
    "revenue_magnitude",
    "text_factor",
    "weights_json",
]

FACTORS = (
    "remaining_term",
    "live_jp",
    "claim_breadth",
    "evidence",
    "activity",
    "text",
    "revenue",
    "exposure",
)
PATENT_SIDE = ("remaining_term", "live_jp", "claim_breadth")
# A product in the patent's sector or a JSIC group in its field groups says "same broad
# industry", not "works what the patent covers": they count for part of the activity factor.
PRODUCT_SECTOR_SHARE = 0.5  # products factor = 0.5 x the patent's weight in the matched sector
INDUSTRY_MATCH = 0.3  # a JSIC group of the company among the patent's field groups
ENCUMBRANCE_KINDS = ("licence", "covenant", "pledge")
RELEVANCE_IN_LINE, RELEVANCE_UNKNOWN, RELEVANCE_OTHER_LINE = 1.0, 0.5, 0.1
_REVENUE_FLOOR, _REVENUE_SPAN = 8.0, 5.0  # log10 JPY: 1億円 -> 0, 10兆円 -> 1


@dataclass(frozen=True, kw_only=True)
class TargetWeights:
    """Factor weights (any non-negative numbers; only their ratios matter).

    Defaults favour what decides whether an approach can succeed in Japan: a
    live JP right and evidence of use (2.0 each), then remaining term, activity
    in the field and text relevance (1.5), then breadth, revenue and exposure
    (1.0; revenue and exposure are gated by relevance).
    """

    remaining_term: float = 1.5
    live_jp: float = 2.0
    claim_breadth: float = 1.0
    evidence: float = 2.0
    activity: float = 1.5
    text: float = 1.5
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
    """Half the highest sector weight among the sectors the company's products match."""
    return PRODUCT_SECTOR_SHARE * max((sectors.get(code, 0.0) for code in matched), default=0.0)


def activity_factor(filings: float, products: float, industry: float = 0.0) -> float:
    """Any kind of activity counts: ``1 - (1 - filings)(1 - products)(1 - industry)``."""
    return 1.0 - (1.0 - filings) * (1.0 - products) * (1.0 - industry)


def text_factor(products: float, sectors: float) -> float:
    """Product names in the patent text, or its products' sector keywords there."""
    return 1.0 - (1.0 - products) * (1.0 - sectors)


def pair_relevance(activity: float, text: float, evidence: float) -> float:
    """How plausibly the company works in what the patent covers, in [0, 1].

    ``1 - (1 - activity)(1 - text)(1 - evidence)``: any one signal is enough;
    revenue and exposure are multiplied by it.
    """
    return 1.0 - (1.0 - activity) * (1.0 - text) * (1.0 - evidence)


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
    flagged_by: tuple[str, ...] = ()  # field-limited encumbrances outside this pair's area
    factors: dict[str, float] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    rank: int | None = None
    relevance: float | None = None

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
            "flagged_by": list(self.flagged_by),
            "relevance": None if self.relevance is None else round(self.relevance, 4),
        }


def weights_json(weights: TargetWeights) -> dict[str, Any]:
    """The weights with their sum, for outputs."""
    return {**asdict(weights), "total": weights.total}
