"""Damages, deal and tax routes of the REST API: the JSON of the CLI's ``--json`` (docs/royalty.md).

| route | answer |
|---|---|
| ``POST /api/damages`` (JSON) | as ``kizuna damages --json`` |
| ``POST /api/deals/model`` (TOML text, or JSON ``{"toml"}``) | as ``kizuna deal model --json`` |
| ``GET /api/tax/withholding?licensor_country=&date=`` | as ``kizuna tax withholding --json`` |
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.domain.damages import Method
from kizuna.errors import InvalidValueError
from kizuna.services import royalty_views as views
from kizuna.services.damages import assess_damages
from kizuna.services.deals import model_deal_text
from kizuna.services.law.limitation_events import events_for_damages
from kizuna.services.royalty_inputs import (
    DAMAGES_INPUT_NAMES,
    RETIRED_DAMAGES_INPUTS,
    damages_case,
    parse_choice,
    parse_day,
    sales_history,
)
from kizuna.services.tax import withholding
from kizuna.web.deps import DatabaseDep, SameSiteDep, SettingsDep
from kizuna.web.responses import json_response
from kizuna.web.routes.api_royalty import Number, as_text

__all__ = ["DamagesBody", "SalesYear", "deal_text", "router"]

router = APIRouter(prefix="/api", tags=["damages, deals, tax"])

_ERROR = {"description": 'Bad input: `{"error", "type"}`, the error naming the input'}
_TOML_TYPES = ("text/plain", "application/toml", "text/x-toml", "")


class SalesYear(BaseModel):
    """One year of the infringer's sales (a row of the CLI's ``--history`` CSV)."""

    model_config = ConfigDict(extra="forbid")

    year: int
    sales: Number
    units: Number | None = None
    direct_costs: Number | None = None


class DamagesBody(BaseModel):
    """The inputs of ``kizuna damages``: a value or ``"low:base:high"`` for each amount."""

    model_config = ConfigDict(extra="forbid")

    method: str = Field(description="102-1, 102-2 or 102-3")
    currency: str = "JPY"
    sales: Number | None = None
    rate: Number | None = Field(None, description="Royalty rate, e.g. '3%:5%:8%'")
    infringer_units: Number | None = None
    capacity_units: Number | None = None
    unsellable_units: Number | None = None
    unit_margin: Number | None = None
    unit_price: Number | None = None
    direct_costs: Number | None = None
    rebuttal_unsellable: Number | None = Field(
        None, description="102-2: share rebutted because the patentee could not have sold"
    )
    rebuttal_contribution: Number | None = Field(
        None, description="102-2: share rebutted for the invention's partial contribution"
    )
    rebuttal: Number | None = Field(None, description="Retired: an error naming its replacements")
    capacity_share: Number | None = Field(None, description="Retired, as ``rebuttal``")
    not_licensable: bool = False
    no_royalty_on_unsellable: bool = False
    history: list[SalesYear] | None = Field(None, description="Sales by year")
    as_of: str | None = Field(None, description="Claim date, YYYY-MM-DD")
    knowledge_date: str | None = None
    limitation_events: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="demand:YYYY-MM-DD, agreement:YYYY-MM-DD[:Nm] or refusal:YYYY-MM-DD",
    )
    campaign: int | None = Field(None, description="Apply this campaign's limitation events")


@router.post(
    "/damages",
    summary="Patent Act Art. 102 damages exposure",
    response_class=JSONResponse,
    responses={400: _ERROR},
)
def damages(body: DamagesBody, database: DatabaseDep, _same_site: SameSiteDep) -> JSONResponse:
    """Low/base/high exposure with every input shown; the limitation periods
    applied to ``history`` (``history_file`` is then ``null``)."""
    names = (*DAMAGES_INPUT_NAMES, *RETIRED_DAMAGES_INPUTS)
    given = {name: as_text(getattr(body, name.replace("-", "_"))) for name in names}
    case = damages_case(
        method=parse_choice(Method, body.method, "--method"),
        currency=body.currency,
        given=given,
        licensable=not body.not_licensable,
        royalty_on_unsellable=not body.no_royalty_on_unsellable,
        with_history=body.history is not None,
    )
    events = events_for_damages(
        body.limitation_events,
        database=database if body.campaign is not None else None,
        campaign_id=body.campaign,
    )
    report = assess_damages(
        case=case,
        sales=sales_history([row.model_dump() for row in body.history or ()]),
        as_of=parse_day(body.as_of, "--as-of"),
        knowledge_date=parse_day(body.knowledge_date, "--knowledge-date"),
        events=events,
        campaign_id=body.campaign,
    )
    return json_response(views.damages_json(report))


def deal_text(body: bytes, content_type: str, *, limit: int) -> str:
    """The deal TOML of a request body: the text itself, or JSON ``{"toml": "…"}``."""
    if len(body) > limit:
        raise InvalidValueError(f"request body: {len(body)} bytes, over the limit of {limit}")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValueError("request body: not UTF-8 text") from None
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json":
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidValueError(f"request body: not valid JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("toml"), str):
            raise InvalidValueError('request body: JSON must be {"toml": "<deal TOML text>"}')
        toml: str = data["toml"]
        return toml
    if media not in _TOML_TYPES:
        raise InvalidValueError(
            f"request body: content type {media!r}; send text/plain, application/toml "
            "or application/json"
        )
    return text


_TOML_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/toml": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"toml": {"type": "string"}},
                    "required": ["toml"],
                }
            },
        },
    }
}


@router.post(
    "/deals/model",
    summary="Model a deal (TOML)",
    response_class=JSONResponse,
    responses={400: _ERROR},
    openapi_extra=_TOML_BODY,
)
async def deal_model(
    request: Request, settings: SettingsDep, database: DatabaseDep, _same_site: SameSiteDep
) -> JSONResponse:
    """Cash flows, withholding, FX and NPV of the deal TOML (docs/royalty.md, the format);
    errors name ``deal.toml`` and the table and key."""
    text = deal_text(
        await request.body(),
        request.headers.get("content-type", ""),
        limit=settings.max_file_bytes,
    )
    return json_response(views.deal_json(model_deal_text(text=text, database=database)))


@router.get(
    "/tax/withholding",
    summary="Japanese withholding tax on a royalty paid abroad",
    response_class=JSONResponse,
    responses={400: _ERROR},
)
def tax_withholding(
    licensor_country: Annotated[str, Query(description="ISO 3166 code, e.g. US")],
    date: Annotated[str | None, Query(description="Payment date (default today)")] = None,
    domestic: Annotated[bool, Query(description="No treaty: apply the domestic rate")] = False,
    no_form3: Annotated[bool, Query(description="Form 3 not filed before the payment")] = False,
) -> JSONResponse:
    """The rate, its basis, the forms and the sources (``kizuna tax withholding --json``)."""
    report = withholding(
        country=licensor_country,
        payment_date=parse_day(date, "--date") or dt.date.today(),
        allow_domestic=domestic,
        form3_filed=not no_form3,
    )
    return json_response(views.withholding_json(report))
