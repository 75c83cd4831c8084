"""Evidence pages and API: products with evidence, documents, passages with citations.

| route | answer |
|---|---|
| ``GET /evidence`` | page: products and their documents, and an upload form |
| ``POST /evidence`` | page: add uploaded files (form fields as the API) and show the report |
| ``GET /evidence/{id}`` | page: one document and its passages with citations |
| ``GET /api/evidence?product=`` | ``{"products", "documents"}`` (``evidence list --json``) |
| ``GET /api/evidence/{id}`` | one document with passages (``evidence show --json``) |
| ``POST /api/evidence`` | multipart ``files``, ``product``, ``company``, ``url``, |
| | ``captured_at``: the report of ``evidence add --json``; 400 when any file failed |
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse

from kizuna.adapters.storage.db import Database
from kizuna.services.evidence import (
    AddEvidenceReport,
    add_uploaded_evidence,
    evidence_json,
    evidence_limits,
    get_evidence,
    list_evidence,
    list_products,
    parse_captured_at,
)
from kizuna.settings import Settings
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.responses import json_response, to_jsonable
from kizuna.web.uploads import safe_name

__all__ = ["router"]

router = APIRouter()

_ERROR = {"description": 'Kizuna error: `{"error", "type"}` (and `candidates` for 404)'}
ProductQuery = Annotated[str | None, Query(max_length=200, description="Only this product.")]


def _listing(database: Database, product: str | None) -> dict[str, Any]:
    docs = list_evidence(database, product or None)
    names = {d.product for d in docs}
    products = [p.to_json() for p in list_products(database) if p.product in names]
    listing = {"products": products, "documents": [evidence_json(d) for d in docs]}
    return dict(to_jsonable(listing))


def _add(
    database: Database,
    settings: Settings,
    files: list[UploadFile],
    fields: dict[str, str | None],
) -> AddEvidenceReport:
    # The spooled files go to the service unread: it measures each one and refuses a
    # file over the limits before reading it into memory.
    uploads = [
        (safe_name(upload.filename, index), upload.file) for index, upload in enumerate(files)
    ]
    return add_uploaded_evidence(
        database,
        uploads,
        product=fields["product"] or "",
        company=fields["company"] or None,
        url=fields["url"] or None,
        captured_at=parse_captured_at(fields["captured_at"] or None),
        max_file_bytes=settings.max_file_bytes,
        limits=evidence_limits(settings),
    )


@router.get("/api/evidence", tags=["api"], summary="List evidence", response_class=JSONResponse)
def api_list(database: DatabaseDep, product: ProductQuery = None) -> JSONResponse:
    """Products with evidence and their documents (every version); 404 for an unknown product."""
    return json_response(_listing(database, product))


@router.get(
    "/api/evidence/{doc_id}",
    tags=["api"],
    summary="Show one evidence document",
    response_class=JSONResponse,
    responses={404: _ERROR},
)
def api_show(doc_id: int, database: DatabaseDep) -> JSONResponse:
    """One document with its passages and their citations."""
    return json_response(evidence_json(get_evidence(database, doc_id)))


@router.post(
    "/api/evidence",
    tags=["api"],
    summary="Add evidence files",
    response_class=JSONResponse,
    responses={400: {"description": "At least one file failed; the body is the report"}},
)
def api_add(
    files: Annotated[list[UploadFile], File(description="HTML, PDF, text/Markdown or DOCX")],
    product: Annotated[str, Form(max_length=200)],
    database: DatabaseDep,
    settings: SettingsDep,
    _same_site: SameSiteDep,
    company: Annotated[str | None, Form(max_length=300)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    captured_at: Annotated[str | None, Form(max_length=40)] = None,
) -> JSONResponse:
    """Store the uploaded files as evidence for ``product``; 400 when any file failed."""
    fields = {"product": product, "company": company, "url": url, "captured_at": captured_at}
    report = _add(database, settings, files, fields)
    return json_response(report.to_json(), status_code=400 if report.failed else 200)


@router.get("/evidence", response_class=HTMLResponse, include_in_schema=False)
def evidence_page(
    request: Request, database: DatabaseDep, templates: TemplatesDep, product: ProductQuery = None
) -> HTMLResponse:
    """Products with evidence and their documents."""
    context = {**_listing(database, product), "product": product or "", "report": None}
    response: HTMLResponse = templates.TemplateResponse(request, "evidence_list.html", context)
    return response


@router.post("/evidence", response_class=HTMLResponse, include_in_schema=False)
def evidence_upload(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    _same_site: SameSiteDep,
    product: Annotated[str, Form(max_length=200)],
    files: Annotated[list[UploadFile], File()],
    company: Annotated[str | None, Form(max_length=300)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    captured_at: Annotated[str | None, Form(max_length=40)] = None,
) -> HTMLResponse:
    """Add the uploaded files and show the report above the listing."""
    fields = {"product": product, "company": company, "url": url, "captured_at": captured_at}
    report = _add(database, settings, files, fields)
    context = {**_listing(database, None), "product": "", "report": to_jsonable(report.to_json())}
    status = 400 if report.failed else 200
    response: HTMLResponse = templates.TemplateResponse(
        request, "evidence_list.html", context, status_code=status
    )
    return response


@router.get("/evidence/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def evidence_document_page(
    request: Request, doc_id: int, database: DatabaseDep, templates: TemplatesDep
) -> HTMLResponse:
    """One document: where and when it was captured, its hash, its passages with citations."""
    doc = to_jsonable(evidence_json(get_evidence(database, doc_id)))
    response: HTMLResponse = templates.TemplateResponse(
        request, "evidence_document.html", {"doc": doc}
    )
    return response
