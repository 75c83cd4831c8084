"""Corpus jobs in the workbench and the REST API: similar, applicants, screen (docs/web.md).

| route | answer |
|---|---|
| ``GET /api/corpus/similar?patent=…`` | as ``kizuna corpus similar --json`` |
| ``GET /corpus/similar?patent=…`` | the form and the nearest documents, terms marked |
| ``GET /api/corpus/applicants?jurisdiction=&fields=&from=&to=&top=`` | as ``kizuna corpus applicants --no-ray --json``; ``format=csv``: the table as CSV for Excel |
| ``GET /corpus/applicants`` | the form; once sent, the applicants table and a CSV link |
| ``POST /api/corpus/screen`` ``{"evidence", "top_k"?, "claims"?, "method"?, "embedder"?}`` | as ``kizuna corpus screen --evidence … --no-ray --json`` |
| ``GET /corpus/screen``, ``POST /corpus/screen`` | the form (stored products to choose); the ranked worklist |

Every job runs in the server's process, without Ray, over the corpus of the setting
``corpus_dir`` (404 with the fix when none is set). The screen reads only products stored with
``kizuna evidence add`` (never a path a web user names): at most :data:`MAX_WEB_PRODUCTS` per
request and the CLI's default ``--max-pairs`` (:data:`~kizuna.services.corpus.screen.MAX_PAIRS`).
"""  # noqa: E501

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from kizuna.errors import InvalidValueError, KizunaError, NotFoundError
from kizuna.settings import Settings
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.errors import field_message
from kizuna.web.responses import json_response
from kizuna.web.routes.corpus import Filters, Limit, corpus_folder, marked

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.services.corpus.applicants import ActivityReport
    from kizuna.services.corpus.screen import ScreenResult
    from kizuna.services.corpus.search import SearchResults

__all__ = ["APPLICANT_COLUMNS", "MAX_WEB_PRODUCTS", "router"]

router = APIRouter(tags=["corpus"])

MAX_WEB_PRODUCTS = 20  # products per screen request (the CLI takes up to 1,000)
APPLICANT_COLUMNS = ("applicant", "key", "documents", "company_ids", "fields", "years")
_ERROR = {"description": 'Kizuna error: `{"error", "type"}` (and `candidates` for 404)'}

Patent = Annotated[str, Query(min_length=1, max_length=100,
                              description="a patent number the corpus holds")]
Method = Literal["hybrid", "bm25", "dense"]


def _similar(settings: Settings, patent: str, filters: list[str] | None,
             limit: int) -> SearchResults:
    from kizuna.services.corpus.similar import similar_patents

    return similar_patents(corpus=corpus_folder(settings), number=patent,
                           filters=[f[:200] for f in filters or ()], limit=limit)


@router.get("/api/corpus/similar", summary="Documents nearest one corpus patent",
            responses={400: _ERROR, 404: _ERROR})
def api_similar(settings: SettingsDep, patent: Patent, filters: Filters = None,
                limit: Limit = 10) -> JSONResponse:
    """Dense neighbours and BM25 on its title and abstract, fused; leads, not findings."""
    return json_response(_similar(settings, patent, filters, limit).to_json())


def _page(request: Request, templates: Any, name: str, context: dict[str, Any],
          status: int = 200) -> HTMLResponse:
    response: HTMLResponse = templates.TemplateResponse(request, name, context,
                                                        status_code=status)
    return response


def _failed(context: dict[str, Any], exc: KizunaError) -> int:
    """The page's status for a service's refusal, its message in ``context``."""
    if exc.status >= 500:
        raise exc
    context["message"] = field_message(str(exc))
    return 404 if isinstance(exc, NotFoundError) else 400


