"""``kizuna corpus``: build a searchable Parquet corpus from bulk patent files, and search it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kizuna.cli.common import console, err_console, print_json, state
from kizuna.domain.company import Company
from kizuna.errors import KizunaError

__all__ = ["app", "require_scale"]

app = typer.Typer(help="Bulk patent corpora: build partitioned Parquet with BM25 and dense "
                       "indexes, search them.", no_args_is_help=True)

DISCLAIMER = ("Search results are leads for a person to read, not a finding about any "
              "patent's scope, validity or infringement.")

def require_scale(*, ray: bool = False) -> None:
    """One line naming the missing extra, instead of an import traceback."""
    import importlib.util

    from kizuna.errors import InvalidValueError

    wanted = ["pyarrow", "tantivy", "faiss", *(["ray"] if ray else [])]
    missing = [name for name in wanted if importlib.util.find_spec(name) is None]
    if missing:
        hint = " (or build with --no-ray)" if missing == ["ray"] else ""
        raise InvalidValueError(f"kizuna corpus needs {', '.join(missing)}: pip install "
                                f"'kizuna[scale]'{hint}")


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
CorpusOption = Annotated[Path, typer.Option("--corpus", help="The corpus folder (from build).")]
FilterOption = Annotated[list[str] | None, typer.Option(
    "--filter", help="KEY=VALUE (cpc, ipc, applicant, country, lang, kind) or year>=YYYY; "
                     "repeat to combine.")]
LimitOption = Annotated[int, typer.Option("--limit", help="How many results (1-100).")]


@app.command("build")
def build(
    ctx: typer.Context,
    sources: Annotated[list[Path], typer.Argument(
        help="Files, ZIP archives or folders (searched recursively).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="The corpus folder (created; resumed "
                                                    "when it holds a corpus).")],
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="Run on a Ray cluster: 'auto' or ray://HOST:PORT (default: a "
                              "local Ray).")] = None,
    no_ray: Annotated[bool, typer.Option(
        "--no-ray", help="Run the same stages in this process, without Ray.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Local Ray workers (default: the number of CPUs).")] = None,
    partition_size: Annotated[int, typer.Option(
        "--partition-size", help="Documents per Parquet partition.")] = 5_000,
    embedder: Annotated[str, typer.Option(
        "--embedder", help="Dense vectors: use (USE multilingual) | hashing (tests) | "
                           "none.")] = "use",
    as_json: JsonOption = False,
) -> None:
    """Build (or resume) a corpus: bulk files to partitioned Parquet, BM25 and dense indexes.

    Inputs the corpus already holds are skipped; a build that stopped resumes
    at its last finished partition. Exits 1 when any file or document failed;
    the others are still built.
    """
    require_scale(ray=not no_ray)
    from kizuna.services.corpus.build import BuildProgress, build_corpus

    app_state = state(ctx)
    show_bar = not as_json and err_console.is_terminal
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[documents]:,} documents"), TimeElapsedColumn(),
                  console=err_console, disable=not show_bar, transient=True) as bar:
        task = bar.add_task("building", total=None, documents=0)

        def on_progress(p: BuildProgress) -> None:
            bar.update(task, total=p.files_total, completed=p.files_done,
                       description=p.current, documents=p.documents)

        report = build_corpus(
            sources=sources, out=out, partition_size=partition_size, embedder=embedder,
            companies=_companies(ctx), use_ray=not no_ray, ray_address=ray_address,
            workers=workers, progress=on_progress,
            max_file_bytes=app_state.settings.max_file_bytes)
    if as_json:
        print_json(report.to_json())
    else:
        _print_build(report.to_json())
    if report.failed:
        raise typer.Exit(code=1)


def _companies(ctx: typer.Context) -> list[Company]:
    """The companies table, when a database is there, for resolving applicants."""
    from kizuna.services.companies import list_companies

    try:
        return list(list_companies(state(ctx).database()))
    except KizunaError:
        return []  # no database: applicants keep their normalised name keys only


def _print_build(data: dict[str, object]) -> None:
    built = data["built"]
    assert isinstance(built, list)
    if built:
        table = Table(title="Built inputs")
        for column in ("file", "documents", "partitions"):
            table.add_column(column)
        for row in built:
            table.add_row(row["file"], f"{row['documents']:,}", str(row["partitions"]))
        console.print(table)
    failed = data["failed"]
    assert isinstance(failed, list)
    for failure in failed:
        err_console.print(f"failed: {failure['error']}", markup=False, highlight=False)
    unchanged = data["unchanged"]
    assert isinstance(unchanged, list)
    console.print(f"{len(built)} built, {len(unchanged)} unchanged, {len(failed)} failed; "
                  f"the corpus holds {data['documents']:,} documents in "
                  f"{data['partitions']} partitions ({data['runner']})", markup=False)


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Words; a quoted part is a phrase.",
                                         show_default=False)],
    corpus: CorpusOption,
    lang: Annotated[str | None, typer.Option("--lang", help="Only documents in ja or en.")]
    = None,
    field: Annotated[str | None, typer.Option(
        "--field", help="Search only title, abstract or claims.")] = None,
    filters: FilterOption = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid | bm25 | dense.")] = "hybrid",
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Search a corpus: BM25 and dense vectors fused, best first, with snippets."""
    require_scale()
    from kizuna.services.corpus.search import search_corpus

    results = search_corpus(corpus=corpus, query=query, lang=lang, field=field,
                            filters=filters or (), mode=mode, limit=limit)
    _print_results(results, as_json)


