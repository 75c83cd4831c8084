"""The record's check and anchors in the browser (docs/web.md).

| page | what it does |
|---|---|
| ``GET /campaigns/{id}/verify?anchors=`` | the campaign page with the record checked now: every problem, the signatures, each anchor; ``anchors`` (lines kept elsewhere, one per line) are checked too |
| ``POST /campaigns/{id}/anchor`` (multipart: optional ``token``, an RFC 3161 ``.tsr``) | anchors the current head and shows the line to keep |

A bad anchor line or token shows the page again with status 400 and the
message beside the form.
"""  # noqa: E501

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import HTMLResponse

from kizuna.errors import KizunaError
from kizuna.services.campaigns import verify_campaign
from kizuna.services.records.anchors import MAX_TOKEN, anchor_record, read_anchors
from kizuna.web.deps import SameSiteDep
from kizuna.web.routes.campaign_pages import PageDep, _refusal, _show_page

__all__ = ["router"]

router = APIRouter(tags=["campaigns"], include_in_schema=False)

MAX_ANCHOR_TEXT = 100_000


@router.get("/campaigns/{campaign_id}/verify", response_class=HTMLResponse)
def campaign_verify_page(
    page: PageDep,
    campaign_id: int,
    anchors: Annotated[str, Query(max_length=MAX_ANCHOR_TEXT)] = "",
) -> HTMLResponse:
    """The page with the record checked now (chain, signatures, head, anchors, attachments)."""
    lines = [x for x in anchors.splitlines() if x.strip() and not x.lstrip().startswith("#")]
    extra = {"anchors_text": anchors}
    try:
        given = read_anchors(lines)
    except KizunaError as exc:
        error = _refusal(exc, "verify")
        return _show_page(page, campaign_id, error=error, checked=True, extra=extra)
    result = verify_campaign(page.database, campaign_id, anchors=given)
    return _show_page(page, campaign_id, checked=True, verification=result, extra=extra)


@router.post("/campaigns/{campaign_id}/anchor", response_class=HTMLResponse)
def campaign_anchor(
    page: PageDep,
    campaign_id: int,
    _: SameSiteDep,
    token: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Anchor the current head; the page shows the line to keep outside Kizuna."""
    data = token.file.read(MAX_TOKEN + 1) if token is not None else b""
    name = (token.filename if token is not None else None) or "token"
    try:
        report = anchor_record(page.database, campaign_id, token=data or None, token_name=name)
    except KizunaError as exc:
        return _show_page(page, campaign_id, error=_refusal(exc, "anchor"), checked=True)
    extra = {"anchored": report.to_json()}
    return _show_page(page, campaign_id, checked=True, extra=extra)
