"""The damages page: Art. 102 exposure from a form (docs/web.md).

- ``GET /damages``: the form (method, inputs as a value or ``low:base:high``,
  rebuttal reasons, sales history, limitation events, campaign);
- ``POST /damages``: the same form with the low/base/high exposure, the years
  still claimable and the notes.

The form is the CLI's ``kizuna damages`` with field names instead of flags;
the result is ``kizuna damages --json`` rendered. Bad input shows the form again
with the message (400); nothing is stored.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kizuna.adapters.royalty_data import data_version
from kizuna.domain.damages import Method
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services import royalty_views as views
from kizuna.services.damages import assess_damages
from kizuna.services.law.limitation_events import events_for_damages
from kizuna.services.royalty_inputs import (
    DAMAGES_INPUT_NAMES,
    damages_case,
    parse_choice,
    parse_day,
    sales_history,
)
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.i18n import translate
from kizuna.web.routes.royalty_pages import estimates_disclaimer

__all__ = ["MAX_HISTORY_CHARS", "history_rows", "router"]

router = APIRouter(include_in_schema=False)

MAX_HISTORY_CHARS = 20_000
MAX_HISTORY_ROWS = 200
_FLAG = re.compile(r"--([a-z][a-z-]*)")


def history_rows(text: str) -> list[dict[str, object]] | None:
    """The ``year,sales[,units][,direct_costs]`` text of the form as rows; ``None`` if empty."""
    if not text.strip():
        return None
    if len(text) > MAX_HISTORY_CHARS:
        raise InvalidValueError(
            translate("Sales history: %(n)s characters, at most %(limit)s", n=len(text),
                      limit=MAX_HISTORY_CHARS)
        )
    reader = csv.DictReader(io.StringIO(text.strip()))
    header = {(h or "").strip().lower() for h in reader.fieldnames or ()}
    if not {"year", "sales"} <= header:
        raise InvalidValueError(
            translate("Sales history: the first line must name the columns year,sales "
                      "(optional: units, direct_costs)")
        )
    rows: list[dict[str, object]] = []
    for record in reader:
        if len(rows) >= MAX_HISTORY_ROWS:
            raise InvalidValueError(
                translate("Sales history: more than %(limit)s rows", limit=MAX_HISTORY_ROWS))
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()}
        year = clean.get("year", "")
        if not (year.isascii() and year.isdigit()):
            raise InvalidValueError(translate("Sales history line %(line)s: year %(year)r",
                                              line=reader.line_num, year=year))
        rows.append({**clean, "year": int(year)})
    return rows


def _page(
    request: Request, templates: TemplatesDep, form: dict[str, Any], result: Any, message: str
) -> HTMLResponse:
    context = {
        "form": form,
        "result": result,
        "message": message or None,
        "methods": [m.value for m in Method],
        "data_version": data_version(),
        "disclaimer": estimates_disclaimer(),
    }
    status = 400 if message else 200
    response: HTMLResponse = templates.TemplateResponse(
        request, "damages.html", context, status_code=status
    )
    return response


@router.get("/damages", response_class=HTMLResponse, name="damages_page")
def damages_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return _page(request, templates, {"method": "102-3", "currency": "JPY"}, None, "")


@router.post("/damages", response_class=HTMLResponse)
async def damages_post(
    request: Request, templates: TemplatesDep, database: DatabaseDep, _: SameSiteDep
) -> HTMLResponse:
    """Compute the exposure from the posted form."""
    posted = await request.form()
    form = {k: str(v)[: MAX_HISTORY_CHARS + 1] for k, v in posted.items() if isinstance(v, str)}
    try:
        result = _compute(form, database)
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        # the form's field names, not the CLI's flags
        message = _FLAG.sub(lambda m: m.group(1).replace("-", "_"), str(exc))
        return _page(request, templates, form, None, message)
    return _page(request, templates, form, result, "")


def _compute(form: dict[str, str], database: DatabaseDep) -> dict[str, Any]:
    given = {
        name: form.get(name.replace("-", "_"), "").strip() or None for name in DAMAGES_INPUT_NAMES
    }
    history = history_rows(form.get("history", ""))
    case = damages_case(
        method=parse_choice(Method, form.get("method", ""), "Method"),
        currency=form.get("currency", "JPY").strip() or "JPY",
        given=given,
        licensable=form.get("not_licensable") != "true",
        royalty_on_unsellable=form.get("no_royalty_on_unsellable") != "true",
        with_history=history is not None,
    )
    lines = [line.strip() for line in form.get("limitation_events", "").splitlines()]
    campaign_text = form.get("campaign", "").strip()
    if campaign_text and not (campaign_text.isascii() and campaign_text.isdigit()):
        raise InvalidValueError(
            translate("Campaign %(text)r: not a campaign number", text=campaign_text))
    campaign = int(campaign_text) if campaign_text else None
    events = events_for_damages(
        [line for line in lines if line],
        database=database if campaign is not None else None,
        campaign_id=campaign,
    )
    report = assess_damages(
        case=case,
        sales=sales_history(history or ()),
        as_of=parse_day(form.get("as_of"), "As of"),
        knowledge_date=parse_day(form.get("knowledge_date"), "Knowledge date"),
        events=events,
        campaign_id=campaign,
    )
    return views.damages_json(report)
