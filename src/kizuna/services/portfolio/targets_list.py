"""The ranked targets as a list a team works through: filtered, paged, exportable.

:func:`filter_pairs` narrows the ``pairs`` of a ``kizuna.targets/1`` document
by patent, company and minimum score; :func:`pair_row` flattens one pair, its
contributions and the written reason of each factor, for CSV/XLSX.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kizuna.services.portfolio.index import fold

__all__ = ["PAIR_COLUMNS", "filter_pairs", "pair_row"]

FACTORS = ("remaining_term", "live_jp", "claim_breadth", "evidence", "activity", "text",
           "revenue", "exposure")
PAIR_COLUMNS = ("rank", "patent", "title", "company", "country", "score", "blocked_by",
                *FACTORS, "explanation")


def filter_pairs(pairs: Sequence[dict[str, Any]], *, patent: str = "", company: str = "",
                 min_score: float | None = None) -> list[dict[str, Any]]:
    """The pairs whose patent number, company name (any of its names) and score match."""
    wanted_patent = fold(patent).replace(" ", "")
    wanted_company = fold(company)
    found = []
    for pair in pairs:
        names = " ".join(str(pair["company"].get(k) or "") for k in ("name", "name_ja", "name_en"))
        if wanted_patent and wanted_patent not in fold(pair["patent"]):
            continue
        if wanted_company and wanted_company not in fold(names):
            continue
        if min_score is not None and pair["score"] < min_score:
            continue
        found.append(pair)
    return found


def pair_row(pair: dict[str, Any]) -> dict[str, Any]:
    """One pair as a flat row: rank, patent, company, score, contributions, explanation."""
    details = pair.get("details") or {}
    return {
        "rank": pair.get("rank"), "patent": pair["patent"], "title": pair.get("title"),
        "company": pair["company"]["name"], "country": pair["company"].get("country"),
        "score": pair["score"], "blocked_by": pair.get("blocked_by"),
        **{f: pair["contributions"].get(f) for f in FACTORS},
        "explanation": "; ".join(f"{k}: {v}" for k, v in details.items()),
    }
