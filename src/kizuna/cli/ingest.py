"""``kizuna ingest PATH...``: read patent documents into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from kizuna.cli.common import Column, console, err_console, print_json, print_table, state
from kizuna.services.ingest import IngestProgress, IngestReport, ingest_paths

__all__ = ["ingest"]


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (searched recursively).", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Ingest JPO, USPTO, EP XML, JPO progress JSON, CSV and JSONL patent files.

    Exits 1 when any file or document failed; the others are still stored.
    """
    app_state = state(ctx)
    database = app_state.database(create=True)
    show_bar = not as_json and err_console.is_terminal
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=not show_bar,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def on_progress(p: IngestProgress) -> None:
            bar.update(task, total=p.total_bytes, completed=p.bytes_done, description=p.current)

        report = ingest_paths(
            paths=paths,
            database=database,
            progress=on_progress,
            max_file_bytes=app_state.settings.max_file_bytes,
        )
    if as_json:
        print_json(report.to_json())
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(code=1)


def _print_report(report: IngestReport) -> None:
    data = report.to_json()
    if data["patents"]:
        print_table(data["patents"], (Column("file"), Column("number", "patent", fixed=True),
                                      Column("action", "result", fixed=True)),
                    title="Ingested documents")
    for warning in data["warnings"]:
        err_console.print(f"warning: {warning['file']}: {warning['message']}", markup=False)
    for failure in data["failed"]:
        err_console.print(f"failed: {failure['error']}", markup=False, highlight=False)
    console.print(
        f"{data['ingested']} ingested, {data['updated']} updated, "
        f"{data['unchanged']} unchanged, {len(data['failed'])} failed",
        markup=False,
    )
