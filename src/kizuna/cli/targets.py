"""``kizuna targets rank|encumber|encumbrances``: ranked licensing targets, explained."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kizuna.adapters.landscape_data import read_weights
from kizuna.cli.common import console, print_json, state
from kizuna.cli.landscape import AsOfOption, JsonOption, parse_as_of
from kizuna.domain.targets import FACTORS
from kizuna.services.targets import (
    NOTICE,
    TargetRanking,
    add_encumbrance,
    list_encumbrances,
    rank_targets,
)

__all__ = ["app"]

app = typer.Typer(help="Rank (patent, company) pairs for licensing; record encumbrances.",
                  no_args_is_help=True)
_SHORT = {"remaining_term": "term", "live_jp": "JP", "claim_breadth": "breadth",
          "evidence": "evid.", "activity": "activ.", "text": "text", "revenue": "rev.",
          "exposure": "expo."}


def _print_ranking(ranking: TargetRanking) -> None:
    table = Table(title=f"Targets: {ranking.pairs_scored:,} pairs scored "
                        f"({ranking.patents} patents x {ranking.companies} companies, "
                        f"{ranking.excluded_own} own-group pairs left out)")
    for column in ("#", "patent", "company", "score", *(_SHORT[f] for f in FACTORS)):
        table.add_column(column, overflow="fold")
    for pair in ranking.pairs:
        cells = [f"{pair.contributions[f]:.1f}" for f in FACTORS]
        score = f"{pair.score:.1f}" + (f" (blocked: {pair.blocked_by})" if pair.blocked_by else "")
        table.add_row(str(pair.rank), pair.patent, pair.company.display_name, score, *cells)
    console.print(table)
    if ranking.blocked:
        console.print("Blocked pairs (score 0):")
        for pair in ranking.blocked:
            console.print(f"  {pair.patent} / {pair.company.display_name}: {pair.blocked_by}")
    console.print(NOTICE, style="dim")


@app.command("rank")
def rank_command(
    ctx: typer.Context,
    top: Annotated[int | None, typer.Option("--top", help="Show the best N pairs.")] = None,
    weights: Annotated[
        Path | None, typer.Option("--weights", help="TOML file of factor weights.")
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score every (patent, company) pair; each factor's contribution is shown."""
    ranking = rank_targets(
        state(ctx).database(), top=top, weights=read_weights(weights) if weights else None,
        as_of=parse_as_of(as_of),
    )
    if as_json:
        print_json(ranking.to_json())
        return
    _print_ranking(ranking)


@app.command("encumber")
def encumber_command(
    ctx: typer.Context,
    patent: Annotated[str, typer.Option("--patent", help="The patent (any number form).")],
    company: Annotated[str, typer.Option("--company", help="The company (name or id).")],
    kind: Annotated[str, typer.Option("--kind", help="licence, covenant or pledge.")],
    note: Annotated[str, typer.Option("--note", help="Free text, e.g. the agreement.")] = "",
    as_json: JsonOption = False,
) -> None:
    """Record a licence, covenant or pledge that blocks a (patent, company) pair."""
    item = add_encumbrance(state(ctx).database(), patent=patent, company=company, kind=kind,
                           note=note)
    if as_json:
        print_json(item.to_json())
        return
    console.print(f"recorded {item.label}: {item.patent} / {item.company_name}")


@app.command("encumbrances")
def encumbrances_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the recorded encumbrances."""
    items = list_encumbrances(state(ctx).database())
    if as_json:
        print_json([item.to_json() for item in items])
        return
    table = Table(title=f"{len(items)} encumbrances")
    for column in ("id", "patent", "company", "kind", "note", "recorded"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(str(item.id), item.patent, item.company_name, item.kind, item.note,
                      item.created_at.date().isoformat())
    console.print(table)
