"""Server-rendered royalty pages: benchmark, FRAND, deal model and withholding tax.

Forms work without JavaScript (GET for the read-only calculations, POST for the
deal text). Each page renders the same JSON views the API returns, shows amounts
in Western and Japanese style (1億2,345万円) and ends with the estimates notice
and the data version. Bad input re-renders the form with the message, status 400.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kizuna.adapters.royalty_data import data_version, frand_presets, treaty_table
from kizuna.errors import InvalidValueError, KizunaError
from kizuna.services import royalty_views as views
from kizuna.services.deals import model_deal_text
from kizuna.services.royalty import all_comparables
from kizuna.services.royalty_inputs import frand_from_text, parse_day
from kizuna.services.tax import withholding
from kizuna.web.deps import DatabaseDep, SameSiteDep, TemplatesDep
from kizuna.web.errors import field_message
from kizuna.web.i18n import translate
from kizuna.web.routes.api_royalty import ComparableStoreDep, benchmark_report

__all__ = ["EXAMPLE_DEAL", "estimates_disclaimer", "example_deal_text", "router"]

router = APIRouter(include_in_schema=False)

EXAMPLE_DEAL = Path(__file__).resolve().parents[4] / "examples" / "deal-pilot.toml"
"""The deal the /deals form starts with (present in a source checkout)."""

Text = Annotated[str, Query(max_length=200)]
Texts = Annotated[list[str] | None, Query(max_length=200)]


def estimates_disclaimer() -> str:
    """:data:`~kizuna.services.royalty.DISCLAIMER` in the page's language (the same English
    text; tests/web/test_i18n_pages.py keeps the two equal)."""
    return translate(
        "Estimates for negotiation planning from published figures; not legal or tax advice."
    )


def example_deal_text() -> str:
    """``examples/deal-pilot.toml``, or an empty text where it is not installed."""
    try:
        return EXAMPLE_DEAL.read_text(encoding="utf-8")
    except OSError:
        return ""


def _render(
    request: Request,
    templates: Jinja2Templates,
    name: str,
    context: dict[str, Any],
    compute: Callable[[], dict[str, Any]] | None,
) -> HTMLResponse:
    """Render ``name``; ``compute`` adds the result, or its input error as ``message``."""
    status = 200
    context = {
        "data_version": data_version(),
        "disclaimer": estimates_disclaimer(),
        "result": None,
        "message": None,
        **context,
    }
    if compute is not None:
        try:
            context["result"] = compute()
        except KizunaError as exc:
            if exc.status >= 500:
                raise
            status = exc.status
            context["message"] = field_message(str(exc))
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


@router.get("/royalty", response_class=HTMLResponse, name="royalty_page")
def royalty_page(
    request: Request,
    templates: TemplatesDep,
    store: ComparableStoreDep,
    field: Text = "",
    territory: Text = "",
    year_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    year_to: Annotated[str, Query(alias="to", max_length=10)] = "",
    base: Text = "",
    kind: Texts = None,
    verified_only: bool = False,
    adjust: Texts = None,
) -> HTMLResponse:
    """Benchmark form; the table of n, quartiles and median, the sources, the explanation."""
    form = {
        "field": field,
        "territory": territory,
        "from": year_from,
        "to": year_to,
        "base": base,
        "kinds": kind or [],
        "verified_only": verified_only,
        "adjust": next((a for a in adjust or () if a), ""),
    }
    known = all_comparables(store)
    choices = {
        "fields": sorted({f for c in known for f in (*c.fields, *c.sectors)}),
        "territories": sorted({c.territory for c in known}),
    }

    def compute() -> dict[str, Any]:
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
        return views.benchmark_json(report)

    context = {"form": form, **choices}
    return _render(request, templates, "royalty.html", context, compute)


@router.get("/royalty/frand", response_class=HTMLResponse, name="frand_page")
def frand_page(
    request: Request,
    templates: TemplatesDep,
    price: Text = "",
    currency: Text = "JPY",
    aggregate_rate: Text = "",
    holder_patents: Text = "",
    total_patents: Text = "",
    contribution: Text = "",
    units: Text = "",
    per_unit_cap: Text = "",
    variants: Annotated[str, Query(max_length=2000)] = "",
    preset: Text = "",
) -> HTMLResponse:
    """FRAND form; with a price, the per-unit royalty of each variant and its arithmetic."""
    form = dict(request.query_params)
    form.setdefault("currency", currency)

    def compute() -> dict[str, Any]:
        report = frand_from_text(
            price=price,
            currency=currency,
            aggregate_rate=aggregate_rate or None,
            holder_patents=_count(holder_patents, "--holder-patents"),
            total_patents=_count(total_patents, "--total-patents"),
            contribution=contribution or "1",
            per_unit_cap=per_unit_cap or None,
            units=units or None,
            variants=[line for line in variants.splitlines() if line.strip()],
            preset=preset or None,
        )
        return views.frand_json(report)

    context = {"form": form, "presets": frand_presets()}
    return _render(request, templates, "frand.html", context, compute if price else None)


def _count(text: str, flag: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidValueError(f"{flag} {text!r} is not a whole number")
    return int(text.strip())


@router.get("/deals", response_class=HTMLResponse, name="deals_page")
def deals_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The deal TOML in a text area, starting from the example pilot deal."""
    context = {"toml": example_deal_text()}
    return _render(request, templates, "deals.html", context, None)


@router.post("/deals", response_class=HTMLResponse)
def deals_model(
    request: Request,
    templates: TemplatesDep,
    database: DatabaseDep,
    _same_site: SameSiteDep,
    toml: Annotated[str, Form(max_length=200_000)] = "",
) -> HTMLResponse:
    """Cash flows, withholding per payment, totals and NPV of the posted deal."""

    def compute() -> dict[str, Any]:
        return views.deal_json(model_deal_text(text=toml, database=database))

    return _render(request, templates, "deals.html", {"toml": toml}, compute)


@router.get("/tax", response_class=HTMLResponse, name="tax_page")
def tax_page(
    request: Request,
    templates: TemplatesDep,
    licensor_country: Text = "",
    date: Annotated[str, Query(max_length=10)] = "",
    domestic: bool = False,
    no_form3: bool = False,
) -> HTMLResponse:
    """Country form; the withholding rate, its basis, the forms and the sources."""
    form = {"licensor_country": licensor_country, "date": date, "domestic": domestic}
    form["no_form3"] = no_form3

    def compute() -> dict[str, Any]:
        report = withholding(
            country=licensor_country,
            payment_date=parse_day(date, "--date") or dt.date.today(),
            allow_domestic=domestic,
            form3_filed=not no_form3,
        )
        return views.withholding_json(report)

    context = {"form": form, "countries": treaty_table().countries}
    return _render(
        request, templates, "tax.html", context, compute if licensor_country.strip() else None
    )
