"""Campaign API: the JSON of ``kizuna campaign … --json`` (docs/cli/campaign.md).

| route | answer |
|---|---|
| ``GET /api/campaigns`` | as ``kizuna campaign list --json`` |
| ``POST /api/campaigns`` (JSON ``{licensee, patents, track}``) | as ``campaign new --json`` (201) |
| ``GET /api/campaigns/due?as_of=`` | as ``kizuna campaign due --json`` |
| ``GET /api/campaigns/{id}`` | as ``kizuna campaign show ID --json`` |
| ``POST /api/campaigns/{id}/contacts`` (JSON) | the contacts, as ``campaign contact --json`` |
| ``POST /api/campaigns/{id}/log`` (multipart, docs/web.md) | the entry |
| ``POST /api/campaigns/{id}/advance`` (JSON ``{to, reason, date, backdate_reason}``) | the move |
| ``GET /api/campaigns/{id}/verify?anchor=LINE`` (repeatable) | as ``campaign verify ID --json`` |
| ``POST /api/campaigns/{id}/anchors`` (multipart: optional ``token``) | ``anchor --json`` |
| ``GET /api/campaigns/{id}/record.json`` | as ``campaign record ID --export json`` (download) |

The pages (``/campaigns``, ``/campaigns/{id}`` and their forms) are in
:mod:`kizuna.web.routes.campaign_pages`; this ``router`` includes them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.adapters.campaign_data import response_periods
from kizuna.domain.number_lists import split_numbers
from kizuna.services import campaign_views as views
from kizuna.services.campaign_record import export_record
from kizuna.services.campaigns import (
    add_contact,
    advance,
    checked_attachment,
    due_follow_ups,
    get_campaign,
    list_campaigns,
    log_entry,
    new_campaign,
    verify_campaign,
)
from kizuna.services.records.anchors import MAX_TOKEN, anchor_record, read_anchors
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep
from kizuna.web.responses import json_response
from kizuna.web.routes.campaign_pages import parse_day
from kizuna.web.routes.campaign_pages import router as pages_router
from kizuna.web.routes.record_pages import router as record_pages_router
from kizuna.web.security.principal import (
    actor_name,
    home_matter,
    place,
    require_note_only,
    visible,
    visible_ids,
)
from kizuna.web.uploads import safe_name

__all__ = ["AdvanceBody", "ContactBody", "NewCampaignBody", "router"]

router = APIRouter(tags=["campaigns"])


class NewCampaignBody(BaseModel):
    """The inputs of ``kizuna campaign new``."""

    model_config = ConfigDict(extra="forbid")

    licensee: str = Field(max_length=300)
    patents: list[str] | str = Field(
        description="Numbers, as a list or one text 'N1; N2' (commas inside numbers are kept)")
    track: str = "relationship"


class ContactBody(BaseModel):
    """The inputs of ``kizuna campaign contact``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)
    role: str
    organisation: str | None = Field(None, max_length=300)
    email: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=200, description="Job title, e.g. 部長")
    romanised: str | None = Field(None, max_length=200, description="e.g. Mika Suzuki")
    honorific: str | None = Field(None, max_length=20, description="Mr., Ms., Mx., Dr., Prof.")


class AdvanceBody(BaseModel):
    """The inputs of ``kizuna campaign advance``."""

    model_config = ConfigDict(extra="forbid")

    to: str
    reason: str | None = Field(None, max_length=5000)
    backdate_reason: str | None = Field(
        None, max_length=1000, description="Why the move is dated before the campaign opened"
    )
    date: str | None = Field(None, description="YYYY-MM-DD (default today)")


@router.get("/api/campaigns", summary="List campaigns")
def api_campaigns(request: Request, database: DatabaseDep) -> JSONResponse:
    """Every campaign (of the user's matters) with its stage, record size and head hash."""
    campaigns = visible(request, database, "campaign", list_campaigns(database))
    return json_response([views.campaign_summary_json(c) for c in campaigns])


@router.post("/api/campaigns", status_code=201, summary="Open a campaign")
def api_new(
    request: Request, body: NewCampaignBody, database: DatabaseDep, _: SameSiteDep
) -> JSONResponse:
    """Open a campaign (licensee resolved to a stored company when one matches).

    It belongs to ``?matter=ID`` when given, else to the user's first matter."""
    matter = home_matter(request)
    patents = split_numbers(body.patents) if isinstance(body.patents, str) else body.patents
    campaign = new_campaign(
        database,
        licensee=body.licensee,
        patents=patents,
        track=body.track,
        actor=actor_name(request),
    )
    place(database, "campaign", campaign.id, matter)
    return json_response(views.campaign_summary_json(campaign), status_code=201)