@app.command("similar")
def similar(
    patent: Annotated[str, typer.Argument(help="A patent number the corpus holds.",
                                          show_default=False)],
    corpus: CorpusOption,
    filters: FilterOption = None,
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """The corpus documents nearest one of its patents (dense and BM25 fused)."""
    require_scale()
    from kizuna.services.corpus.similar import similar_patents

    results = similar_patents(corpus=corpus, number=patent, filters=filters or (), limit=limit)
    _print_results(results, as_json)


@app.command("applicants")
def applicants(
    corpus: CorpusOption,
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="Only documents of this office (JP, US, EP).")] = None,
    fields: Annotated[str, typer.Option(
        "--fields", help="Comma-separated WIPO field numbers (1-35) or IPC/CPC prefixes "
                         "(H04W).")] = "",
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    top: Annotated[int, typer.Option("--top", help="How many applicants.")] = 50,
    no_ray: Annotated[bool, typer.Option(
        "--no-ray", help="Count in this process, without Ray.")] = False,
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="Run on a Ray cluster: 'auto' or ray://HOST:PORT.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Who files where: documents per applicant, by technology field and year."""
    require_scale(ray=not no_ray)
    from kizuna.services.corpus.applicants import NOTICE, applicant_activity

    report = applicant_activity(
        corpus=corpus, jurisdiction=jurisdiction,
        fields=[f for f in fields.split(",") if f.strip()], year_from=year_from,
        year_to=year_to, top=top, use_ray=not no_ray, ray_address=ray_address)
    if as_json:
        print_json(report.to_json())
        return
    table = Table(title=f"{len(report.applicants)} applicants, {report.documents:,} documents")
    for column in ("applicant", "documents", "fields", "years", "company"):
        table.add_column(column, overflow="fold")
    for row in report.applicants:
        table.add_row(row["applicant"], f"{row['documents']:,}",
                      ", ".join(f"{k} {v}" for k, v in list(row["fields"].items())[:3]),
                      f"{min(row['years'])}-{max(row['years'])}",
                      ", ".join(map(str, row["company_ids"])))
    console.print(table)
    console.print(NOTICE, markup=False, soft_wrap=True)


def _highlighted(snippet: str, spans: tuple[tuple[int, int], ...], terminal: bool) -> Text:
    """Matched terms in reverse video on a terminal, between ** ** when piped."""
    if terminal:
        text = Text(snippet)
        for start, end in spans:
            text.stylize("bold reverse", start, end)
        return text
    marked, last = [], 0
    for start, end in spans:
        marked += [snippet[last:start], "**", snippet[start:end], "**"]
        last = end
    return Text("".join([*marked, snippet[last:]]))


def _print_results(results: object, as_json: bool) -> None:
    from kizuna.services.corpus.search import SearchResults

    assert isinstance(results, SearchResults)
    if as_json:
        print_json(results.to_json())
        return
    table = Table(title=f"{len(results.hits)} results ({results.mode}, "
                        f"{results.documents:,} documents)", show_lines=True)
    for column in ("#", "number", "title", "score", "snippet"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(results.hits, start=1):
        snippet = _highlighted(hit.snippet, hit.highlights, console.is_terminal)
        table.add_row(str(rank), hit.number, hit.title, f"{hit.score:.4f}", snippet)
    console.print(table)
    console.print(DISCLAIMER, markup=False, soft_wrap=True)


def _register_jobs() -> None:
    """The jobs over a built corpus live in their own module (this one stays small)."""
    from kizuna.cli import corpus_jobs

    app.command("landscape")(corpus_jobs.landscape)
    app.command("screen")(corpus_jobs.screen)


_register_jobs()
