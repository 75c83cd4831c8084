"""``kizuna pledges add|list|remove``: non-assertion pledges and FRAND commitments per patent."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from kizuna.cli.common import console, print_json, state

__all__ = ["app"]

app = typer.Typer(
    help="Pledges and FRAND commitments per patent (enforced in targets and deals).",
    no_args_is_help=True,
)


@app.callback()
def group() -> None:
    """Pledges (e.g. the Open COVID Pledge) and FRAND commitments recorded per patent."""


@app.command("add")
def add_command(
    ctx: typer.Context,
    patent: Annotated[str, typer.Argument(help="A stored patent's number.")],
    kind: Annotated[str, typer.Option("--kind", help="pledge or frand.")],
    name: Annotated[str, typer.Option("--name", help="'Open COVID Pledge', 'ETSI declaration'.")],
    source: Annotated[str, typer.Option("--source", help="URL or document of the text.")],
    source_date: Annotated[
        str, typer.Option("--source-date", help="Date of that text or of the declaration.")
    ],
    scope: Annotated[str, typer.Option("--scope", help="What is promised, quoted.")] = "",
    field: Annotated[str, typer.Option("--field", help="Field of use ('' = every).")] = "",
    beneficiaries: Annotated[
        str, typer.Option("--beneficiaries", help="Pledge: 'anyone' or names joined by ';'.")
    ] = "",
    starts: Annotated[str | None, typer.Option("--starts", help="First day in effect.")] = None,
    ends: Annotated[str | None, typer.Option("--ends", help="Last day in effect.")] = None,
    sdo: Annotated[str, typer.Option("--sdo", help="FRAND: the standards body.")] = "",
    standard: Annotated[str, typer.Option("--standard", help="FRAND: the standard.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record a pledge or FRAND commitment on a patent, with its source and date."""
    from kizuna.services.pools.pledges import add_commitment, commitment_json
    from kizuna.services.royalty_inputs import parse_day

    st = state(ctx)
    item = add_commitment(
        st.database(), patent=patent, kind=kind, name=name, source=source,
        source_date=parse_day(source_date, "--source-date"), actor=st.actor(), scope=scope,
        field=field, beneficiaries=beneficiaries, starts=parse_day(starts, "--starts"),
        ends=parse_day(ends, "--ends"), sdo=sdo, standard=standard,
    )  # fmt: skip
    if as_json:
        print_json(commitment_json(item))
        return
    console.print(f"recorded {item.kind} #{item.id} on {item.patent}: {item.cite}", markup=False)


@app.command("list")
def list_command(
    ctx: typer.Context,
    patent: Annotated[str | None, typer.Option("--patent", help="Only this patent.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recorded pledges and FRAND commitments."""
    from kizuna.services.pools.pledges import commitment_json, list_commitments

    items = list_commitments(state(ctx).database(), patent)
    if as_json:
        print_json({"commitments": [commitment_json(i) for i in items]})
        return
    table = Table(title="Pledges and FRAND commitments")
    for column in ("id", "patent", "kind", "name", "field", "who may rely / SDO", "period"):
        table.add_column(column)
    for i in items:
        who = i.beneficiaries if i.kind == "pledge" else f"{i.sdo} {i.standard}"
        table.add_row(str(i.id), i.patent, i.kind, i.name, i.field or "every field", who,
                      f"{i.starts or '…'} – {i.ends or '…'}")  # fmt: skip
    console.print(table)
    for i in items:
        console.print(f"#{i.id} source: {i.source} ({i.source_date})", markup=False)


@app.command("remove")
def remove_command(
    ctx: typer.Context,
    commitment_id: Annotated[int, typer.Argument(help="Its id (`pledges list`).")],
) -> None:
    """Remove a commitment recorded in error (the audit log keeps what it said)."""
    from kizuna.services.pools.pledges import remove_commitment

    st = state(ctx)
    remove_commitment(st.database(), commitment_id, actor=st.actor())
    console.print(f"removed commitment #{commitment_id}", markup=False)
