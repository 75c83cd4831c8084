"""``kizuna pack hantei``: the draft annex of a JPO hantei (判定) request from a claim chart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kizuna.cli.common import state
from kizuna.cli.documents import AllowDraft, wrote
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
    chart: Annotated[int, typer.Option("--chart", help="Claim chart id (see `chart list`).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="DOCX (or PDF) file to write.")],
    allow_draft_evidence: AllowDraft = False,
) -> None:
    """Draft hantei annex: 請求の趣旨, 構成要件 and the イ号方法/物件説明書 from the chart."""
    path = write_hantei_pack(
        state(ctx).database(),
        campaign_id,
        output,
        chart=chart,
        allow_draft_evidence=allow_draft_evidence,
    )
    wrote(path)
