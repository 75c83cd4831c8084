"""``make demo``: the licensing analysis end to end on the sample data.

Runs the real ``kizuna`` command line (the same commands a user types) against
a fresh SQLite database in the output folder, writes every result there and
prints a summary. Sample documents are public USPTO, EPO and JPO publications
(tests/data/*/SOURCES.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests" / "data" / name for name in ("uspto", "epo", "jpo")]
SALES_HISTORY = ROOT / "tests" / "data" / "royalty" / "sales-history.csv"
DEAL = ROOT / "examples" / "deal-pilot.toml"
#: Fields benchmarked, and the kinds asked for (none: licence agreements and surveys).
BENCHMARK_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pharmaceuticals", ()),
    ("Electrical engineering", ()),
    ("Digital communication", ("court_award",)),  # no Japanese licence data: foreign SEP courts
)


class Demo:
    """Runs kizuna commands against one database and keeps their outputs."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.db = out / "kizuna.db"

    def run(self, *args: str, ok_codes: tuple[int, ...] = (0,)) -> str:
        command = [sys.executable, "-m", "kizuna.cli", "--db", str(self.db), *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if result.returncode not in ok_codes:
            sys.stderr.write(result.stderr)
            raise SystemExit(f"demo step failed ({result.returncode}): kizuna {' '.join(args)}")
        return result.stdout

    def json(self, *args: str, save: str | None = None, ok_codes: tuple[int, ...] = (0,)) -> Any:
        text = self.run(*args, "--json", ok_codes=ok_codes)
        if save:
            path = self.out / save
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return json.loads(text)


def portfolio(demo: Demo) -> list[str]:
    """Step 1: ingest the sample portfolio and show each patent."""
    report = demo.json("ingest", *map(str, SAMPLES), save="ingest-report.json", ok_codes=(0, 1))
    patents = demo.json("patents", "list", save="patents.json")
    lines = [
        f"Portfolio: {report['ingested']} patents ingested, {report['updated']} updates merged, "
        f"{report['unchanged']} unchanged, {len(report['failed'])} files reported as bad input "
        f"({len(report['warnings'])} warnings)",
    ]
    for failure in report["failed"]:
        lines.append(f"  bad input: {failure['error'][:110]}")
    lines.append(f"  {'number':<17} {'expiry':<11} {'claims':>6}  {'fields':<32} title")
    for summary in patents:
        view = demo.json(
            "patents", "show", summary["number"], save=f"patents/{summary['number']}.json"
        )
        fields = ", ".join(f["name"] for f in view["fields"])[:32]
        lines.append(
            f"  {view['number']:<17} {view['expiry']['date'] or '?':<11} "
            f"{len(view['claims']):>6}  {fields:<32} {(view['title'] or '')[:40]}"
        )
    return lines


def rates_and_deals(demo: Demo) -> list[str]:
    """Step 2: rate benchmarks, FRAND top-down, Art. 102 exposure, a deal model, withholding."""
    (demo.out / "royalty").mkdir(exist_ok=True)
    demo.json("royalty", "comparables", save="royalty/comparables.json")
    lines = ["Rate benchmarks (licence and survey rates; court awards a separate band):"]
    for field, kinds in BENCHMARK_FIELDS:
        slug = field.lower().replace(" ", "-")
        plot = demo.out / "royalty" / f"benchmark-{slug}.png"
        kind_args = [a for k in kinds for a in ("--kind", k)]
        result = demo.json(
            "royalty",
            "benchmark",
            "--field",
            field,
            *kind_args,
            "--plot",
            str(plot),
            save=f"royalty/benchmark-{slug}.json",
        )
        st = result["statistics"]
        court = result["court_band"]
        label = f"{field} ({', '.join(kinds)}, not Japanese)" if kinds else field
        lines.append(
            f"  {label:<22} n={st['n']:<2} median {st['median_percent']:<7} "
            f"IQR {st['lower_quartile_percent']}–{st['upper_quartile_percent']}"
            + (
                f"; court awards apart: n={court['n']} median {court['median_percent']}"
                if court
                else ""
            )
        )
    frand = demo.json(
        "royalty",
        "frand",
        "--preset",
        "pantech-asus",
        "--price",
        "80000",
        "--currency",
        "JPY",
        "--holder-patents",
        "5",
        "--units",
        "1000000",
        save="royalty/frand-pantech-asus.json",
    )
    first = frand["results"][0]
    lines.append(
        f"FRAND top-down (Pantech v. ASUS inputs, ¥80,000 device, 5 of 1,300 LTE patents): "
        f"{first['variant']} {first['per_unit']['en']} per unit, {first['total']['ja']} on 1M units"
    )
    damages = demo.json(
        "damages",
        "--method",
        "102-3",
        "--rate",
        "3%:5%:8%",
        "--history",
        str(SALES_HISTORY),
        "--as-of",
        "2026-11-21",
        save="royalty/damages-102-3.json",
    )
    claimable = damages["claimable"]
    lines.append(
        "Art. 102(3) exposure on the sample sales history, still claimable as of 2026-11-21: "
        + ", ".join(f"{k} {claimable[k]['ja']}" for k in ("low", "base", "high"))
    )
    deal = demo.json("deal", "model", str(DEAL), save="royalty/deal-pilot.json")
    totals = deal["totals"]
    lines.append(
        f"Deal model '{deal['deal']['name']}': expected {totals['expected']['ja']}, "
        f"NPV {totals['npv']['ja']} ({totals['npv_licensor']['en']})"
    )
    for country in ("US", "DE", "CN"):
        tax = demo.json(
            "tax",
            "withholding",
            "--licensor-country",
            country,
            "--date",
            "2026-11-21",
            save=f"royalty/withholding-{country}.json",
        )
        lines.append(
            f"  withholding on royalties to a {country} licensor: "
            f"{tax['rate_percent']} ({tax['basis']}; {tax['status']})"
        )
    return lines


#: Later steps, one module each (scripts/demo_<name>.py with ``step(demo, out)``), in
#: dependency order: companies before landscape and campaigns, evidence before charts.
ANALYSIS_STEPS = ("companies", "evidence", "charts", "landscape")
CAMPAIGN_STEPS = ("campaign", "documents")
BEYOND_STEPS = ("pool", "match", "valuation", "corpus")


def later_steps(demo: Demo, names: tuple[str, ...]) -> list[str]:
    """Run each named step and collect its summary lines."""
    if str(Path(__file__).resolve().parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
    lines: list[str] = []
    for name in names:
        module = importlib.import_module(f"demo_{name}")
        lines.extend([*module.step(demo, demo.out), ""])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "demo-out")
    args = parser.parse_args()
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    demo = Demo(out)
    summary = [
        *portfolio(demo),
        "",
        *later_steps(demo, ANALYSIS_STEPS),
        *rates_and_deals(demo),
        "",
        *later_steps(demo, CAMPAIGN_STEPS),
        *later_steps(demo, BEYOND_STEPS),
    ]
    summary.append(
        f"Outputs written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/"
    )
    summary.append("Kizuna presents evidence and estimates, not legal opinions.")
    (out / "SUMMARY.txt").write_text("\n".join(summary) + "\n", encoding="utf-8")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
