"""``kizuna pack hantei``: the draft annex of a JPO hantei (判定) request from a claim chart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kizuna.cli.common import state
from kizuna.cli.documents import wrote
from kizuna.services.documents import write_hantei_pack

__all__ = ["app"]

app = typer.Typer(help="Document packs for escalation.", no_args_is_help=True)


@app.callback()
def group() -> None:
    """Document packs for escalation (drafts for the licensor and their attorney)."""


@app.command("hantei")
def hantei(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(metavar="ID", help="Campaign id.")],
    claim: Annotated[int, typer.Option("--claim", help="Claim number charted.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="DOCX file to write.")],
    product: Annotated[
        str | None, typer.Option("--product", help="Product charted (default: latest chart).")
    ] = None,
    patent: Annotated[
        str | None,
        typer.Option("--patent", help="Patent of the campaign (default: first charted)."),
    ] = None,
) -> None:
    """Draft hantei annex: claim elements (構成要件) and the イ号物件説明書 from the chart."""
    path = write_hantei_pack(
        state(ctx).database(), campaign_id, output, claim=claim, product=product, patent=patent
    )
    wrote(path)
