"""Demo step: the sample company set, name resolution, links to the sample patents, exposure.

Runs the real CLI (``demo.run`` / ``demo.json`` from scripts/demo.py) against the demo
database, which already holds the sample portfolio. Writes its JSON under ``companies/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "companies"
QUERIES = ("(株)トヨタ自動車", "TOYOTA MOTOR CORP", "ﾄﾖﾀ", "旭硝子株式会社",
           "KABUSHIKI KAISHA YASKAWA DENKI", "1180301018771", "日立")
SHOWN = ("キヤノン株式会社", "AGC株式会社", "株式会社安川電機", "日本新薬株式会社",
         "出光興産株式会社", "日立ジョンソンコントロールズ空調株式会社", "メイショウ株式会社")


def step(demo: Any, out: Path) -> list[str]:
    """Import the sample companies, resolve names, show links and one exposure assessment."""
    (out / "companies").mkdir(parents=True, exist_ok=True)
    report = demo.json("companies", "import", str(SAMPLE / "companies.csv"),
                       save="companies/import-report.json")
    lines = [
        f"Companies: {report['imported']} imported, {report['updated']} updated, "
        f"{report['unchanged']} unchanged, {len(report['failed'])} failed (tests/data/companies)",
        "  Resolution (normalised names; a match only when clearly ahead):",
    ]
    resolutions = {}
    for query in QUERIES:
        result = demo.json("companies", "resolve", query)
        resolutions[query] = result
        match = result["match"]
        names = ", ".join(c["name_ja"] or c["name_en"] for c in result["candidates"])
        shown = (f"{match['name_ja'] or match['name_en']} (score {result['score']:.2f}, "
                 f"{result['candidates'][0]['rule']})" if match else f"ambiguous: {names}")
        lines.append(f"    {query:<32} -> {shown}")
    (out / "companies" / "resolutions.json").write_text(
        json.dumps(resolutions, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines.append("  Sample patents linked to companies (applicant/assignee):")
    for name in SHOWN:
        view = demo.json("companies", "show", name)
        for link in view["patents"]:
            lines.append(f"    {link['patent']:<14} {link['role']:<9} {link['party_name'][:40]:<40}"
                         f" -> {view['name_ja']}")
    fc2 = demo.json("companies", "show", "FC2, Inc.", save="companies/fc2.json")
    exposure = fc2["exposure"]
    present = ", ".join(f["signal"] for f in exposure["factors"] if f["present"])
    lines += [
        f"  Exposure (Dwango v. FC2, Supreme Court 2025-03-03) of FC2, Inc.: {exposure['level']} "
        f"(score {exposure['score']:.2f}; signals present: {present})",
        "    an indicator for prioritising, not a legal conclusion",
    ]
    demo.json("companies", "list", save="companies/companies.json")
    return lines
