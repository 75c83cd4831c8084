"""``make demo``: the licensing analysis end to end on the sample data.

Runs the real ``kizuna`` command line (the same commands a user types) against
a fresh SQLite database in the output folder, writes every result there and
prints a summary. Sample documents are public USPTO, EPO and JPO publications
(tests/data/*/SOURCES.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests" / "data" / name for name in ("uspto", "epo", "jpo")]


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
        view = demo.json("patents", "show", summary["number"], save=f"patents/{summary['number']}.json")
        fields = ", ".join(f["name"] for f in view["fields"])[:32]
        lines.append(
            f"  {view['number']:<17} {view['expiry']['date'] or '?':<11} "
            f"{len(view['claims']):>6}  {fields:<32} {(view['title'] or '')[:40]}"
        )
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
    summary = [*portfolio(demo)]
    summary.append(f"Outputs written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/")
    summary.append("Kizuna presents evidence and estimates, not legal opinions.")
    (out / "SUMMARY.txt").write_text("\n".join(summary) + "\n", encoding="utf-8")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
