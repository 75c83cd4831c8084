"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file."""

import typer

app = typer.Typer(no_args_is_help=True, help="eval")
