"""The ``kizuna`` command: a Typer app with one module per noun.

Each command makes one service call and formats the result (STYLE.md §1).
Errors raised as :class:`~kizuna.errors.KizunaError` print one line and exit 1.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kizuna import __version__
from kizuna.cli.coercion import defer_coercion
from kizuna.cli.common import err_console, make_state
from kizuna.errors import OUT_OF_RANGE, KizunaError

__all__ = ["COMMANDS", "LazyGroup", "app", "load_command", "main"]

#: Every top-level command: (module, attribute, summary shown by ``kizuna --help``). Modules are
#: imported only when their command runs, so ``kizuna --help`` and a listing start fast (issue
#: 11.15); tests/cli/test_app.py checks each summary against the command's own help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "ingest": ("kizuna.cli.ingest", "ingest",
               "Ingest JPO, USPTO, EP XML, JPO progress JSON, CSV and JSONL patent files."),
    "fetch": ("kizuna.cli.fetch", "fetch", "Fetch single documents from the EPO (OPS), USPTO "
              "(ODP) and JPO APIs with your credentials."),
    "patents": ("kizuna.cli.patents", "app", "List and show stored patents."),
    "companies": ("kizuna.cli.companies", "app",
                  "Import, resolve, list and show companies (licensees)."),
    "landscape": ("kizuna.cli.landscape", "app",
                  "The portfolio landscape: fields, sectors, industries, plots."),
    "targets": ("kizuna.cli.targets", "app",
                "Rank (patent, company) pairs for licensing; record encumbrances."),
    "evidence": ("kizuna.cli.evidence", "app",
                 "Product evidence (HTML, PDF, text/Markdown, DOCX) for claim charts."),
    "chart": ("kizuna.cli.chart", "app", "Claim charts: evidence of use per claim element "
              "(an analytical aid, not a legal opinion)."),
    "screen": ("kizuna.cli.screen", "screen",
               "Screen every independent claim against every product; best pairs first."),
    "eval": ("kizuna.cli.eval", "app", "Evaluate retrieval quality on labelled cases."),
    "royalty": ("kizuna.cli.royalty", "app", "Royalty comparables, benchmarks and FRAND top-down."),
    "damages": ("kizuna.cli.damages", "damages", "Patent Act Art. 102 damages exposure "
                "(low/base/high), limitation applied to a history."),
    "deal": ("kizuna.cli.deal", "app", "Licence deal models."),
    "tax": ("kizuna.cli.tax", "app", "Withholding tax on royalties paid from Japan."),
    "campaign": ("kizuna.cli.campaign", "app", "Licensing campaigns: stages, contacts and the "
                 "hash-chained negotiation record."),
    "brief": ("kizuna.cli.documents", "brief", "Technology brief (技術紹介資料) or ringi summary "
              "of a campaign, as PDF or DOCX."),
    "letter": ("kizuna.cli.documents", "letter",
               "A letter to the licensee (format from the file suffix: .pdf or .docx)."),
    "pack": ("kizuna.cli.pack", "app", "Document packs for escalation."),
    "keys": ("kizuna.cli.keys", "app",
             "The Ed25519 key that signs negotiation records (kept outside the database)."),
    "pool": ("kizuna.cli.pool", "app",
             "Patent pools: royalty distribution, encumbrances and the JFTC checklist."),
    "pledges": ("kizuna.cli.pledges", "app",
                "Pledges and FRAND commitments per patent (enforced in targets and deals)."),
    "match": ("kizuna.cli.match", "app",
              "SME IP matching: open patents to small manufacturers, and the coordinator's cases."),
    "value": ("kizuna.cli.value", "value", "Value a patent for IP-backed lending (relief from "
              "royalty, Monte Carlo, lender's view); estimates only."),
    "users": ("kizuna.cli.users", "app", "Add, list, disable users; reset passwords; API tokens."),
    "matters": ("kizuna.cli.matters", "app", "Matters: who sees which campaigns and charts."),
    "audit": ("kizuna.cli.matters", "audit_app", "The audit log: view and export."),
    "corpus": ("kizuna.cli.corpus", "app", "Bulk patent corpora: build partitioned Parquet with "
               "BM25 and dense indexes, search them."),
    "serve": ("kizuna.cli.serve", "serve", "Serve the web workbench and the REST API (pages at "
              "/, API under /api, OpenAPI at /docs)."),
}


def load_command(name: str) -> Any:
    """Import the module of command ``name`` and build its click command, as the root's
    ``add_typer`` / ``command`` would have (same help style, no completion options)."""
    module_name, attribute, _summary = COMMANDS[name]
    target = getattr(importlib.import_module(module_name), attribute)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False,
                         add_completion=False)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
        group = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
        return defer_coercion(group)
    holder.command(name)(target)
    return defer_coercion(typer.main.get_command(holder))


_FROZEN: list[bool] = []


def _freeze_once() -> None:
    """Move what is loaded so far out of the garbage collector's way, once per process.

    The first command's modules live as long as the process; frozen, the collector's full
    passes during the command scan only what the command allocates (a third of ``patents
    list``'s time, issue 11.15). Once only, so that a process running many commands (tests)
    does not freeze their garbage too.
    """
    if not _FROZEN:
        _FROZEN.append(True)
        gc.freeze()


class _LazyCommands(MutableMapping[str, Any]):
    """The root's commands by name, each built on first use."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = load_command(name)
            _freeze_once()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class LazyGroup(TyperGroup):
    """The root group: commands load on first use; ``--help`` lists whole summaries."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands()

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, summary) for name, (_m, _a, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="kizuna",
    cls=LazyGroup,
    help="Kizuna: analytical workbench for licensing patents in Japan. "
    "Outputs are evidence and estimates, not legal opinions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kizuna {__version__}")
        raise typer.Exit


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="SQLite database file (default ./kizuna.db, or KIZUNA_DATABASE_URL).",
            show_default=False,
        ),
    ] = None,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Name to record in the audit log for this run (default: the OS user).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Kizuna command line."""
    state = make_state(db, as_user)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _audit(args: list[str]) -> None:
    """Log an audited command that succeeded (the module loads only when it may be one)."""
    if not args or "--help" in args:
        return
    from kizuna.cli.audit_run import audit_cli_run

    audit_cli_run(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning Kizuna errors into one clear line."""

    command = defer_coercion(typer.main.get_command(app))
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command.main(args=args, prog_name="kizuna", standalone_mode=True)
    except KizunaError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 1
    except ArithmeticError as exc:  # a result out of Decimal's range: one line, no traceback
        message = f"error: {OUT_OF_RANGE} ({type(exc).__name__})"
        err_console.print(message, markup=False, highlight=False, soft_wrap=True)
        return 1
    except SystemExit as exc:  # standalone mode ends every run with sys.exit(code)
        code = exc.code
        code = code if isinstance(code, int) else (0 if code is None else 1)
        if code == 0:
            _audit(args)
        return code
    _audit(args)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
