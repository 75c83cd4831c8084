"""``kizuna landscape fields|plot``: the portfolio by field, sector and JSIC industry; plots."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kizuna.adapters.exports.pdf import write_atomic
from kizuna.adapters.landscape_data import read_weights
from kizuna.cli.common import console, print_json, state
from kizuna.errors import InvalidValueError
from kizuna.services.landscape import GroupRow, fields_report
from kizuna.services.landscape_plots import plot_landscape

__all__ = ["app", "parse_as_of"]

app = typer.Typer(help="The portfolio landscape: fields, sectors, industries, plots.",
                  no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Date for terms and live rights (YYYY-MM-DD).")
]


def parse_as_of(value: str | None) -> date:
    """``--as-of`` as a date; today when absent."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


def _table(title: str, rows: tuple[GroupRow, ...]) -> Table:
    table = Table(title=title)
    for column in ("key", "name", "patents", "live JP", "earliest expiry", "latest expiry"):
        table.add_column(column, overflow="fold")
    for row in rows:
        name = f"{row.name_ja} / {row.name}" if row.name_ja else row.name
        table.add_row(row.key, name, str(row.count), str(row.live_jp),
                      str(row.earliest_expiry or "—"), str(row.latest_expiry or "—"))
    return table


@app.command("fields")
def fields_command(ctx: typer.Context, as_json: JsonOption = False,
                   as_of: AsOfOption = None) -> None:
    """The stored portfolio by WIPO technology field, Japanese sector and JSIC industry."""
    report = fields_report(state(ctx).database(), as_of=parse_as_of(as_of))
    if as_json:
        print_json(report.to_json())
        return
    console.print(f"{report.patents} patents, {report.live_jp} with a live JP right "
                  f"(as of {report.as_of.isoformat()})")
    console.print(_table("WIPO technology fields", report.fields))
    console.print(_table("Sectors (セクター)", report.sectors))
    console.print(_table("JSIC industries (日本標準産業分類)", report.industries))
    if report.unclassified:
        console.print(f"Unclassified (no IPC/CPC/FI): {', '.join(report.unclassified)}")
    console.print(report.to_json()["notice"], style="dim")


@app.command("plot")
def plot_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="heatmap, expiry or funnel.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.png or FILE.svg.")],
    top: Annotated[int, typer.Option("--top", help="Funnel: the top N stage.")] = 10,
    weights: Annotated[
        Path | None, typer.Option("--weights", help="TOML file of factor weights.")
    ] = None,
    colour: Annotated[
        str, typer.Option("--colour", help="Expiry: colour by field or country.")
    ] = "field",
    value: Annotated[
        str, typer.Option("--value", help="Heatmap: score or activity.")
    ] = "score",
    as_of: AsOfOption = None,
) -> None:
    """Write a landscape plot (PNG or SVG, by the file's suffix)."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg"}:
        raise InvalidValueError(f"{output.name}: the output must end in .png or .svg")
    data = plot_landscape(
        state(ctx).database(), kind=kind, fmt=fmt, as_of=parse_as_of(as_of), top=top,
        weights=read_weights(weights) if weights else None, colour_by=colour, value=value,
    )
    write_atomic(output, data)
    console.print(f"wrote {output} ({len(data):,} bytes)")
