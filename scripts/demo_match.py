"""Demo step: SME matching on the fictitious Kawasaki-style set in tests/data/match.

Stores the programme (catalogue and SME profiles) in the demo database, runs the shortlists
from it (text, embedding, process, industry and remaining-life scores). Writes
``match/shortlist.json`` (each patent's shortlist with explanations).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "match"


def step(demo: Any, out: Path) -> list[str]:
    """Match the catalogue to SMEs in one city and show the first candidates."""
    programme = "川崎市知的財産交流事業(デモ)"
    stored = demo.json("match", "import", "--programme", programme, "--catalogue",
                       str(DATA / "catalogue.csv"), "--smes", str(DATA / "smes.csv"))
    data = demo.json("match", "run", "--programme", programme, "--region", "川崎市", "--top", "3",
                     "--out", str(out / "match"))
    lines = [
        "SME IP matching (fictitious catalogue and profiles, tests/data/match), region 川崎市:"
    ]
    for item in data["shortlists"][:4]:
        best = item["candidates"][0]
        lines.append(f"  {item['title']} -> {best['sme']} (score {best['score']:.2f})")
    lines.append(f"  {len(data['shortlists'])} shortlists -> match/shortlist.json "
                 f"(programme stored: {len(stored['added'])} catalogue entries and profiles)")
    first = data["shortlists"][0]
    case = demo.json("match", "propose", "--programme", programme, "--patent", first["number"],
                     "--sme", first["candidates"][0]["sme"], "--coordinator", "山田",
                     "--date", "2026-10-01", "--note", "工程と設備が一致", "--next", "訪問")
    demo.json("match", "advance", str(case["id"]), "--to", "introduced", "--date", "2026-10-15",
              "--note", "信用金庫の担当者が社長に紹介", "--next", "面談")
    demo.json("match", "advance", str(case["id"]), "--to", "meeting", "--date", "2026-11-05",
              "--note", "知財部と面談、試作品の条件を確認", "--next", "試作")
    stats = demo.json("match", "stats", "--programme", programme, save="match/stats.json")
    reached = ", ".join(f"{k} {v}" for k, v in stats["reached"].items())
    lines.append(f"  coordinator workflow ({programme}): {reached}")
    return lines
