"""Valuation routes: the figures as JSON, the report as PDF/DOCX, and a page.

- ``POST /api/valuation``, JSON ``{"toml"}``: as ``kizuna value --json``;
- ``POST /api/valuation/report?lang=ja|en&format=pdf|docx``, JSON ``{"toml"}``: the report file;
- ``GET /valuation``, ``POST /valuation``: the inputs in a text area (starting from
  ``examples/valuation.toml``), the summary, and links to download the report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.valuation.run import DISCLAIMER, Valuation, valuation_json, value_case
from kizuna.services.valuation.value_file import MAX_BYTES, read_valuation_text
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.responses import json_response

__all__ = ["ValuationBody", "router"]

router = APIRouter(tags=["valuation"])
EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "valuation.toml"
_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ValuationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    toml: str = Field(max_length=MAX_BYTES, description="The valuation inputs (TOML text)")


def _value(text: str, database: Any) -> Valuation:
    """Value the TOML text; a benchmarked rate uses the shipped and the imported comparables."""
    from kizuna.adapters.storage.royalty import SqlComparableStore
    from kizuna.services.royalty import all_comparables

    return value_case(
        read_valuation_text(
            text,
            path="valuation.toml",
            comparables=lambda: all_comparables(SqlComparableStore(database)),
        )
    )


def _report(result: Valuation, lang: str, kind: str) -> Response:
    from kizuna.adapters.exports.valuation.report import write_docx, write_pdf

    if lang not in ("ja", "en") or kind not in MEDIA:
        raise InvalidValueError("lang must be ja or en, format pdf or docx")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report.{kind}"
        (write_pdf if kind == "pdf" else write_docx)(result, path, lang)
        data = path.read_bytes()
    name = f"valuation-{result.case.inputs.valuation_date.isoformat()}-{lang}.{kind}"
    return Response(
        data,
        media_type=MEDIA[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/api/valuation", response_class=JSONResponse, responses={400: _ERROR})
def api_valuation(
    body: ValuationBody, database: DatabaseDep, _same_site: SameSiteDep
) -> JSONResponse:
    """Relief-from-royalty DCF, sensitivity, Monte Carlo and the lender's view."""
    return json_response(valuation_json(_value(body.toml, database)))


@router.post("/api/valuation/report", responses={400: _ERROR})
def api_valuation_report(
    body: ValuationBody,
    database: DatabaseDep,
    _same_site: SameSiteDep,
    lang: Annotated[str, Query(max_length=2)] = "ja",
    format: Annotated[str, Query(max_length=4)] = "pdf",
) -> Response:
    """The report in the shape of the 知財ビジネス評価書, PDF or DOCX."""
    return _report(_value(body.toml, database), lang, format)


def _example() -> str:
    try:
        return EXAMPLE.read_text(encoding="utf-8")
    except OSError:
        return ""


@router.get("/valuation", response_class=HTMLResponse, include_in_schema=False)
def valuation_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The inputs form, starting from the example."""
    context = {"toml": _example(), "result": None, "message": None, "disclaimer": DISCLAIMER}
    response: HTMLResponse = templates.TemplateResponse(request, "valuation.html", context)
    return response


@router.post("/valuation", response_class=HTMLResponse, include_in_schema=False)
def valuation_run(
    request: Request,
    templates: TemplatesDep,
    database: DatabaseDep,
    _same_site: SameSiteDep,
    toml: Annotated[str, Form(max_length=MAX_BYTES)],
    output: Annotated[str, Form(max_length=10)] = "page",
) -> Response:
    """The summary; ``output`` ``ja-pdf``, ``en-docx`` … downloads the report instead."""
    context: dict[str, Any] = {
        "toml": toml,
        "result": None,
        "message": None,
        "disclaimer": DISCLAIMER,
    }
    status = 200
    try:
        result = _value(toml, database)
        if output != "page":
            lang, _, kind = output.partition("-")
            return _report(result, lang, kind)
        context["result"] = valuation_json(result)
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        status, context["message"] = exc.status, str(exc)
    response: HTMLResponse = templates.TemplateResponse(
        request, "valuation.html", context, status_code=status
    )
    return response
