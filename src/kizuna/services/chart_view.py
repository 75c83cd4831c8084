"""The JSON form of a claim chart (CLI ``--json``, the API and the JSON export).

``chart_to_json`` gives::

    {"id", "patent", "claim", "lang", "product", "company", "method", "built_at",
     "coverage", "verdict", "needs_evidence": [...],
     "elements": [{"id", "text", "original_text", "score", "label", "notes": [...],
                   "evidence": [{"passage", "doc", "text", "citation", "score", "status",
                                 "explanation": {"lexical", "semantic", "position",
                                                 "matched_terms", "specificity",
                                                 "missing_terms", "alternative",
                                                 "contrast", "rival", "note"}}]}],
     "history": [{"chart", "element", "action", "value", "who", "at"}],
     "disclaimer"}

``evidence`` lists every passage, rejected ones too (``status`` says which);
exports leave rejected passages out.
"""

from __future__ import annotations

import json
from typing import Any

from kizuna.adapters.exports.chart_common import DISCLAIMER
from kizuna.domain.evidence import ClaimChart, ElementMatch, PassageMatch
from kizuna.jsonable import to_jsonable
from kizuna.services.chart_review import element_versions

__all__ = ["chart_json_bytes", "chart_summary_json", "chart_to_json"]


def _match(match: PassageMatch) -> dict[str, Any]:
    ex = match.explanation
    return {
        "passage": match.passage_id, "doc": match.doc_id, "text": match.text,
        "citation": match.citation, "score": match.score, "status": match.status,
        "explanation": {"lexical": ex.lexical, "semantic": ex.semantic,
                        "position": ex.position, "matched_terms": list(ex.matched_terms),
                        "specificity": ex.specificity, "missing_terms": list(ex.missing_terms),
                        "alternative": ex.alternative, "contrast": ex.contrast,
                        "rival": ex.rival or None, "note": ex.note()},
    }


def _element(element: ElementMatch) -> dict[str, Any]:
    return {
        "id": element.element_id, "text": element.text, "original_text": element.original_text,
        "score": element.score, "label": element.label, "notes": list(element.notes),
        "evidence": [_match(m) for m in element.matches],
    }


def chart_summary_json(chart: ClaimChart) -> dict[str, Any]:
    """One line of ``kizuna chart list --json``."""
    return {
        "id": chart.id, "patent": chart.patent, "claim": chart.claim, "lang": chart.lang,
        "product": chart.product, "company": chart.company, "method": chart.method,
        "built_at": chart.built_at, "elements": len(chart.elements), "coverage": chart.coverage,
        "verdict": chart.verdict, "needs_evidence": list(chart.needs_evidence),
        "reviews": len(chart.history),
    }


def chart_to_json(chart: ClaimChart) -> dict[str, Any]:
    """The whole chart in its reviewed state, with its review history."""
    body = chart_summary_json(chart)
    del body["elements"], body["reviews"]
    body["elements"] = [_element(e) for e in chart.elements]
    body["history"] = [
        {"chart": e.chart_id, "element": e.element_id, "action": e.action, "value": e.value,
         "who": e.who, "at": e.at}
        for e in chart.history
    ]
    body["versions"] = element_versions(chart)
    body["disclaimer"] = DISCLAIMER
    result: dict[str, Any] = to_jsonable(body)
    return result


def chart_json_bytes(chart: ClaimChart) -> bytes:
    """The JSON export: :func:`chart_to_json`, UTF-8, indented."""
    text = json.dumps(chart_to_json(chart), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")
