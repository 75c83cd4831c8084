"""``kizuna chart build|review|export|list|show``: element-by-element claim charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kizuna.adapters.exports.chart_common import DISCLAIMER, PARTIAL_MEANS, visible
from kizuna.cli.common import Column, CsvOption, console, print_json, print_listing, state
from kizuna.domain.evidence import ClaimChart
from kizuna.errors import InvalidValueError
from kizuna.services.chart_view import chart_summary_json, chart_to_json
from kizuna.services.charts import (
    build_chart,
    export_chart,
    get_chart,
    list_charts,
    review_chart,
)

__all__ = ["app"]

app = typer.Typer(
    help="Claim charts: evidence of use per claim element (an analytical aid, not a legal "
    "opinion).",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
ChartId = Annotated[int, typer.Argument(help="Chart id (see `kizuna chart list`).")]


def _print_chart(chart: ClaimChart) -> None:
    table = Table(title=f"Chart {chart.id}: {chart.patent} claim {chart.claim} ({chart.lang}) "
                        f"v. {chart.product}")
    for column in ("element", "text", "label", "score", "best evidence"):
        table.add_column(column, overflow="fold")
    for element in chart.elements:
        shown = visible(element, limit=1)
        best = f"{shown[0].text[:120]}\n— {shown[0].citation}" if shown else "no evidence"
        if element.notes:
            best += "\nNote: " + "; ".join(element.notes)
        table.add_row(element.element_id, element.text[:160], element.label,
                      f"{element.score:.2f}", best)
    console.print(table)
    needs = ", ".join(chart.needs_evidence) or "none"
    console.print(f"Coverage {chart.coverage:.0%}; verdict: {chart.verdict} (all-elements rule); "
                  f"needs evidence: {needs}; {len(chart.history)} review decisions.",
                  markup=False, soft_wrap=True)
    if any(e.label == "partial" for e in chart.elements):
        console.print(f"{PARTIAL_MEANS}.", markup=False, soft_wrap=True)
    console.print(DISCLAIMER, markup=False, soft_wrap=True)


@app.command("build")
def build_command(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="Patent number in any form (特許第7533889号…).")],
    claim: Annotated[int, typer.Option("--claim", help="Claim number to chart.")],
    product: Annotated[str, typer.Option("--product", help="Product with stored evidence.")],
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Claim language (default: ja for JP, en for EP, else the patent's).")]
    = None,
    method: Annotated[str, typer.Option(
        "--method", help="Retrieval: hybrid | bm25 | dense.")] = "hybrid",
    embedder: Annotated[str, typer.Option(
        "--embedder", help="auto (USE, e5) | hashing (tests) | PATH of a local model.")] = "auto",
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=20,
                                       help="Passages kept per element.")] = 3,
    as_json: JsonOption = False,
) -> None:
    """Chart one claim against one product's evidence; earlier review decisions carry over."""
    chart = build_chart(state(ctx).database(), number, claim=claim, product=product,
                        method=method, embedder=embedder, lang=lang, top_k=top_k)
    if as_json:
        print_json(chart_to_json(chart))
        return
    _print_chart(chart)


def _decision(
    accept: str | None, reject: str | None, add: str | None, note: str | None,
    edit_text: str | None,
) -> tuple[str, str]:
    given = [(action, value) for action, value in (
        ("accept", accept), ("reject", reject), ("add", add), ("note", note),
        ("edit-text", edit_text)) if value is not None]
    if len(given) != 1:
        raise InvalidValueError(
            "give exactly one of --accept, --reject, --add, --note, --edit-text")
    return given[0]


@app.command("review")
def review_command(
    ctx: typer.Context,
    chart_id: ChartId,
    element: Annotated[str, typer.Option("--element", help="Element id, e.g. 1A.")],
    accept: Annotated[str | None, typer.Option("--accept", help="Accept a passage id.")] = None,
    reject: Annotated[str | None, typer.Option("--reject", help="Reject a passage id.")] = None,
    add: Annotated[str | None, typer.Option(
        "--add", help="Add a passage id of the product's evidence.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Add a reviewer note.")] = None,
    edit_text: Annotated[str | None, typer.Option(
        "--edit-text", help="Replace the element's wording in the chart.")] = None,
    who: Annotated[str | None, typer.Option("--who", help="Reviewer (default: OS user).")]
    = None,
    as_json: JsonOption = False,
) -> None:
    """Record one review decision (kept in the chart's history with who and when)."""
    action, value = _decision(accept, reject, add, note, edit_text)
    chart = review_chart(state(ctx).database(), chart_id, element=element, action=action,
                         value=value, who=who)
    if as_json:
        print_json(chart_to_json(chart))
        return
    _print_chart(chart)


@app.command("export")
def export_command(
    ctx: typer.Context,
    chart_id: ChartId,
    fmt: Annotated[str, typer.Option("--format", help="xlsx | docx | html | json.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    lang: Annotated[str, typer.Option(
        "--lang", help="Language of the export's own words: en (default) | ja.")] = "en",
) -> None:
    """Export a chart in its reviewed state (rejected passages left out)."""
    path = export_chart(state(ctx).database(), chart_id, fmt.lower(), output, lang.lower())
    console.print(f"wrote {path}", markup=False, highlight=False)


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False,
                 as_csv: CsvOption = False) -> None:
    """List chart builds, newest first."""
    charts = list_charts(state(ctx).database())
    if as_json:
        print_json([chart_summary_json(c) for c in charts])
        return
    rows = [{"id": c.id, "patent": c.patent, "claim": f"{c.claim} ({c.lang})",
             "product": c.product, "coverage": f"{c.coverage:.0%}", "verdict": c.verdict,
             "reviews": len(c.history), "built": f"{c.built_at:%Y-%m-%d %H:%M}"} for c in charts]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("patent", fixed=True),
                         Column("claim", fixed=True), Column("product"),
                         Column("coverage", "cover", fixed=True, right=True), Column("verdict"),
                         Column("reviews", "rev.", fixed=True, right=True),
                         Column("built", fixed=True)),
                  as_csv=as_csv, title=f"{len(charts)} charts")
    if as_csv:
        return
    console.print(DISCLAIMER, markup=False)


@app.command("show")
def show_command(ctx: typer.Context, chart_id: ChartId, as_json: JsonOption = False) -> None:
    """Show one chart in its reviewed state, with its review history in JSON."""
    chart = get_chart(state(ctx).database(), chart_id)
    if as_json:
        print_json(chart_to_json(chart))
        return
    _print_chart(chart)
