"""Server-rendered pages: the patent list, one patent, and the upload form.

Pages work without JavaScript. Each route makes one service call and renders
the same views the API returns.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from kizuna.adapters.reference import field_concordance
from kizuna.domain.ids import normalise_text, parse_number
from kizuna.errors import InvalidNumberError
from kizuna.services.ingest import ingest_paths
from kizuna.services.patent_status import fee_events, patents_with_status
from kizuna.services.patent_view import patent_to_json
from kizuna.services.patents import get_patent
from kizuna.web.deps import AsOfDep, DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.uploads import name_files, saved_uploads

__all__ = ["matches", "router"]

router = APIRouter(include_in_schema=False)

_SEPARATORS = re.compile(r"[\s,./\-]")


def _squeeze(text: str) -> str:
    return _SEPARATORS.sub("", text).casefold()


def matches(row: dict[str, Any], query: str) -> bool:
    """True when ``query`` is in the row's number (any spacing) or title (any case),
    or is a written number of the row's document (``特許第7533889号``, ``US 8,930,553``)."""
    wanted = _squeeze(normalise_text(query))
    if not wanted:
        return True
    haystack = (row.get("number") or "", row.get("display") or "", row.get("title") or "")
    if any(wanted in _squeeze(normalise_text(text)) for text in haystack):
        return True
    try:
        country, space, digits = parse_number(query).key
    except InvalidNumberError:
        return False
    return space == "document" and str(row.get("number", "")).startswith(f"{country}{digits}")


@router.get("/")
def home() -> RedirectResponse:
    """The workbench starts at the patent list."""
    return RedirectResponse("/patents", status_code=303)


@router.get("/patents", response_class=HTMLResponse, name="patents_page")
def patents_page(
    request: Request,
    database: DatabaseDep,
    templates: TemplatesDep,
    as_of: AsOfDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The stored patents in a table with status and expiry as of ``?as_of=``, filtered by
    ``?q=`` (number or title)."""
    rows = [s.to_json() for s in patents_with_status(database, as_of=as_of)]
    shown = [row for row in rows if matches(row, q)]
    context = {"rows": shown, "total": len(rows), "q": q, "as_of": as_of}
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
    response: HTMLResponse = templates.TemplateResponse(request, "patent.html", {"p": view})
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