@router.get("/api/campaigns/due", summary="Follow-ups due")
def api_due(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD (default today)")] = None,
) -> JSONResponse:
    """Follow-ups due per each stage's expected response period since the last entry."""
    periods = response_periods(settings.campaign_periods)
    report = due_follow_ups(database, as_of=parse_day(as_of, "as_of"), periods=periods)
    ids = visible_ids(request, database, "campaign")
    if ids is not None:
        report = replace(report, items=tuple(i for i in report.items if i[0].id in ids))
    return json_response(views.due_json(report))


@router.get("/api/campaigns/{campaign_id}", summary="One campaign")
def api_show(campaign_id: int, database: DatabaseDep) -> JSONResponse:
    """The campaign: stages, contacts, the record and its verification."""
    campaign = get_campaign(database, campaign_id)
    return json_response(views.campaign_json(campaign, verify_campaign(database, campaign_id)))


@router.post("/api/campaigns/{campaign_id}/contacts", summary="Add a contact")
def api_contact(
    campaign_id: int, body: ContactBody, database: DatabaseDep, _: SameSiteDep
) -> JSONResponse:
    """Add a contact; answers the campaign's contacts."""
    campaign = add_contact(
        database,
        campaign_id,
        name=body.name,
        role=body.role,
        organisation=body.organisation,
        email=body.email,
        title=body.title,
        romanised=body.romanised,
        honorific=body.honorific,
    )
    return json_response([views.contact_json(c) for c in campaign.contacts])


@router.post("/api/campaigns/{campaign_id}/log", status_code=201, summary="Log an entry")
def api_log(
    request: Request,
    campaign_id: int,
    database: DatabaseDep,
    settings: SettingsDep,
    _: SameSiteDep,
    summary: Annotated[str, Form(max_length=10_000)],
    kind: Annotated[str | None, Form()] = None,
    on: Annotated[str | None, Form(alias="date", description="YYYY-MM-DD")] = None,
    corrects: Annotated[int | None, Form()] = None,
    attach: Annotated[list[UploadFile] | None, File()] = None,
    backdate_reason: Annotated[str | None, Form(max_length=1000)] = None,
) -> JSONResponse:
    """Append an entry; attachments (multipart ``attach``) are hashed and stored."""
    require_note_only(request, kind)
    limit = settings.max_attachment_bytes
    files = []
    for index, upload in enumerate(attach or ()):
        data = upload.file.read(limit + 1)
        files.append(checked_attachment(safe_name(upload.filename, index), data, max_bytes=limit))
    entry = log_entry(
        database,
        campaign_id,
        kind=kind,
        summary=summary,
        occurred_on=parse_day(on, "date"),
        attachments=files,
        corrects=corrects,
        actor=actor_name(request),
        backdate_reason=backdate_reason,
    )
    return json_response(views.entry_json(entry), status_code=201)


@router.post("/api/campaigns/{campaign_id}/advance", summary="Move to a stage or escalate")
def api_advance(
    request: Request, campaign_id: int, body: AdvanceBody, database: DatabaseDep, _: SameSiteDep
) -> JSONResponse:
    """Forward moves need nothing; skips, going back and early escalation need ``reason``."""
    report = advance(
        database,
        campaign_id,
        to=body.to,
        reason=body.reason,
        occurred_on=parse_day(body.date, "date"),
        actor=actor_name(request),
        backdate_reason=body.backdate_reason,
    )
    return json_response(views.advance_json(report))


@router.get("/api/campaigns/{campaign_id}/verify", summary="Verify the record")
def api_verify(
    campaign_id: int,
    database: DatabaseDep,
    anchor: Annotated[list[str] | None, Query(description="Anchor lines kept elsewhere")] = None,
) -> JSONResponse:
    """Hashes, signatures, signed head, anchors, attachment bytes; ``ok`` false names what broke."""
    result = verify_campaign(database, campaign_id, anchors=read_anchors(anchor or ()))
    return json_response({"campaign_id": campaign_id, **result.to_json()})


@router.post("/api/campaigns/{campaign_id}/anchors", status_code=201, summary="Anchor the head")
def api_anchor(
    campaign_id: int,
    database: DatabaseDep,
    _: SameSiteDep,
    token: Annotated[UploadFile | None, File(description="RFC 3161 token (.tsr)")] = None,
) -> JSONResponse:
    """Anchor the current head (refused if the record does not verify); the line to keep."""
    data = token.file.read(MAX_TOKEN + 1) if token is not None else b""
    name = (token.filename if token is not None else None) or "token"
    report = anchor_record(database, campaign_id, token=data or None, token_name=name)
    return json_response(report.to_json(), status_code=201)


@router.get("/api/campaigns/{campaign_id}/record.json", summary="Export the record (JSON download)")
def api_record_json(campaign_id: int, database: DatabaseDep) -> JSONResponse:
    """As ``kizuna campaign record ID --export json``: entries, attachments (base64), head."""
    response = json_response(export_record(database, campaign_id))
    name = f"campaign-{campaign_id}-record.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


router.include_router(pages_router)
router.include_router(record_pages_router)
