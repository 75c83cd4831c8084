"""SME matching routes: shortlists from uploaded files, and the coordinator's cases.

- ``POST /api/match``, JSON ``{"catalogue", "smes", "region", "top", "as_of"}`` (CSV texts):
  as ``kizuna match run --json``;
- ``GET /api/match/cases?programme=``, ``POST /api/match/cases``,
  ``POST /api/match/cases/{id}/advance``, ``GET /api/match/stats?programme=``: the workflow;
- ``GET /match``, ``POST /match``: upload the two files, see the explained shortlists.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.domain.matching.workflow import MatchCase
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.matching.files import catalogue_of, rows_of, smes_of
from kizuna.services.matching.run import match, shortlist_json
from kizuna.services.matching.workflow import advance_case, list_cases, open_case, stats
from kizuna.services.royalty_inputs import parse_day
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.responses import json_response

__all__ = ["AdvanceBody", "CaseBody", "MatchBody", "router"]

router = APIRouter(tags=["matching"])
MAX_TEXT = 5_000_000
_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}
Short = Annotated[str, Field(max_length=2000)]


class MatchBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    catalogue: str = Field(max_length=MAX_TEXT, description="Open patents, CSV text")
    smes: str = Field(max_length=MAX_TEXT, description="SME profiles, CSV text (ja/en headers)")
    region: str = Field("", max_length=100)
    top: int = Field(10, ge=1, le=100)
    as_of: str | None = Field(None, max_length=10)


class CaseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme: Short
    patent: Short
    sme: Short
    coordinator: Short
    date: str | None = Field(None, max_length=10)
    note: Short = ""
    next: Short = ""


class AdvanceBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(max_length=20)
    date: str | None = Field(None, max_length=10)
    note: Short = ""
    next: Short = ""


def _shortlists(
    catalogue: bytes,
    smes: bytes,
    region: str,
    top: int,
    as_of: str | None,
    names: tuple[str, str] = ("catalogue", "smes"),
) -> dict[str, object]:
    patents = catalogue_of(rows_of(catalogue, name=names[0]), name=names[0])
    profiles = smes_of(rows_of(smes, name=names[1]), name=names[1])
    day = parse_day(as_of, "as_of") or date.today()
    return shortlist_json(match(patents=patents, smes=profiles, on=day, region=region, top=top))


def _case(case: MatchCase) -> dict[str, Any]:
    return {**dataclasses.asdict(case), "stage": case.stage}


@router.post("/api/match", response_class=JSONResponse, responses={400: _ERROR})
def api_match(body: MatchBody, _same_site: SameSiteDep) -> JSONResponse:
    """Each open patent's shortlist of SMEs with the reasons."""
    return json_response(
        _shortlists(body.catalogue.encode(), body.smes.encode(), body.region, body.top, body.as_of)
    )


@router.get("/api/match/cases", response_class=JSONResponse)
def api_cases(
    database: DatabaseDep, programme: Annotated[str, Query(max_length=200)] = ""
) -> JSONResponse:
    """Every matching case with its events."""
    return json_response({"cases": [_case(c) for c in list_cases(database, programme)]})


@router.post("/api/match/cases", response_class=JSONResponse, responses={400: _ERROR})
def api_open_case(body: CaseBody, database: DatabaseDep, _same_site: SameSiteDep) -> JSONResponse:
    """Open a case at ``proposed``."""
    case = open_case(
        database,
        programme=body.programme,
        patent=body.patent,
        sme=body.sme,
        coordinator=body.coordinator,
        on=parse_day(body.date, "date") or date.today(),
        note=body.note,
        next_step=body.next,
    )
    return json_response(_case(case))


@router.post(
    "/api/match/cases/{case_id}/advance",
    response_class=JSONResponse,
    responses={400: _ERROR, 404: _ERROR, 409: _ERROR},
)
def api_advance(
    case_id: int, body: AdvanceBody, database: DatabaseDep, _same_site: SameSiteDep
) -> JSONResponse:
    """Move a case forward, or close it with the reason."""
    case = advance_case(
        database,
        case_id,
        to=body.to,
        on=parse_day(body.date, "date") or date.today(),
        note=body.note,
        next_step=body.next,
    )
    return json_response(_case(case))


@router.get("/api/match/stats", response_class=JSONResponse)
def api_stats(
    database: DatabaseDep, programme: Annotated[str, Query(max_length=200)]
) -> JSONResponse:
    """How many cases reached each stage."""
    return json_response(dataclasses.asdict(stats(database, programme)))


@router.get("/match", response_class=HTMLResponse, include_in_schema=False)
def match_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The upload form."""
    context = {"result": None, "message": None, "region": "", "top": 5}
    response: HTMLResponse = templates.TemplateResponse(request, "match.html", context)
    return response


async def _read(upload: UploadFile, name: str) -> bytes:
    data = await upload.read(MAX_TEXT + 1)
    if len(data) > MAX_TEXT:
        raise InvalidValueError(f"{name}: larger than {MAX_TEXT} bytes")
    return data


@router.post("/match", response_class=HTMLResponse, include_in_schema=False)
async def match_run(
    request: Request,
    templates: TemplatesDep,
    _same_site: SameSiteDep,
    catalogue: Annotated[UploadFile, File()],
    smes: Annotated[UploadFile, File()],
    region: Annotated[str, Form(max_length=100)] = "",
    top: Annotated[int, Form(ge=1, le=100)] = 5,
) -> HTMLResponse:
    """Shortlists for the uploaded catalogue and profiles."""
    context: dict[str, Any] = {"result": None, "message": None, "region": region, "top": top}
    status = 200
    try:
        names = (catalogue.filename or "catalogue.csv", smes.filename or "smes.csv")
        context["result"] = _shortlists(
            await _read(catalogue, names[0]), await _read(smes, names[1]), region, top, None, names
        )
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        status, context["message"] = exc.status, str(exc)
    response: HTMLResponse = templates.TemplateResponse(
        request, "match.html", context, status_code=status
    )
    return response
