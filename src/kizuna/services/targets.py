"""Rank (patent, company) pairs for licensing, each score explained factor by factor.

    >>> ranking = rank_targets(database, top=10)  # doctest: +SKIP
    >>> best = ranking.pairs[0]  # doctest: +SKIP
    >>> best.patent, best.company.display_name, best.score, best.contributions  # doctest: +SKIP

The score of every pair is computed at once over NumPy arrays
(:mod:`kizuna.services.target_scoring`); the pairs shown are then explained
with the scalar formula of :mod:`kizuna.domain.targets`, which gives the same
number. The owner's own group (a company that is applicant or assignee of the
patent, its parent and its subsidiaries) is never a target of that patent.
Encumbered pairs score 0 and are listed with ``blocked_by``, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from kizuna.adapters.landscape_data import landscape_map
from kizuna.adapters.royalty_data import fx_table
from kizuna.domain.company import Company
from kizuna.domain.targets import (
    ENCUMBRANCE_KINDS,
    INDUSTRY_MATCH,
    TargetScore,
    TargetWeights,
    activity_factor,
    combine,
    filings_factor,
    pair_relevance,
    products_factor,
    relevance,
    text_factor,
    weights_json,
)
from kizuna.errors import InvalidValueError
from kizuna.services.landscape import portfolio_profiles
from kizuna.services.target_inputs import (
    ChartLike,
    EncumbranceLike,
    LinkLike,
    PairContext,
    build_inputs,
)
from kizuna.services.target_scoring import ScoreMatrix, ScoringInputs, score_matrix, top_pairs

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.adapters.storage.landscape import Encumbrance

__all__ = [
    "NOTICE",
    "DatabaseSources",
    "FunnelStage",
    "TargetRanking",
    "TargetSources",
    "add_encumbrance",
    "explain_pair",
    "list_encumbrances",
    "prepare",
    "rank_targets",
    "rank_with",
]

SCHEMA = "kizuna.targets/1"
NOTICE = (
    "A prioritisation aid built from the stored record and company data: an estimate, "
    "not a legal opinion on infringement, validity or where acts are worked."
)
FORMULA = (
    "score = 100 * sum(w_i * f_i) / sum(w_i); contribution_i = 100 * w_i * f_i / sum(w_i); "
    "revenue and exposure multiplied by relevance = 1 - (1 - activity)(1 - text)(1 - evidence)"
)


class TargetSources(Protocol):
    """Where the ranking reads companies, links, charts, encumbrances and exposure."""

    def companies(self) -> list[Company]: ...
    def links(self) -> Sequence[LinkLike]: ...
    def charts(self) -> Sequence[ChartLike]: ...
    def encumbrances(self) -> Sequence[EncumbranceLike]: ...
    def resolve(self, name: str) -> Company | None: ...
    def exposure(self, company: Company) -> tuple[float, str]: ...


class DatabaseSources:
    """The :class:`TargetSources` of a Kizuna database (companies, charts, encumbrances)."""

    def __init__(self, database: Database, *, as_of: date | None = None) -> None:
        self.database = database
        self.as_of = as_of or date.today()
        self._companies: list[Company] | None = None

    def companies(self) -> list[Company]:
        from kizuna.services.companies import list_companies

        if self._companies is None:  # read once: the ranking and the blocks both need them
            self._companies = list_companies(self.database)
        return self._companies

    def links(self) -> Sequence[LinkLike]:
        from kizuna.services.companies import patent_company_links

        return patent_company_links(self.database)

    def charts(self) -> Sequence[ChartLike]:
        from kizuna.services.charts import coverage_index

        return coverage_index(self.database)

    def encumbrances(self) -> Sequence[EncumbranceLike]:
        """Recorded encumbrances, then pledges in effect and stored pools' member licences."""
        from kizuna.services.pools.pledges import blocks

        stored: list[EncumbranceLike] = list(list_encumbrances(self.database))
        return [*stored, *blocks(self.database, self.companies(), on=self.as_of)]

    def resolve(self, name: str) -> Company | None:
        from kizuna.services.companies import resolve_company

        match: Company | None = resolve_company(self.database, name).match
        return match

    def exposure(self, company: Company) -> tuple[float, str]:
        """Japanese companies count as fully present; others by their assessment."""
        if company.is_japanese:
            return 1.0, "Japanese company (acts in Japan)"
        from kizuna.domain.crossborder import assess_exposure

        assessment = assess_exposure(company)
        score = float(assessment.score)
        return score, f"cross-border exposure {assessment.level} ({score:.2f})"


