"""Stored matching programmes: import the catalogue and SME profiles, see shortlists from them.

- ``GET /api/match/programmes``: ``{"programmes": [{"programme", "open_patents", "smes"}]}``;
- ``POST /api/match/programmes``: JSON ``{"programme", "catalogue", "smes", "dry_run"}`` (CSV
  texts, either may be empty) → the import report, as ``kizuna match import --json``;
- ``GET /api/match/programmes/{programme}``: the stored catalogue and profiles;
- ``GET /api/match/programmes/{programme}/shortlists?region=&top=&as_of=``: as
  ``kizuna match run --programme --json``;
- ``GET /match/programmes``, ``POST /match/programmes``: the list and the upload form;
- ``GET /match/programmes/{programme}?region=&top=``: its shortlists, explained.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.errors import KizunaError
from kizuna.services.matching.files import catalogue_of, rows_of, smes_of
from kizuna.services.matching.programmes import (
    import_programme,
    list_programmes,
    load_programme,
    patent_record,
    sme_record,
)
from kizuna.services.matching.run import match, shortlist_json
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.responses import json_response

__all__ = ["ImportBody", "router"]

router = APIRouter(tags=["matching"])
MAX_TEXT = 5_000_000
_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}


class ImportBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme: str = Field(min_length=1, max_length=200)
    catalogue: str = Field("", max_length=MAX_TEXT, description="Open patents, CSV text")
    smes: str = Field("", max_length=MAX_TEXT, description="SME profiles, CSV (ja/en headers)")
    dry_run: bool = False


def _import(
    database: Any, programme: str, catalogue: bytes, smes: bytes, dry_run: bool,
    names: tuple[str, str] = ("catalogue", "smes"),
) -> dict[str, Any]:  # fmt: skip
    report = import_programme(
        database,
        programme,
        catalogue=catalogue_of(rows_of(catalogue, name=names[0]), name=names[0])
        if catalogue.strip()
        else (),
        smes=smes_of(rows_of(smes, name=names[1]), name=names[1]) if smes.strip() else (),
        dry_run=dry_run,
    )
    return dataclasses.asdict(report)


@router.get("/api/match/programmes", response_class=JSONResponse)
def api_programmes(database: DatabaseDep) -> JSONResponse:
    """Stored programmes with their counts."""
    return json_response({"programmes": list_programmes(database)})


@router.post("/api/match/programmes", response_class=JSONResponse, responses={400: _ERROR})
def api_import(body: ImportBody, database: DatabaseDep, _same_site: SameSiteDep) -> JSONResponse:
    """Store (or preview with ``dry_run``) a catalogue and SME profiles, all or nothing."""
    return json_response(
        _import(database, body.programme, body.catalogue.encode(), body.smes.encode(),
                body.dry_run)
    )  # fmt: skip


@router.get(
    "/api/match/programmes/{programme}", response_class=JSONResponse, responses={404: _ERROR}
)
def api_programme(programme: str, database: DatabaseDep) -> JSONResponse:
    """A stored programme's catalogue and SME profiles."""
    patents, smes = load_programme(database, programme)
    return json_response(
        {
            "programme": programme,
            "catalogue": [patent_record(p) for p in patents],
            "smes": [sme_record(s) for s in smes],
        }
    )


@router.get(
    "/api/match/programmes/{programme}/shortlists",
    response_class=JSONResponse,
    responses={400: _ERROR, 404: _ERROR},
)
def api_shortlists(
    programme: str,
    database: DatabaseDep,
    region: Annotated[str, Query(max_length=100)] = "",
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    as_of: Annotated[str | None, Query(max_length=10)] = None,
) -> JSONResponse:
    """Each stored open patent's shortlist of the programme's SMEs, explained."""
    from kizuna.services.royalty_inputs import parse_day

    patents, smes = load_programme(database, programme)
    day = parse_day(as_of, "as_of") or date.today()
    return json_response(
        shortlist_json(match(patents=patents, smes=smes, on=day, region=region, top=top))
    )


def _page(
    request: Request, templates: Any, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    base: dict[str, Any] = {"programmes": [], "programme": None, "result": None,
                            "message": None, "report": None, "region": "", "top": 5,
                            "smes": []}  # fmt: skip
    response: HTMLResponse = templates.TemplateResponse(
        request, "match_programmes.html", base | context, status_code=status
    )
    return response


@router.get("/match/programmes", response_class=HTMLResponse, include_in_schema=False)
def programmes_page(
    request: Request, templates: TemplatesDep, database: DatabaseDep
) -> HTMLResponse:
    """Stored programmes and the import form."""
    return _page(request, templates, {"programmes": list_programmes(database)})


async def _read(upload: UploadFile | None) -> tuple[bytes, str]:
    if upload is None or not upload.filename:
        return b"", ""
    data = await upload.read(MAX_TEXT + 1)
    if len(data) > MAX_TEXT:
        from kizuna.errors import InvalidValueError

        raise InvalidValueError(f"{upload.filename}: larger than {MAX_TEXT} bytes")
    return data, upload.filename


@router.post("/match/programmes", response_class=HTMLResponse, include_in_schema=False)
async def programmes_import(
    request: Request,
    templates: TemplatesDep,
    database: DatabaseDep,
    _same_site: SameSiteDep,
    programme: Annotated[str, Form(min_length=1, max_length=200)],
    catalogue: Annotated[UploadFile | None, File()] = None,
    smes: Annotated[UploadFile | None, File()] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Import the uploaded files into a programme."""
    context: dict[str, Any] = {}
    status = 200
    try:
        (cat, cat_name), (sme, sme_name) = await _read(catalogue), await _read(smes)
        context["report"] = _import(database, programme, cat, sme, dry_run,
                                    (cat_name or "catalogue", sme_name or "smes"))  # fmt: skip
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        status, context["message"] = exc.status, str(exc)
    context["programmes"] = list_programmes(database)
    return _page(request, templates, context, status)


@router.get("/match/programmes/{programme}", response_class=HTMLResponse, include_in_schema=False)
def programme_page(
    request: Request,
    templates: TemplatesDep,
    database: DatabaseDep,
    programme: str,
    region: Annotated[str, Query(max_length=100)] = "",
    top: Annotated[int, Query(ge=1, le=100)] = 5,
) -> HTMLResponse:
    """A stored programme's SMEs and each open patent's shortlist."""
    patents, smes = load_programme(database, programme)
    result = shortlist_json(
        match(patents=patents, smes=smes, on=date.today(), region=region, top=top)
    )
    return _page(
        request,
        templates,
        {"programme": programme, "result": result, "region": region, "top": top, "smes": smes},
    )
