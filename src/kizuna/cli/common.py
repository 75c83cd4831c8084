"""What every CLI command shares: the database option, JSON output, errors.

Conventions (documented in docs/cli.md):
- ``--json`` prints one JSON document to stdout (UTF-8, ``ensure_ascii=False``,
  dates as ISO strings, Decimals as strings) and nothing else.
- Human output goes through Rich; errors print one line ``error: …`` to stderr
  and the command exits 1 (2 for usage errors).
- A listing prints a table that fits the terminal (80 columns included) through
  :func:`print_table`: identifiers, numbers and dates never wrap or shorten, text columns
  share the rest and end with … when cut; ``--csv`` (:func:`print_csv`) and ``--json`` give
  the full values.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from kizuna.errors import NotFoundError, StorageError
from kizuna.jsonable import to_jsonable

DEFAULT_DATABASE_URL = "sqlite:///./kizuna.db"  # Settings.database_url's default (tested equal)

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.services.accounts.audit import Actor
    from kizuna.settings import Settings

__all__ = [
    "AppState", "Column", "CsvOption", "column_widths", "console", "err_console", "print_csv",
    "print_json", "print_listing", "print_table", "state", "to_jsonable",
]

#: ``--csv`` of every listing: the full values, one row per line (docs/cli.md).
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (full data).")]

console = Console()
err_console = Console(stderr=True)


class AppState:
    """Per-invocation state built by the root callback.

    ``settings`` is built on first use (from ``overrides`` and the environment),
    so commands that need none start without loading pydantic-settings.
    """

    def __init__(self, settings: Settings | None = None,
                 overrides: dict[str, object] | None = None, as_user: str | None = None) -> None:
        self._settings: Settings | None = settings
        self.overrides: dict[str, object] = dict(overrides or {})
        self.as_user = as_user
        self._database: Database | None = None

    def actor(self) -> Actor:
        """Who this run acts as in the audit log: ``--as`` or the OS user."""
        from kizuna.services.accounts.audit import cli_actor

        return cli_actor(self.as_user)

    def database_url(self) -> str:
        """``database_url`` as :class:`~kizuna.settings.Settings` reads it (override, then
        ``KIZUNA_DATABASE_URL`` in any case, then the default), without loading
        pydantic-settings when nothing else needs the settings (CLI start-up, issue 11.15)."""
        if self._settings is not None:
            return self._settings.database_url
        override = self.overrides.get("database_url")
        if isinstance(override, str):
            return override
        found = [v for k, v in os.environ.items() if k.upper() == "KIZUNA_DATABASE_URL"]
        return found[0] if found else DEFAULT_DATABASE_URL

    def _busy_timeout(self) -> float:
        """``sqlite_busy_timeout`` without loading pydantic-settings unless already loaded."""
        if self._settings is not None:
            return self._settings.sqlite_busy_timeout
        found = [v for k, v in os.environ.items() if k.upper() == "KIZUNA_SQLITE_BUSY_TIMEOUT"]
        if not found:
            return 30.0  # Settings.sqlite_busy_timeout's default
        return self.settings.sqlite_busy_timeout  # set: let Settings validate it

    @property
    def settings(self) -> Settings:
        """The settings of this invocation."""
        if self._settings is None:
            from kizuna.settings import get_settings

            self._settings = get_settings(**self.overrides)
        return self._settings

    def database(self, *, create: bool = False) -> Database:
        """The database, opened and migrated on first use.

        A SQLite file is created only when ``create`` is true (ingest and
        imports); reading commands in a folder without one say so instead of
        leaving an empty ``kizuna.db`` behind.
        """
        if self._database is None:
            url = self.database_url()
            _check_sqlite_path(url, create=create)
            from kizuna.adapters.storage.db import open_database  # lazy: SQLAlchemy + Alembic

            self._database = open_database(url, busy_timeout=self._busy_timeout())
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


def _check_sqlite_path(url: str, *, create: bool) -> None:
    """One clear line for a SQLite path that cannot work (before SQLAlchemy tries it)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return
    path = Path(url[len(prefix):].split("?", 1)[0])
    if path.is_dir():
        raise StorageError(
            f"database {path}: is a folder; give a file such as {path / 'kizuna.db'}")
    if not path.parent.is_dir():
        raise StorageError(f"database {path}: the folder {path.parent} does not exist")
    if not create and not path.exists():
        raise NotFoundError(
            f"no database at {path}: nothing has been ingested here yet; run `kizuna ingest FILE`"
            " or `kizuna companies import FILE` first, or give --db PATH"
        )


