"""Demo step: a fictitious valuation for IP-backed lending, with the Japanese report.

Runs ``kizuna value examples/valuation.toml`` and writes the report under ``valuation/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def step(demo: Any, out: Path) -> list[str]:
    """Value the example business and write its reports."""
    data = demo.json(
        "value", str(ROOT / "examples" / "valuation.toml"), "--out", str(out / "valuation")
    )
    lender = data["lender"]
    mc = data["monte_carlo"]
    return [
        f"Valuation (fictitious, examples/valuation.toml): {data['name']}",
        f"  relief-from-royalty DCF ¥{int(data['value']):,}; Monte Carlo P10–P90 "
        f"¥{int(mc['p10']):,}–¥{int(mc['p90']):,} ({mc['draws']} draws, seed {mc['seed']})",
        f"  lender's view: haircut {float(lender['haircut']):.0%}, LTV "
        f"{float(lender['loan_to_value']):.0%}, "
        f"suggested maximum ¥{int(lender['suggested_maximum']):,}",
        f"  report: valuation/valuation-{data['valuation_date']}-ja.pdf "
        "(知財ビジネス評価書の形式) and -en",
    ]
