"""The REST API under ``/api``: the same JSON as the CLI's ``--json`` (docs/json.md).

| route | answer |
|---|---|
| ``GET /api/health`` | ``{"status": "ok", "version"}`` once the database is open and migrated |
| ``GET /api/patents?as_of=`` | the patent list, as ``kizuna patents list --json`` |
| ``GET /api/patents/{number}?as_of=`` | ``kizuna.patent/1``, as ``kizuna patents show --json`` |
| ``POST /api/patents/maintenance-fees`` (``file``) | as ``kizuna patents import-fees --json`` |
| ``POST /api/ingest`` (``files``) | the report of ``kizuna ingest --json``; 400 if any failed |
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse

from kizuna import __version__
from kizuna.adapters.reference import field_concordance
from kizuna.services.ingest import ingest_paths
from kizuna.services.patent_status import fee_events, import_fee_events, patents_with_status
from kizuna.services.patent_view import patent_to_json
from kizuna.services.patents import get_patent
from kizuna.web.deps import AsOfDep, DatabaseDep, SameSiteDep, SettingsDep
from kizuna.web.responses import json_response
from kizuna.web.uploads import name_files, saved_uploads

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

_ERROR = {"description": 'Kizuna error: `{"error", "type"}` (and `candidates` for 404)'}


@router.get("/health", summary="Health check")
def health(database: DatabaseDep) -> dict[str, Any]:
    """Answer once the database is open and at the newest schema revision."""
    del database  # opening it is the check
    return {"status": "ok", "version": __version__}


@router.get("/patents", summary="List stored patents", response_class=JSONResponse)
def patents(database: DatabaseDep, as_of: AsOfDep) -> JSONResponse:
    """The stored patents: ``[{"number", "display", "title", "country", "status", "filing",
    "claims", "sources", "legal_status", "legal_status_label", "expiry", "as_of"}]``,
    ordered by number (as ``kizuna patents list --json``)."""
    return json_response([s.to_json() for s in patents_with_status(database, as_of=as_of)])


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
    return json_response(patent_to_json(found, as_of=as_of, concordance=field_concordance(),
                                        fee_events=fee_events(database, found)))


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
