"""Claim charts: build one claim against one product's evidence, review it, export it.

:func:`build_chart` finds the patent and claim, splits the claim into elements
(a dependent claim includes its parents' elements first), ranks the product's
evidence passages for each element, labels each element and stores the build.
Building the same (patent, claim, language, product) again makes a new chart
that keeps every earlier review decision (see :mod:`kizuna.services.chart_review`
for the rules). Charts are analytical aids, not legal opinions.

    >>> chart = build_chart(db, "特許第7533889号", claim=1, product="Acme MID")  # doctest: +SKIP
    >>> chart = review_chart(db, chart.id, element="1A", action="accept",
    ...                      value=chart.elements[0].matches[0].passage_id)  # doctest: +SKIP
    >>> export_chart(db, chart.id, "xlsx", Path("chart.xlsx"))  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import getpass
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kizuna.adapters.exports.chart_common import DISCLAIMER
from kizuna.adapters.storage import charts as store
from kizuna.domain.claims import Claim
from kizuna.domain.evidence import (
    ClaimChart,
    ElementMatch,
    EvidenceDoc,
    Passage,
    PassageMatch,
    ReviewAction,
    ReviewEvent,
)
from kizuna.domain.patent import ClaimSet, Patent
from kizuna.errors import (
    ConflictError,
    InvalidValueError,
    NotFoundError,
    PatentNotFoundError,
)
from kizuna.services.chart_context import chart_elements, claim_contexts
from kizuna.services.chart_review import apply_review

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = [
    "DISCLAIMER",
    "EXPORT_FORMATS",
    "MEDIA_TYPES",
    "METHODS",
    "REVIEW_ACTIONS",
    "ChartCoverage",
    "Ranker",
    "build_chart",
    "choose_claim_set",
    "coverage_index",
    "export_chart",
    "find_claim",
    "get_chart",
    "latest_chart",
    "list_charts",
    "make_retriever",
    "passage_citation",
    "render_chart",
    "review_chart",
]

METHODS = ("hybrid", "bm25", "dense")
EXPORT_FORMATS = ("xlsx", "docx", "html", "json")
REVIEW_ACTIONS: tuple[ReviewAction, ...] = ("accept", "reject", "add", "note", "edit-text")
TOP_K = 3


class Ranker(Protocol):
    """What a chart needs from a retriever (:mod:`kizuna.adapters.text.retriever`)."""

    def rank(
        self, elements: Sequence[Any], passages: Sequence[Passage], *, top_k: int = 5
    ) -> list[list[Any]]: ...


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


def choose_claim_set(patent: Patent, lang: str | None = None) -> ClaimSet:
    """The claim set to chart: ``lang`` when given, else EP -> en, JP -> ja, else the
    patent's own language, else the first set."""
    sets = {s.lang: s for s in patent.claim_sets}
    number = patent.number.compact
    if not sets:
        raise NotFoundError(f"{number} has no claims stored; ingest its claims first")
    if lang is not None:
        if lang not in sets:
            raise InvalidValueError(
                f"{number} has claims in {', '.join(sorted(sets))}, not in {lang!r}"
            )
        return sets[lang]
    preferred = {"EP": "en", "JP": "ja"}.get(patent.number.country, patent.lang or "")
    for wanted in (preferred, patent.lang or "", "en"):
        if wanted in sets:
            return sets[wanted]
    return patent.claim_sets[0]


def find_claim(patent: Patent, claim_set: ClaimSet, number: int) -> Claim:
    """Claim ``number`` of ``claim_set``; NotFoundError listing the claims there are."""
    for claim in claim_set.claims:
        if claim.number == number:
            return claim
    numbers = [str(c.number) for c in claim_set.claims]
    raise NotFoundError(
        f"{patent.number.compact} has no claim {number} (claims {numbers[0]}–{numbers[-1]})"
        if numbers else f"{patent.number.compact} has no claims",
        candidates=numbers,
    )


def passage_citation(doc: EvidenceDoc, passage: Passage) -> str:
    """``"<doc title or source>, <location>"``, e.g. ``"Acme MID datasheet, p. 2, ¶ 4"``."""
    return f"{doc.title or doc.source}, {passage.location.cite()}"


def _product_passages(database: Database, product: str) -> list[tuple[EvidenceDoc, Passage]]:
    from kizuna.services.evidence import product_passages  # the EVIDENCE service

    return list(product_passages(database, product))


def make_retriever(method: str, embedder: str = "auto") -> Ranker:
    """The retriever for ``method`` (hybrid | bm25 | dense) and ``embedder`` (auto | hashing)."""
    if method not in METHODS:
        raise InvalidValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
    from kizuna.adapters.text.retriever import build_retriever

    ranker: Ranker = build_retriever(method, embedder=embedder)
    return ranker


