"""``kizuna tax withholding``: Japanese withholding on royalties paid abroad, and the forms."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from kizuna.cli.common import console, print_json
from kizuna.cli.royalty import footer
from kizuna.domain.money import format_percent
from kizuna.services import royalty_views as views
from kizuna.services.royalty_inputs import parse_day
from kizuna.services.tax import withholding

__all__ = ["app"]

app = typer.Typer(help="Withholding tax on royalties paid from Japan.", no_args_is_help=True)


@app.callback()
def group() -> None:
    """Withholding tax on royalties paid from Japan to non-residents."""


@app.command("withholding")
def withholding_command(
    licensor_country: Annotated[
        str, typer.Option("--licensor-country", help="ISO 3166 code of the licensor's residence.")
    ],
    payment_date: Annotated[
        str | None, typer.Option("--date", help="Payment date (YYYY-MM-DD; default today).")
    ] = None,
    domestic: Annotated[
        bool, typer.Option("--domestic", help="No treaty row: apply the domestic rate.")
    ] = False,
    no_form3: Annotated[
        bool, typer.Option("--no-form3", help="Form 3 not filed before the payment.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The withholding rate for a licensor country, why, and the forms needed."""
    on = parse_day(payment_date, "--date") or date.today()
    report = withholding(
        country=licensor_country,
        payment_date=on,
        allow_domestic=domestic,
        form3_filed=not no_form3,
    )
    if as_json:
        print_json(views.withholding_json(report))
        return
    rule = report.rule
    console.print(
        f"{rule.country} on {rule.payment_date}: {format_percent(rule.rate)} "
        f"({rule.basis}; status {rule.status})",
        markup=False,
    )
    for statement in rule.statements:
        console.print(f"- {statement}", markup=False)
    for form in rule.forms:
        console.print(f"form: {form}", markup=False)
    for source in rule.sources:
        console.print(f"source: {source}", markup=False)
    console.print(f"treaty table: {rule.table_version}", markup=False)
    footer(report.data_version, report.disclaimer)
