"""Evidence of use: documents, passages, element matches and claim charts (pure data).

An :class:`EvidenceDoc` is one capture of product evidence (HTML, PDF, text,
DOCX) with the SHA-256 of its original bytes and its capture time; it is
immutable once stored and a new capture of the same source is a new version.
Its :class:`Passage` objects keep their location for citation.

A :class:`ClaimChart` maps every element of one claim (ids ``1A``, ``1B``…
from :mod:`kizuna.domain.claims`) to ranked passages, each element with a
score in [0, 1] and a :data:`Label`. Review decisions (:class:`ReviewEvent`)
are kept as history and applied on top of the computed matches.

Scoring, labels and the all-elements rule live in :mod:`kizuna.domain.charting`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

__all__ = [
    "ClaimChart",
    "ElementMatch",
    "EvidenceDoc",
    "Label",
    "Location",
    "MatchStatus",
    "Passage",
    "PassageMatch",
    "ReviewAction",
    "ReviewEvent",
    "ScoreExplanation",
    "Verdict",
]

Label = Literal["supported", "partial", "unsupported"]
Verdict = Literal["shown", "partly shown", "not shown"]
MatchStatus = Literal["proposed", "accepted", "rejected", "added"]
ReviewAction = Literal["accept", "reject", "add", "note", "edit-text"]


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where a passage sits in its document (for the citation)."""

    page: int | None = None  # 1-based PDF page
    heading: str | None = None  # nearest heading above the passage
    paragraph: int = 0  # 1-based paragraph number within the document

    def cite(self) -> str:
        """A short citation: ``p. 3, "Heading", ¶ 12`` (parts that are known)."""
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.heading:
            parts.append(f'"{self.heading}"')
        parts.append(f"¶ {self.paragraph}")
        return ", ".join(parts)


@dataclass(frozen=True, kw_only=True)
class Passage:
    """A citable span of an evidence document.

    ``id`` is stable across runs: ``"<first 12 hex of the doc's sha256>-<index>"``.
    ``lang`` is ``"ja"``, ``"en"`` or ``"mixed"``.
    """

    id: str
    index: int
    text: str
    lang: str
    location: Location


@dataclass(frozen=True, kw_only=True)
class EvidenceDoc:
    """One stored capture of product evidence."""

    id: int | None
    product: str
    company: str | None
    source: str  # the file path as given, or the URL it was captured from
    url: str | None
    media_type: str  # "text/html", "application/pdf", "text/plain", "text/markdown", DOCX type
    sha256: str  # of the original bytes
    captured_at: datetime
    lang: str
    title: str | None
    version: int  # 1 for the first capture of this (product, source), then 2, 3…
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ScoreExplanation:
    """Why a passage scored as it did: each component in [0, 1] and the terms that matched.

    ``specificity`` is the weighted share of the element's distinguishing terms
    the passage states (``matched_terms`` holds the stated ones, ``missing_terms``
    the others); ``alternative`` is true when the passage negates one of the
    element's terms or says the product does something else instead
    (:mod:`kizuna.adapters.text.specificity`). ``direct_specificity`` is the same
    share counting only terms stated within two dictionary steps (None when not
    computed: stored charts, reviewer-added passages); screening's review
    decision reads it. ``contrast`` is how much the claim contrast took off the fused
    score because the passage fits another element of the claim better (a translation
    twin may then raise the score again, fusion v5), ``rival`` that element's id
    (claim contrast, :func:`kizuna.adapters.text.fusion.contrast_margins`).
    """

    lexical: float
    semantic: float
    position: float
    matched_terms: tuple[str, ...] = ()
    specificity: float = 1.0
    missing_terms: tuple[str, ...] = ()
    alternative: bool = False
    direct_specificity: float | None = None
    contrast: float = 0.0
    rival: str = ""

    def note(self) -> str:
        """"matched: …; missing: …" (plus the alternative flag) for a chart reader."""
        parts = [f"matched: {', '.join(self.matched_terms) or '—'}",
                 f"missing: {', '.join(self.missing_terms) or '—'}"]
        if self.alternative:
            parts.append("describes an alternative (negated or replaced feature)")
        if self.contrast >= 0.005 and self.rival:  # shown to two decimals: never "by 0.00"
            parts.append(f"fits {self.rival} better (score lowered by {self.contrast:.2f})")
        return "; ".join(parts)


@dataclass(frozen=True, kw_only=True)
class PassageMatch:
    """A passage proposed (or added by a reviewer) as evidence for one element."""

    passage_id: str
    doc_id: int
    text: str
    citation: str  # "<doc title or source>, <Location.cite()>"
    score: float
    explanation: ScoreExplanation
    status: MatchStatus = "proposed"


@dataclass(frozen=True, kw_only=True)
class ElementMatch:
    """One claim element with its evidence, score and label (reviewed state)."""

    element_id: str
    text: str  # the element wording (a reviewer's edit when there is one)
    original_text: str
    score: float
    label: Label
    matches: tuple[PassageMatch, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ClaimChart:
    """One claim of one patent charted against one product's evidence."""

    id: int | None
    patent: str  # compact number, e.g. "JP7533889B2"
    claim: int
    lang: str  # language of the claim text charted
    product: str
    company: str | None
    elements: tuple[ElementMatch, ...]
    coverage: float  # share of elements labelled supported (partial counts half)
    verdict: Verdict  # all-elements rule: any unsupported element -> "not shown"
    needs_evidence: tuple[str, ...]  # element ids that are not supported
    built_at: datetime
    method: str = ""  # retrieval method and thresholds version, e.g. "hybrid/v1"
    history: tuple[ReviewEvent, ...] = field(default=())


@dataclass(frozen=True, kw_only=True)
class ReviewEvent:
    """One reviewer decision, kept forever (history)."""

    chart_id: int
    element_id: str
    action: ReviewAction
    value: str  # passage id (accept/reject/add), note text or edited wording
    who: str
    at: datetime
