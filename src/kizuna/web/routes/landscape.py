"""Landscape and targets: pages ``/landscape`` and ``/targets``, and their JSON API.

``GET /api/landscape/fields`` and ``GET /api/targets?top=N`` return the same
documents as ``kizuna landscape fields --json`` and ``kizuna targets rank
--json``; ``GET /api/landscape/plot?kind=heatmap|expiry|funnel&format=png|svg``
returns the image.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from kizuna.services.landscape import fields_report
from kizuna.services.landscape_plots import KINDS, plot_landscape
from kizuna.services.portfolio.targets_list import PAIR_COLUMNS, filter_pairs, pair_row
from kizuna.services.targets import rank_targets
from kizuna.web.deps import AsOfDep, DatabaseDep, TemplatesDep
from kizuna.web.i18n import translate
from kizuna.web.listing import download, export_format, page_of, paged_headers
from kizuna.web.responses import json_response, to_jsonable

__all__ = ["router"]

router = APIRouter()
_MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
Top = Annotated[int, Query(ge=1, le=10_000, description="How many pairs to return.")]


@router.get("/api/landscape/fields", tags=["landscape"])
def api_fields(database: DatabaseDep, as_of: AsOfDep) -> JSONResponse:
    """The portfolio by WIPO field, sector and JSIC industry (``kizuna.landscape.fields/1``)."""
    return json_response(fields_report(database, as_of=as_of).to_json())


@router.get("/api/landscape/plot", tags=["landscape"])
def api_plot(
    database: DatabaseDep,
    as_of: AsOfDep,
    kind: Annotated[str, Query(description="heatmap, expiry or funnel")],
    format: Annotated[str, Query(description="png or svg")] = "png",
) -> Response:
    """One landscape plot as PNG or SVG."""
    data = plot_landscape(database, kind=kind, fmt=format, as_of=as_of)
    return Response(content=data, media_type=_MEDIA[format])


@router.get("/api/targets", tags=["targets"], response_class=JSONResponse)
def api_targets(
    request: Request, database: DatabaseDep, as_of: AsOfDep, top: Top = 50,
    patent: Annotated[str, Query(max_length=100, description="Part of the patent number")] = "",
    company: Annotated[str, Query(max_length=200, description="Part of a company name")] = "",
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    per_page: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> JSONResponse:
    """Ranked (patent, company) pairs with contributions (``kizuna.targets/1``).

    ``patent``, ``company`` and ``min_score`` narrow ``pairs``; with ``page`` or
    ``per_page`` the document holds one page of them, the filtered count in
    ``X-Total-Count`` and the neighbours in ``Link``.
    """
    body = rank_targets(database, top=top, as_of=as_of).to_json()
    body["pairs"] = filter_pairs(body["pairs"], patent=patent, company=company,
                                 min_score=min_score)
    if page is None and per_page is None:
        return json_response(body)
    shown, pager = page_of(body["pairs"], request)
    body["pairs"] = shown
    return json_response(body, headers=paged_headers(request, pager))


@router.get("/landscape", response_class=HTMLResponse, include_in_schema=False)
def landscape_page(
    request: Request, database: DatabaseDep, templates: TemplatesDep, as_of: AsOfDep
) -> HTMLResponse:
    """Fields, sectors and industries tables with the three plots inline (SVG)."""
    report: dict[str, Any] = to_jsonable(fields_report(database, as_of=as_of).to_json())
    plots = {
        kind: base64.b64encode(plot_landscape(database, kind=kind, fmt="svg", as_of=as_of))
        .decode("ascii")
        for kind in KINDS
    }
    response: HTMLResponse = templates.TemplateResponse(
        request, "landscape_fields.html", {"report": report, "plots": plots}
    )
    return response


def targets_notice() -> str:
    """:data:`~kizuna.services.targets.NOTICE` in the page's language (the same English text;
    tests/web/test_i18n_pages.py keeps the two equal)."""
    return translate("A prioritisation aid built from the stored record and company data: an "
                     "estimate, not a legal opinion on infringement, validity or where acts are "
                     "worked.")


@router.get("/targets", response_class=HTMLResponse, include_in_schema=False)
def targets_page(
    request: Request, database: DatabaseDep, templates: TemplatesDep, as_of: AsOfDep,
    top: Top = 10_000,
    patent: Annotated[str, Query(max_length=100)] = "",
    company: Annotated[str, Query(max_length=200)] = "",
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
) -> Response:
    """The ranked targets, filtered and paged, each pair with the reason of every factor."""
    ranking: dict[str, Any] = to_jsonable(rank_targets(database, top=top, as_of=as_of).to_json())
    pairs = filter_pairs(ranking["pairs"], patent=patent, company=company, min_score=min_score)
    fmt = export_format(request)
    if fmt is not None:
        return download(fmt, "targets", PAIR_COLUMNS, [pair_row(p) for p in pairs])
    shown, pager = page_of(pairs, request)
    context = {"ranking": ranking, "pairs": shown, "pager": pager, "top": top,
               "notice": targets_notice(), "patent": patent, "company": company,
               "min_score": min_score}
    response: HTMLResponse = templates.TemplateResponse(request, "targets_rank.html", context)
    return response
