"""``kizuna eval eou``: retrieval and label quality on graded evidence-of-use cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kizuna.cli.common import console, print_json
from kizuna.services.eval_eou import evaluate_eou, load_cases

__all__ = ["app", "eou"]

app = typer.Typer(help="Evaluate retrieval quality on labelled cases.", no_args_is_help=True)


def _fmt(value: object) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


@app.command("eou")
def eou(
    cases_file: Annotated[Path, typer.Argument(help="Cases JSON (format in docs/cli/eval.md).")],
    method: Annotated[
        str, typer.Option("--method", help="hybrid (default), bm25 or dense.")
    ] = "hybrid",
    embedder: Annotated[
        str, typer.Option("--embedder", help="auto (USE, e5), hashing or a local model PATH.")
    ] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """nDCG@3, recall@3, MRR per case and overall, and label agreement with gold verdicts."""
    from kizuna.adapters.text.retriever import build_retriever

    cases = load_cases(cases_file)
    report = evaluate_eou(cases, retriever=build_retriever(method, embedder=embedder))
    data = report.to_json()
    if as_json:
        print_json(data)
        return
    columns = ("ndcg@3", "recall@3", "mrr", "verdict_agreement")
    table = Table(title=f"{cases_file.name}: {method}")
    for column in ("case", *columns):
        table.add_column(column)
    for case in data["cases"]:
        table.add_row(case["id"], *(_fmt(case[c]) for c in columns))
    for pair, summary in data["by_language_pair"].items():
        table.add_row(f"[{pair}]", *(_fmt(summary[c]) for c in columns), style="cyan")
    table.add_row("overall", *(_fmt(data["overall"][c]) for c in columns), style="bold")
    console.print(table)
    console.print(data["notice"], style="dim", markup=False)
