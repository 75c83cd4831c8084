"""Stored pools and pledges over HTTP: the REST API and the pages (thin: one service call each).

API (JSON; errors ``{"error", "type"}`` with 4xx):

- ``GET /api/pools/stored``; ``POST /api/pools/stored`` ``{"definition", "format"}``;
- ``GET /api/pools/stored/{pool_id}``; ``POST …/founders`` ``{"name"}``; ``POST …/members``
  ``{"name", "tier", "effective", "ends"}``; ``POST …/contributions`` (a ``[[contributions]]``
  table as JSON); ``POST …/leave`` ``{"patent", "left", "reason", "basis"}``;
- ``POST …/reports`` and ``POST …/collections`` (one uploaded CSV/XLSX file ``file``);
- ``POST …/invoice`` and ``POST …/distribution`` ``{"period"}``; ``GET …/ledger``: verification;
- ``GET /api/pledges`` (``?patent=``), ``POST /api/pledges``, ``DELETE /api/pledges/{id}``.

Pages: ``GET /pools/stored`` (list, create form), ``GET /pools/stored/{pool_id}`` (the pool, its
ledger check, report upload and distribution forms), and their POSTs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.pools import periods, pledges, stored
from kizuna.services.pools.run import distribution_json
from kizuna.services.pools.verify import ledger_json, verify_pool_ledger
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.responses import json_response
from kizuna.web.security.principal import request_actor

__all__ = ["router"]

router = APIRouter(tags=["pools"])
MAX_TEXT = 5_000_000
_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}


class DefinitionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    definition: str = Field(max_length=MAX_TEXT, description="The pool file's text")
    format: str = Field("toml", pattern="^(toml|json)$")


class NameBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=500)


class MemberBody(NameBody):
    tier: str = Field(min_length=1, max_length=200)
    effective: date
    ends: date | None = None


class LeaveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patent: str = Field(min_length=1, max_length=60)
    left: date
    reason: str = Field(max_length=20)
    basis: str = Field("", max_length=2000)


class PeriodBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str = Field(max_length=10)


class CommitmentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patent: str = Field(max_length=60)
    kind: str = Field(max_length=10)
    name: str = Field(max_length=300)
    source: str = Field(max_length=2000)
    source_date: date
    scope: str = Field("", max_length=2000)
    field: str = Field("", max_length=2000)
    beneficiaries: str = Field("", max_length=2000)
    starts: date | None = None
    ends: date | None = None
    sdo: str = Field("", max_length=200)
    standard: str = Field("", max_length=300)


def _view(view: stored.PoolView) -> JSONResponse:
    return json_response(view.to_json())


@router.get("/api/pools/stored", response_class=JSONResponse)
def api_list(database: DatabaseDep) -> JSONResponse:
    """Stored pools (as ``kizuna pool list --json``)."""
    return json_response({"pools": stored.list_pools(database)})


@router.post("/api/pools/stored", response_class=JSONResponse, responses={400: _ERROR})
def api_create(
    body: DefinitionBody, request: Request, database: DatabaseDep, _same_site: SameSiteDep
) -> JSONResponse:
    """Store a pool from its definition (``pool.toml`` or ``pool.json`` text)."""
    name = Path(f"pool.{body.format}")
    view = stored.create_pool(database, path=name, actor=request_actor(request),
                              data=body.definition.encode("utf-8"))  # fmt: skip
    return json_response(view.to_json(), status_code=201)


@router.get("/api/pools/stored/{pool_id}", response_class=JSONResponse, responses={404: _ERROR})
def api_show(pool_id: int, database: DatabaseDep) -> JSONResponse:
    """The pool as its ledger makes it (as ``kizuna pool show --json``)."""
    return _view(stored.load_pool(database, str(pool_id)))


@router.post("/api/pools/stored/{pool_id}/founders", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
def api_founder(pool_id: int, body: NameBody, request: Request, database: DatabaseDep,
                _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Add a founder."""
    return _view(stored.add_founder(database, pool=str(pool_id), name=body.name,
                                    actor=request_actor(request)))  # fmt: skip


