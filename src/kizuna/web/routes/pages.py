"""Server-rendered pages: the patent list, one patent, and the upload form.

Pages work without JavaScript. Each route makes one service call and renders
the same views the API returns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from kizuna.adapters.exports.claim_tree import claim_tree_svg
from kizuna.adapters.reference import field_concordance
from kizuna.services.ingest import ingest_paths
from kizuna.services.patent_status import fee_events
from kizuna.services.patent_view import patent_to_json
from kizuna.services.patents import get_patent
from kizuna.services.pools.pledges import commitments_for
from kizuna.services.portfolio import (
    SORT_KEYS,
    STATUSES,
    family_members,
    parse_query,
    search_portfolio,
)
from kizuna.web.deps import AsOfDep, DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.i18n import translate
from kizuna.web.listing import MAX_EXPORT_ROWS, Pager, download, export_format, sort_url
from kizuna.web.uploads import name_files, saved_uploads

__all__ = ["PATENT_COLUMNS", "router"]

router = APIRouter(include_in_schema=False)

@router.get("/")
def home() -> RedirectResponse:
    """The workbench starts at the patent list."""
    return RedirectResponse("/patents", status_code=303)


PATENT_COLUMNS = ("number", "title", "country", "status_as_of", "filing", "expiry", "owners",
                  "claims", "sources")


@router.get("/patents", response_class=HTMLResponse, name="patents_page")
def patents_page(
    request: Request, database: DatabaseDep, templates: TemplatesDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The stored patents: full-text search ``?q=``, filters, sort, pages, CSV/XLSX export.

    Query parameters are those of :func:`~kizuna.services.portfolio.parse_query`.
    """
    query = parse_query(dict(request.query_params))
    fmt = export_format(request)
    if fmt is not None:
        everything = replace(query, page=1, per_page=MAX_EXPORT_ROWS)
        found = search_portfolio(database=database, query=everything)
        return download(fmt, "patents", PATENT_COLUMNS, found.rows)
    found = search_portfolio(database=database, query=query)
    pager = Pager.of(request, total=found.total, page=found.page, per_page=found.per_page)
    context = {"rows": found.rows, "total": found.total, "q": q, "pager": pager,
               "query": query, "as_of": found.as_of, "statuses": STATUSES,
               "sort_urls": {key: sort_url(request, key) for key in SORT_KEYS},
               "filtered": any(v for k, v in request.query_params.items()
                               if k not in ("page", "per_page", "sort"))}
    response: HTMLResponse = templates.TemplateResponse(request, "patents.html", context)
    return response


@router.get("/patents/{number:path}", response_class=HTMLResponse, name="patent_page")
def patent_page(
    request: Request, number: str, database: DatabaseDep, templates: TemplatesDep, as_of: AsOfDep
) -> HTMLResponse:
    """One patent: identifiers, dates, expiry, parties, fields, claims, sources."""
    found = get_patent(database=database, number=number)
    view = patent_to_json(found, as_of=as_of, concordance=field_concordance(),
                          fee_events=fee_events(database, found))
    family = family_members(database=database, patent=found, as_of=as_of)
    claims = found.claim_sets[0].claims if found.claim_sets else ()
    tree = claim_tree_svg([(c.number, tuple(c.depends_on)) for c in claims],
                          label=lambda n: translate("Claim %(n)s", n=n),
                          title=translate("Claim tree of %(number)s", number=view["number"]))
    context = {"p": view, "family": family, "claim_tree": Markup(tree) if claims else None,
               "commitments": commitments_for(database, [found.number.compact])}
    response: HTMLResponse = templates.TemplateResponse(request, "patent.html", context)
    return response


@router.get("/ingest", response_class=HTMLResponse, name="ingest_page")
def ingest_form(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The upload form."""
    response: HTMLResponse = templates.TemplateResponse(request, "ingest.html", {"report": None})
    return response


@router.post("/ingest", response_class=HTMLResponse)
def ingest_upload(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    _same_site: SameSiteDep,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> HTMLResponse:
    """Ingest the uploaded files and show the per-file report under the form."""
    # A form sent with no file chosen carries one empty part; FastAPI drops it.
    chosen = [f for f in files or () if f.filename]
    if not chosen:
        context: dict[str, Any] = {"report": None, "message": "Choose at least one file."}
        response: HTMLResponse = templates.TemplateResponse(
            request, "ingest.html", context, status_code=400
        )
        return response
    with saved_uploads(chosen, max_bytes=settings.max_file_bytes) as paths:
        report = ingest_paths(
            paths=paths, database=database, max_file_bytes=settings.max_file_bytes
        )
        context = {"report": name_files(report.to_json(), paths), "message": None}
    report_page: HTMLResponse = templates.TemplateResponse(request, "ingest.html", context)
    return report_page
