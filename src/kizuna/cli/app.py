"""The ``kizuna`` command: a Typer app with one module per noun.

Each command makes one service call and formats the result (STYLE.md §1).
Errors raised as :class:`~kizuna.errors.KizunaError` print one line and exit 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kizuna import __version__
from kizuna.cli.audit_run import audit_cli_run
from kizuna.cli.common import err_console, make_state
from kizuna.errors import KizunaError

__all__ = ["app", "main"]

app = typer.Typer(
    name="kizuna",
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


def _register() -> None:
    from kizuna.cli import (
        campaign,
        chart,
        companies,
        damages,
        deal,
        documents,
        evidence,
        ingest,
        landscape,
        matters,
        pack,
        patents,
        royalty,
        screen,
        serve,
        targets,
        tax,
        users,
    )
    from kizuna.cli import eval as eval_cli

    app.command("ingest")(ingest.ingest)
    app.add_typer(patents.app, name="patents")
    app.add_typer(companies.app, name="companies")
    app.add_typer(landscape.app, name="landscape")
    app.add_typer(targets.app, name="targets")
    app.add_typer(evidence.app, name="evidence")
    app.add_typer(chart.app, name="chart")
    app.command("screen")(screen.screen)
    app.add_typer(eval_cli.app, name="eval")
    app.add_typer(royalty.app, name="royalty")
    app.command("damages")(damages.damages)
    app.add_typer(deal.app, name="deal")
    app.add_typer(tax.app, name="tax")
    app.add_typer(campaign.app, name="campaign")
    app.command("brief")(documents.brief)
    app.command("letter")(documents.letter)
    app.add_typer(pack.app, name="pack")
    app.command("serve")(serve.serve)
    app.add_typer(users.app, name="users")
    app.add_typer(matters.app, name="matters")
    app.add_typer(matters.audit_app, name="audit")


_register()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning Kizuna errors into one clear line."""
    command = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command.main(args=args, prog_name="kizuna", standalone_mode=True)
    except KizunaError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        return 1
    except SystemExit as exc:  # standalone mode ends every run with sys.exit(code)
        code = exc.code
        code = code if isinstance(code, int) else (0 if code is None else 1)
        if code == 0:
            audit_cli_run(args)
        return code
    audit_cli_run(args)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
