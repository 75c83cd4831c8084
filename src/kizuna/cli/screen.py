"""``kizuna screen``: which claims against which products are worth charting."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from kizuna.adapters.exports.chart_common import DISCLAIMER
from kizuna.cli.common import console, print_json, state
from kizuna.services.screening import screen as screen_pairs

__all__ = ["screen"]


def _names(value: str) -> list[str] | None:
    """``all`` -> None (everything); else the comma-separated names, blanks dropped."""
    if value.strip().lower() == "all":
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def screen(
    ctx: typer.Context,
    patents: Annotated[str, typer.Option(
        "--patents", help="Comma-separated patent numbers, or 'all'.")] = "all",
    products: Annotated[str, typer.Option(
        "--products", help="Comma-separated product names, or 'all'.")] = "all",
    method: Annotated[str, typer.Option(
        "--method", help="Retrieval: hybrid | bm25 | dense.")] = "hybrid",
    embedder: Annotated[str, typer.Option(
        "--embedder", help="auto (USE, e5) | hashing (tests) | PATH of a local model.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
    = False,
) -> None:
    """Screen every independent claim against every product; best pairs first."""
    report = screen_pairs(state(ctx).database(), patents=_names(patents),
                          products=_names(products), method=method, embedder=embedder)
    if as_json:
        print_json(report.to_json())
        return
    table = Table(title=f"{len(report.pairs)} claim-product pairs "
                        f"({report.patents} patents x {report.products} products)")
    for column in ("patent", "claim", "product", "coverage", "verdict", "needs evidence",
                   "recommendation"):
        table.add_column(column, overflow="fold")
    for pair in report.pairs:
        table.add_row(pair.patent, f"{pair.claim} ({pair.lang})", pair.product,
                      f"{pair.coverage:.0%}", pair.verdict, ", ".join(pair.needs_evidence),
                      pair.recommendation)
    console.print(table)
    worth = sum(p.worth_charting for p in report.pairs)
    console.print(f"{worth} pairs worth charting ({report.seconds:.1f} s). {DISCLAIMER}",
                  markup=False, soft_wrap=True)
