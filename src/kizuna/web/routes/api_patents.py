"""The REST API under ``/api``: the same JSON as the CLI's ``--json`` (docs/json.md).

| route | answer |
|---|---|
| ``GET /api/health`` | ``{"status": "ok", "version"}`` once the database is open and migrated |
| ``GET /api/patents`` (``?q=&sort=&page=``…) | the patent list (``kizuna patents list --json``) |
| ``POST /api/patents/maintenance-fees`` | load USPTO maintenance-fee events |
| ``GET /api/patents/{number}?as_of=`` | ``kizuna.patent/1``, as ``kizuna patents show --json`` |
| ``POST /api/patents/maintenance-fees`` (``file``) | as ``kizuna patents import-fees --json`` |
| ``POST /api/ingest`` (``files``) | the report of ``kizuna ingest --json``; 400 if any failed |
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from kizuna import __version__
from kizuna.adapters.reference import field_concordance
from kizuna.services.ingest import ingest_paths
from kizuna.services.patent_status import fee_events, import_fee_events
from kizuna.services.patent_view import patent_to_json
from kizuna.services.patents import get_patent
from kizuna.services.pools.pledges import commitment_json, commitments_for
from kizuna.services.portfolio import family_members, parse_query, search_portfolio
from kizuna.web.deps import AsOfDep, DatabaseDep, SameSiteDep, SettingsDep
from kizuna.web.listing import MAX_EXPORT_ROWS, Pager, download, export_format, paged_headers
from kizuna.web.responses import json_response
from kizuna.web.routes.pages import PATENT_COLUMNS
from kizuna.web.uploads import name_files, saved_uploads

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

_ERROR = {"description": 'Kizuna error: `{"error", "type"}` (and `candidates` for 404)'}


@router.get("/health", summary="Health check")
def health(database: DatabaseDep) -> dict[str, Any]:
    """Answer once the database is open and at the newest schema revision."""
    del database  # opening it is the check
    return {"status": "ok", "version": __version__}


@router.get("/patents", summary="List, search, filter and page stored patents",
            response_class=JSONResponse, responses={400: _ERROR})
def patents(
    request: Request, database: DatabaseDep,
    q: Annotated[str | None, Query(max_length=200, description="Full-text search")] = None,
    office: Annotated[str | None, Query(max_length=4, description="Office: JP, US, EP…")] = None,
    status: Annotated[str | None, Query(max_length=20, description="pending, granted (in "
                                        "force), lapsed, expired, unknown — as of as_of")] = None,
    as_of: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
    field: Annotated[str | None, Query(max_length=3, description="WIPO field 1-35")] = None,
    sector: Annotated[str | None, Query(max_length=100)] = None,
    owner: Annotated[str | None, Query(max_length=200)] = None,
    expiry_from: Annotated[str | None, Query(max_length=10)] = None,
    expiry_to: Annotated[str | None, Query(max_length=10)] = None,
    sort: Annotated[str | None, Query(max_length=20, description="number, title, office, "
                                      "status, filing, expiry, owner; -key descends")] = None,
    page: Annotated[str | None, Query(max_length=7)] = None,
    per_page: Annotated[str | None, Query(max_length=3, description="1-200")] = None,
    fmt: Annotated[str | None, Query(alias="format", description="json, csv or xlsx")] = None,
) -> Response:
    """The stored patents ordered by number (as ``kizuna patents list --json``), each with
    ``status_as_of``, ``expiry`` and ``owners`` added. Without ``page``/``per_page`` the
    whole (filtered) list; with them one page, the total in ``X-Total-Count`` and the
    neighbours in ``Link``. ``format=csv|xlsx`` downloads the whole filtered list."""
    query = parse_query({
        "q": q, "office": office, "status": status, "as_of": as_of, "field": field,
        "sector": sector, "owner": owner, "expiry_from": expiry_from, "expiry_to": expiry_to,
        "sort": sort, "page": page, "per_page": per_page,
    })
    paged = page is not None or per_page is not None
    download_as = None if fmt in (None, "json") else export_format(request)
    if download_as is not None or not paged:
        query = replace(query, page=1, per_page=MAX_EXPORT_ROWS)
    found = search_portfolio(database=database, query=query)
    if download_as is not None:
        return download(download_as, "patents", PATENT_COLUMNS, found.rows)
    pager = Pager.of(request, total=found.total, page=found.page, per_page=found.per_page)
    return json_response(list(found.rows), headers=paged_headers(request, pager))


@router.post(
    "/patents/maintenance-fees",
    summary="Load US maintenance-fee events (USPTO MaintFeeEvents file)",
    response_class=JSONResponse,
    responses={400: {"description": "At least one line was refused; the body is the report"}},
)
def maintenance_fees(
    file: Annotated[UploadFile, File(description="USPTO maintenance-fee event file (ASCII)")],
    database: DatabaseDep,
    settings: SettingsDep,
    _same_site: SameSiteDep,
) -> JSONResponse:
    """Store the valid event lines in one transaction; refused lines are listed by number."""
    with saved_uploads([file], max_bytes=settings.max_file_bytes) as paths:
        report = import_fee_events(database, paths[0])
    return json_response(report.to_json(), status_code=400 if report.failed else 200)


@router.get(
    "/patents/{number:path}",
    summary="Show one patent (schema kizuna.patent/1)",
    response_class=JSONResponse,
    responses={400: _ERROR, 404: _ERROR},
)
def patent(number: str, database: DatabaseDep, as_of: AsOfDep) -> JSONResponse:
    """One patent in the ``kizuna.patent/1`` schema. ``number`` in any written form,
    URL-encoded (``US%208%2C930%2C553%20B2``, ``%E7%89%B9%E8%A8%B1%E7%AC%AC7533889%E5%8F%B7``);
    404 with close ``candidates`` when no stored patent has it."""
    found = get_patent(database=database, number=number)
    view = patent_to_json(found, as_of=as_of, concordance=field_concordance(),
                          fee_events=fee_events(database, found))
    view["family_members"] = [m.to_json() for m in family_members(database=database,
                                                                  patent=found, as_of=as_of)]
    view["commitments"] = [commitment_json(c)
                           for c in commitments_for(database, [found.number.compact])]
    return json_response(view)


@router.post(
    "/ingest",
    summary="Ingest uploaded patent files",
    response_class=JSONResponse,
    responses={400: {"description": "At least one file failed; the body is the report"}},
)
def ingest(
    files: Annotated[list[UploadFile], File(description="JPO/USPTO/EP XML, JPO JSON, CSV, JSONL")],
    database: DatabaseDep,
    settings: SettingsDep,
    _same_site: SameSiteDep,
) -> JSONResponse:
    """Ingest the uploaded files; answer the report of ``kizuna ingest --json``.

    The status is 200 when every file was read, 400 when any failed (as the CLI
    exits 1); the files that were read are stored either way.
    """
    with saved_uploads(files, max_bytes=settings.max_file_bytes) as paths:
        report = ingest_paths(
            paths=paths, database=database, max_file_bytes=settings.max_file_bytes
        )
        body = name_files(report.to_json(), paths)
    return json_response(body, status_code=400 if report.failed else 200)