@router.get("/corpus/similar", response_class=HTMLResponse, name="corpus_similar_page")
def corpus_similar_page(request: Request, templates: TemplatesDep, settings: SettingsDep,
                        patent: Annotated[str, Query(max_length=100)] = "",
                        filters: Filters = None, limit: Limit = 20) -> HTMLResponse:
    """The patent form; with a patent, the nearest documents with their terms marked."""
    context: dict[str, Any] = {"form": {"patent": patent, "filters": "\n".join(filters or ()),
                                        "limit": limit}, "hits": [], "message": "",
                               "searched": False}
    status = 200
    if patent.strip():
        try:
            results = _similar(settings, patent, filters, limit)
        except KizunaError as exc:
            status = _failed(context, exc)
        else:
            context.update(searched=True, documents=results.documents,
                           hits=[{"hit": h, "snippet": marked(h.snippet, h.highlights)}
                                 for h in results.hits])
    return _page(request, templates, "corpus_similar.html", context, status)


Jurisdiction = Annotated[str | None, Query(max_length=10,
                                           description="only this office: JP, US, EP")]
FieldList = Annotated[str, Query(max_length=1_000, description=(
    "comma-separated WIPO field numbers (1-35) or IPC/CPC prefixes (H04W)"))]
Year = Annotated[int | None, Query(ge=1, le=9999)]
Top = Annotated[int, Query(ge=1, le=10_000)]


def _applicants(settings: Settings, jurisdiction: str | None, fields: str,
                year_from: int | None, year_to: int | None, top: int) -> ActivityReport:
    from kizuna.services.corpus.applicants import applicant_activity

    return applicant_activity(corpus=corpus_folder(settings), jurisdiction=jurisdiction or None,
                              fields=[f for f in fields.split(",") if f.strip()],
                              year_from=year_from, year_to=year_to, top=top, use_ray=False)


def _applicants_csv(report: ActivityReport) -> Response:
    """The applicants as CSV that Excel opens (UTF-8 with BOM; counts as ``name n``)."""
    from kizuna.adapters.exports.table import TABLE_FORMATS, table_csv

    rows = [{**row, "fields": [f"{name} {n}" for name, n in row["fields"].items()],
             "years": [f"{year} {n}" for year, n in row["years"].items()]}
            for row in report.applicants]
    return Response(table_csv(APPLICANT_COLUMNS, rows), media_type=TABLE_FORMATS["csv"],
                    headers={"Content-Disposition": 'attachment; filename="applicants.csv"'})


@router.get("/api/corpus/applicants", summary="Applicant activity by field and year",
            responses={200: {"description": "JSON, or CSV with format=csv"}, 400: _ERROR,
                       404: _ERROR})
