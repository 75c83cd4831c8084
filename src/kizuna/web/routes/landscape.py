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
from kizuna.services.targets import NOTICE, rank_targets
from kizuna.web.deps import AsOfDep, DatabaseDep, TemplatesDep
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


@router.get("/api/targets", tags=["targets"])
def api_targets(database: DatabaseDep, as_of: AsOfDep, top: Top = 50) -> JSONResponse:
    """Ranked (patent, company) pairs with contributions (``kizuna.targets/1``)."""
    return json_response(rank_targets(database, top=top, as_of=as_of).to_json())


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


@router.get("/targets", response_class=HTMLResponse, include_in_schema=False)
def targets_page(
    request: Request, database: DatabaseDep, templates: TemplatesDep, as_of: AsOfDep,
    top: Top = 50,
) -> HTMLResponse:
    """The ranked targets with each factor's contribution."""
    ranking: dict[str, Any] = to_jsonable(rank_targets(database, top=top, as_of=as_of).to_json())
    response: HTMLResponse = templates.TemplateResponse(
        request, "targets_rank.html", {"ranking": ranking, "top": top, "notice": NOTICE}
    )
    return response
