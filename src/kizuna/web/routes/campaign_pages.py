"""Campaign pages: run a campaign from the browser with plain HTML forms (docs/web.md).

| page | what it does |
|---|---|
| ``GET /campaigns`` | campaigns with stage, next follow-up and record check; the form to open one |
| ``POST /campaigns`` (form: licensee, patents ``N1,N2``, track) | opens a campaign |
| ``GET /campaigns/{id}`` | stages, contacts, record, the forms below and the documents |
| ``POST /campaigns/{id}/log`` (multipart, with backdate_reason; docs/web.md) | an entry |
| ``POST /campaigns/{id}/advance`` (form: to, reason, date, backdate_reason) | a stage move |
| ``POST /campaigns/{id}/contacts`` (form: name, role, organisation, email) | a contact |
| ``GET /campaigns/{id}/verify``, ``POST /campaigns/{id}/anchor`` | in :mod:`.record_pages` |
| ``GET /campaigns/{id}/document?document=&lang=&format=&chart=…`` | a document from charts |

A post that succeeds redirects (303) back to the page, which says what was
done; one that a service refuses (a :mod:`kizuna.errors` error) shows the page
again with status 400, the service's message beside the form and the values
typed. Each service call is one transaction, so a refused post wrote nothing.
No JavaScript is needed. Dates shown for Japanese readers are also given in
era form (令和).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from kizuna.adapters.campaign_data import escalation_paths, response_periods
from kizuna.adapters.exports.documents.letters import LETTER_KINDS
from kizuna.adapters.storage.db import Database
from kizuna.domain.campaign import Campaign
from kizuna.domain.campaign_rules import (
    ESCALATION_FROM,
    ESCALATIONS,
    LOG_KINDS,
    ROLES,
    STAGES,
    TRACKS,
    escalation_label,
    stage,
    stage_label,
)
from kizuna.domain.japanese import format_wareki
from kizuna.domain.number_lists import split_numbers
from kizuna.domain.record_chain import ChainVerification
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services import campaign_views as views
from kizuna.services.campaigns import (
    AttachmentInput,
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
from kizuna.services.document_sources import campaign_chart_choices
from kizuna.services.documents import MEDIA_TYPES, build_from_form, document_bytes
from kizuna.services.portfolio.board import campaign_board, due_rows
from kizuna.settings import Settings
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep, TemplatesDep
from kizuna.web.errors import field_message
from kizuna.web.i18n import translate
from kizuna.web.listing import page_of
from kizuna.web.security.principal import (
    actor_name,
    home_matter,
    place,
    require_note_only,
    visible,
)
from kizuna.web.uploads import safe_name

__all__ = ["WEB_ACTOR", "PageContext", "page_notice", "parse_day", "patent_list", "router",
           "wareki"]

router = APIRouter(tags=["campaigns"], include_in_schema=False)

#: The ``actor`` of record entries written through the web.
WEB_ACTOR = "web"

def patent_list(text: str) -> list[str]:
    """The numbers typed in the form: ``JP7533889, US 8,930,553`` gives two numbers."""
    return split_numbers(text)


def parse_day(value: str | None, name: str) -> date | None:
    """``YYYY-MM-DD`` as a date; ``None`` when empty; InvalidValueError naming ``name``."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(f"{name} {value!r}: not a date (YYYY-MM-DD)") from None


def _done_message(done: str | None) -> str | None:
    """What a redirect's ``?done=`` reports, in the page's language."""
    messages = {
        "opened": translate("Campaign opened; the record starts with its opening entry."),
        "logged": translate("Entry added to the record."),
        "advanced": translate("Stage changed; the move is in the record."),
        "contact": translate("Contact added."),
    }
    return messages.get(done or "")


@dataclass(frozen=True, kw_only=True)
class PageContext:
    """What every campaign page needs: the request, database, settings and templates."""

    request: Request
    database: Database
    settings: Settings
    templates: Jinja2Templates


def _page_context(
    request: Request, database: DatabaseDep, settings: SettingsDep, templates: TemplatesDep
) -> PageContext:
    return PageContext(request=request, database=database, settings=settings, templates=templates)


PageDep = Annotated[PageContext, Depends(_page_context)]


def wareki(value: str | None) -> str:
    """An ISO date as Japanese era text (``令和8年2月1日``); empty when there is none."""
    if not value:
        return ""
    try:
        return format_wareki(date.fromisoformat(value[:10]))
    except (ValueError, InvalidValueError):
        return ""


def _refusal(exc: KizunaError, form: str) -> dict[str, str]:
    """The message of a refused post (errors of the server itself are not caught)."""
    if exc.status >= 500:
        raise exc
    return {"form": form, "message": field_message(str(exc))}


def page_notice() -> str:
    """:data:`~kizuna.services.campaigns.NOTICE` in the page's language (same English text;
    tests/web/test_i18n_pages.py keeps the two equal)."""
    return translate("A record kept by the licensor for its own use and a drafting aid; "
                     "not legal advice. Kizuna sends nothing to anyone.")


