"""``kizuna patents list|show``: the stored patent record."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kizuna.adapters.reference import field_concordance
from kizuna.cli.common import console, print_json, state
from kizuna.services.patent_view import patent_to_json
from kizuna.services.patents import get_patent, list_patents
from kizuna.services.portfolio import family_members

__all__ = ["app"]

app = typer.Typer(help="List and show stored patents.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Date for the remaining term (YYYY-MM-DD; default today)."),
]


def _as_of(value: str | None) -> date:
    from kizuna.errors import InvalidValueError

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidValueError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from exc


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List stored patents."""
    summaries = list_patents(database=state(ctx).database())
    if as_json:
        print_json([s.to_json() for s in summaries])
        return
    table = Table(title=f"{len(summaries)} patents")
    for column in ("number", "title", "status", "filing", "claims", "sources"):
        table.add_column(column, overflow="fold")
    for s in summaries:
        row = s.to_json()
        table.add_row(
            row["number"],
            row["title"] or "",
            row["status"],
            str(row["filing"] or ""),
            str(row["claims"]),
            str(row["sources"]),
        )
    console.print(table)


@app.command("show")
def show_command(
    ctx: typer.Context,
    number: Annotated[
        str, typer.Argument(help="Any common form: US8930553B2, 特許第7533889号, 特願2020-123456…")
    ],
    as_json: JsonOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Show one patent: numbers, dates, expiry and its basis, parties, fields, claims."""
    patent = get_patent(database=state(ctx).database(), number=number)
    view = patent_to_json(patent, as_of=_as_of(as_of), concordance=field_concordance())
    view["family_members"] = [m.to_json() for m in family_members(
        database=state(ctx).database(), patent=patent, as_of=view["expiry"]["remaining"]["as_of"])]
    if as_json:
        print_json(view)
        return
    _print_patent(view)


def _print_patent(view: dict[str, Any]) -> None:
    console.rule(f"{view['number']}  {view['title'] or ''}")
    console.print("numbers: " + ", ".join(n["display"] for n in view["numbers"]), markup=False)
    dates = view["dates"]
    console.print("dates: " + ", ".join(f"{k} {v}" for k, v in dates.items() if v), markup=False)
    expiry = view["expiry"]
    remaining = expiry["remaining"]
    console.print(
        f"expiry: {expiry['date'] or 'unknown'} (status {view['status']}; "
        f"{remaining['days']} days remaining as of {remaining['as_of']})",
        markup=False,
    )
    for step in expiry["basis"]:
        console.print(f"  - {step['rule']} [{step['citation']}]: {step['detail']}", markup=False)
    for caveat in expiry["caveats"]:
        console.print(f"  ! {caveat}", markup=False)
    for party in view["parties"]:
        console.print(f"{party['role']}: {party['name']}", markup=False)
    if view["classifications"]:
        console.print(
            "classifications: "
            + ", ".join(f"{c['scheme']} {c['code']}" for c in view["classifications"]),
            markup=False,
        )
    if view["fields"]:
        console.print(
            "technology fields: " + ", ".join(f["name"] for f in view["fields"]), markup=False
        )
    tree = Tree("claims")
    for claim in view["claims"]:
        dep = (
            "independent"
            if claim["independent"]
            else "depends on " + ", ".join(map(str, claim["depends_on"]))
        )
        node = tree.add(
            Text(f"[{claim['lang']}] claim {claim['number']} ({claim['category']}, {dep})")
        )
        for element in claim["elements"]:
            node.add(Text(f"{element['id']}: {element['text']}"))
    console.print(tree)
    console.print(view["notice"], style="dim", markup=False)
