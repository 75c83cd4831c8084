"""Demo step: the documents of the campaign the campaign step opened (under out/documents/).

Writes the technology brief (ja PDF, ja+en DOCX), the ringi summary, the introduction letters
(ja, en), the hantei annex (when a chart of claim 1 exists) and the record PDF. Every file is a
draft for the licensor's review, not legal advice; nothing is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEAL = Path(__file__).resolve().parents[1] / "examples" / "deal-pilot.toml"


def step(demo: Any, out: Path) -> list[str]:
    """Write the documents of the first campaign; return summary lines."""
    folder = out / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    campaigns = demo.json("campaign", "list", save="documents/campaigns.json")
    rows = campaigns.get("campaigns", campaigns) if isinstance(campaigns, dict) else campaigns
    if not rows:
        return ["Documents: no campaign to write documents for"]
    cid = str(rows[0]["id"])
    written = []

    def write(name: str, *args: str, ok_codes: tuple[int, ...] = (0,)) -> None:
        path = folder / name
        demo.run(*args, "-o", str(path), ok_codes=ok_codes)
        if path.exists():
            written.append(name)

    write("brief-ja.pdf", "brief", cid, "--lang", "ja", "--format", "pdf", "--deal", str(DEAL))
    write("brief-both.docx", "brief", cid, "--lang", "both", "--format", "docx")
    write("ringi-ja.pdf", "brief", cid, "--lang", "ja", "--format", "pdf", "--kind", "ringi")
    write("letter-introduction-ja.pdf", "letter", cid, "--kind", "introduction", "--lang", "ja")
    write("letter-introduction-en.pdf", "letter", cid, "--kind", "introduction", "--lang", "en")
    write("letter-introduction-ja.docx", "letter", cid, "--kind", "introduction", "--lang", "ja")
    # The hantei annex needs a chart of claim 1 of a campaign patent; say so when there is none.
    write("hantei-claim1.docx", "pack", "hantei", cid, "--claim", "1", ok_codes=(0, 1))
    demo.run("campaign", "record", cid, "--export", "pdf", "-o", str(folder / "record.pdf"))
    if (folder / "record.pdf").exists():
        written.append("record.pdf")
    lines = [f"Documents for campaign {cid} (drafts for the licensor's review; nothing sent):"]
    lines.extend(f"  out/documents/{name}" for name in written)
    if "hantei-claim1.docx" not in written:
        lines.append("  hantei annex skipped: no claim chart of claim 1 for this campaign")
    return lines
