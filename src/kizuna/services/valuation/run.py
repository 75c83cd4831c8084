"""Value a patent for IP-backed lending: DCF, sensitivity, Monte Carlo, lender's view.

>>> result = value_case(read_valuation(Path("examples/valuation.toml")))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from kizuna.domain.valuation.ranges import MonteCarlo, monte_carlo, sensitivity
from kizuna.domain.valuation.relief import ReliefResult, relief_from_royalty
from kizuna.services.valuation.value_file import ValuationCase

__all__ = ["DISCLAIMER", "LenderView", "Valuation", "valuation_json", "value_case"]

DISCLAIMER = (
    "This is an estimate for discussion with a lender, not an appraisal (鑑定評価) and not "
    "legal, tax or investment advice. "
    "本書は融資検討のための推計であり、鑑定評価・法的助言ではありません。"
)
DISCOUNT_SHIFTS = (Decimal("-0.02"), Decimal(0), Decimal("0.02"))


@dataclass(frozen=True, kw_only=True)
class LenderView:
    low: Decimal
    base: Decimal
    high: Decimal
    haircut: Decimal
    loan_to_value: Decimal
    suggested_maximum: Decimal
    assumptions: tuple[str, ...]
    assumptions_ja: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Valuation:
    case: ValuationCase
    dcf: ReliefResult
    rates: tuple[Decimal, ...]
    shifts: tuple[Decimal, ...]
    grid: tuple[tuple[Decimal, ...], ...]
    simulation: MonteCarlo
    lender: LenderView
    cost_value: Decimal | None
    market_value: Decimal | None


def _yen(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _lender(case: ValuationCase, base: Decimal, mc: MonteCarlo) -> LenderView:
    spread = 1 - mc.p10 / base if base > 0 else Decimal(1)
    haircut = max(case.min_haircut, spread)
    ltv = 1 - haircut
    return LenderView(
        low=mc.p10,
        base=_yen(base),
        high=mc.p90,
        haircut=haircut.quantize(Decimal("0.0001")),
        loan_to_value=ltv.quantize(Decimal("0.0001")),
        suggested_maximum=_yen(base * ltv),
        assumptions=(
            f"haircut = the larger of the floor {case.min_haircut * 100:.0f}% "
            f"({case.haircut_basis}) and the fall from the DCF value to the Monte Carlo P10",
            "loan-to-value = 1 − haircut, applied to the DCF value",
            "the patent is taken as valid, enforceable and owned as stated; no encumbrance check",
        ),
        assumptions_ja=(
            f"ヘアカットは、下限{case.min_haircut * 100:.0f}%（{case.haircut_basis}）と、"
            "DCF価値からモンテカルロP10までの下落率のいずれか大きい方",
            "掛目（LTV）＝1－ヘアカット。DCF価値に乗じて融資額の目安とする",
            "特許は有効・行使可能で、記載どおりに権利者が保有し、担保権等の負担はないものと仮定",
        ),
    )


def value_case(case: ValuationCase) -> Valuation:
    """Every figure of the report for ``case``."""
    dcf = relief_from_royalty(case.inputs)
    base_rate = case.inputs.royalty_rate
    rates = tuple(
        sorted({Decimal(str(case.rate_range.low)), base_rate, Decimal(str(case.rate_range.high))})
    )
    grid = sensitivity(case.inputs, rates=rates, discount_shifts=DISCOUNT_SHIFTS)
    mc = monte_carlo(
        case.inputs,
        rate=case.rate_range,
        revenue_factor=case.revenue_range,
        life=case.life_range,
        draws=case.draws,
        seed=case.seed,
    )
    return Valuation(
        case=case,
        dcf=dcf,
        rates=rates,
        shifts=DISCOUNT_SHIFTS,
        grid=tuple(tuple(_yen(v) for v in row) for row in grid),
        simulation=mc,
        lender=_lender(case, dcf.value, mc),
        cost_value=_yen(sum((i.amount for i in case.cost_items), Decimal(0)))
        if case.cost_items
        else None,
        market_value=_yen(Decimal(median(i.amount for i in case.market_items)))
        if case.market_items
        else None,
    )


def valuation_json(v: Valuation) -> dict[str, object]:
    """``kizuna value --json`` (docs/json.md): amounts as decimal strings in the currency."""
    i = v.case.inputs
    return {
        "name": v.case.name,
        "patent": v.case.patent,
        "currency": i.currency,
        "valuation_date": i.valuation_date,
        "method": "relief-from-royalty DCF",
        "value": str(_yen(v.dcf.value)),
        "life_years": str(v.dcf.life_years.quantize(Decimal("0.01"))),
        "life_capped_by_expiry": v.dcf.life_capped_by_expiry,
        "discount_rate": str(i.discount_rate),
        "years": [
            {
                "year": r.year,
                "fraction": str(r.fraction.quantize(Decimal("0.0001"))),
                "revenue": str(_yen(r.revenue)),
                "royalty": str(_yen(r.royalty)),
                "after_tax": str(_yen(r.after_tax)),
                "factor": str(r.factor.quantize(Decimal("0.000001"))),
                "present_value": str(_yen(r.present_value)),
            }
            for r in v.dcf.rows
        ],
        "sensitivity": {
            "rates": [str(r) for r in v.rates],
            "discount_shifts": [str(s) for s in v.shifts],
            "values": [[str(x) for x in row] for row in v.grid],
        },
        "monte_carlo": {
            "draws": v.simulation.draws,
            "seed": v.simulation.seed,
            "p10": str(v.simulation.p10),
            "p50": str(v.simulation.p50),
            "p90": str(v.simulation.p90),
            "mean": str(v.simulation.mean),
        },
        "lender": {
            "low": str(v.lender.low),
            "base": str(v.lender.base),
            "high": str(v.lender.high),
            "haircut": str(v.lender.haircut),
            "loan_to_value": str(v.lender.loan_to_value),
            "suggested_maximum": str(v.lender.suggested_maximum),
            "assumptions": list(v.lender.assumptions),
        },
        "royalty_benchmark": None
        if (b := v.case.rate_benchmark) is None
        else {
            "query": b.query,
            "comparables": list(b.comparables),
            "percentiles": {"low": b.percentiles[0], "rate": b.percentiles[1],
                            "high": b.percentiles[2]},
            "rate": str(b.rate),
            "low": str(b.low),
            "high": str(b.high),
            "data_version": b.data_version,
        },
        "cost_approach": None if v.cost_value is None else str(v.cost_value),
        "market_approach": None if v.market_value is None else str(v.market_value),
        "sources": {
            "revenue": v.case.revenue_source,
            "royalty_rate": i.royalty_source,
            "tax_rate": i.tax_source,
            "risk_free": i.risk_free_source,
            "premiums": [
                {"name": p.name, "rate": str(p.rate), "source": p.source} for p in i.premiums
            ],
        },
        "disclaimer": DISCLAIMER,
    }
