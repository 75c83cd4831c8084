"""``POST /api/fetch``: fetch single documents from the offices' APIs and store them.

The REST form of ``kizuna fetch NUMBER... --ingest --json`` (docs/cli/fetch.md): the
server's own credentials (``KIZUNA_EPO_OPS_KEY`` …) are used, the answers are stored
through the ingest path, and the body is the report of ``kizuna fetch --json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kizuna.services.fetch.documents import MAX_NUMBERS, fetch_documents
from kizuna.services.ingest import IngestReport, ingest_paths
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep
from kizuna.web.responses import json_response

if TYPE_CHECKING:
    from kizuna.services.fetch.ports import DocumentFetcher
    from kizuna.settings import Settings

__all__ = ["FetchBody", "router"]

router = APIRouter(prefix="/api", tags=["api"])

Number = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class FetchBody(BaseModel):
    """The numbers to fetch and the office to ask (``auto``: by country code)."""

    model_config = ConfigDict(extra="forbid")

    numbers: list[Number] = Field(min_length=1, max_length=MAX_NUMBERS,
                                  description="EP3404678B1, US9362380, 特願2020-123456, …")
    office: Literal["auto", "ep", "us", "jp"] = "auto"


def _fetchers(settings: Settings) -> dict[str, DocumentFetcher]:
    """The office clients (a seam: tests replace it to replay recorded answers)."""
    from kizuna.adapters.fetch import build_fetchers

    return build_fetchers(settings)


@router.post(
    "/fetch",
    summary="Fetch documents from the EPO, USPTO and JPO APIs and store them",
    response_class=JSONResponse,
    responses={400: {"description": "A number failed (the body is the report), or a bad "
                                    "number or missing credentials (`{\"error\", \"type\"}`)"}},
)
def fetch(body: FetchBody, database: DatabaseDep, settings: SettingsDep,
          _same_site: SameSiteDep) -> JSONResponse:
    """Fetch each number from its office and ingest the answers; 400 when any failed."""

    def store(paths: Sequence[Path]) -> IngestReport:
        return ingest_paths(paths=paths, database=database,
                            max_file_bytes=settings.max_file_bytes, workers=1)

    fetchers = _fetchers(settings)
    try:
        report = fetch_documents(numbers=body.numbers, fetchers=fetchers, office=body.office,
                                 ingest=store)
    finally:
        for client in fetchers.values():
            client.close()
    failed = bool(report.failed) or (report.ingest is not None and bool(report.ingest.failed))
    return json_response(report.to_json(), status_code=400 if failed else 200)