@dataclass(frozen=True, kw_only=True)
class FunnelStage:
    """One stage of the target funnel."""

    stage: str
    label: str
    label_ja: str
    count: int


@dataclass(frozen=True, kw_only=True)
class TargetRanking:
    """The ranked pairs, the blocked pairs, and how many pairs each stage kept."""

    as_of: date
    weights: TargetWeights
    patents: int
    companies: int
    pairs_scored: int
    excluded_own: int
    pairs: list[TargetScore]
    blocked: list[TargetScore] = field(default_factory=list)
    funnel: list[FunnelStage] = field(default_factory=list)
    activity_corpus: dict[str, Any] | None = None  # --activity-from-corpus: what was counted

    def to_json(self) -> dict[str, Any]:
        """The ``kizuna.targets/1`` JSON document (docs/cli/targets.md)."""
        extra = {} if self.activity_corpus is None else {"activity_corpus": self.activity_corpus}
        return {
            "schema": SCHEMA,
            "as_of": self.as_of,
            "weights": weights_json(self.weights),
            "formula": FORMULA,
            "patents": self.patents,
            "companies": self.companies,
            "pairs_scored": self.pairs_scored,
            "excluded_own": self.excluded_own,
            "pairs": [p.to_json() for p in self.pairs],
            "blocked": [p.to_json() for p in self.blocked],
            "funnel": [vars(s) for s in self.funnel],
            **extra,
            "notice": NOTICE,
        }


def _activity(inputs: ScoringInputs, ctx: PairContext, i: int, j: int) -> tuple[float, str]:
    """The activity factor of pair (i, j) and its explanation."""
    profile = ctx.profiles[i]
    filings = float(inputs.patent_fields[i] @ inputs.company_filings[j])
    matched = [c for s, c in enumerate(ctx.sector_codes) if inputs.company_sectors[j, s] > 0]
    industry = INDUSTRY_MATCH if inputs.patent_jsic[i] @ inputs.company_jsic[j] > 0 else 0.0
    value = activity_factor(filings_factor(filings), products_factor(profile.sectors, matched),
                            industry)
    shared = [c for c in matched if profile.sectors.get(c, 0.0) > 0]
    sectors = ", ".join(f"{c} ({profile.sectors[c]:.1f})" for c in shared) or "none"
    groups = "yes" if industry else "no"
    own = "own filings (portfolio links or corpus)" if ctx.corpus_activity else "own filings"
    return value, (f"{filings:g} {own} in the patent's fields; products in its sectors: "
                   f"{sectors}; JSIC industry overlap: {groups}")


def _text(inputs: ScoringInputs, ctx: PairContext, i: int, j: int) -> tuple[float, str]:
    """The text factor of pair (i, j) and its explanation."""
    lexical = 0.0 if inputs.pair_lexical is None else float(inputs.pair_lexical[i, j])
    bridge, keywords = 0.0, ""
    if inputs.patent_text_sectors is not None:
        weights = inputs.patent_text_sectors[i] * inputs.company_sectors[j]
        bridge = float(weights.max(initial=0.0))
        if bridge > 0:
            code = ctx.sector_codes[int(weights.argmax())]
            found = ctx.profiles[i].text.keywords.get(code, ())
            keywords = f"; its text names {code} ({', '.join(found)}): {bridge:.2f}"
    match = ctx.lexical.explain(j, ctx.profiles[i].text.terms) if ctx.lexical else None
    if match is not None and match.product is not None:
        named = (f"product {match.product!r} shares {', '.join(match.shared)} "
                 f"with the title/abstract/claims: {lexical:.2f}")
    else:
        named = "no product name found in the title/abstract/claims"
    return text_factor(lexical, bridge), named + (keywords or "; no sector keyword of its "
                                                  "products in the patent text")


