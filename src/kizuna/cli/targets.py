"""``kizuna targets rank|encumber|encumbrances``: ranked licensing targets, explained."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kizuna.adapters.landscape_data import read_weights
from kizuna.cli.common import Column, CsvOption, console, print_json, print_listing, state
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


def _ranking_rows(ranking: TargetRanking) -> list[dict[str, Any]]:
    rows = []
    for pair in ranking.pairs:
        row: dict[str, Any] = {
            "rank": pair.rank, "patent": pair.patent, "company_id": pair.company.id,
            "company": pair.company.display_name, "score": f"{pair.score:.1f}",
            "blocked_by": pair.blocked_by or "",
            "flagged_by": " | ".join(pair.flagged_by),
            "top_factors": ", ".join(f"{_SHORT[f]} {pair.contributions[f]:.1f}" for f in sorted(
                FACTORS, key=lambda f: -pair.contributions[f])[:3]),
        }
        row.update({f: f"{pair.contributions[f]:.1f}" for f in FACTORS})
        rows.append(row)
    return rows


def _print_ranking(ranking: TargetRanking, *, as_csv: bool) -> None:
    rows = _ranking_rows(ranking)
    head = (Column("rank", "#", fixed=True, right=True), Column("patent", fixed=True),
            Column("company"), Column("score", fixed=True, right=True))
    # every factor's column when the terminal has room; else the three largest, as text
    factors = tuple(Column(f, _SHORT[f], fixed=True, right=True) for f in FACTORS)
    wide = console.width >= 130
    print_listing(rows, head + (factors if wide else (Column("top_factors", "top factors"),)),
                  as_csv=as_csv, csv_columns=(*(c.key for c in head), "company_id",
                                              "blocked_by", "flagged_by", *FACTORS),
                  title=f"Targets: {ranking.pairs_scored:,} pairs scored "
                        f"({ranking.patents} patents x {ranking.companies} companies, "
                        f"{ranking.excluded_own} own-group pairs left out)")
    if as_csv:
        return
    if ranking.blocked:
        console.print("Blocked pairs (score 0):")
        for pair in ranking.blocked:
            console.print(f"  {pair.patent} / {pair.company.display_name}: {pair.blocked_by}",
                          markup=False)
    flagged = [pair for pair in ranking.pairs if pair.flagged_by]
    if flagged:
        console.print("Encumbered outside the pair's field (ranked, not blocked):")
        for pair in flagged:
            for reason in pair.flagged_by:
                console.print(f"  {pair.patent} / {pair.company.display_name}: {reason}",
                              markup=False)
    console.print(NOTICE, style="dim")


@app.command("rank")
def rank_command(
    ctx: typer.Context,
    top: Annotated[int | None, typer.Option("--top", help="Show the best N pairs.")] = None,
    weights: Annotated[
        Path | None, typer.Option("--weights", help="TOML file of factor weights.")
    ] = None,
    as_of: AsOfOption = None,
    activity_corpus: Annotated[Path | None, typer.Option(
        "--activity-from-corpus", help="Also count the companies' filings in this corpus "
                                       "(kizuna corpus build) in the activity factor.")] = None,
    activity_jurisdiction: Annotated[str | None, typer.Option(
        "--activity-jurisdiction", help="With --activity-from-corpus: one office's documents "
                                        "only (JP, US, EP).")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Score every (patent, company) pair; each factor's contribution is shown."""
    ranking = rank_targets(
        state(ctx).database(), top=top, weights=read_weights(weights) if weights else None,
        as_of=parse_as_of(as_of), activity_corpus=activity_corpus,
        activity_jurisdiction=activity_jurisdiction,
    )
    if as_json:
        print_json(ranking.to_json())
        return
    _print_ranking(ranking, as_csv=as_csv)


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
def encumbrances_command(ctx: typer.Context, as_json: JsonOption = False,
                         as_csv: CsvOption = False) -> None:
    """List the recorded encumbrances."""
    items = list_encumbrances(state(ctx).database())
    if as_json:
        print_json([item.to_json() for item in items])
        return
    rows = [{"id": i.id, "patent": i.patent, "company": i.company_name, "kind": i.kind,
             "note": i.note, "recorded": i.created_at.date().isoformat()} for i in items]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("patent", fixed=True),
                         Column("company"), Column("kind", fixed=True), Column("note"),
                         Column("recorded", fixed=True)),
                  as_csv=as_csv, title=f"{len(items)} encumbrances")
