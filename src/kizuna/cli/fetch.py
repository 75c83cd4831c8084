"""``kizuna fetch NUMBER...``: single documents from the EPO, USPTO and JPO APIs.

Uses the user's own credentials from the settings (``KIZUNA_EPO_OPS_KEY`` …,
docs/cli/fetch.md); ``--out DIR`` keeps the answers as files, ``--ingest`` stores
them through the normal ingest path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kizuna.cli.common import Column, console, err_console, print_json, print_table, state

if TYPE_CHECKING:
    from kizuna.services.fetch.documents import FetchReport
    from kizuna.services.fetch.ports import DocumentFetcher
    from kizuna.services.ingest import IngestReport
    from kizuna.settings import Settings

__all__ = ["fetch"]


class OfficeChoice(StrEnum):
    AUTO = "auto"
    EP = "ep"
    US = "us"
    JP = "jp"


def _fetchers(settings: Settings) -> dict[str, DocumentFetcher]:
    """The office clients (a seam: tests replace it to replay recorded answers)."""
    try:
        from kizuna.adapters.fetch import build_fetchers
    except ImportError as exc:
        from kizuna.errors import InvalidValueError

        raise InvalidValueError(f"kizuna fetch needs the fetch extra ({exc.name} is missing): "
                                "pip install 'kizuna[fetch]'") from exc
    return build_fetchers(settings)


def fetch(
    ctx: typer.Context,
    numbers: Annotated[list[str], typer.Argument(
        help="Patent numbers: EP3404678B1, US9362380, 'US 14/104,993', 特願2020-123456, "
             "JP7533889B2.", show_default=False)],
    office: Annotated[OfficeChoice, typer.Option(
        "--office", help="Office to ask; auto: from each number's country code.",
        case_sensitive=False)] = OfficeChoice.AUTO,
    ingest: Annotated[bool, typer.Option(
        "--ingest", help="Store the fetched documents (same checks and report as ingest).",
    )] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Folder to keep the answers in (created if missing).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fetch single documents from the EPO (OPS), USPTO (ODP) and JPO APIs with your credentials.

    Exits 1 when any number failed; the others are still fetched (and stored with --ingest).
    """
    from kizuna.services.fetch.documents import fetch_documents

    app_state = state(ctx)
    settings = app_state.settings
    fetchers = _fetchers(settings)
    store = _ingester(ctx, settings) if ingest else None
    try:
        report = fetch_documents(numbers=numbers, fetchers=fetchers, office=office.value,
                                 out_dir=out, ingest=store)
    finally:
        for client in fetchers.values():
            client.close()
    if as_json:
        print_json(report.to_json())
    else:
        _print_report(report)
    ingest_failed = report.ingest is not None and bool(report.ingest.failed)
    if report.failed or ingest_failed:
        raise typer.Exit(code=1)


def _ingester(ctx: typer.Context,
              settings: Settings) -> Callable[[Sequence[Path]], IngestReport]:
    from kizuna.services.ingest import ingest_paths

    database = state(ctx).database(create=True)

    def store(paths: Sequence[Path]) -> IngestReport:
        return ingest_paths(paths=paths, database=database,
                            max_file_bytes=settings.max_file_bytes, workers=1)

    return store


def _print_report(report: FetchReport) -> None:
    data = report.to_json()
    rows = [{"number": item["number"], "office": item["office"],
             "files": ", ".join(f["path"] or f["name"] for f in item["files"])}
            for item in data["fetched"]]
    if rows:
        print_table(rows, (Column("number", "number", fixed=True),
                           Column("office", "office", fixed=True), Column("files")),
                    title="Fetched documents")
    for item in data["fetched"]:
        for note in item["notes"]:
            err_console.print(f"note: {note}", markup=False, highlight=False)
    for failure in data["failed"]:
        err_console.print(f"failed: {failure['error']}", markup=False, highlight=False)
    stored = data["ingest"]
    if stored is not None:
        for failure in stored["failed"]:
            err_console.print(f"failed: {failure['error']}", markup=False, highlight=False)
        console.print(f"stored: {stored['ingested']} ingested, {stored['updated']} updated, "
                      f"{stored['unchanged']} unchanged, {len(stored['failed'])} failed",
                      markup=False)
    console.print(f"{len(data['fetched'])} fetched, {len(data['failed'])} failed. "
                  f"{data['notice']}", markup=False)