def _relevance_note(relevance: float, values: dict[str, float]) -> str:
    if relevance <= 0:
        return ("relevance 0: no filings in its fields, no product in its sectors, no JSIC "
                "overlap, no product or sector keyword in its text, no chart; revenue and "
                "exposure do not count, so only the patent-side factors score, the same for "
                "every such company: ranked below every relevant pair of this patent")
    parts = ", ".join(f"{k} {values[k]:.2f}" for k in ("activity", "text", "evidence"))
    return (f"relevance {relevance:.2f} = 1 - (1 - activity)(1 - text)(1 - evidence) with "
            f"{parts}; revenue and exposure count at {relevance:.0%}")


def explain_pair(
    inputs: ScoringInputs, ctx: PairContext, weights: TargetWeights, i: int, j: int
) -> TargetScore:
    """The scalar score of pair (i, j) with each factor's value, contribution and reason."""
    profile, company = ctx.profiles[i], ctx.companies[j]
    activity, activity_note = _activity(inputs, ctx, i, j)
    text, text_note = _text(inputs, ctx, i, j)
    known = bool(profile.jsic) and bool(inputs.company_jsic[j].any())
    in_line = bool(inputs.patent_jsic[i] @ inputs.company_jsic[j] > 0)
    line = relevance(in_line=in_line, known=known)
    rows, cols = inputs.evidence
    hits = inputs.evidence_coverage[(rows == i) & (cols == j)]
    evidence = float(hits.max()) if hits.size else 0.0
    gate = pair_relevance(activity, text, evidence)
    values = {
        "remaining_term": profile.term.value,
        "live_jp": profile.live_jp.value,
        "claim_breadth": profile.breadth.value,
        "evidence": evidence,
        "activity": activity,
        "text": text,
        "revenue": float(inputs.company_revenue[j]) * line * gate,
        "exposure": float(inputs.company_exposure[j]) * gate,
    }
    score, contributions = combine(values, weights)
    line_text = {1.0: "in the patent's JSIC line", 0.5: "line unknown"}.get(line, "other line")
    details = {
        "remaining_term": profile.term.detail,
        "live_jp": profile.live_jp.detail,
        "claim_breadth": profile.breadth.detail,
        "evidence": ctx.charts.get((i, j), "no claim chart for this pair"),
        "activity": activity_note,
        "text": text_note,
        "revenue": f"{ctx.revenue_notes[j]}; {line_text}; x relevance {gate:.2f}",
        "exposure": f"{ctx.exposure_notes[j]}; x relevance {gate:.2f}",
        "relevance": _relevance_note(gate, values),
    }
    blocked_by = ctx.blocked.get((i, j))
    if blocked_by is not None:
        contributions["encumbrance"] = -score
        score = 0.0
    return TargetScore(patent=profile.number, company=company, score=score,
                       contributions=contributions, blocked_by=blocked_by,
                       flagged_by=tuple(ctx.flagged.get((i, j), ())), factors=values,
                       details=details, title=profile.title, relevance=gate)


def _funnel(inputs: ScoringInputs, matrix: ScoreMatrix, shown: int) -> list[FunnelStage]:
    scored = np.isfinite(matrix.score)
    live = scored & (inputs.patent_live_jp > 0)[:, np.newaxis]
    relevant = matrix.activity if matrix.relevance is None else matrix.relevance
    active = live & (relevant > 0)
    evidence = active & (matrix.evidence > 0)
    counts = [
        ("all", "all pairs (owner's group excluded)", "全ペア（権利者グループを除く）", scored),
        ("live_jp", "JP right live or likely", "日本の権利あり（見込み含む）", live),
        ("activity", "company active in what the patent covers (relevance > 0)",
         "当該技術に関連する事業活動あり", active),
        ("evidence", "evidence of use charted", "実施証拠あり", evidence),
    ]
    stages = [FunnelStage(stage=k, label=en, label_ja=ja, count=int(m.sum()))
              for k, en, ja, m in counts]
    stages.append(FunnelStage(stage="top", label=f"top {shown}", label_ja=f"上位{shown}件",
                              count=shown))
    return stages


