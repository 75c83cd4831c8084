"""Patent pool routes: the distribution and checklist of a pool file, as API and page.

- ``POST /api/pools/distribution``, JSON ``{"pool", "period", "reports", "collections"}``:
  as ``kizuna pool distribute --json``;
- ``POST /api/pools/check``, JSON ``{"pool"}``: as ``kizuna pool check --json``;
- ``GET /pools``, ``POST /pools``: a form (pool TOML, report and collection files,
  period) showing the statement, or downloading its XLSX.

Nothing is stored: the pool file travels with the request. Bodies are bounded
(``MAX_TEXT`` characters per text, ``MAX_FILES`` files).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kizuna.domain.pools.checklist import GUIDELINE, check_pool
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.pools import pool_file
from kizuna.services.pools.run import PeriodResult, distribution_json, run_period_bytes
from kizuna.web.deps import SameSiteDep, TemplatesDep
from kizuna.web.responses import json_response

__all__ = ["CheckBody", "DistributionBody", "router"]

router = APIRouter(tags=["pools"])

MAX_TEXT = 5_000_000
MAX_FILES = 20
EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "pool" / "pool.toml"
_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}


class CheckBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pool: str = Field(max_length=MAX_TEXT, description="The pool file (TOML text)")


class DistributionBody(CheckBody):
    period: str = Field(max_length=10, description="2026-Q1 or 2026")
    reports: list[Annotated[str, Field(max_length=MAX_TEXT)]] = Field(
        min_length=1, max_length=MAX_FILES, description="Member reports, CSV text each"
    )
    collections: list[Annotated[str, Field(max_length=MAX_TEXT)]] = Field(
        default_factory=list, max_length=MAX_FILES, description="Payments received, CSV text each"
    )


def _run(body: DistributionBody) -> PeriodResult:
    pool, fx = pool_file.read_pool_text(body.pool, path="pool.toml")
    return run_period_bytes(
        pool=pool,
        fx_rates=fx,
        period=body.period,
        reports=[(f"reports[{i}]", t.encode()) for i, t in enumerate(body.reports)],
        collections=[(f"collections[{i}]", t.encode()) for i, t in enumerate(body.collections)],
    )


@router.post("/api/pools/distribution", response_class=JSONResponse, responses={400: _ERROR})
def api_distribution(body: DistributionBody, _same_site: SameSiteDep) -> JSONResponse:
    """Invoices, fee and the founders' shares for one period (docs/pools.md)."""
    return json_response(distribution_json(_run(body).distribution))


@router.post("/api/pools/check", response_class=JSONResponse, responses={400: _ERROR})
def api_check(body: CheckBody, _same_site: SameSiteDep) -> JSONResponse:
    """The JFTC patent-pool checklist against the pool's stated terms."""
    pool, _ = pool_file.read_pool_text(body.pool, path="pool.toml")
    items = [dataclasses.asdict(r) for r in check_pool(pool)]
    return json_response({"pool": pool.name, "source": GUIDELINE, "items": items})


def _example() -> str:
    try:
        return EXAMPLE.read_text(encoding="utf-8")
    except OSError:
        return ""


@router.get("/pools", response_class=HTMLResponse, include_in_schema=False)
def pools_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The form, starting from the example pool."""
    context = {"toml": _example(), "period": "2026-Q1", "result": None, "message": None}
    response: HTMLResponse = templates.TemplateResponse(request, "pools.html", context)
    return response


async def _texts(files: list[UploadFile] | None, name: str) -> list[str]:
    texts = []
    for upload in (files or [])[:MAX_FILES]:
        if not upload.filename:
            continue
        data = await upload.read(MAX_TEXT + 1)
        if len(data) > MAX_TEXT:
            raise InvalidValueError(f"{name} {upload.filename}: larger than {MAX_TEXT} bytes")
        rows = pool_file.read_table(data, path=upload.filename)  # CSV (UTF-8/cp932) or XLSX
        header = list(rows[0]) if rows else []
        lines = [",".join(header)] + [
            ",".join(_csv_cell(r.get(h, "")) for h in header) for r in rows
        ]
        texts.append("\n".join(lines))
    return texts


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


@router.post("/pools", response_class=HTMLResponse, include_in_schema=False)
async def pools_run(
    request: Request,
    templates: TemplatesDep,
    _same_site: SameSiteDep,
    toml: Annotated[str, Form(max_length=MAX_TEXT)],
    period: Annotated[str, Form(max_length=10)],
    reports: Annotated[list[UploadFile] | None, File()] = None,
    collections: Annotated[list[UploadFile] | None, File()] = None,
    output: Annotated[str, Form(max_length=10)] = "page",
) -> Response:
    """The period's statement; ``output=xlsx`` downloads the workbook instead."""
    context: dict[str, Any] = {"toml": toml, "period": period, "result": None, "message": None}
    status = 200
    try:
        report_texts = await _texts(reports, "report")
        if not report_texts:
            raise InvalidValueError("reports: choose at least one member report file")
        body = DistributionBody(
            pool=toml,
            period=period,
            reports=report_texts,
            collections=await _texts(collections, "collection file"),
        )
        result = _run(body)
        if output == "xlsx":
            from kizuna.adapters.exports.pool_xlsx import statement_xlsx_bytes

            name = f"statements-{result.distribution.period.label}.xlsx"
            return Response(
                statement_xlsx_bytes(result),
                media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        context["result"] = result
        context["checks"] = check_pool(result.pool)
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        status, context["message"] = exc.status, str(exc)
    response: HTMLResponse = templates.TemplateResponse(
        request, "pools.html", context, status_code=status
    )
    return response
