"""Royalty routes of the REST API: the JSON of ``kizuna royalty … --json`` (docs/royalty.md).

| route | answer |
|---|---|
| ``GET /api/royalty/comparables?field=&territory=`` | as ``kizuna royalty comparables --json`` |
| ``POST /api/royalty/comparables/import`` (``file``) | as ``kizuna royalty import --json`` |
| ``GET /api/royalty/benchmark?field=&…&adjust=`` | as ``kizuna royalty benchmark --json`` |
| ``POST /api/royalty/frand`` (JSON) | as ``kizuna royalty frand --json`` |

Bad input is a 400 whose ``error`` names the input by its CLI flag
(``--price: '-5' is negative``); a JSON key is the flag's name with underscores.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.adapters.storage.royalty import SqlComparableStore
from kizuna.services import royalty_views as views
from kizuna.services.royalty import (
    BenchmarkReport,
    benchmark_rates,
    import_comparables,
    list_comparables,
)
from kizuna.services.royalty_inputs import benchmark_query, frand_from_text, parse_adjustment
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep
from kizuna.web.responses import json_response
from kizuna.web.uploads import saved_uploads

__all__ = [
    "ComparableStoreDep",
    "FrandBody",
    "Number",
    "as_text",
    "benchmark_report",
    "comparable_store",
    "router",
]

router = APIRouter(prefix="/api", tags=["royalty"])

_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}

Number = str | int | float
"""A JSON number or a string as the CLI takes it (``"9%"``, ``"1,300"``, ``"0.09"``)."""


def as_text(value: Number | None) -> str | None:
    """A body value as the CLI's text (a JSON number keeps its written digits)."""
    return None if value is None else str(value)


def comparable_store(database: DatabaseDep) -> SqlComparableStore:
    """The user's imported comparables, kept in the app's database."""
    return SqlComparableStore(database)


ComparableStoreDep = Annotated[SqlComparableStore, Depends(comparable_store)]


def benchmark_report(
    store: SqlComparableStore,
    *,
    field: str | None,
    territory: str | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    base: str | None = None,
    kinds: list[str] | None = None,
    verified_only: bool = False,
    adjust: list[str] | None = None,
) -> BenchmarkReport:
    """The benchmark of the query parameters (shared by the API and the /royalty page)."""
    query = benchmark_query(
        field=field,
        territory=territory,
        year_from=year_from,
        year_to=year_to,
        base=base,
        kinds=kinds or (),
        verified_only=verified_only,
    )
    adjustments = [parse_adjustment(a) for a in adjust or () if a.strip()]
    return benchmark_rates(store=store, query=query, adjustments=adjustments)


@router.get(
    "/royalty/comparables",
    summary="List comparables with their sources",
    response_class=JSONResponse,
    responses={400: _ERROR},
)
def comparables(
    store: ComparableStoreDep,
    field: str | None = None,
    territory: str | None = None,
    base: Annotated[str | None, Query(description="net_sales, aggregate or per_unit")] = None,
) -> JSONResponse:
    """Shipped and imported comparables, filtered (``kizuna royalty comparables --json``)."""
    query = benchmark_query(field=field, territory=territory, base=base, listing=True)
    return json_response(views.comparables_json(list_comparables(store=store, query=query)))


@router.post(
    "/royalty/comparables/import",
    summary="Import your own comparables (CSV)",
    response_class=JSONResponse,
    responses={400: {"description": "At least one row failed; the body is the report"}},
)
def import_csv(
    file: Annotated[UploadFile, File(description="CSV with the comparables.csv columns")],
    store: ComparableStoreDep,
    settings: SettingsDep,
    _same_site: SameSiteDep,
) -> JSONResponse:
    """Store the valid rows; the report lists each refused row's line and fault.

    200 when every row was stored, 400 when any was refused (the CLI exits 1);
    the valid rows are stored either way. A file of the same name replaces its
    earlier import.
    """
    with saved_uploads([file], max_bytes=settings.max_file_bytes) as paths:
        report = import_comparables(path=paths[0], store=store)
    return json_response(views.import_json(report), status_code=400 if report.errors else 200)


@router.get(
    "/royalty/benchmark",
    summary="Rate range for a field",
    response_class=JSONResponse,
    responses={400: _ERROR},
)
def benchmark(
    store: ComparableStoreDep,
    field: str | None = None,
    territory: str | None = None,
    year_from: Annotated[str | None, Query(alias="from", description="First year")] = None,
    year_to: Annotated[str | None, Query(alias="to", description="Last year")] = None,
    base: Annotated[str | None, Query(description="net_sales (default), …")] = None,
    kind: Annotated[list[str] | None, Query(description="Repeatable")] = None,
    verified_only: bool = False,
    adjust: Annotated[
        list[str] | None, Query(description="FACTOR=REASON, e.g. 1.5=Art. 102(3) uplift")
    ] = None,
) -> JSONResponse:
    """n, quartiles, median, sources and explanation (``kizuna royalty benchmark --json``)."""
    report = benchmark_report(
        store,
        field=field,
        territory=territory,
        year_from=year_from,
        year_to=year_to,
        base=base,
        kinds=kind,
        verified_only=verified_only,
        adjust=adjust,
    )
    return json_response(views.benchmark_json(report))


class FrandBody(BaseModel):
    """The inputs of ``kizuna royalty frand`` (flags with underscores)."""

    model_config = ConfigDict(extra="forbid")

    price: Number = Field(description="Device price (the royalty base)")
    currency: str = Field(description="ISO 4217 code, e.g. JPY")
    aggregate_rate: Number | None = Field(None, description="e.g. '8%' or 0.08")
    holder_patents: int | None = None
    total_patents: int | None = None
    contribution: Number = Field("1", description="The standard's share of the price")
    price_cap: Number | None = None
    per_unit_cap: Number | None = None
    units: Number | None = Field(None, description="Units sold, for a total")
    variants: list[str] = Field([], description="NAME=RATE, e.g. 'LTE-only=9%'")
    preset: str | None = Field(None, description="pantech-asus, apple-samsung, …")


@router.post(
    "/royalty/frand",
    summary="FRAND top-down royalty per unit",
    response_class=JSONResponse,
    responses={400: _ERROR, 404: {"description": "Unknown preset, with candidates"}},
)
def frand(body: FrandBody, _same_site: SameSiteDep) -> JSONResponse:
    """price x aggregate rate x holder / total patents, with the arithmetic in ``steps``."""
    report = frand_from_text(
        price=str(body.price),
        currency=body.currency,
        aggregate_rate=as_text(body.aggregate_rate),
        holder_patents=body.holder_patents,
        total_patents=body.total_patents,
        contribution=str(body.contribution),
        price_cap=as_text(body.price_cap),
        per_unit_cap=as_text(body.per_unit_cap),
        units=as_text(body.units),
        variants=body.variants,
        preset=body.preset,
    )
    return json_response(views.frand_json(report))
