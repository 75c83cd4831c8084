"""Quick many-to-many screening: which claims against which products are worth charting.

Every independent claim of each patent (in the language a chart would use,
:func:`~kizuna.services.charts.choose_claim_set`) is ranked against each
product's evidence with the element-level evidence a chart uses (the first
three passages per element, the distinguishing-term check, an alternative
flag), and labelled as a chart would be. Nothing is stored. Pairs are sorted by
recommendation, then coverage, then ``evidence_score`` (the mean of the
elements' best passage scores); ``why`` gives each element's "matched: …;
missing: …" note.

Recommendation (documented in ``docs/charts.md``):

- ``chart``: no element is unsupported (the quick verdict is *shown* or
  *partly shown*), so a full chart is likely to hold;
- ``review``: some element is unsupported but at least half the claim is covered
  (coverage >= 0.5): worth charting once more evidence is gathered;
- ``skip``: coverage below 0.5.

``worth_charting`` is true for ``chart`` and ``review``. An analytical aid, not
a legal opinion.

    >>> report = screen(db, patents=None, products=["MID-3000"])  # doctest: +SKIP
    >>> report.pairs[0].recommendation  # doctest: +SKIP
    'chart'
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kizuna.adapters.exports.chart_common import DISCLAIMER
from kizuna.domain.evidence import ElementMatch, EvidenceDoc, Passage
from kizuna.errors import InvalidValueError
from kizuna.services.chart_context import claim_contexts
from kizuna.services.charts import Ranker, choose_claim_set, make_retriever

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.domain.claims import Claim
    from kizuna.domain.patent import Patent

__all__ = ["REVIEW_COVERAGE", "ScreenPair", "ScreenReport", "pair_order", "screen",
           "screen_product"]

#: Coverage at or above which a pair with an unsupported element is still worth a look.
REVIEW_COVERAGE = 0.5
_ORDER = {"chart": 0, "review": 1, "skip": 2}
SCREEN_TOP_K = 3  # an element's label is the best of its first three passages, as in a chart


@dataclass(frozen=True, kw_only=True)
class ScreenPair:
    """One independent claim against one product, screened."""

    patent: str
    claim: int
    lang: str
    product: str
    company: str | None
    coverage: float
    verdict: str
    labels: dict[str, str]  # element id -> label
    needs_evidence: tuple[str, ...]
    recommendation: str  # "chart" | "review" | "skip"
    evidence_score: float = 0.0  # mean of the elements' best passage scores (ranks ties)
    why: dict[str, str] = field(default_factory=dict)  # element id -> "matched: …; missing: …"

    @property
    def worth_charting(self) -> bool:
        return self.recommendation != "skip"

    def to_json(self) -> dict[str, Any]:
        return {
            "patent": self.patent, "claim": self.claim, "lang": self.lang,
            "product": self.product, "company": self.company, "coverage": self.coverage,
            "verdict": self.verdict, "labels": self.labels,
            "needs_evidence": list(self.needs_evidence), "recommendation": self.recommendation,
            "worth_charting": self.worth_charting, "evidence_score": self.evidence_score,
            "why": self.why,
        }


@dataclass(frozen=True, kw_only=True)
class ScreenReport:
    """Every pair screened, best first, with timing."""

    pairs: tuple[ScreenPair, ...]
    method: str
    patents: int
    products: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method, "patents": self.patents, "products": self.products,
            "pairs_screened": len(self.pairs),
            "worth_charting": sum(p.worth_charting for p in self.pairs),
            "seconds": round(self.seconds, 3),
            "pairs": [p.to_json() for p in self.pairs], "disclaimer": DISCLAIMER,
        }


def _recommend(coverage: float, verdict: str) -> str:
    """``chart`` unless an element is unsupported; then ``review`` at ``coverage`` >= 0.5."""
    if verdict != "not shown":
        return "chart"
    return "review" if coverage >= REVIEW_COVERAGE else "skip"


def _review_coverage(labels: Sequence[str], hits: Sequence[Sequence[Any]]) -> float:
    """Coverage for the review decision: an element counts only on passages that state it.

    A ``supported`` element counts 1 and a ``partial`` one 0.5, each only when one
    of its first three passages (for ``partial``: at the partial cut point and *not*
    flagged as describing the alternative) states one of its distinguishing terms
    within two dictionary steps (``direct_specificity`` > 0; None, not computed,
    counts as stated).

    - A pair whose half-met elements rest only on passages that negate or replace
      the feature ("the closure contains no metal parts") is not worth a
      reviewer's time: the same-field TwistGuard CR 38 distractor reached 0.50 and
      ``review`` against EP3383757B1 that way.
    - Nor is one whose elements are met only through dictionary drift: EP3383757B1
      against FlipView Console (a centre console with a flip-up display) reached
      0.50 because "closure" -> 閉鎖 -> "closing" met 側 ("close to") and 開閉, and
      "container" -> 器 -> "capacity" met 容量; the embeddings on the topic of a
      box with a lid did the rest.

    The chart's own coverage and labels are unchanged.
    """
    from kizuna.domain.charting import THRESHOLDS
    from kizuna.domain.label_model import LABEL_DEPTH

    def states(hit: Any) -> bool:
        direct = hit.explanation.direct_specificity
        return direct is None or direct > 0

    total = 0.0
    for label, element_hits in zip(labels, hits, strict=True):
        top = element_hits[:LABEL_DEPTH]
        if label == "supported" and any(states(h) for h in top):
            total += 1.0
        elif label == "partial" and any(
                h.score >= THRESHOLDS.partial and not h.explanation.alternative and states(h)
                for h in top):
            total += 0.5
    return total / len(labels) if labels else 0.0


def _patents(database: Database, numbers: Sequence[str] | None) -> list[Patent]:
    from kizuna.services.patents import get_patent, list_patents

    if numbers is None:
        numbers = [s.number.compact for s in list_patents(database=database)]
    return [get_patent(database=database, number=n) for n in numbers]


def _products(
    database: Database, names: Sequence[str] | None
) -> list[list[tuple[EvidenceDoc, Passage]]]:
    from kizuna.services.evidence import list_products, product_passages

    if names is None:
        names = [p.product for p in list_products(database)]
    return [product_passages(database, name) for name in names]


def _queries(claim: Claim, lang: str) -> list[Any]:
    from kizuna.adapters.text.retriever import ElementQuery

    contexts = claim_contexts(claim.elements)
    return [ElementQuery(id=e.id, text=e.text, lang=lang, context=contexts[e.id])
            for e in claim.elements]


def _pair(
    target: tuple[Patent, Claim, str], hits: Sequence[Sequence[Any]],
    evidence: list[tuple[EvidenceDoc, Passage]],
) -> ScreenPair:
    from kizuna.domain.charting import element_label, summarise

    patent, claim, lang = target
    elements = []
    for element, element_hits in zip(claim.elements, hits, strict=True):
        score = round(float(element_hits[0].score), 4) if element_hits else 0.0
        elements.append(ElementMatch(element_id=element.id, text=element.text,
                                     original_text=element.text, score=score,
                                     label=element_label(element_hits)))
    coverage, verdict, needs = summarise(elements)
    why = {e.id: h[0].explanation.note() for e, h in zip(claim.elements, hits, strict=True) if h}
    mean = sum(e.score for e in elements) / len(elements) if elements else 0.0
    return ScreenPair(
        patent=patent.number.compact, claim=claim.number, lang=lang,
        product=evidence[0][0].product,
        company=next((d.company for d, _ in evidence if d.company), None),
        coverage=coverage, verdict=verdict, labels={e.element_id: e.label for e in elements},
        needs_evidence=needs,
        recommendation=_recommend(
            _review_coverage([e.label for e in elements], hits), verdict),
        evidence_score=round(mean, 4), why=why,
    )


def _screen_product(
    targets: Sequence[tuple[Patent, Claim, str]], evidence: list[tuple[EvidenceDoc, Passage]],
    ranker: Ranker,
) -> list[ScreenPair]:
    """All claims against one product in one ranking call (one index per product)."""
    queries = [q for _, claim, lang in targets for q in _queries(claim, lang)]
    hits = ranker.rank(queries, [p for _, p in evidence], top_k=SCREEN_TOP_K)
    pairs, start = [], 0
    for target in targets:
        count = len(target[1].elements)
        pairs.append(_pair(target, hits[start:start + count], evidence))
        start += count
    return pairs


def screen_product(
    targets: Sequence[tuple[Patent, Claim, str]], evidence: list[tuple[EvidenceDoc, Passage]],
    ranker: Ranker,
) -> list[ScreenPair]:
    """Screen ``targets`` (patent, claim, language) against one product's evidence.

    The same element-level method as :func:`screen`; ``kizuna corpus screen`` reuses it.
    """
    return _screen_product(targets, evidence, ranker)


def pair_order(pair: ScreenPair) -> tuple[Any, ...]:
    """The worklist order: recommendation, then coverage, evidence score, patent, claim."""
    return (_ORDER[pair.recommendation], -pair.coverage, -pair.evidence_score,
            pair.patent, pair.claim, pair.product)


def _check_pairs(claims: int, products: int, max_pairs: int | None) -> None:
    if max_pairs is not None and claims * products > max_pairs:
        raise InvalidValueError(
            f"screening {claims:,} claims x {products:,} products = {claims * products:,} pairs, "
            f"over the limit of {max_pairs:,} per request (KIZUNA_SCREEN_MAX_PAIRS); "
            "name fewer patents or products"
        )


def screen(
    database: Database, *, patents: Sequence[str] | None = None,
    products: Sequence[str] | None = None, method: str = "hybrid", embedder: str = "auto",
    retriever: Ranker | None = None, max_pairs: int | None = None,
) -> ScreenReport:
    """Screen every independent claim of ``patents`` against each of ``products``.

    ``None`` means all stored patents / all products with evidence. Unknown
    numbers or products raise NotFoundError with close matches. Patents without
    claims are left out. More than ``max_pairs`` claim x product pairs (the
    API's ``KIZUNA_SCREEN_MAX_PAIRS``) raise InvalidValueError before any is
    screened.
    """
    started = time.perf_counter()
    chosen = [p for p in _patents(database, patents) if p.claim_sets]
    evidence = [e for e in _products(database, products) if e]
    if not chosen:
        raise InvalidValueError("no patent with claims to screen; ingest claims first")
    if not evidence:
        raise InvalidValueError("no product evidence to screen against; add evidence first")
    targets: list[tuple[Patent, Claim, str]] = []
    for patent in chosen:
        claim_set = choose_claim_set(patent)
        targets.extend((patent, c, claim_set.lang) for c in claim_set.claims if c.independent)
    _check_pairs(len(targets), len(evidence), max_pairs)
    ranker = retriever if retriever is not None else make_retriever(method, embedder)
    pairs = [pair for e in evidence for pair in _screen_product(targets, e, ranker)]
    pairs.sort(key=pair_order)
    return ScreenReport(pairs=tuple(pairs), method=method, patents=len(chosen),
                        products=len(evidence), seconds=time.perf_counter() - started)
