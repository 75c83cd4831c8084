"""Demo step: claim charts of the sample patents against the evidence demo's products.

Runs after the evidence step (scripts/demo_evidence.py adds the fictitious products of
tests/data/evidence). Builds the chart of the Japanese claim 1 of JP7533889B2 against
"MID-Form 3D" and of the English claim 1 of EP3383757B1 against "MagSeal Cap 38", records a
review decision on each, rebuilds the Japanese chart to show that the decisions survive, exports
every chart as XLSX, DOCX, HTML and JSON under ``charts/``, and screens the independent claims
of four patents against every product. Charts are analytical aids, not legal opinions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: (patent, claim, product, a note for the reviewer to record)
CHARTS = (
    ("JP7533889B2", "1", "MID-Form 3D", "製品ページ・データシートの製造工程で確認（デモ）"),
    ("EP3383757B1", "1", "MagSeal Cap 38", "Checked against the datasheet (demo)"),
)
#: (patent, claim, product) built but not reviewed: a same-topic product that does not practise
#: the claim (laser direct structuring: no moulded grooves, no ink, no insert-moulded lead frame)
DISTRACTORS = (("JP7533889B2", "1", "LaserTrace LDS"),)
FORMATS = ("xlsx", "docx", "html", "json")
#: Screened against every product: the patents the evidence demo wrote products for, plus one
#: with no product (all 40-odd sample patents take minutes on two cores with the real models).
SCREENED = "JP7533889B2,EP3383757B1,EP3782854A1,US8930553B2"


def _summary(chart: dict[str, Any]) -> str:
    labels = " ".join(f"{e['id']}:{e['label'][0].upper()}" for e in chart["elements"])
    return (
        f"  chart {chart['id']}: {chart['patent']} claim {chart['claim']} ({chart['lang']}) v. "
        f"{chart['product']}: coverage {chart['coverage']:.0%}, {chart['verdict']}  [{labels}]"
    )


def _review(demo: Any, chart: dict[str, Any], note: str, slug: str) -> dict[str, Any]:
    """Accept the best-scoring element's top passage; note the first element needing evidence."""
    best = max(chart["elements"], key=lambda e: e["score"])
    if best["evidence"]:
        demo.run("chart", "review", str(chart["id"]), "--element", best["id"],
                 "--accept", best["evidence"][0]["passage"], "--who", "demo-reviewer")
    gap = (chart["needs_evidence"] or [best["id"]])[0]
    text = f"{note}; needs more evidence" if gap != best["id"] else note
    reviewed: dict[str, Any] = demo.json(
        "chart", "review", str(chart["id"]), "--element", gap, "--note", text,
        "--who", "demo-reviewer", save=f"charts/{slug}-reviewed.json",
    )
    return reviewed


def step(demo: Any, out: Path) -> list[str]:
    """Build, review, rebuild, export and screen; the summary lines."""
    folder = out / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["Claim charts (evidence of use; an analytical aid, not a legal opinion):"]
    for patent, claim, product, note in CHARTS:
        slug = f"{patent}-claim{claim}"
        built = demo.json("chart", "build", patent, "--claim", claim, "--product", product,
                          save=f"charts/{slug}-built.json")
        lines.append(_summary(built))
        reviewed = _review(demo, built, note, slug)
        lines.append(f"    reviewed: {len(reviewed['history'])} decisions; coverage "
                     f"{reviewed['coverage']:.0%}, {reviewed['verdict']}")
        final = reviewed
        if patent.startswith("JP"):
            final = demo.json("chart", "build", patent, "--claim", claim, "--product", product,
                              save=f"charts/{slug}-rebuilt.json")
            lines.append(f"    rebuilt as chart {final['id']}: {len(final['history'])} decisions "
                         f"kept, coverage {final['coverage']:.0%}, {final['verdict']}")
        for fmt in FORMATS:
            demo.run("chart", "export", str(final["id"]), "--format", fmt, "-o",
                     str(folder / f"{slug}.{fmt}"))
        lines.append(f"    exported: charts/{slug}.{{{','.join(FORMATS)}}}")
        if patent.startswith("JP"):  # for the Japanese licensee's IP department
            for fmt in ("xlsx", "docx"):
                demo.run("chart", "export", str(final["id"]), "--format", fmt, "-o",
                         str(folder / f"{slug}-ja.{fmt}"), "--lang", "ja")
            lines.append(f"    exported in Japanese (--lang ja): charts/{slug}-ja.{{xlsx,docx}}")
    for patent, claim, product in DISTRACTORS:
        built = demo.json("chart", "build", patent, "--claim", claim, "--product", product,
                          save=f"charts/{patent}-claim{claim}-distractor.json")
        lines.append(_summary(built) + "  (same-topic distractor)")
        for element in built["elements"]:
            if element["label"] != "supported" and element["evidence"]:
                note = element["evidence"][0]["explanation"]["note"]
                lines.append(f"    {element['id']} {element['label']}: {note}")
    report = demo.json("screen", "--patents", SCREENED, "--products", "all",
                       save="charts/screen.json")
    lines.append(
        f"Screening: {report['pairs_screened']} claim-product pairs in {report['seconds']:.1f} s, "
        f"{report['worth_charting']} worth charting:"
    )
    for pair in report["pairs"][:6]:
        lines.append(
            f"  {pair['recommendation']:<6} {pair['patent']} claim {pair['claim']} v. "
            f"{pair['product']:<17} coverage {pair['coverage']:.0%}, "
            f"evidence {pair['evidence_score']:.2f}"
        )
    return lines