def _element_queries(elements: Sequence[Any], lang: str) -> list[Any]:
    from kizuna.adapters.text.retriever import ElementQuery

    contexts = claim_contexts(elements)
    return [ElementQuery(id=e.id, text=e.text, lang=lang, context=contexts[e.id])
            for e in elements]


def _compute(
    elements: Sequence[Any], hits: Sequence[Sequence[Any]],
    docs: dict[str, EvidenceDoc],
) -> tuple[ElementMatch, ...]:
    from kizuna.domain.charting import element_label

    computed = []
    for element, element_hits in zip(elements, hits, strict=True):
        matches = tuple(
            PassageMatch(
                passage_id=hit.passage.id, doc_id=docs[hit.passage.id].id or 0,
                text=hit.passage.text, citation=passage_citation(docs[hit.passage.id],
                                                                 hit.passage),
                score=round(float(hit.score), 4), explanation=hit.explanation,
            )
            for hit in element_hits
        )
        score = max((m.score for m in matches), default=0.0)
        computed.append(ElementMatch(
            element_id=element.id, text=element.text, original_text=element.text,
            score=score, label=element_label(matches), matches=matches,
        ))
    return tuple(computed)


def build_chart(
    database: Database, number: str, *, claim: int, product: str, method: str = "hybrid",
    embedder: str = "auto", lang: str | None = None, top_k: int = TOP_K,
    retriever: Ranker | None = None,
) -> ClaimChart:
    """Chart claim ``claim`` of patent ``number`` against the evidence of ``product``.

    Raises PatentNotFoundError / NotFoundError (with close matches) for an
    unknown patent, claim or product. ``retriever`` replaces the one
    ``method``/``embedder`` would build (tests pass fakes). Returns the stored
    chart in its reviewed state (earlier decisions on the same subject applied).
    """
    from kizuna.domain.charting import THRESHOLDS_VERSION
    from kizuna.services.patents import get_patent

    patent = get_patent(database=database, number=number)
    claim_set = choose_claim_set(patent, lang)
    target = find_claim(patent, claim_set, claim)
    evidence = _product_passages(database, product)
    ranker = retriever if retriever is not None else make_retriever(method, embedder)
    elements = chart_elements(target, claim_set.claims)
    docs = {p.id: d for d, p in evidence}
    hits = ranker.rank(_element_queries(elements, claim_set.lang), [p for _, p in evidence],
                       top_k=top_k)
    computed = _compute(elements, hits, docs)
    first = evidence[0][0] if evidence else None
    chart = ClaimChart(
        id=None, patent=patent.number.compact, claim=claim, lang=claim_set.lang,
        product=first.product if first else product,
        company=next((d.company for d, _ in evidence if d.company), None),
        elements=computed, coverage=0.0, verdict="not shown", needs_evidence=(),
        built_at=datetime.now(UTC), method=f"{method}/{THRESHOLDS_VERSION}",
    )
    return get_chart(database, store.save_chart(database, chart))


def _load(database: Database, chart_id: int) -> store.StoredChart:
    stored = store.load_chart(database, chart_id)
    if stored is None:
        recent = [str(row.id) for row in store.chart_rows(database)[:5]]
        raise NotFoundError(f"no chart {chart_id}", candidates=recent)
    return stored


def get_chart(database: Database, chart_id: int) -> ClaimChart:
    """Chart ``chart_id`` in its reviewed state; NotFoundError listing recent chart ids."""
    stored = _load(database, chart_id)
    return apply_review(stored.chart, stored.snapshots)


def list_charts(database: Database) -> list[ClaimChart]:
    """Every chart build, newest first, each in its reviewed state."""
    return [get_chart(database, row.id) for row in store.chart_rows(database)]


def latest_chart(
    database: Database, number: str, claim: int | None, *, product: str | None = None,
    company: str | None = None,
) -> ClaimChart | None:
    """The newest chart of patent ``number`` (any written form), optionally of one claim,
    product or company (case-insensitive); None when there is none."""
    from kizuna.services.patents import get_patent

    try:
        compact = get_patent(database=database, number=number).number.compact
    except PatentNotFoundError:
        return None
    rows = store.chart_rows(database, patent=compact, claim=claim, product=product,
                            company=company)
    return get_chart(database, rows[0].id) if rows else None


def coverage_index(database: Database) -> list[ChartCoverage]:
    """Latest chart per (patent, claim, product), newest first, with reviewed coverage."""
    seen: set[tuple[str, int, str]] = set()
    index = []
    for row in store.chart_rows(database):
        key = (row.patent, row.claim, row.product.lower())
        if key in seen:
            continue
        seen.add(key)
        chart = get_chart(database, row.id)
        index.append(ChartCoverage(
            chart_id=row.id, patent=row.patent, claim=row.claim, product=row.product,
            company=row.company, coverage=chart.coverage, verdict=chart.verdict,
        ))
    return index