def rank_with(
    inputs: ScoringInputs, ctx: PairContext, *, weights: TargetWeights, top: int | None,
    as_of: date,
) -> TargetRanking:
    """Score every pair of prepared inputs, explain the best ``top`` and every blocked pair."""
    matrix = score_matrix(inputs, weights)
    rows, cols = top_pairs(matrix.score, top)
    pairs = []
    for rank, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True), start=1):
        explained = explain_pair(inputs, ctx, weights, i, j)
        pairs.append(TargetScore(**{**vars(explained), "rank": rank}))
    blocked = [explain_pair(inputs, ctx, weights, i, j) for i, j in sorted(ctx.blocked)]
    p, c = inputs.shape
    return TargetRanking(
        as_of=as_of, weights=weights, patents=p, companies=c,
        pairs_scored=int(np.isfinite(matrix.score).sum()), excluded_own=ctx.excluded,
        pairs=pairs, blocked=blocked, funnel=_funnel(inputs, matrix, len(pairs)),
    )


def rank_targets(
    database: Database,
    *,
    top: int | None = None,
    weights: TargetWeights | None = None,
    as_of: date | None = None,
    sources: TargetSources | None = None,
    activity_corpus: Path | None = None,
    activity_jurisdiction: str | None = None,
) -> TargetRanking:
    """Score every stored (patent, company) pair; explain the best ``top`` (all if None).

    With ``activity_corpus`` (a corpus folder from ``kizuna corpus build``), the
    activity factor also counts the companies' filings in that corpus
    (:func:`kizuna.services.corpus.activity.corpus_filings`; ``activity_jurisdiction``:
    one office only).
    """
    if top is not None and top < 1:
        raise InvalidValueError(f"--top {top}: must be 1 or more")
    as_of = as_of or date.today()
    inputs, ctx = prepare(database, as_of=as_of, sources=sources)
    summary = None
    if activity_corpus is not None:
        from kizuna.services.corpus.activity import corpus_filings

        filings, summary = corpus_filings(corpus=activity_corpus, companies=ctx.companies,
                                          jurisdiction=activity_jurisdiction)
        inputs = replace(inputs, company_filings=np.maximum(inputs.company_filings, filings))
        ctx.corpus_activity = True
    ranking = rank_with(inputs, ctx, weights=weights or TargetWeights(), top=top, as_of=as_of)
    return replace(ranking, activity_corpus=summary)


def prepare(
    database: Database, *, as_of: date, sources: TargetSources | None = None
) -> tuple[ScoringInputs, PairContext]:
    """The scoring arrays and explanation context of the stored portfolio and companies."""
    sources = sources or DatabaseSources(database, as_of=as_of)
    return build_inputs(
        portfolio_profiles(database, as_of=as_of), sources.companies(),
        lmap=landscape_map(), fx=fx_table(), links=sources.links(), charts=sources.charts(),
        encumbrances=sources.encumbrances(), exposure=sources.exposure,
        resolve=sources.resolve,
    )


def add_encumbrance(
    database: Database, *, patent: str, company: str, kind: str, note: str = ""
) -> Encumbrance:
    """Record that ``kind`` (licence, covenant, pledge) blocks (patent, company)."""
    from kizuna.adapters.storage.landscape import SqlEncumbranceStore
    from kizuna.services.companies import get_company
    from kizuna.services.patents import get_patent

    if kind not in ENCUMBRANCE_KINDS:
        raise InvalidValueError(f"--kind {kind!r}: use one of {', '.join(ENCUMBRANCE_KINDS)}")
    stored = get_patent(database=database, number=patent)
    target = get_company(database, company)
    if target.id is None:
        raise InvalidValueError(f"company {company!r} is not stored")
    return SqlEncumbranceStore(database).add(
        patent=stored.number.compact, company_id=target.id,
        company_name=target.display_name, kind=kind, note=note.strip(),
    )


def list_encumbrances(database: Database) -> list[Encumbrance]:
    """Every recorded encumbrance, oldest first."""
    from kizuna.adapters.storage.landscape import SqlEncumbranceStore

    return SqlEncumbranceStore(database).all()