def api_applicants(
    settings: SettingsDep, jurisdiction: Jurisdiction = None, fields: FieldList = "",
    year_from: Annotated[int | None, Query(alias="from", ge=1, le=9999)] = None,
    year_to: Annotated[int | None, Query(alias="to", ge=1, le=9999)] = None, top: Top = 50,
    fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Response:
    """Documents per applicant, most first, in this process (no Ray); activity evidence,
    not a finding that anyone uses an invention."""
    report = _applicants(settings, jurisdiction, fields, year_from, year_to, top)
    if fmt == "csv":
        return _applicants_csv(report)
    return json_response(report.to_json())


def _year(value: str, name: str) -> int | None:
    """A year from the page's form (empty: none)."""
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 9999:
        raise InvalidValueError(f"--{name} {value[:20]!r} is not a year")
    return int(value)


@router.get("/corpus/applicants", response_class=HTMLResponse, name="corpus_applicants_page")
def corpus_applicants_page(
    request: Request, templates: TemplatesDep, settings: SettingsDep,
    jurisdiction: Annotated[str, Query(max_length=10)] = "", fields: FieldList = "",
    year_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    year_to: Annotated[str, Query(alias="to", max_length=10)] = "", top: Top = 50,
) -> HTMLResponse:
    """The filters form; once sent, the applicants table with a link to its CSV."""
    form = {"jurisdiction": jurisdiction, "fields": fields, "from": year_from, "to": year_to,
            "top": top}
    context: dict[str, Any] = {"form": form, "message": "", "report": None, "csv_url": ""}
    status = 200
    if any(name in request.query_params for name in ("jurisdiction", "fields", "from", "to",
                                                     "top")):
        try:
            context["report"] = _applicants(settings, jurisdiction.strip() or None, fields,
                                            _year(year_from, "from"), _year(year_to, "to"), top)
        except KizunaError as exc:
            status = _failed(context, exc)
        else:
            query = {k: v for k, v in form.items() if str(v).strip()}
            context["csv_url"] = f"/api/corpus/applicants?{urlencode({**query, 'format': 'csv'})}"
    return _page(request, templates, "corpus_applicants.html", context, status)


_Name = Annotated[str, Field(min_length=1, max_length=300)]


class CorpusScreenRequest(BaseModel):
    """What ``POST /api/corpus/screen`` takes: stored products (``"all"``: every one)."""

    evidence: Annotated[list[_Name], Field(min_length=1, max_length=MAX_WEB_PRODUCTS)] \
        | Literal["all"]
    top_k: int = Field(default=5, ge=1, le=100, description="candidate patents per product")
    claims: int = Field(default=20, ge=1, le=1_000,
                        description="independent claims screened per product, at most")
    method: Method = "hybrid"
    embedder: Literal["auto", "hashing"] = "auto"


def _screen(settings: Settings, database: Database, names: list[str] | None, top_k: int,
            claims: int, method: str, embedder: str = "auto") -> ScreenResult:
    from kizuna.services.corpus.screen import screen_stored

    return screen_stored(corpus=corpus_folder(settings), database=database, names=names,
                         max_products=MAX_WEB_PRODUCTS, top_k=top_k, claims=claims,
                         method=method, embedder=embedder)


@router.post("/api/corpus/screen", summary="Screen corpus claims against stored products",
             response_class=JSONResponse, responses={400: _ERROR, 404: _ERROR})
def api_screen(body: CorpusScreenRequest, settings: SettingsDep, database: DatabaseDep,
               _same_site: SameSiteDep) -> JSONResponse:
    """A ranked worklist of claim-product pairs to chart, in this process (no Ray).

    Products are those stored with ``kizuna evidence add``; at most 20 per request and
    10,000 claim-product pairs. Evidence for a person to chart, not a finding of infringement.
    """
    names = None if body.evidence == "all" else list(body.evidence)
    return json_response(_screen(settings, database, names, body.top_k, body.claims,
                                 body.method, body.embedder).to_json())


def _screen_context(database: Database, chosen: list[str], top_k: int, claims: int,
                    method: str) -> dict[str, Any]:
    from kizuna.services.evidence import list_products

    return {"products": [p.product for p in list_products(database)], "result": None,
            "message": "", "max_products": MAX_WEB_PRODUCTS,
            "form": {"evidence": chosen, "top_k": top_k, "claims": claims, "method": method}}


@router.get("/corpus/screen", response_class=HTMLResponse, name="corpus_screen_page")
def corpus_screen_page(request: Request, templates: TemplatesDep,
                       database: DatabaseDep) -> HTMLResponse:
    """The form: the stored products to screen, candidates per product, claims, method."""
    context = _screen_context(database, [], 5, 20, "hybrid")
    return _page(request, templates, "corpus_screen.html", context)


@router.post("/corpus/screen", response_class=HTMLResponse, include_in_schema=False)
def corpus_screen_run(
    request: Request, templates: TemplatesDep, settings: SettingsDep, database: DatabaseDep,
    _same_site: SameSiteDep,
    evidence: Annotated[list[str] | None, Form(max_length=1_000)] = None,
    top_k: Annotated[int, Form(ge=1, le=100)] = 5,
    claims: Annotated[int, Form(ge=1, le=1_000)] = 20,
    method: Annotated[Method, Form()] = "hybrid",
) -> HTMLResponse:
    """Screen the chosen products and show the ranked worklist above the form."""
    chosen = [name[:300] for name in evidence or () if name.strip()]
    context = _screen_context(database, chosen, top_k, claims, method)
    status = 200
    try:
        if not chosen:
            raise InvalidValueError("choose at least one stored product to screen")
        context["result"] = _screen(settings, database, chosen, top_k, claims, method)
    except KizunaError as exc:
        status = _failed(context, exc)
    return _page(request, templates, "corpus_screen.html", context, status)