@router.post("/api/pools/stored/{pool_id}/members", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
def api_member(pool_id: int, body: MemberBody, request: Request, database: DatabaseDep,
               _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Add a member under a tier from its effective date."""
    return _view(stored.add_member(database, pool=str(pool_id), name=body.name, tier=body.tier,
                                   effective=body.effective, ends=body.ends,
                                   actor=request_actor(request)))  # fmt: skip


@router.post("/api/pools/stored/{pool_id}/contributions", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
def api_contribute(pool_id: int, body: dict[str, Any], request: Request, database: DatabaseDep,
                   _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Contribute a patent: a ``[[contributions]]`` table (docs/pools.md) as JSON."""
    if len(str(body)) > 20_000:
        raise InvalidValueError("contribution: larger than 20,000 characters")
    return _view(stored.contribute(database, pool=str(pool_id), contribution=body,
                                   actor=request_actor(request)))  # fmt: skip


@router.post("/api/pools/stored/{pool_id}/leave", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
def api_leave(pool_id: int, body: LeaveBody, request: Request, database: DatabaseDep,
              _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Record that a contributed patent left the pool."""
    return _view(stored.leave(database, pool=str(pool_id), patent=body.patent, left=body.left,
                              reason=body.reason, basis=body.basis,
                              actor=request_actor(request)))  # fmt: skip


async def _upload(file: UploadFile) -> tuple[Path, bytes]:
    data = await file.read(MAX_TEXT + 1)
    name = Path(file.filename or "upload.csv").name
    if len(data) > MAX_TEXT:
        raise InvalidValueError(f"{name}: larger than {MAX_TEXT} bytes")
    return Path(name), data


@router.post("/api/pools/stored/{pool_id}/reports", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
async def api_report(pool_id: int, file: Annotated[UploadFile, File()], request: Request,
                     database: DatabaseDep, _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Import a member royalty report (CSV or XLSX), all rows or none."""
    path, data = await _upload(file)
    return _view(periods.import_report(database, pool=str(pool_id), path=path, data=data,
                                       actor=request_actor(request)))  # fmt: skip


@router.post("/api/pools/stored/{pool_id}/collections", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
async def api_collect(pool_id: int, file: Annotated[UploadFile, File()], request: Request,
                      database: DatabaseDep, _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Record payments received (CSV or XLSX), all rows or none."""
    path, data = await _upload(file)
    return _view(periods.collect(database, pool=str(pool_id), path=path, data=data,
                                 actor=request_actor(request)))  # fmt: skip


@router.post("/api/pools/stored/{pool_id}/invoice", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
def api_invoice(pool_id: int, body: PeriodBody, request: Request, database: DatabaseDep,
                _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Invoice the period from the stored reports (as ``kizuna pool invoice --json``)."""
    result = periods.invoice(database, pool=str(pool_id), period=body.period,
                             actor=request_actor(request))  # fmt: skip
    invoices = [{"member": i.member, "tier": i.tier, "amount": str(i.amount),
                 "steps": list(i.steps)} for i in result.distribution.invoices]  # fmt: skip
    return json_response({"period": result.distribution.period.label,
                          "currency": result.pool.currency, "invoices": invoices})  # fmt: skip


@router.post("/api/pools/stored/{pool_id}/distribution", response_class=JSONResponse,
             responses={400: _ERROR, 404: _ERROR})  # fmt: skip
def api_distribute(pool_id: int, body: PeriodBody, request: Request, database: DatabaseDep,
                   _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Distribute the period from stored data (the ``distribution-<period>.json`` document)."""
    result = periods.distribute_stored(database, pool=str(pool_id), period=body.period,
                                       actor=request_actor(request))  # fmt: skip
    return json_response(distribution_json(result.distribution))


@router.get("/api/pools/stored/{pool_id}/ledger", response_class=JSONResponse,
            responses={404: _ERROR})  # fmt: skip
def api_ledger(pool_id: int, database: DatabaseDep) -> JSONResponse:
    """The ledger check (as ``kizuna pool ledger verify --json``); 200 whatever it finds."""
    view = stored.pool_store(database).get(pool_id)
    return json_response(ledger_json(view.name, verify_pool_ledger(database, str(pool_id))))


@router.get("/api/pledges", response_class=JSONResponse, responses={404: _ERROR})
def api_pledges(
    database: DatabaseDep, patent: Annotated[str | None, Query(max_length=60)] = None
) -> JSONResponse:
    """Recorded pledges and FRAND commitments (``?patent=`` for one patent)."""
    items = pledges.list_commitments(database, patent)
    return json_response({"commitments": [pledges.commitment_json(i) for i in items]})


@router.post("/api/pledges", response_class=JSONResponse, responses={400: _ERROR, 404: _ERROR})
def api_pledge_add(body: CommitmentBody, request: Request, database: DatabaseDep,
                   _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Record a pledge or FRAND commitment on a stored patent, with its source and date."""
    item = pledges.add_commitment(database, actor=request_actor(request), **body.model_dump())
    return json_response(pledges.commitment_json(item), status_code=201)


@router.delete("/api/pledges/{commitment_id}", response_class=JSONResponse,
               responses={404: _ERROR})  # fmt: skip
def api_pledge_remove(commitment_id: int, request: Request, database: DatabaseDep,
                      _same_site: SameSiteDep) -> JSONResponse:  # fmt: skip
    """Remove a commitment recorded in error (the audit log keeps it)."""
    pledges.remove_commitment(database, commitment_id, actor=request_actor(request))
    return json_response({"removed": commitment_id})


def _page(request: Request, templates: Any, name: str, context: dict[str, Any],
          status: int = 200) -> HTMLResponse:  # fmt: skip
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


@router.get("/pools/stored", response_class=HTMLResponse, include_in_schema=False)
def stored_pools_page(request: Request, database: DatabaseDep, templates: TemplatesDep,
                      message: str = "") -> HTMLResponse:  # fmt: skip
    """Stored pools and the form to store one."""
    return _page(request, templates, "pool_store.html",
                 {"pools": stored.list_pools(database), "message": message[:300]})  # fmt: skip


@router.post("/pools/stored", include_in_schema=False)
def stored_pools_create(
    request: Request,
    database: DatabaseDep,
    templates: TemplatesDep,
    _same_site: SameSiteDep,
    definition: Annotated[str, Form(max_length=MAX_TEXT)],
) -> Response:
    """Store the posted pool definition (TOML) and open its page."""
    try:
        view = stored.create_pool(database, path=Path("pool.toml"), actor=request_actor(request),
                                  data=definition.encode("utf-8"))  # fmt: skip
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        context = {"pools": stored.list_pools(database), "message": str(exc)}
        return _page(request, templates, "pool_store.html", context, exc.status)
    return RedirectResponse(f"/pools/stored/{view.id}", status_code=303)


@router.get("/pools/stored/{pool_id}", response_class=HTMLResponse, include_in_schema=False)
def stored_pool_page(pool_id: int, request: Request, database: DatabaseDep,
                     templates: TemplatesDep, message: str = "") -> HTMLResponse:  # fmt: skip
    """One stored pool: terms, patents, members, periods, and its ledger check."""
    view = stored.load_pool(database, str(pool_id))
    check = verify_pool_ledger(database, str(pool_id))
    return _page(request, templates, "pool_stored.html",
                 {"view": view, "check": check, "message": message[:300]})  # fmt: skip


@router.post("/pools/stored/{pool_id}/reports", include_in_schema=False)
async def stored_pool_report(pool_id: int, request: Request, database: DatabaseDep,
                             _same_site: SameSiteDep,
                             file: Annotated[UploadFile, File()]) -> Response:  # fmt: skip
    """Import an uploaded report; back to the pool page with the outcome."""
    try:
        path, data = await _upload(file)
        periods.import_report(database, pool=str(pool_id), path=path, data=data,
                              actor=request_actor(request))  # fmt: skip
        note = f"imported {path.name}"
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        note = str(exc)
    return RedirectResponse(_back(pool_id, note), status_code=303)


@router.post("/pools/stored/{pool_id}/distribute", include_in_schema=False)
def stored_pool_distribute(pool_id: int, request: Request, database: DatabaseDep,
                           _same_site: SameSiteDep,
                           period: Annotated[str, Form(max_length=10)]) -> Response:  # fmt: skip
    """Distribute a period from stored data; back to the pool page with the outcome."""
    try:
        result = periods.distribute_stored(database, pool=str(pool_id), period=period,
                                           actor=request_actor(request))  # fmt: skip
        d = result.distribution
        note = f"{d.period.label}: collected {d.collected} {d.currency}, fee {d.fee}, " + ", ".join(
            f"{p.founder} {p.amount}" for p in d.payouts
        )
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        note = str(exc)
    return RedirectResponse(_back(pool_id, note), status_code=303)


def _back(pool_id: int, note: str) -> str:
    from urllib.parse import quote

    return f"/pools/stored/{pool_id}?message={quote(note[:300])}"
