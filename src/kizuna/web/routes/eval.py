"""Evaluation route of the REST API: ``POST /api/eval/eou`` (as ``kizuna eval eou --json``).

The body is a cases document in the format of ``docs/cli/eval.md``; ``?method=``
picks ``hybrid`` (default), ``bm25`` or ``dense``; ``?embedder=hashing`` uses the
deterministic test embedder instead of the real models. A malformed body is a
400 whose ``error`` names the fault.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse

from kizuna.services.eval_eou import evaluate_eou, parse_cases
from kizuna.web.deps import SettingsDep
from kizuna.web.responses import json_response

__all__ = ["router"]

router = APIRouter()


@router.post("/api/eval/eou", summary="Retrieval and label quality on graded cases")
def eval_eou(
    settings: SettingsDep,
    cases: Annotated[dict[str, Any], Body(description='{"cases": [...]} as in docs/cli/eval.md')],
    method: Annotated[Literal["hybrid", "bm25", "dense"], Query()] = "hybrid",
    embedder: Annotated[Literal["auto", "hashing"], Query()] = "auto",
) -> JSONResponse:
    """nDCG@3, recall@3, MRR and verdict agreement, overall, per language pair and per case."""
    from kizuna.adapters.text.retriever import build_retriever

    parsed = parse_cases(cases, source="request body")
    retriever = build_retriever(method, embedder=embedder, cache_dir=settings.cache_dir)
    return json_response(evaluate_eou(parsed, retriever=retriever).to_json())