def _render(page: PageContext, name: str, context: dict[str, Any], status: int) -> HTMLResponse:
    context = {**context, "wareki": wareki, "notice": page_notice()}
    response: HTMLResponse = page.templates.TemplateResponse(
        page.request, name, context, status_code=status
    )
    return response


def _list_page(
    page: PageContext, *, error: dict[str, str] | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    periods = response_periods(page.settings.campaign_periods)
    report = due_follow_ups(page.database, periods=periods)
    follow = {c.id: f for c, f in report.items}
    campaigns = visible(page.request, page.database, "campaign", list_campaigns(page.database))
    every = [views.campaign_summary_json(c, follow.get(c.id)) for c in campaigns]
    rows, pager = page_of(every, page.request)
    checks = {r["id"]: verify_campaign(page.database, r["id"]).to_json() for r in rows}
    context = {
        "rows": rows, "pager": pager, "board": campaign_board(every), "due": due_rows(every),
        "checks": checks,
        "as_of": report.as_of.isoformat(),
        "tracks": TRACKS,
        "error": error,
        "form": form or {"track": "relationship"},
    }
    return _render(page, "campaigns_list.html", context, 400 if error else 200)


def _moves(campaign: Campaign) -> list[dict[str, Any]]:
    """The stages and escalations the campaign can move to, the forward ones marked ``next``."""
    track, here = campaign.track, stage(campaign.track, campaign.stage)
    moves: list[dict[str, Any]] = [
        {
            "key": s.key,
            "group": "stage",
            "en": stage_label(track, s.key, "en"),
            "ja": stage_label(track, s.key, "ja"),
            "next": s.key in here.next,
        }
        for s in STAGES[track]
        if s.key != campaign.stage
    ]
    early = campaign.stage not in ESCALATION_FROM[track]
    moves += [
        {
            "key": key,
            "group": "escalation",
            "en": escalation_label(key, "en"),
            "ja": escalation_label(key, "ja"),
            "next": False,
            "early": early,
        }
        for key in ESCALATIONS
        if key != campaign.escalation
    ]
    return moves


def _show_page(
    page: PageContext,
    campaign_id: int,
    *,
    error: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    done: str | None = None,
    checked: bool = False,
    verification: ChainVerification | None = None,
    extra: dict[str, Any] | None = None,
) -> HTMLResponse:
    campaign = get_campaign(page.database, campaign_id)
    periods = response_periods(page.settings.campaign_periods)
    report = due_follow_ups(page.database, periods=periods)
    follow = next((f for c, f in report.items if c.id == campaign_id), None)
    verification = verification or verify_campaign(page.database, campaign_id)
    view = views.campaign_json(campaign, verification, follow)
    context = {
        "c": view,
        "corrected": {e["corrects"]: e["seq"] for e in view["record"] if e["corrects"]},
        "escalations": escalation_paths(),
        "moves": _moves(campaign),
        "log_kinds": LOG_KINDS,
        "roles": ROLES,
        "letter_kinds": LETTER_KINDS,
        "charts": campaign_chart_choices(page.database, campaign),
        "today": date.today().isoformat(),
        "error": error,
        "form": form or {},
        "done": _done_message(done),
        "checked": checked,
        **(extra or {}),
    }
    return _render(page, "campaigns_show.html", context, 400 if error else 200)


def _back(campaign_id: int, done: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/campaigns/{campaign_id}?done={done}#{anchor}", status_code=303)


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns_page(page: PageDep) -> HTMLResponse:
    """Campaigns with stage, next follow-up and record check; the form to open one."""
    return _list_page(page)


@router.post("/campaigns", response_class=HTMLResponse)
def campaigns_create(
    page: PageDep,
    _: SameSiteDep,
    licensee: Annotated[str, Form()] = "",
    patents: Annotated[str, Form()] = "",
    track: Annotated[str, Form()] = "relationship",
) -> Response:
    """Open a campaign from the form; on success go to its page."""
    try:
        matter = home_matter(page.request)
        campaign = new_campaign(
            page.database,
            licensee=licensee,
            patents=patent_list(patents),
            track=track,
            actor=actor_name(page.request),
        )
    except KizunaError as exc:
        form = {"licensee": licensee, "patents": patents, "track": track}
        return _list_page(page, error=_refusal(exc, "new"), form=form)
    place(page.database, "campaign", campaign.id, matter)
    return _back(campaign.id or 0, "opened", "record")


@router.get("/campaigns/{campaign_id}", response_class=HTMLResponse)
def campaign_page(
    page: PageDep, campaign_id: int, done: Annotated[str | None, Query()] = None
) -> HTMLResponse:
    """One campaign: stages, contacts, record, the forms that change them, documents."""
    return _show_page(page, campaign_id, done=done)


def _attachments(upload: UploadFile | None, limit: int) -> list[AttachmentInput]:
    """The uploaded file, checked; none when the file field was left empty."""
    if upload is None:
        return []
    data = upload.file.read(limit + 1)
    if not upload.filename and not data:  # a browser's empty file field
        return []
    return [checked_attachment(safe_name(upload.filename, 0), data, max_bytes=limit)]


def _number(value: str, name: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidValueError(f"{name} {value!r}: not a whole number") from None


@router.post("/campaigns/{campaign_id}/log", response_class=HTMLResponse)
def campaign_log(
    page: PageDep,
    campaign_id: int,
    _: SameSiteDep,
    kind: Annotated[str, Form()] = "",
    summary: Annotated[str, Form()] = "",
    on: Annotated[str, Form(alias="date")] = "",
    corrects: Annotated[str, Form()] = "",
    attach: Annotated[UploadFile | None, File()] = None,
    backdate_reason: Annotated[str, Form()] = "",
) -> Response:
    """Append an entry (with at most one attachment) from the form."""
    get_campaign(page.database, campaign_id)  # 404 page for an unknown campaign
    require_note_only(page.request, kind or None)
    try:
        log_entry(
            page.database,
            campaign_id,
            kind=kind or None,
            summary=summary,
            occurred_on=parse_day(on, "date"),
            attachments=_attachments(attach, page.settings.max_attachment_bytes),
            corrects=_number(corrects, "corrects"),
            actor=actor_name(page.request),
            backdate_reason=backdate_reason,
        )
    except KizunaError as exc:
        form = {"kind": kind, "summary": summary, "date": on, "corrects": corrects,
                "backdate_reason": backdate_reason}
        return _show_page(page, campaign_id, error=_refusal(exc, "log"), form=form)
    return _back(campaign_id, "logged", "record")


@router.post("/campaigns/{campaign_id}/advance", response_class=HTMLResponse)
def campaign_advance(
    page: PageDep,
    campaign_id: int,
    _: SameSiteDep,
    to: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    on: Annotated[str, Form(alias="date")] = "",
    backdate_reason: Annotated[str, Form()] = "",
) -> Response:
    """Move to a stage or escalate; a jump without a reason is refused with the rule."""
    get_campaign(page.database, campaign_id)
    try:
        advance(
            page.database,
            campaign_id,
            to=to,
            reason=reason or None,
            occurred_on=parse_day(on, "date"),
            actor=actor_name(page.request),
            backdate_reason=backdate_reason,
        )
    except KizunaError as exc:
        form = {"to": to, "reason": reason, "advance_date": on,
                "backdate_reason": backdate_reason}
        return _show_page(page, campaign_id, error=_refusal(exc, "advance"), form=form)
    return _back(campaign_id, "advanced", "stages")


@router.post("/campaigns/{campaign_id}/contacts", response_class=HTMLResponse)
def campaign_contact(
    page: PageDep,
    campaign_id: int,
    _: SameSiteDep,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    romanised: Annotated[str, Form()] = "",
    honorific: Annotated[str, Form()] = "",
) -> Response:
    """Add a contact from the form."""
    get_campaign(page.database, campaign_id)
    try:
        add_contact(
            page.database,
            campaign_id,
            name=name,
            role=role,
            organisation=organisation.strip() or None,
            email=email.strip() or None,
            title=title,
            romanised=romanised,
            honorific=honorific,
        )
    except KizunaError as exc:
        form = {"name": name, "role": role, "organisation": organisation, "email": email,
                "title": title, "romanised": romanised, "honorific": honorific}
        return _show_page(page, campaign_id, error=_refusal(exc, "contact"), form=form)
    return _back(campaign_id, "contact", "contacts")


@router.get("/campaigns/{campaign_id}/document")
def campaign_document(
    page: PageDep,
    campaign_id: int,
    document: Annotated[str, Query()] = "brief",
    lang: Annotated[str, Query()] = "ja",
    format: Annotated[str, Query()] = "pdf",
    chart: Annotated[list[int], Query(max_length=20)] = [],  # noqa: B006
    allow_draft_evidence: Annotated[bool, Query()] = False,
) -> Response:
    """A document built from the form's charts, or the page again with the reason."""
    get_campaign(page.database, campaign_id)
    try:
        built, fmt = build_from_form(
            page.database, campaign_id, document=document, lang=lang, fmt=format,
            charts=chart, allow_draft=allow_draft_evidence,
        )
        data = document_bytes(built, fmt)
    except KizunaError as exc:
        form = {"document": document, "lang": lang, "format": format,
                "charts": ",".join(map(str, chart)), "allow_draft": str(allow_draft_evidence)}
        return _show_page(page, campaign_id, error=_refusal(exc, "documents"), form=form)
    name = f"campaign-{campaign_id}-{document}-{lang}.{fmt}"
    return Response(
        content=data,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
