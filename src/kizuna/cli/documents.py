"""``kizuna brief`` and ``kizuna letter``: a campaign's technology brief and letters.

Both write a file (PDF or DOCX) and print where; the documents are drafts for
the licensor's review, not legal advice, and Kizuna sends nothing anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kizuna.cli.common import console, state
from kizuna.services.documents import write_brief, write_letter

__all__ = ["DRAFT_LINE", "brief", "letter", "wrote"]

DRAFT_LINE = "Draft for the licensor's review; not legal advice. Kizuna sent nothing."

Output = Annotated[Path, typer.Option("-o", "--output", help="File to write.")]


def wrote(path: Path) -> None:
    """Print the written file and the draft line."""
    console.print(f"wrote {path}", markup=False, highlight=False)
    console.print(DRAFT_LINE, markup=False, highlight=False)


def brief(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(metavar="ID", help="Campaign id.")],
    output: Output,
    lang: Annotated[str, typer.Option("--lang", help="ja, en or both.")] = "ja",
    fmt: Annotated[str, typer.Option("--format", help="pdf or docx.")] = "pdf",
    kind: Annotated[
        str, typer.Option("--kind", help="full (技術紹介資料) or ringi (one-page summary).")
    ] = "full",
    deal: Annotated[
        Path | None, typer.Option("--deal", help="Deal TOML for the proposed structure.")
    ] = None,
) -> None:
    """Technology brief (技術紹介資料) or ringi summary of a campaign, as PDF or DOCX."""
    path = write_brief(
        state(ctx).database(), campaign_id, output, lang=lang, fmt=fmt, kind=kind, deal=deal
    )
    wrote(path)


def letter(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(metavar="ID", help="Campaign id.")],
    output: Output,
    kind: Annotated[
        str, typer.Option("--kind", help="introduction, offer, follow-up or mediation-request.")
    ],
    lang: Annotated[str, typer.Option("--lang", help="ja or en.")] = "ja",
) -> None:
    """A letter to the licensee (format from the file suffix: .pdf or .docx)."""
    path = write_letter(state(ctx).database(), campaign_id, output, kind=kind, lang=lang)
    wrote(path)
