"""Claim charts on the web: the API under ``/api/charts`` and ``/api/screen``, and the pages.

| route | answer |
|---|---|
| ``POST /api/charts`` ``{"patent", "claim", "product", "lang"?, "method"?, "embedder"?, "top_k"?}`` | the chart, as ``kizuna chart build --json`` (201) |
| ``GET /api/charts`` | the builds, as ``kizuna chart list --json`` |
| ``GET /api/charts/{id}`` | one chart, as ``kizuna chart show --json`` |
| ``POST /api/charts/{id}/review`` ``{"element", "action", "value", "who"?, "version"?}`` | the reviewed chart; 409 on a stale version; a form post redirects |
| ``GET /api/charts/{id}/export?format=xlsx\\|docx\\|html\\|json[&lang=en\\|ja]`` | the export file |
| ``POST /api/screen`` ``{"patents"?, "products"?, "method"?, "embedder"?}`` | as ``kizuna screen --json`` |
| ``GET /charts``, ``GET /charts/{id}`` | pages: the chart list with a build form; one chart with review forms |
"""  # noqa: E501

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from kizuna.adapters.exports.chart_common import DISCLAIMER
from kizuna.errors import InvalidValueError
from kizuna.services.chart_review import element_versions
from kizuna.services.chart_view import chart_summary_json, chart_to_json
from kizuna.services.charts import (
    MEDIA_TYPES,
    build_chart,
    coverage_index,
    get_chart,
    list_charts,
    render_chart,
    review_chart,
)
from kizuna.services.screening import screen
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.responses import json_response
from kizuna.web.security.principal import actor_name, current, home_matter, place, visible

__all__ = ["router"]

router = APIRouter(tags=["charts"])

_ERROR = {"description": 'Kizuna error: `{"error", "type"}` (and `candidates` for 404)'}
_Method = Literal["hybrid", "bm25", "dense"]
_Embedder = Literal["auto", "hashing"]
_Name = Annotated[str, Field(min_length=1, max_length=300)]


class BuildRequest(BaseModel):
    """What ``POST /api/charts`` takes."""

    patent: str = Field(min_length=1, max_length=100)
    claim: int = Field(ge=1)
    product: str = Field(min_length=1, max_length=300)
    lang: str | None = Field(default=None, max_length=8)
    method: _Method = "hybrid"
    embedder: _Embedder = "auto"
    top_k: int = Field(default=3, ge=1, le=20)


class ReviewRequest(BaseModel):
    """What ``POST /api/charts/{id}/review`` takes (JSON or a form)."""

    element: str = Field(min_length=1, max_length=20)
    action: Literal["accept", "reject", "add", "note", "edit-text"]
    value: str = Field(min_length=1, max_length=20_000)
    who: str | None = Field(default=None, max_length=200)
    version: int | None = Field(default=None, ge=0, le=1_000_000, description=(
        "the element's review version you saw (``versions`` in the chart); 409 if it changed"))


class ScreenRequest(BaseModel):
    """What ``POST /api/screen`` takes; a missing or ``"all"`` list means everything."""

    patents: Annotated[list[_Name], Field(max_length=1000)] | Literal["all"] = "all"
    products: Annotated[list[_Name], Field(max_length=1000)] | Literal["all"] = "all"
    method: _Method = "hybrid"
    embedder: _Embedder = "auto"


@router.post("/api/charts", summary="Build a claim chart", response_class=JSONResponse,
             status_code=201, responses={400: _ERROR, 404: _ERROR})
def build(request: Request, body: BuildRequest, database: DatabaseDep,
          _same_site: SameSiteDep) -> JSONResponse:
    """Chart one claim against one product's evidence (earlier review decisions carry over).

    The chart belongs to ``?matter=ID`` when given, else to the user's first matter."""
    matter = home_matter(request)
    chart = build_chart(database, body.patent, claim=body.claim, product=body.product,
                        method=body.method, embedder=body.embedder, lang=body.lang,
                        top_k=body.top_k)
    place(database, "chart", chart.id, matter)
    return json_response(chart_to_json(chart), status_code=201)


@router.get("/api/charts", summary="List chart builds", response_class=JSONResponse)
def charts(request: Request, database: DatabaseDep) -> JSONResponse:
    """Every chart build of the user's matters, newest first (as ``kizuna chart list --json``)."""
    rows = [chart_summary_json(c) for c in list_charts(database)]
    return json_response(visible(request, database, "chart", rows))


@router.get("/api/charts/{chart_id}", summary="Show a chart", response_class=JSONResponse,
            responses={404: _ERROR})
def chart(chart_id: int, database: DatabaseDep) -> JSONResponse:
    """One chart in its reviewed state, with its history."""
    return json_response(chart_to_json(get_chart(database, chart_id)))


