"""``kizuna match``: open patents (開放特許) matched to SMEs for a regional coordinator."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kizuna.cli.common import console, print_json

__all__ = ["app"]

app = typer.Typer(
    help="SME IP matching: open patents to small manufacturers.", no_args_is_help=True
)


@app.callback()
def group() -> None:
    """SME IP matching: an open-patent catalogue against SME profiles, explained shortlists."""


@app.command("run")
def run_command(
    catalogue: Annotated[Path, typer.Option("--catalogue", help="Open patents, CSV or JSONL.")],
    smes: Annotated[
        Path, typer.Option("--smes", help="SME profiles, CSV or JSONL (ja/en headers).")
    ],
    region: Annotated[
        str, typer.Option("--region", help="Only SMEs in this prefecture or city.")
    ] = "",
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="Candidates per patent.")] = 10,
    on: Annotated[
        str | None, typer.Option("--as-of", help="Date for remaining life (default today).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for shortlist.json.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score every patent × SME pair; print each patent's shortlist with the reasons."""
    from kizuna.adapters.exports.pdf import write_atomic
    from kizuna.jsonable import to_jsonable
    from kizuna.services.matching.files import read_catalogue, read_smes
    from kizuna.services.matching.run import match, shortlist_json
    from kizuna.services.royalty_inputs import parse_day

    day = parse_day(on, "--as-of") or date.today()
    shortlists = match(
        patents=read_catalogue(catalogue), smes=read_smes(smes), on=day, region=region, top=top
    )
    document = shortlist_json(shortlists)
    if out is not None:
        text = json.dumps(to_jsonable(document), ensure_ascii=False, indent=2) + "\n"
        write_atomic(out / "shortlist.json", text.encode())
    if as_json:
        print_json(document)
        return
    for s in shortlists:
        table = Table(title=f"{s.patent.number} {s.patent.title} ({s.patent.owner})")
        table.add_column("SME")
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("why")
        for p in s.pairs:
            table.add_row(p.sme, f"{p.score:.2f}", p.explanation)
        console.print(table)
    console.print(document["notice"], markup=False)
