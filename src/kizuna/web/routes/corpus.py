"""Corpus search in the workbench and the REST API (docs/cli/corpus.md, docs/web.md).

| route | answer |
|---|---|
| ``GET /api/corpus/search?q=…`` | as ``kizuna corpus search --json`` |
| ``GET /corpus?q=…`` | the search form and the results, terms marked |
| ``GET /api/corpus/landscape?seed=…`` | as ``kizuna corpus landscape --json`` (corpus seeds) |
| ``GET /corpus/landscape?seeds=…`` | the landscape form and table, with citation links |

Both take ``lang``, ``field``, ``filter`` (repeated), ``mode`` and ``limit`` as the CLI's
options; the API answers ``{"results": [{number, title, score, snippet}]}``.

The jobs ``similar``, ``applicants`` and ``screen`` are in :mod:`kizuna.web.routes.corpus_jobs`.

The corpus is the folder named by the setting ``corpus_dir`` (``KIZUNA_CORPUS_DIR``), built
with ``kizuna corpus build``; without one both answer 404 with the fix in the message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup, escape

from kizuna.errors import KizunaError, NotFoundError
from kizuna.services.corpus.search import MAX_LIMIT, MAX_QUERY_CHARS, SearchResults
from kizuna.settings import Settings
from kizuna.web.deps import SettingsDep, TemplatesDep
from kizuna.web.responses import json_response

if TYPE_CHECKING:
    from kizuna.services.corpus.landscape import LandscapeResult

__all__ = ["Filters", "Limit", "corpus_folder", "marked", "router"]

router = APIRouter(tags=["corpus"])

QueryText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                                 description="words; a quoted part is a phrase")]
Lang = Annotated[Literal["ja", "en"] | None, Query(description="only documents in ja or en")]
Field = Annotated[Literal["title", "abstract", "claims"] | None,
                  Query(description="search only this field")]
Filters = Annotated[list[str] | None, Query(alias="filter", max_length=20,
                                            description="KEY=VALUE or year>=YYYY; repeat")]
Mode = Annotated[Literal["hybrid", "bm25", "dense"], Query()]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def corpus_folder(settings: Settings) -> Path:
    """The corpus folder of the setting ``corpus_dir``; a 404 saying how to set one."""
    if settings.corpus_dir is None:
        raise NotFoundError("no corpus: set KIZUNA_CORPUS_DIR to a folder built with "
                            "kizuna corpus build")
    return settings.corpus_dir


def _search(settings: Settings, q: str, lang: str | None, field: str | None,
            filters: list[str] | None, mode: str, limit: int) -> SearchResults:
    from kizuna.services.corpus.search import search_corpus

    return search_corpus(corpus=corpus_folder(settings), query=q, lang=lang, field=field,
                         filters=[f[:200] for f in filters or ()], mode=mode, limit=limit)


@router.get("/api/corpus/search", summary="Search the patent corpus")
def api_search(settings: SettingsDep, q: QueryText, lang: Lang = None, field: Field = None,
               filters: Filters = None, mode: Mode = "hybrid", limit: Limit = 10) -> JSONResponse:
    """BM25 and dense vectors fused (reciprocal rank), best first; leads, not findings."""
    return json_response(_search(settings, q, lang, field, filters, mode, limit).to_json())


Seeds = Annotated[list[str], Query(alias="seed", min_length=1, max_length=100,
                                   description="a seed patent number the corpus holds; repeat")]


Top = Annotated[int, Query(ge=1, le=1_000)]


def _landscape(settings: Settings, seeds: list[str], top: int) -> LandscapeResult:
    from kizuna.services.corpus.landscape import expand_landscape

    return expand_landscape(corpus=corpus_folder(settings), seeds=[s[:40] for s in seeds],
                            top=top, use_ray=False)


@router.get("/api/corpus/landscape", summary="Expand seeds into a landscape of the corpus")
def api_landscape(settings: SettingsDep, seeds: Seeds, top: Top = 100) -> JSONResponse:
    """Shared classification, text similarity and citation links, scored; leads, not findings.

    Seeds must be in the corpus (a portfolio seed would bypass matter access: use the CLI).
    Runs in the server's process, without Ray.
    """
    return json_response(_landscape(settings, seeds, top).to_json())


@router.get("/corpus/landscape", response_class=HTMLResponse, name="corpus_landscape_page")
def corpus_landscape_page(request: Request, templates: TemplatesDep, settings: SettingsDep,
                          seeds: Annotated[str, Query(max_length=4_000)] = "",
                          top: Top = 50) -> HTMLResponse:
    """The seeds form; with seeds, the landscape table with each patent's citation links."""
    numbers = [s for s in re.split(r"[\s,;]+", seeds) if s][:100]
    context: dict[str, Any] = {"form": {"seeds": seeds, "top": top}, "message": "",
                               "result": None}
    status = 200
    if numbers:
        try:
            context["result"] = _landscape(settings, numbers, top)
        except KizunaError as exc:
            context["message"] = str(exc)
            status = 404 if isinstance(exc, NotFoundError) else 400
    response: HTMLResponse = templates.TemplateResponse(request, "corpus_landscape.html",
                                                        context, status_code=status)
    return response


def marked(snippet: str, spans: tuple[tuple[int, int], ...]) -> Markup:
    """The snippet, escaped, with each matched term in <mark>."""
    out, last = [], 0
    for start, end in spans:
        out += [escape(snippet[last:start]), Markup("<mark>"), escape(snippet[start:end]),
                Markup("</mark>")]
        last = end
    out.append(escape(snippet[last:]))
    return Markup("").join(out)


@router.get("/corpus", response_class=HTMLResponse, name="corpus_page")
def corpus_page(request: Request, templates: TemplatesDep, settings: SettingsDep,
                q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "", lang: Lang = None,
                field: Field = None, filters: Filters = None, mode: Mode = "hybrid",
                limit: Limit = 20) -> HTMLResponse:
    """The search form; with a query, the results with their matched terms marked."""
    context: dict[str, Any] = {"form": {"q": q, "lang": lang or "", "field": field or "",
                                        "filters": "\n".join(filters or ()), "mode": mode},
                               "hits": [], "message": "", "searched": False}
    status = 200
    if q.strip():
        try:
            results = _search(settings, q, lang, field, filters, mode, limit)
        except KizunaError as exc:
            context["message"] = str(exc)
            status = 404 if isinstance(exc, NotFoundError) else 400
        else:
            context["searched"] = True
            context["documents"] = results.documents
            context["hits"] = [{"hit": h, "snippet": marked(h.snippet, h.highlights)}
                               for h in results.hits]
    response: HTMLResponse = templates.TemplateResponse(request, "corpus.html", context,
                                                        status_code=status)
    return response
