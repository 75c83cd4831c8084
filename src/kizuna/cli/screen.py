"""``kizuna screen``: which claims against which products are worth charting."""

from __future__ import annotations

from typing import Annotated

import typer

from kizuna.adapters.exports.chart_common import DISCLAIMER
from kizuna.cli.common import Column, CsvOption, console, print_json, print_listing, state
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
    as_csv: CsvOption = False,
) -> None:
    """Screen every independent claim against every product; best pairs first."""
    report = screen_pairs(state(ctx).database(), patents=_names(patents),
                          products=_names(products), method=method, embedder=embedder)
    if as_json:
        print_json(report.to_json())
        return
    rows = [{"patent": p.patent, "claim": f"{p.claim} ({p.lang})", "product": p.product,
             "coverage": f"{p.coverage:.0%}", "verdict": p.verdict,
             "needs_evidence": ", ".join(p.needs_evidence), "recommendation": p.recommendation}
            for p in report.pairs]
    print_listing(rows, (Column("patent", fixed=True), Column("claim", fixed=True),
                         Column("product"), Column("coverage", "cover", fixed=True, right=True),
                         Column("verdict"), Column("needs_evidence", "needs evidence"),
                         Column("recommendation")),
                  as_csv=as_csv, title=f"{len(report.pairs)} claim-product pairs "
                                       f"({report.patents} patents x {report.products} products)")
    if as_csv:
        return
    worth = sum(p.worth_charting for p in report.pairs)
    console.print(f"{worth} pairs worth charting ({report.seconds:.1f} s). {DISCLAIMER}",
                  markup=False)
