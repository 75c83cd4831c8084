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

__all__ = ["DRAFT_LINE", "AllowDraft", "Charts", "brief", "letter", "wrote"]

DRAFT_LINE = "Draft for the licensor's review; not legal advice. Kizuna sent nothing."

Output = Annotated[Path, typer.Option("-o", "--output", help="File to write.")]
Charts = Annotated[
    list[int] | None,
    typer.Option("--chart", help="Claim chart id to use (repeatable); see `chart list`."),
]
AllowDraft = Annotated[
    bool,
    typer.Option(
        "--allow-draft-evidence",
        help="Accept elements not labelled supported, marked as drafts in the document.",
    ),
]
Deal = Annotated[Path | None, typer.Option("--deal", help="Deal TOML for the proposed terms.")]


def wrote(path: Path) -> None:
    """Print the written file and the draft line."""
    console.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    console.print(DRAFT_LINE, markup=False, highlight=False)


def brief(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(metavar="ID", help="Campaign id.")],
    output: Output,
    lang: Annotated[str, typer.Option("--lang", help="ja, en or both.")] = "ja",
    fmt: Annotated[
        str | None, typer.Option("--format", help="pdf or docx (default: the file suffix).")
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="full (技術紹介資料) or ringi (one-page summary).")
    ] = "full",
    deal: Deal = None,
    chart: Charts = None,
    allow_draft_evidence: AllowDraft = False,
) -> None:
    """Technology brief (技術紹介資料) or ringi summary of a campaign, as PDF or DOCX."""
    path = write_brief(
        state(ctx).database(),
        campaign_id,
        output,
        lang=lang,
        fmt=fmt,
        kind=kind,
        deal=deal,
        charts=chart or (),
        allow_draft_evidence=allow_draft_evidence,
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
    chart: Charts = None,
    allow_draft_evidence: AllowDraft = False,
    deal: Deal = None,
) -> None:
    """A letter to the licensee (format from the file suffix: .pdf or .docx)."""
    path = write_letter(
        state(ctx).database(),
        campaign_id,
        output,
        kind=kind,
        lang=lang,
        charts=chart or (),
        allow_draft_evidence=allow_draft_evidence,
        deal=deal,
    )
    wrote(path)
