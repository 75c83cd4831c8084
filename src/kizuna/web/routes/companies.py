"""Company pages and API: the same JSON as ``kizuna companies … --json`` (docs/cli/companies.md).

| route | answer |
|---|---|
| ``GET /api/companies`` | as ``kizuna companies list --json`` |
| ``GET /api/companies/resolve?name=`` | as ``kizuna companies resolve NAME --json`` |
| ``GET /api/companies/{id}`` | as ``kizuna companies show ID --json`` |
| ``POST /api/companies/import?dry_run=`` (``file``) | as ``companies import [--dry-run] --json`` |
| ``GET /companies?q=`` | table of companies; ``q`` is resolved and the candidates shown |
| ``GET /companies/{id}`` | one company with its exposure assessment and linked patents |
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse

from kizuna.domain.company import Company
from kizuna.services.companies import (
    company_detail,
    import_companies,
    list_companies,
    resolve_company,
)
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.responses import json_response
from kizuna.web.uploads import saved_uploads

__all__ = ["company_row", "router"]

router = APIRouter(tags=["companies"])


def company_row(company: Company) -> dict[str, Any]:
    """One line of the company list (``kizuna companies list --json``)."""
    return {
        "id": company.id,
        "name_ja": company.name_ja,
        "name_en": company.name_en,
        "corporate_number": company.corporate_number,
        "country": company.country,
        "jsic": list(company.jsic),
        "parent_id": company.parent_id,
        "signals": list(company.signals),
    }


@router.get("/api/companies", summary="List companies", response_class=JSONResponse)
def api_list(database: DatabaseDep) -> JSONResponse:
    """Every stored company."""
    return json_response([company_row(c) for c in list_companies(database)])


@router.get("/api/companies/resolve", summary="Resolve a company name",
            response_class=JSONResponse)
def api_resolve(database: DatabaseDep,
                name: Annotated[str, Query(min_length=1, max_length=300)]) -> JSONResponse:
    """``{query, match, score, status, candidates}``; match is null when ambiguous."""
    return json_response(resolve_company(database, name).to_json())


@router.get("/api/companies/{company_id}", summary="One company", response_class=JSONResponse)
def api_show(database: DatabaseDep, company_id: int) -> JSONResponse:
    """All fields, the exposure assessment and linked patents."""
    return json_response(company_detail(database, str(company_id)).to_json())


@router.post("/api/companies/import", summary="Import a company file (CSV or JSONL)",
             response_class=JSONResponse,
             responses={400: {"description": "At least one row failed; the body is the report"}})
def api_import(
    file: Annotated[UploadFile, File(description="CSV or JSONL with the company columns")],
    database: DatabaseDep,
    settings: SettingsDep,
    _same_site: SameSiteDep,
    dry_run: Annotated[bool, Query(description="Report the changes, store nothing")] = False,
) -> JSONResponse:
    """Merge the valid rows in one transaction (never erasing); the report lists refused rows."""
    with saved_uploads([file], max_bytes=settings.max_file_bytes) as paths:
        report = import_companies(database, paths[0], dry_run=dry_run)
    return json_response(report.to_json(), status_code=400 if report.failed else 200)


@router.get("/companies", response_class=HTMLResponse, include_in_schema=False)
def companies_page(
    request: Request,
    database: DatabaseDep,
    templates: TemplatesDep,
    q: Annotated[str, Query(max_length=300)] = "",
) -> HTMLResponse:
    """The companies in a table; ``?q=`` resolves a name and shows the candidates."""
    rows = [company_row(c) for c in list_companies(database)]
    resolution = resolve_company(database, q).to_json() if q.strip() else None
    context = {"rows": rows, "q": q, "resolution": resolution}
    response: HTMLResponse = templates.TemplateResponse(request, "companies_list.html", context)
    return response


@router.get("/companies/{company_id}", response_class=HTMLResponse, include_in_schema=False)
def company_page(
    request: Request, company_id: int, database: DatabaseDep, templates: TemplatesDep
) -> HTMLResponse:
    """One company: names, group, JSIC, revenue, products, exposure, linked patents."""
    view = company_detail(database, str(company_id)).to_json()
    response: HTMLResponse = templates.TemplateResponse(request, "companies_show.html", {"c": view})
    return response
