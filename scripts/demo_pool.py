"""Demo step: a fictitious patent pool (two founders, three members, two quarters).

Runs ``kizuna pool check`` and ``kizuna pool distribute`` for 2026-Q1 and 2026-Q2 on
``examples/pool`` and writes ``pool/distribution-<period>.json`` and the XLSX statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POOL = ROOT / "examples" / "pool"


def step(demo: Any, out: Path) -> list[str]:
    """Check the pool's terms, then distribute two quarters."""
    check = demo.json("pool", "check", str(POOL / "pool.toml"), save="pool/checklist.json")
    met = sum(1 for item in check["items"] if item["status"] == "met")
    lines = [
        f"Patent pool (fictitious, examples/pool): {check['pool']}",
        f"  JFTC checklist: {met}/{len(check['items'])} items met (a checklist for counsel)",
    ]
    for period in ("2026-Q1", "2026-Q2"):
        result = demo.json(
            "pool", "distribute", str(POOL / "pool.toml"), "--period", period,
            "--reports", str(POOL / "reports-2026.csv"),
            "--collections", str(POOL / "collections-2026.csv"), "--out", str(out / "pool"),
            "--pdf",
        )
        shares = ", ".join(f"{d['founder']} ¥{int(d['amount']):,}" for d in result["distributed"])
        lines.append(
            f"  {period}: collected ¥{int(result['collected']):,}, fee ¥{int(result['fee']):,}, "
            f"{shares}, remainder ¥{int(result['remainder']):,} -> pool/distribution-{period}.json"
        )
    return lines
