"""``kizuna landscape fields|plot``: the portfolio by field, sector and JSIC industry; plots."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kizuna.adapters.exports.pdf import write_atomic
from kizuna.adapters.landscape_data import read_weights
from kizuna.cli.common import Column, CsvOption, console, print_csv, print_json, print_table, state
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


_COLUMNS = (Column("key", fixed=True), Column("shown", "name"),
            Column("count", "patents", fixed=True, right=True),
            Column("live_jp", "live JP", fixed=True, right=True),
            Column("earliest_expiry", "earliest", fixed=True),
            Column("latest_expiry", "latest", fixed=True))
_CSV = ("group", "key", "name", "name_ja", "count", "live_jp", "earliest_expiry",
        "latest_expiry", "patents")


def _rows(group: str, rows: tuple[GroupRow, ...]) -> list[dict[str, object]]:
    return [{"group": group, "key": r.key, "name": r.name, "name_ja": r.name_ja or "",
             "shown": f"{r.name_ja} / {r.name}" if r.name_ja else r.name, "count": r.count,
             "live_jp": r.live_jp, "earliest_expiry": r.earliest_expiry or "—",
             "latest_expiry": r.latest_expiry or "—", "patents": list(r.patents)} for r in rows]


@app.command("fields")
def fields_command(ctx: typer.Context, as_json: JsonOption = False,
                   as_of: AsOfOption = None, as_csv: CsvOption = False) -> None:
    """The stored portfolio by WIPO technology field, Japanese sector and JSIC industry."""
    report = fields_report(state(ctx).database(), as_of=parse_as_of(as_of))
    if as_json:
        print_json(report.to_json())
        return
    groups = (("field", "WIPO technology fields", report.fields),
              ("sector", "Sectors (セクター)", report.sectors),
              ("industry", "JSIC industries (日本標準産業分類)", report.industries))
    if as_csv:
        print_csv([row for group, _, rows in groups for row in _rows(group, rows)], _CSV)
        return
    console.print(f"{report.patents} patents, {report.live_jp} with a live JP right "
                  f"(as of {report.as_of.isoformat()})")
    for group, title, rows in groups:
        print_table(_rows(group, rows), _COLUMNS, title=title)
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