async def _review_body(request: Request) -> tuple[ReviewRequest, bool]:
    """The review decision from a JSON body or a form; True when it came from a form.

    An empty or malformed body is a 400/422 naming the fault, never a 500.
    """
    from_form = not request.headers.get("content-type", "").startswith("application/json")
    if from_form:
        form = await request.form()
        data: Any = {k: v for k, v in form.items() if isinstance(v, str) and v}
        if "version" in data and not data["version"].isdigit():
            raise InvalidValueError(f"version {data['version'][:20]!r} is not a whole number")
    else:
        try:
            data = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidValueError(f"request body: not valid JSON ({exc})") from None
    try:
        return ReviewRequest.model_validate(data), from_form
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None


@router.post("/api/charts/{chart_id}/review", summary="Review a chart element",
             response_class=JSONResponse, responses={400: _ERROR, 404: _ERROR, 409: _ERROR})
async def review(chart_id: int, request: Request, database: DatabaseDep,
                 _same_site: SameSiteDep) -> Response:
    """Record one decision: accept/reject/add a passage, a note, or new wording.

    A browser form post (not JSON) is answered with a redirect to the chart page. The
    reviewer in the history is the logged-in user (``who`` is ignored when there is one).
    With ``version``, a decision on an element someone else reviewed since is refused (409)
    with a message naming their change, which stays in the history.
    """
    body, from_form = await _review_body(request)
    who = actor_name(request) if current(request) is not None else body.who
    reviewed = review_chart(database, chart_id, element=body.element, action=body.action,
                            value=body.value, who=who, expected_version=body.version)
    if from_form:
        return RedirectResponse(f"/charts/{chart_id}#element-{body.element}", status_code=303)
    return json_response(chart_to_json(reviewed))


@router.get("/api/charts/{chart_id}/export", summary="Export a chart",
            responses={200: {"description": "The file"}, 400: _ERROR, 404: _ERROR})
def export(
    chart_id: int, database: DatabaseDep,
    fmt: Annotated[str, Query(alias="format", description="xlsx | docx | html | json")] = "xlsx",
    lang: Annotated[str, Query(max_length=2, description="the export's own words: en | ja")
                    ] = "en",
) -> Response:
    """The chart (reviewed state) as a file to download."""
    data = render_chart(database, chart_id, fmt, lang)
    name = f"chart-{chart_id}.{fmt}"
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/api/screen", summary="Screen claims against products",
             response_class=JSONResponse, responses={400: _ERROR, 404: _ERROR})
def screen_pairs(body: ScreenRequest, database: DatabaseDep, settings: SettingsDep) -> JSONResponse:
    """Every independent claim x product, quick coverage, best first (``kizuna screen --json``).

    At most ``KIZUNA_SCREEN_MAX_PAIRS`` claim x product pairs per request (400 beyond).
    """
    report = screen(database, patents=None if body.patents == "all" else body.patents,
                    products=None if body.products == "all" else body.products,
                    method=body.method, embedder=body.embedder,
                    max_pairs=settings.screen_max_pairs)
    return json_response(report.to_json())


@router.get("/charts", response_class=HTMLResponse, include_in_schema=False)
def charts_page(request: Request, database: DatabaseDep, templates: TemplatesDep) -> HTMLResponse:
    """Chart builds and the latest coverage per claim and product, with a build form."""
    rows = [chart_summary_json(c) for c in list_charts(database)]
    context = {"charts": visible(request, database, "chart", rows),
               "index": visible(request, database, "chart", coverage_index(database),
                                key="chart_id"),
               "disclaimer": DISCLAIMER}
    response: HTMLResponse = templates.TemplateResponse(request, "charts_list.html", context)
    return response


@router.post("/charts", include_in_schema=False)
def build_page(
    request: Request, database: DatabaseDep, _same_site: SameSiteDep,
    patent: Annotated[str, Form(min_length=1, max_length=100)],
    claim: Annotated[int, Form(ge=1)],
    product: Annotated[str, Form(min_length=1, max_length=300)],
    method: Annotated[_Method, Form()] = "hybrid",
) -> RedirectResponse:
    """Build from the form on /charts, then show the chart."""
    matter = home_matter(request)
    built = build_chart(database, patent, claim=claim, product=product, method=method)
    place(database, "chart", built.id, matter)
    return RedirectResponse(f"/charts/{built.id}", status_code=303)


@router.get("/charts/{chart_id}", response_class=HTMLResponse, include_in_schema=False)
def chart_page(
    request: Request, chart_id: int, database: DatabaseDep, templates: TemplatesDep
) -> HTMLResponse:
    """One chart: each element with its evidence and review forms, history, export links."""
    found = get_chart(database, chart_id)
    context = {"chart": found, "disclaimer": DISCLAIMER, "formats": list(MEDIA_TYPES),
               "versions": element_versions(found)}
    response: HTMLResponse = templates.TemplateResponse(request, "charts_detail.html", context)
    return response
