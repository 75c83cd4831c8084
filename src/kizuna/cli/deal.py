"""``kizuna deal model FILE.toml``: cash flows, withholding tax, NPV, two currencies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kizuna.adapters.exports.money import format_both, format_western
from kizuna.cli.common import Column, CsvOption, console, print_json, print_listing, state
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
    as_csv: CsvOption = False,
) -> None:
    """Model a deal: payments, probability, withholding tax, FX and NPV; a deal naming
    ``[deal].patents`` is checked against their pledges and FRAND commitments."""
    report = model_deal_file(path=file, database=_database_for(ctx, file))
    if as_json:
        print_json(views.deal_json(report))
        return
    m = report.model
    d = m.deal
    rows = [{"date": f.payment.on, "payment": f.payment.label,
             "p": format_percent(f.payment.probability), "expected": format_western(f.expected),
             "withholding": format_western(f.withholding),
             "withholding_rate": format_percent(f.rule.rate) if f.rule else "",
             "net": format_western(f.net), "net_licensor": format_western(f.net_licensor),
             "pv": format_western(f.present_value)} for f in m.flows]
    money = [Column(k, h, fixed=True, right=True) for k, h in (
        ("expected", "expected"), ("withholding", "withholding"), ("net", "net"),
        ("net_licensor", f"net {d.licensor_currency}"), ("pv", "PV"))]
    # an 80-column terminal shows expected, net and PV; --csv (and a wide one) all of them
    shown = money if console.width >= 120 else [money[0], money[2], money[4]]
    print_listing(rows, (Column("date", fixed=True), Column("payment", wrap=True),
                         Column("p", fixed=True, right=True), *shown),
                  as_csv=as_csv, title=f"{d.name} ({report.file})",
                  csv_columns=("date", "payment", "p", "expected", "withholding",
                               "withholding_rate", "net", "net_licensor", "pv"))
    if as_csv:
        return
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
