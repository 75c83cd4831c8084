"""``kizuna corpus landscape|screen``: jobs over a built corpus (on ``kizuna corpus``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kizuna.cli.common import console, err_console, print_json, state
from kizuna.errors import InvalidValueError, KizunaError

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["LANDSCAPE_COLUMNS", "SCREEN_COLUMNS", "landscape", "screen"]

LANDSCAPE_COLUMNS = ("number", "title", "country", "year", "applicants", "relevance",
                     "classification", "text", "citation", "citation_links", "shared", "ipc",
                     "cpc")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
CorpusOption = Annotated[Path, typer.Option("--corpus", help="The corpus folder (from build).")]
NoRayOption = Annotated[bool, typer.Option("--no-ray", help="Run in this process, without Ray.")]
RayAddressOption = Annotated[str | None, typer.Option(
    "--ray-address", help="Run on a Ray cluster: 'auto' or ray://HOST:PORT.")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", help="Also write the table to FILE.parquet or FILE.csv.")]


def _portfolio(ctx: typer.Context) -> Database | None:
    """The portfolio database when there is one (seeds not in the corpus are looked up there)."""
    try:
        return state(ctx).database()
    except KizunaError:
        return None


def _bar(enabled: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, disable=not enabled,
                    transient=True)


def landscape(
    ctx: typer.Context,
    seeds: Annotated[list[str], typer.Argument(
        help="Seed patent numbers (in the corpus or the portfolio).", show_default=False)],
    corpus: CorpusOption,
    top: Annotated[int, typer.Option("--top", help="How many patents in the landscape.")] = 100,
    out: OutOption = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Also write a field x applicant heatmap to FILE.png or FILE.svg.")]
    = None,
    no_ray: NoRayOption = False,
    ray_address: RayAddressOption = None,
    as_json: JsonOption = False,
) -> None:
    """Expand seeds into a landscape: shared classification, text similarity and citations."""
    from kizuna.adapters.corpus.results import check_result_path, write_result
    from kizuna.cli.corpus import require_scale
    from kizuna.services.corpus.landscape import NOTICE, expand_landscape, landscape_plot

    require_scale(ray=not no_ray)
    if out is not None:
        check_result_path(out)
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise InvalidValueError(f"--plot {plot.name}: the file must end in .png or .svg")
    with _bar(not as_json and err_console.is_terminal) as bar:
        task = bar.add_task("scoring partitions", total=None)
        result = expand_landscape(
            corpus=corpus, seeds=seeds, top=top, database=_portfolio(ctx),
            use_ray=not no_ray, ray_address=ray_address,
            progress=lambda done, total: bar.update(task, completed=done, total=total))
    if out is not None:
        write_result(out, [_flat(row) for row in result.patents], LANDSCAPE_COLUMNS)
    if plot is not None:
        from kizuna.adapters.exports.pdf import write_atomic

        write_atomic(plot, landscape_plot(result, fmt=plot.suffix.lower().lstrip(".")))
    if as_json:
        print_json(result.to_json())
        return
    table = Table(title=f"Landscape: {len(result.patents)} patents around "
                        f"{', '.join(s['number'] for s in result.seeds)} "
                        f"({result.documents:,} documents)")
    for column in ("#", "number", "title", "relevance", "class.", "text", "cit.", "shared",
                   "citation links"):
        table.add_column(column, overflow="fold")
    for rank, row in enumerate(result.patents, start=1):
        parts = row["parts"]
        cited = "—" if parts["citation"] is None else f"{parts['citation']:.2f}"
        table.add_row(str(rank), row["number"], row["title"], f"{row['relevance']:.3f}",
                      f"{parts['classification']:.2f}", f"{parts['text']:.2f}", cited,
                      ", ".join(row["shared"]), "; ".join(_links(row)))
    console.print(table)
    fields = Table(title="WIPO technology fields")
    for column in ("field", "patents"):
        fields.add_column(column)
    for group in result.landscape["fields"]:
        fields.add_row(group["name"], str(group["patents"]))
    console.print(fields)
    if out is not None:
        console.print(f"wrote {out}", markup=False)
    console.print(NOTICE, markup=False, soft_wrap=True)


def _links(row: dict[str, Any]) -> list[str]:
    """``US9600001B2 backward (examiner)``: the seed, the direction, who cited."""
    return [f"{link['seed']} {link['direction']} ({link['source']})"
            for link in row.get("citations", ())]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, **row["parts"], "citation_links": _links(row)}


SCREEN_COLUMNS = ("product", "patent", "claim", "lang", "recommendation", "coverage",
                  "verdict", "evidence_score", "retrieval_rank", "needs_evidence", "labels", "why")


def screen(
    ctx: typer.Context,
    corpus: CorpusOption,
    products: Annotated[list[Path] | None, typer.Option(
        "--products", help="A product's evidence file, or a folder of one product's files "
                           "(named by the folder); repeat for more products.")] = None,
    evidence: Annotated[str, typer.Option(
        "--evidence", help="Comma-separated products stored with 'kizuna evidence add', or "
                           "'all'.")] = "",
    top_k: Annotated[int, typer.Option(
        "--top-k", help="Candidate patents per product (from the corpus index).")] = 5,
    claims: Annotated[int, typer.Option(
        "--claims", help="At most this many independent claims screened per product.")] = 20,
    max_pairs: Annotated[int, typer.Option(
        "--max-pairs", help="Refuse a job of more claim-product pairs than this.")] = 10_000,
    method: Annotated[str, typer.Option(
        "--method", help="Element retrieval: hybrid | bm25 | dense.")] = "hybrid",
    embedder: Annotated[str, typer.Option(
        "--embedder", help="auto (USE, e5) | hashing (tests) | PATH of a local model.")] = "auto",
    out: OutOption = None,
    no_ray: NoRayOption = False,
    ray_address: RayAddressOption = None,
    as_json: JsonOption = False,
) -> None:
    """Screen corpus claims against product documents: a ranked worklist of pairs to chart."""
    from kizuna.adapters.corpus.results import check_result_path, write_result
    from kizuna.cli.corpus import require_scale
    from kizuna.services.corpus.screen import screen_corpus

    require_scale(ray=not no_ray)
    if out is not None:
        check_result_path(out)
    stored, url = _stored_products(ctx, evidence)
    with _bar(not as_json and err_console.is_terminal) as bar:
        task = bar.add_task("screening products", total=None)
        result = screen_corpus(
            corpus=corpus, products=products or (), stored=stored, database_url=url,
            top_k=top_k, claims=claims, max_pairs=max_pairs, method=method, embedder=embedder,
            use_ray=not no_ray, ray_address=ray_address,
            progress=lambda done, total: bar.update(task, completed=done, total=total))
    if out is not None:
        write_result(out, result.pairs, SCREEN_COLUMNS)
    if as_json:
        print_json(result.to_json())
    else:
        _print_screen(result, out)
    if result.failed:
        raise typer.Exit(code=1)


def _print_screen(result: Any, out: Path | None) -> None:
    from kizuna.services.corpus.screen import NOTICE

    table = Table(title=f"{len(result.pairs)} claim-product pairs "
                        f"({len(result.products)} products)")
    for column in ("#", "product", "patent", "claim", "cover", "recommendation"):
        table.add_column(column, overflow="fold")
    for rank, pair in enumerate(result.pairs, start=1):
        table.add_row(str(rank), pair["product"], pair["patent"],
                      f"{pair['claim']} ({pair['lang']})", f"{pair['coverage']:.0%}",
                      pair["recommendation"])
    console.print(table)
    for failure in result.failed:
        err_console.print(f"failed: {failure['error']}", markup=False, highlight=False)
    if out is not None:
        console.print(f"wrote {out}", markup=False)
    console.print(NOTICE, markup=False, soft_wrap=True)


def _stored_products(ctx: typer.Context, evidence: str) -> tuple[list[str], str | None]:
    """``--evidence`` names (``all``: every stored product) and the database URL."""
    if not evidence.strip():
        return [], None
    from kizuna.services.evidence import list_products

    database = state(ctx).database()
    if evidence.strip().lower() == "all":
        names = [p.product for p in list_products(database)]
    else:
        names = [n.strip() for n in evidence.split(",") if n.strip()]
    return names, state(ctx).database_url()
