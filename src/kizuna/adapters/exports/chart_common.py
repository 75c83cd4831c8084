"""What every claim chart export shares: the disclaimer, column names, visible evidence.

Exports show a chart's *reviewed* state: rejected passages are left out (they
stay in the chart's history), accepted and added ones come first.
"""

from __future__ import annotations

import re

from kizuna.domain.evidence import ClaimChart, ElementMatch, PassageMatch

__all__ = ["DISCLAIMER", "HEADERS", "PARTIAL_MEANS", "evidence_lines", "header_block", "visible"]

DISCLAIMER = (
    "Kizuna claim chart: an analytical aid, not a legal opinion. Scores and labels are "
    "computed from the evidence cited and must be checked by a qualified professional."
)

#: What a ``partial`` label says (measured on the development set: docs/retrieval.md, "What
#: `partial` says"): on-topic passages are more common for elements a product lacks.
PARTIAL_MEANS = ("“partial” marks on-topic passages that do not show the element: "
                 "a pointer for review, not evidence of use")

#: Column headings of the element table (XLSX; DOCX/HTML merge some of them).
HEADERS = ("Element", "Element text", "Evidence (quotes with citations)", "Score", "Label",
           "Reviewer notes")

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_STATUS = {"accepted": "accepted by reviewer", "added": "added by reviewer"}


def visible(element: ElementMatch, limit: int = 3) -> tuple[PassageMatch, ...]:
    """The passages an export shows for ``element``: not rejected, best ``limit`` first.

    Reviewer-accepted and added passages are always shown, even beyond ``limit``.
    """
    shown = [m for m in element.matches if m.status != "rejected"]
    decided = [m for m in shown if m.status in ("accepted", "added")]
    return tuple(decided + [m for m in shown if m.status == "proposed"][: max(0, limit -
                                                                               len(decided))])


def evidence_lines(match: PassageMatch) -> tuple[str, str]:
    """``("“quote”", "— citation (score 0.71, accepted by reviewer)")`` for one passage.

    Japanese quotes take 「」 instead of “”.
    """
    status = _STATUS.get(match.status)
    detail = f"score {match.score:.2f}" + (f", {status}" if status else "")
    text = match.text.strip()
    quote = f"「{text}」" if _JAPANESE.search(text) else f"“{text}”"
    return quote, f"— {match.citation} ({detail})"


def header_block(chart: ClaimChart, title: str | None = None) -> list[tuple[str, str]]:
    """Label/value rows for the top of an export: patent, claim, product, coverage, verdict."""
    return [("Patent", chart.patent + (f" — {title}" if title else "")),
            ("Claim", f"{chart.claim} ({chart.lang})"),
            ("Product", chart.product + (f" ({chart.company})" if chart.company else "")),
            ("Coverage", f"{chart.coverage:.0%} of elements supported (partial counts half; "
                         f"{PARTIAL_MEANS})"),
            ("Verdict", f"{chart.verdict} (all-elements rule)"
             + (f"; needs evidence: {', '.join(chart.needs_evidence)}"
                if chart.needs_evidence else "")),
            ("Chart", f"#{chart.id}, built {chart.built_at:%Y-%m-%d %H:%M} UTC, {chart.method}"),
            ("Note", DISCLAIMER)]