def make_state(db: Path | None, as_user: str | None = None) -> AppState:
    overrides: dict[str, object] = {}
    if db is not None:
        overrides["database_url"] = f"sqlite:///{db}"  # as kizuna.settings.sqlite_url
    return AppState(overrides=overrides, as_user=as_user)


def state(ctx: typer.Context) -> AppState:
    """The AppState of this invocation (set by the root callback)."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, AppState):
        obj = make_state(None)
        root.obj = obj
    return obj


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def print_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str | Column]) -> None:
    """Print ``rows`` as CSV with a header (UTF-8; lists joined with ``;``)."""
    import csv

    keys = [c.key if isinstance(c, Column) else c for c in columns]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in keys])
    sys.stdout.flush()


@dataclass(frozen=True)
class Column:
    """A column of a listing: ``key`` in each row, its ``header``, and whether it is
    ``fixed`` (an identifier, number, date or code: shown whole, never wrapped) or text
    (cut with … to fit, or folded onto more lines when ``wrap``: reasons, explanations);
    ``right`` aligns numbers."""

    key: str
    header: str = ""
    fixed: bool = False
    right: bool = False
    wrap: bool = False

    @property
    def title(self) -> str:
        return self.header or self.key


def column_widths(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column],
                  width: int) -> list[int]:
    """Width of each column so that the boxed table is at most ``width`` cells wide: fixed
    columns get their widest value, text columns share what is left (a narrow one keeps
    its natural width, the others split the rest evenly, each at least 4)."""
    from rich.cells import cell_len

    natural = [max([cell_len(c.title)] + [max((cell_len(line) for line in
                                               _cell(r.get(c.key)).splitlines()), default=0)
                                          for r in rows]) for c in columns]
    room = width - (3 * len(columns) + 1) - sum(
        n for n, c in zip(natural, columns, strict=True) if c.fixed)
    widths = list(natural)
    flexible = sorted((n, i) for i, (n, c) in enumerate(zip(natural, columns, strict=True))
                      if not c.fixed)
    for left, (need, index) in zip(range(len(flexible), 0, -1), flexible, strict=True):
        widths[index] = max(4, min(need, room // left))
        room -= widths[index]
    return widths


def print_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *,
                title: str | None = None, note: str | None = None) -> None:
    """Print ``rows`` as a table that fits the console's width (see :func:`column_widths`);
    ``note`` follows in dim text. Cells are plain text (no Rich markup)."""
    from rich.table import Table
    from rich.text import Text

    widths = column_widths(rows, columns, console.width)
    table = Table(title=title)
    for column, size in zip(columns, widths, strict=True):
        table.add_column(column.title, no_wrap=not column.wrap,
                         justify="right" if column.right else "left",
                         overflow="fold" if column.wrap else "ellipsis",
                         min_width=size if column.fixed else None,
                         max_width=None if column.fixed else size)
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c.key))) for c in columns))
    console.print(table)
    if note:
        console.print(note, style="dim", markup=False)


def print_listing(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *,
                  as_csv: bool, title: str | None = None, note: str | None = None,
                  csv_columns: Sequence[str | Column] | None = None) -> None:
    """A listing as CSV (``csv_columns``, default the table's, with full values) or as a
    table that fits the terminal."""
    if as_csv:
        print_csv(rows, csv_columns or columns)
    else:
        print_table(rows, columns, title=title, note=note)


def print_json(value: Any) -> None:
    """Print one JSON document to stdout."""
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
