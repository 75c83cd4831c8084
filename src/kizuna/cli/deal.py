"""``kizuna deal model FILE.toml``: cash flows, withholding tax, NPV, two currencies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kizuna.adapters.exports.money import format_both, format_western
from kizuna.cli.common import console, print_json, state
from kizuna.cli.royalty import footer
from kizuna.domain.money import format_percent
from kizuna.services import royalty_views as views
from kizuna.services.deals import model_deal_file

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["app"]

app = typer.Typer(help="Licence deal models.", no_args_is_help=True)


@app.callback()
def group() -> None:
    """Licence deal models: cash flows, withholding tax, NPV."""


@app.command("model")
def model_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Deal scenario in TOML (see docs/royalty.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Model a deal: payments, probability, withholding tax, FX and NPV; a deal naming
    ``[deal].patents`` is checked against their pledges and FRAND commitments."""
    report = model_deal_file(path=file, database=_database_for(ctx, file))
    if as_json:
        print_json(views.deal_json(report))
        return
    m = report.model
    d = m.deal
    table = Table(title=f"{d.name} ({report.file})")
    for column in (
        "date",
        "payment",
        "p",
        "expected",
        "withholding",
        "net",
        f"net {d.licensor_currency}",
        "PV",
    ):
        table.add_column(column, overflow="fold")
    for f in m.flows:
        rate = f" ({format_percent(f.rule.rate)})" if f.rule else ""
        table.add_row(
            str(f.payment.on),
            f.payment.label,
            format_percent(f.payment.probability),
            format_western(f.expected),
            format_western(f.withholding) + rate,
            format_western(f.net),
            format_western(f.net_licensor),
            format_western(f.present_value),
        )
    console.print(table)
    for finding in report.commitments:
        console.print(f"{finding.severity}: {finding.patent}: {finding.message}", markup=False)
    for key, value in m.totals.items():
        console.print(f"{key}: {format_both(value)}", markup=False)
    for name, value in m.by_field.items():
        console.print(f"field {name}: {format_both(value)} expected", markup=False)
    for name, value in m.by_licensee.items():
        console.print(f"licensee {name}: {format_both(value)} expected", markup=False)
    seen = set()
    for f in m.flows:
        if f.rule and (f.rule.basis, f.rule.rate) not in seen:
            seen.add((f.rule.basis, f.rule.rate))
            console.print(
                f"withholding {format_percent(f.rule.rate)} ({f.rule.basis}): "
                + " ".join(f.rule.statements),
                markup=False,
            )
            for form in f.rule.forms:
                console.print(f"  form: {form}", markup=False)
    for note in m.notes:
        console.print(f"- {note}", markup=False)
    footer(report.data_version, report.disclaimer)


def _database_for(ctx: typer.Context, file: Path) -> Database | None:
    """The database when the deal names patents (their commitments are checked), else None."""
    from kizuna.services.deal_file import read_deal

    return state(ctx).database() if read_deal(file).patents else None
