"""Demo step: SME matching on the fictitious Kawasaki-style set in tests/data/match.

Writes ``match/shortlist.json`` (each patent's shortlist with explanations).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "match"


def step(demo: Any, out: Path) -> list[str]:
    """Match the catalogue to SMEs in one city and show the first candidates."""
    data = demo.json(
        "match",
        "run",
        "--catalogue",
        str(DATA / "catalogue.csv"),
        "--smes",
        str(DATA / "smes.csv"),
        "--region",
        "川崎市",
        "--top",
        "3",
        "--out",
        str(out / "match"),
    )
    lines = [
        "SME IP matching (fictitious catalogue and profiles, tests/data/match), region 川崎市:"
    ]
    for item in data["shortlists"][:4]:
        best = item["candidates"][0]
        lines.append(f"  {item['title']} -> {best['sme']} (score {best['score']:.2f})")
    lines.append(f"  {len(data['shortlists'])} shortlists -> match/shortlist.json")
    return lines
