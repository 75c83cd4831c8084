"""Demo step: product evidence for the claim-chart demo (fictitious documents, tests/data/evidence).

Adds each product's folder with the real CLI (``demo.json`` from scripts/demo.py), then the
bad-input folder to show the per-file errors, and lists what is stored. Writes its JSON under
``evidence/``. The product names here are the ones the chart demo charts:

| product | practises | does not practise |
|---|---|---|
| MID-Form 3D | JP7533889B2 claim 1 | |
| MagSeal Cap 38 | EP3383757B1 claim 1 | |
| FlipView Console | EP3782854A1 claim 1 | |
| LaserTrace LDS | | JP7533889B2 claim 1 |
| TwistGuard CR 38 | | EP3383757B1 claim 1 |
| DashView 12 | | EP3782854A1 claim 1 |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVIDENCE = ROOT / "tests" / "data" / "evidence"
#: the products' (fictitious) makers: evidence must name a stored company (issue 11.4)
MAKERS = ROOT / "tests" / "data" / "landscape" / "evidence-companies.csv"
CAPTURED_AT = "2025-05-01"

#: (product, company, folder under tests/data/evidence, patent and claim it is written against)
PRODUCTS = (
    ("MID-Form 3D", "Minato Seiko K.K.", "mid-form-3d", "practises JP7533889B2 claim 1"),
    (
        "MagSeal Cap 38",
        "Aoba Closures Co., Ltd.",
        "magseal-cap-38",
        "practises EP3383757B1 claim 1",
    ),
    (
        "FlipView Console",
        "Kanto Auto Interiors Corp.",
        "flipview-console",
        "practises EP3782854A1 claim 1",
    ),
    (
        "LaserTrace LDS",
        "Hibiki Electronics Co., Ltd.",
        "distractors/lasertrace-lds",
        "distractor for JP7533889B2 claim 1",
    ),
    (
        "TwistGuard CR 38",
        "Aoba Closures Co., Ltd.",
        "distractors/twistguard-cr",
        "distractor for EP3383757B1 claim 1",
    ),
    (
        "DashView 12",
        "Kanto Auto Interiors Corp.",
        "distractors/dashview-fixed",
        "distractor for EP3782854A1 claim 1",
    ),
)


def step(demo: Any, out: Path) -> list[str]:
    """Add the evidence of every demo product, show the bad-input errors, list the products."""
    (out / "evidence").mkdir(parents=True, exist_ok=True)
    lines = ["Evidence (fictitious product documents, tests/data/evidence):"]
    makers = demo.json("companies", "import", str(MAKERS.relative_to(ROOT)),
                       save="evidence/makers-import.json")
    lines.append(f"  makers imported first (tests/data/landscape/evidence-companies.csv): "
                 f"{makers['imported']} imported, {makers['unchanged']} unchanged")
    for product, company, folder, meant in PRODUCTS:
        slug = folder.rsplit("/", 1)[-1]
        report = demo.json(
            "evidence",
            "add",
            str((EVIDENCE / folder).relative_to(ROOT)),
            "--product",
            product,
            "--company",
            company,
            "--captured-at",
            CAPTURED_AT,
            save=f"evidence/add-{slug}.json",
        )
        langs = "/".join(sorted({d["lang"] for d in report["documents"]}))
        passages = sum(d["passages"] for d in report["documents"])
        lines.append(
            f"  {product:<17} {report['added']} added, {report['unchanged']} unchanged, "
            f"{passages} passages ({langs}); {meant}"
        )
    bad = demo.json(
        "evidence",
        "add",
        str((EVIDENCE / "bad").relative_to(ROOT)),
        "--product",
        "Bad input",
        save="evidence/add-bad.json",
        ok_codes=(1,),
    )
    lines.append(f"  bad input: {len(bad['failed'])} files refused, nothing stored:")
    lines.extend(f"    {failure['error'][:100]}" for failure in bad["failed"])
    listing = demo.json("evidence", "list", save="evidence/list.json")
    lines.append(
        f"  stored: {len(listing['products'])} products, {len(listing['documents'])} documents"
    )
    first = listing["documents"][0]
    shown = demo.json("evidence", "show", str(first["id"]), save="evidence/show-first.json")
    if shown.get("passages"):
        lines.append(f"  e.g. [{shown['passages'][0]['id']}] {shown['passages'][0]['citation']}")
    return lines
