"""``kizuna evidence add|list|show``: product evidence for claim charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from kizuna.cli.common import (
    Column,
    CsvOption,
    console,
    err_console,
    print_json,
    print_listing,
    state,
)
from kizuna.services.evidence import (
    AddEvidenceReport,
    EvidenceProgress,
    add_evidence,
    evidence_json,
    evidence_limits,
    get_evidence,
    list_evidence,
    list_products,
    parse_captured_at,
)

__all__ = ["add", "app", "list_command", "show"]

app = typer.Typer(
    no_args_is_help=True,
    help="Product evidence (HTML, PDF, text/Markdown, DOCX) for claim charts.",
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("add")
def add(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (searched recursively).", show_default=False),
    ],
    product: Annotated[str, typer.Option("--product", help="The product the evidence shows.")],
    company: Annotated[
        str | None, typer.Option("--company", help="The company that makes or sells it.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Where the (single) file was captured from.")
    ] = None,
    captured_at: Annotated[
        str | None,
        typer.Option("--captured-at", help="When it was captured (YYYY-MM-DD or ISO date-time)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Store evidence files for a product; each file is stored whole or not at all.

    The same bytes again for the same product and source are "unchanged";
    different bytes are a new version. Exits 1 when any file failed.
    """
    app_state = state(ctx)
    when = parse_captured_at(captured_at)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        disable=as_json or not err_console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("reading", total=None)

        def on_progress(p: EvidenceProgress) -> None:
            bar.update(task, total=p.total, completed=p.done, description=p.current or "done")

        report = add_evidence(
            app_state.database(create=True),
            paths,
            product=product,
            company=company,
            url=url,
            captured_at=when,
            progress=on_progress,
            max_file_bytes=app_state.settings.max_file_bytes,
            limits=evidence_limits(app_state.settings),
        )
    if as_json:
        print_json(report.to_json())
    else:
        _print_add(report)
    if report.failed:
        raise typer.Exit(code=1)


def _print_add(report: AddEvidenceReport) -> None:
    if report.documents:
        table = Table(title=f"Evidence for {report.product}")
        for column in ("id", "source", "version", "lang", "passages", "result"):
            table.add_column(column)
        for doc in report.documents:
            table.add_row(
                str(doc.id), doc.source, str(doc.version), doc.lang, str(doc.passages), doc.action
            )
        console.print(table)
    for skipped in report.skipped:
        err_console.print(f"skipped: {skipped.file}: {skipped.error}", markup=False)
    for failure in report.failed:
        err_console.print(f"failed: {failure.error}", markup=False, highlight=False)
    console.print(
        f"{report.added} added, {report.unchanged} unchanged, {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed",
        markup=False,
    )


@app.command("list")
def list_command(
    ctx: typer.Context,
    product: Annotated[
        str | None, typer.Option("--product", help="Only this product's documents.")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List products with evidence and their documents (every version)."""
    database = state(ctx).database()
    docs = list_evidence(database, product)
    products = [
        p
        for p in list_products(database)
        if product is None or any(d.product == p.product for d in docs)
    ]
    if as_json:
        print_json(
            {
                "products": [p.to_json() for p in products],
                "documents": [evidence_json(d) for d in docs],
            }
        )
        return
    rows = [{"id": d.id, "product": d.product, "source": d.source, "version": d.version,
             "lang": d.lang, "captured": d.captured_at.date().isoformat(), "sha256": d.sha256,
             "sha256_short": d.sha256[:12]} for d in docs]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("product"),
                         Column("source"), Column("version", "v", fixed=True, right=True),
                         Column("lang", fixed=True), Column("captured", fixed=True),
                         Column("sha256_short", "sha256", fixed=True)),
                  as_csv=as_csv, title="Evidence documents",
                  csv_columns=("id", "product", "source", "version", "lang", "captured",
                               "sha256"))
    if as_csv:
        return
    console.print(f"{len(products)} products, {len(docs)} documents", markup=False)


@app.command("show")
def show(
    ctx: typer.Context,
    doc_id: Annotated[int, typer.Argument(metavar="ID", help="Document id (see evidence list).")],
    as_json: JsonOption = False,
) -> None:
    """Show one stored document and its passages with citations."""
    doc = get_evidence(state(ctx).database(), doc_id)
    if as_json:
        print_json(evidence_json(doc))
        return
    console.print(
        f"{doc.title or doc.source}  (document {doc.id}, version {doc.version})", markup=False
    )
    console.print(
        f"product: {doc.product}   source: {doc.source}   captured: {doc.captured_at.isoformat()}",
        markup=False,
    )
    console.print(f"sha256: {doc.sha256}   language: {doc.lang}", markup=False)
    label = doc.title or doc.source
    for passage in doc.passages:
        console.print(f"\n[{passage.id}] {label}, {passage.location.cite()}", markup=False)
        console.print(passage.text, markup=False)
