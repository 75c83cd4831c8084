"""Demo step: the landscape, the ranked targets and the three plots (after the companies step).

Before ranking, it imports the makers of the evidence demo's products
(tests/data/landscape/evidence-companies.csv: fictitious, like the products) so that the
claim charts of the charts step count as evidence of use for a stored company. Writes under
``out/landscape/``: ``fields.json``, ``targets.json`` and ``heatmap.png``, ``expiry.png``,
``funnel.png`` (plus ``funnel.svg``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["step"]

ROOT = Path(__file__).resolve().parents[1]
MAKERS = ROOT / "tests" / "data" / "landscape" / "evidence-companies.csv"


def step(demo: Any, out: Path) -> list[str]:
    """Run ``landscape fields``, ``targets rank --top 10`` and the plots; summary lines."""
    folder = out / "landscape"
    folder.mkdir(parents=True, exist_ok=True)
    fields = demo.json("landscape", "fields", save="landscape/fields.json")
    lines = [f"Landscape: {fields['patents']} patents, {fields['live_jp']} with a live JP right"]
    for sector in fields["sectors"][:5]:
        lines.append(f"  {sector['name_ja']:<16} {sector['name']:<40} {sector['patents']:>3} "
                     f"patents, latest expiry {sector['latest_expiry']}")
    makers = demo.json("companies", "import", str(MAKERS.relative_to(ROOT)),
                       save="landscape/makers-import.json")
    lines.append(f"  makers of the evidence products (fictitious): {makers['imported']} imported")
    ranking = demo.json("targets", "rank", "--top", "10", save="landscape/targets.json")
    lines.append(f"Targets: {ranking['pairs_scored']} pairs scored, "
                 f"{ranking['excluded_own']} own-group pairs left out, "
                 f"{len(ranking['blocked'])} blocked; top 10:")
    for pair in ranking["pairs"]:
        parts = sorted(pair["contributions"].items(), key=lambda kv: -kv[1])[:3]
        why = ", ".join(f"{name} {value:.1f}" for name, value in parts)
        lines.append(f"  {pair['rank']:>2}. {pair['score']:5.1f}  {pair['patent']:<13} "
                     f"{pair['company']['name'][:28]:<28} relevance {pair['relevance']:.2f} "
                     f"({why})")
    for kind in ("heatmap", "expiry", "funnel"):
        demo.run("landscape", "plot", "--kind", kind, "-o", str(folder / f"{kind}.png"))
    demo.run("landscape", "plot", "--kind", "funnel", "-o", str(folder / "funnel.svg"))
    lines.append("  plots: out/landscape/heatmap.png, expiry.png, funnel.png, funnel.svg")
    return lines