def _reviewer(who: str | None) -> str:
    if who and who.strip():
        return who.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def _element(chart: ClaimChart, element_id: str) -> ElementMatch:
    for element in chart.elements:
        if element.element_id.casefold() == element_id.strip().casefold():
            return element
    ids = [e.element_id for e in chart.elements]
    raise NotFoundError(f"chart {chart.id} has no element {element_id!r}", candidates=ids)


def _evidence_passage(database: Database, chart: ClaimChart, passage_id: str) -> PassageMatch:
    evidence = _product_passages(database, chart.product)
    for doc, passage in evidence:
        if passage.id == passage_id:
            from kizuna.domain.evidence import ScoreExplanation

            return PassageMatch(
                passage_id=passage.id, doc_id=doc.id or 0, text=passage.text,
                citation=passage_citation(doc, passage), score=0.0,
                explanation=ScoreExplanation(lexical=0.0, semantic=0.0, position=0.0),
                status="added",
            )
    close = difflib.get_close_matches(passage_id, [p.id for _, p in evidence], n=5)
    raise NotFoundError(f"product {chart.product!r} has no passage {passage_id!r}", close)


def _passage_for(
    database: Database, chart: ClaimChart, element: ElementMatch, action: str, value: str
) -> PassageMatch | None:
    """Check the passage a decision names; a snapshot to keep for accept/add."""
    known = {m.passage_id: m for m in element.matches}
    if action == "reject":
        if value not in known:
            raise NotFoundError(
                f"element {element.element_id} of chart {chart.id} has no passage {value!r}",
                candidates=list(known),
            )
        return None
    if value in known:
        return replace(known[value], status="proposed")
    return _evidence_passage(database, chart, value)


def review_chart(
    database: Database, chart_id: int, *, element: str, action: str, value: str,
    who: str | None = None, expected_version: int | None = None,
) -> ClaimChart:
    """Record one review decision on the latest build of a chart; the reviewed chart.

    ``action`` is accept | reject | add (``value`` a passage id), note (the note)
    or edit-text (the element's new wording). ``who`` defaults to the OS user.
    Raises ConflictError when ``chart_id`` was rebuilt (review the newest build),
    or when ``expected_version`` is given and someone reviewed the element since
    (see :func:`element_versions`); the other reviewer's change stays in history.
    """
    kind = next((a for a in REVIEW_ACTIONS if a == action), None)
    if kind is None:
        raise InvalidValueError(f"review action {action!r} is not one of "
                                f"{', '.join(REVIEW_ACTIONS)}")
    value = value.strip()
    if not value:
        raise InvalidValueError(f"review {action}: the value is empty")
    stored = _load(database, chart_id)
    if stored.latest_id != chart_id:
        raise ConflictError(f"chart {chart_id} was rebuilt as chart {stored.latest_id}; "
                            f"review chart {stored.latest_id}")
    chart = apply_review(stored.chart, stored.snapshots)
    target = _element(chart, element)
    passage = (_passage_for(database, chart, target, kind, value)
               if kind in ("accept", "reject", "add") else None)
    event = ReviewEvent(chart_id=chart_id, element_id=target.element_id, action=kind,
                        value=value, who=_reviewer(who), at=datetime.now(UTC))
    subject = store.ChartSubject(patent=chart.patent, claim=chart.claim, lang=chart.lang,
                                 product=chart.product)
    store.append_event(database, subject, event, passage, expected_version=expected_version)
    return get_chart(database, chart_id)


MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def render_chart(database: Database, chart_id: int, fmt: str, lang: str = "en") -> bytes:
    """Chart ``chart_id`` (reviewed state) as the bytes of an xlsx, docx, html or json file.

    ``lang`` (``en`` or ``ja``) is the language of the words the export itself writes
    (headings, labels, the disclaimer); JSON keeps its documented English values.
    """
    from kizuna.adapters.exports import chart_docx, chart_html, chart_xlsx
    from kizuna.adapters.exports.chart_common import words_for
    from kizuna.services.chart_view import chart_json_bytes

    if fmt not in EXPORT_FORMATS:
        raise InvalidValueError(f"export format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    words_for(lang)  # an unknown language is refused before the chart is read
    chart = get_chart(database, chart_id)
    if fmt == "xlsx":
        return chart_xlsx.chart_xlsx_bytes(chart, lang)
    if fmt == "docx":
        return chart_docx.chart_docx_bytes(chart, lang)
    if fmt == "html":
        return chart_html.chart_html(chart, lang).encode("utf-8")
    return chart_json_bytes(chart)


def export_chart(database: Database, chart_id: int, fmt: str, path: Path,
                 lang: str = "en") -> Path:
    """Write chart ``chart_id`` (reviewed state) as xlsx, docx, html or json to ``path``,
    its own words in ``lang`` (:func:`render_chart`).

    The file is written atomically: a failed export leaves no partial file.
    """
    from kizuna.adapters.exports.pdf import write_atomic

    return write_atomic(path, render_chart(database, chart_id, fmt, lang))
