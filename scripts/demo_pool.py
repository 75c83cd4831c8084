"""Demo step: a fictitious patent pool (two founders, three members, two quarters).

Runs ``kizuna pool check`` and ``kizuna pool distribute`` for 2026-Q1 and 2026-Q2 on
``examples/pool`` and writes ``pool/distribution-<period>.json`` and the XLSX statements; then
stores the same pool in the demo database (``pool create``, ``report import``, ``collect``),
distributes both quarters from the stored data (``pool/stored-distribution-<period>.json``, equal
to the file form) and writes the signed ledger's check to ``pool/ledger-verify.json``. Last, it
records a FRAND commitment on a sample patent (``pool/pledges.json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POOL = ROOT / "examples" / "pool"
PERIODS = ("2026-Q1", "2026-Q2")


def step(demo: Any, out: Path) -> list[str]:
    """Check the pool's terms, distribute two quarters from files, then from the database."""
    check = demo.json("pool", "check", str(POOL / "pool.toml"), save="pool/checklist.json")
    met = sum(1 for item in check["items"] if item["status"] == "met")
    lines = [
        f"Patent pool (fictitious, examples/pool): {check['pool']}",
        f"  JFTC checklist: {met}/{len(check['items'])} items met (a checklist for counsel)",
    ]
    files: dict[str, Any] = {}
    for period in PERIODS:
        result = demo.json(
            "pool", "distribute", str(POOL / "pool.toml"), "--period", period,
            "--reports", str(POOL / "reports-2026.csv"),
            "--collections", str(POOL / "collections-2026.csv"), "--out", str(out / "pool"),
            "--pdf",
        )  # fmt: skip
        files[period] = result
        shares = ", ".join(f"{d['founder']} ¥{int(d['amount']):,}" for d in result["distributed"])
        lines.append(
            f"  {period}: collected ¥{int(result['collected']):,}, fee ¥{int(result['fee']):,}, "
            f"{shares}, remainder ¥{int(result['remainder']):,} -> pool/distribution-{period}.json"
        )
    return [*lines, *_stored(demo, files)]


def _stored(demo: Any, files: dict[str, Any]) -> list[str]:
    created = demo.json("pool", "create", str(POOL / "pool.toml"))
    name = created["name"]
    demo.json("pool", "report", "import", name, str(POOL / "reports-2026.csv"))
    demo.json("pool", "collect", name, str(POOL / "collections-2026.csv"))
    same = []
    for period in PERIODS:
        stored = demo.json("pool", "distribute", name, "--period", period,
                           save=f"pool/stored-distribution-{period}.json")  # fmt: skip
        same.append(stored == files[period])
    verify = demo.json("pool", "ledger", "verify", name, save="pool/ledger-verify.json")
    v = verify["verification"]
    lines = [
        f"  stored in the database (pool id {created['id']}): distribution from stored data "
        f"{'equals' if all(same) else 'DIFFERS FROM'} the file form for {', '.join(PERIODS)}",
        f"  ledger: {v['entries']} entries, {'intact' if v['ok'] else 'TAMPERED'}, signatures "
        f"{v['signing'].get('status')} -> pool/ledger-verify.json",
    ]
    return [*lines, *_pledge(demo)]


def _pledge(demo: Any) -> list[str]:
    patents = demo.json("patents", "list")
    rows = patents if isinstance(patents, list) else patents.get("patents", [])
    if not rows:
        return []
    number = rows[0]["number"]
    demo.json(
        "pledges", "add", number, "--kind", "frand", "--name", "Demo FRAND declaration",
        "--sdo", "Demo SDO (fictitious)", "--standard", "MagAlign 1.0 (fictitious)",
        "--source", "examples/pool (fictitious demo declaration)", "--source-date", "2026-01-10",
    )  # fmt: skip
    demo.json("pledges", "list", save="pool/pledges.json")
    return [f"  a fictitious FRAND commitment recorded on sample patent {number} -> "
            "pool/pledges.json; targets, deals and briefs now name it"]  # fmt: skip
