"""Demo step: the documents of the campaign the campaign step opened (under out/documents/).

Writes the technology brief (ja PDF, ja+en DOCX), the ringi summary, the introduction letters
(ja, en), the offer letter and the hantei annex from the campaign's charts (named explicitly with
``--chart``; elements not yet supported by reviewed evidence are marked as drafts with
``--allow-draft-evidence``) and the record PDF. Every file is a draft for the licensor's review,
not legal advice; nothing is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _licensee_names(demo: Any, campaign: dict[str, Any]) -> set[str]:
    names = {campaign["licensee"]}
    if campaign.get("company_id") is not None:
        company = demo.json("companies", "show", str(campaign["company_id"]))
        names.update(n for k in ("name_ja", "name_en", "name_kana") if (n := company.get(k)))
        names.update(company.get("aliases", []))
    return names


def _campaign_charts(demo: Any, campaign: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Chart ids of the campaign's patents: the licensee's products, and other companies'."""
    charts = demo.json("chart", "list", save="documents/charts.json")
    names = _licensee_names(demo, campaign)
    own = [c for c in charts if c["patent"] in campaign.get("patents", [])]
    return (
        [str(c["id"]) for c in own if c.get("company") in names],
        [str(c["id"]) for c in own if c.get("company") not in names],
    )


def step(demo: Any, out: Path) -> list[str]:
    """Write the documents of the first campaign; return summary lines."""
    folder = out / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    campaigns = demo.json("campaign", "list", save="documents/campaigns.json")
    rows = campaigns.get("campaigns", campaigns) if isinstance(campaigns, dict) else campaigns
    if not rows:
        return ["Documents: no campaign to write documents for"]
    cid = str(rows[0]["id"])
    chart_ids, foreign = _campaign_charts(demo, rows[0])
    charts = [arg for i in chart_ids[:1] for arg in ("--chart", i)]
    draft = [*charts, "--allow-draft-evidence"] if charts else []
    written = []

    def write(name: str, *args: str, ok_codes: tuple[int, ...] = (0,)) -> None:
        path = folder / name
        demo.run(*args, "-o", str(path), ok_codes=ok_codes)
        if path.exists():
            written.append(name)

    write("brief-ja.pdf", "brief", cid, "--lang", "ja", "--format", "pdf", *draft)
    write("brief-both.docx", "brief", cid, "--lang", "both", "--format", "docx", *draft)
    write("ringi-ja.pdf", "brief", cid, "--lang", "ja", "--format", "pdf", "--kind", "ringi",
          *draft)
    write("letter-introduction-ja.pdf", "letter", cid, "--kind", "introduction", "--lang", "ja")
    write("letter-introduction-en.pdf", "letter", cid, "--kind", "introduction", "--lang", "en")
    write("letter-introduction-ja.docx", "letter", cid, "--kind", "introduction", "--lang", "ja")
    if charts:
        write("letter-offer-ja.pdf", "letter", cid, "--kind", "offer", "--lang", "ja", *draft)
        write("hantei.docx", "pack", "hantei", cid, *draft, ok_codes=(0, 1))
    demo.run("campaign", "record", cid, "--export", "pdf", "-o", str(folder / "record.pdf"))
    if (folder / "record.pdf").exists():
        written.append("record.pdf")
    lines = [f"Documents for campaign {cid} (drafts for the licensor's review; nothing sent):"]
    lines.extend(f"  out/documents/{name}" for name in written)
    if foreign:  # a chart of another company's product is refused (exit 1, nothing written)
        refused = folder / "refused-brief.pdf"
        demo.run("brief", cid, "--chart", foreign[0], "-o", str(refused), ok_codes=(1,))
        lines.append(f"  refused: brief with chart {foreign[0]} (another company's product)")
    if "hantei.docx" not in written:
        lines.append("  offer letter and hantei annex skipped: no claim chart of this campaign")
    return lines
