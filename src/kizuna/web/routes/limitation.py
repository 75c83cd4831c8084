"""Limitation events of a campaign: REST API and page (docs/web.md, docs/campaigns.md).

| route | answer |
|---|---|
| ``GET /api/campaigns/{id}/limitation-events`` | as ``kizuna campaign limitation ID --json`` |
| ``POST /api/campaigns/{id}/limitation-events`` (JSON ``{"event", "note"}``) | records one (201) |
| ``GET /campaigns/{id}/limitation`` | the events and the form to record one |
| ``POST /campaigns/{id}/limitation`` (form: kind, date, months, note) | records one |

Demands (催告) and written agreements to negotiate (協議を行う旨の合意) suspend
completion of prescription (Civil Code Arts. 150, 151); ``POST /api/damages``
with ``campaign`` applies them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kizuna.domain.law.suspension import EVENT_LABELS, EventKind
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services.campaigns import get_campaign
from kizuna.services.law.limitation_events import campaign_events, event_json, record_event
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.i18n import translate
from kizuna.web.responses import json_response

__all__ = ["EventBody", "router"]

router = APIRouter(tags=["campaigns"])


class EventBody(BaseModel):
    """One event, written as in the CLI: ``demand:2026-06-01``, ``agreement:2026-07-01:3m``."""

    model_config = ConfigDict(extra="forbid")

    event: str = Field(max_length=40, description="KIND:YYYY-MM-DD[:Nm]")
    note: str = Field("", max_length=500)


def _body(campaign_id: int, database: DatabaseDep) -> dict[str, Any]:
    events = campaign_events(database, campaign_id)
    return {"campaign": campaign_id, "events": [event_json(e) for e in events]}


@router.get("/api/campaigns/{campaign_id}/limitation-events", summary="Limitation events")
def list_events(campaign_id: int, database: DatabaseDep) -> JSONResponse:
    """The campaign's demands, agreements to negotiate and refusals, by date."""
    return json_response(_body(campaign_id, database))


@router.post(
    "/api/campaigns/{campaign_id}/limitation-events",
    status_code=201,
    summary="Record a limitation event",
)
def add_event(
    campaign_id: int, body: EventBody, database: DatabaseDep, _same_site: SameSiteDep
) -> JSONResponse:
    """Record one event; the answer lists the campaign's events after it."""
    record_event(database, campaign_id, body.event, note=body.note)
    return json_response(_body(campaign_id, database), status_code=201)


def _page(
    request: Request,
    templates: TemplatesDep,
    database: DatabaseDep,
    campaign_id: int,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    campaign = get_campaign(database, campaign_id)
    context = {
        "c": campaign,
        "events": campaign_events(database, campaign_id),
        "labels": EVENT_LABELS,
        "kinds": list(EventKind),
        "error": error,
        "form": form or {},
        "done": request.query_params.get("done") == "1",
    }
    response: HTMLResponse = templates.TemplateResponse(
        request, "campaigns_limitation.html", context, status_code=400 if error else 200
    )
    return response


@router.get(
    "/campaigns/{campaign_id}/limitation", response_class=HTMLResponse, include_in_schema=False
)
def limitation_page(
    request: Request, templates: TemplatesDep, database: DatabaseDep, campaign_id: int
) -> HTMLResponse:
    return _page(request, templates, database, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/limitation", response_class=HTMLResponse, include_in_schema=False
)
def limitation_post(
    request: Request,
    templates: TemplatesDep,
    database: DatabaseDep,
    campaign_id: int,
    _: SameSiteDep,
    kind: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="date")] = "",
    months: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Record an event from the form; a refused one shows the page again (400)."""
    get_campaign(database, campaign_id)
    form = {"kind": kind, "date": day, "months": months, "note": note}
    text = f"{kind.strip()}:{day.strip()}" + (f":{months.strip()}m" if months.strip() else "")
    try:
        if not day.strip():
            raise InvalidValueError(
                translate("Date: empty; give the day of the demand or agreement"))
        record_event(database, campaign_id, text, note=note)
    except KizunaError as exc:
        if exc.status >= 500:
            raise
        message = str(exc).replace("--event", translate("Event"))
        return _page(request, templates, database, campaign_id, error=message, form=form)
    return RedirectResponse(f"/campaigns/{campaign_id}/limitation?done=1", status_code=303)
