"""JSON views of the royalty, damages, deal and tax reports (the documented ``--json`` shapes).

Rates are strings holding fractions (``"0.037"`` is 3.7%) plus a ``*_percent``
display string; money is ``{"amount", "currency", "en", "ja"}`` rounded
ROUND_HALF_UP to the currency's minor unit. Every document carries
``data_version`` and ``disclaimer``. The shapes are listed in docs/royalty.md.
"""

from __future__ import annotations

from typing import Any

from kizuna.adapters.exports.money import money_json
from kizuna.domain.damages import INPUTS, Scenario
from kizuna.domain.deals import CashFlow
from kizuna.domain.frand import FrandResult
from kizuna.domain.money import Money, format_percent
from kizuna.domain.royalty import Comparable, RateStatistics
from kizuna.domain.tax import TreatyRate
from kizuna.services.damages import DamagesReport
from kizuna.services.deals import DealReport
from kizuna.services.law.limitation_events import event_json
from kizuna.services.royalty import BenchmarkReport, ComparableListing, FrandReport, ImportReport
from kizuna.services.tax import WithholdingReport

__all__ = [
    "benchmark_json",
    "comparable_json",
    "comparables_json",
    "damages_json",
    "deal_json",
    "frand_json",
    "import_json",
    "withholding_json",
]


def comparable_json(c: Comparable) -> dict[str, Any]:
    """One comparable with its provenance and status."""
    return {
        "id": c.id,
        "value": str(c.value),
        "unit": c.unit,
        "shown": c.shown,
        "base": c.base.value,
        "kind": c.kind.value,
        "fields": list(c.fields),
        "sectors": list(c.sectors),
        "territory": c.territory,
        "year": c.year,
        "description": c.description,
        "source": c.source,
        "source_date": c.source_date,
        "status": c.status.value,
        "note": c.note,
        "provenance": c.provenance,
    }


def _envelope(report: Any) -> dict[str, Any]:
    return {"data_version": report.data_version, "disclaimer": report.disclaimer}


def comparables_json(listing: ComparableListing) -> dict[str, Any]:
    return {**_envelope(listing), "comparables": [comparable_json(c) for c in listing.comparables]}


def import_json(report: ImportReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "provenance": report.provenance,
        "stored": report.stored,
        "replaced": report.replaced,
        "errors": [{"line": e.line, "message": e.message} for e in report.errors],
    }


def _stats(s: RateStatistics) -> dict[str, Any]:
    names = ("minimum", "lower_quartile", "median", "upper_quartile", "maximum", "mean")
    out: dict[str, Any] = {"n": s.n}
    for name in names:
        value = getattr(s, name)
        out[name] = str(value)
        out[f"{name}_percent"] = format_percent(value)
    return out


def benchmark_json(report: BenchmarkReport) -> dict[str, Any]:
    b = report.benchmark
    return {
        **_envelope(report),
        "query": b.query.describe(),
        "statistics": _stats(b.statistics),
        "adjustments": [
            {"name": a.name, "factor": str(a.factor), "reason": a.reason} for a in b.adjustments
        ],
        "adjusted": _stats(b.adjusted) if b.adjusted else None,
        "explanation": list(b.explanation),
        "comparables": [comparable_json(c) for c in b.comparables],
        "sources": list(b.sources),
        "kinds": [k.value for k in b.query.kinds],
        "court_band": _stats(b.court_band) if b.court_band else None,
        "court_comparables": [comparable_json(c) for c in b.court_comparables],
    }


def _frand_result(r: FrandResult) -> dict[str, Any]:
    i = r.inputs
    return {
        "variant": i.variant,
        "inputs": {
            "price": money_json(i.price),
            "aggregate_rate": str(i.aggregate_rate),
            "aggregate_rate_percent": format_percent(i.aggregate_rate),
            "contribution": str(i.contribution),
            "holder_patents": i.holder_patents,
            "total_patents": i.total_patents,
            "price_cap": money_json(i.price_cap) if i.price_cap else None,
            "per_unit_cap": money_json(i.per_unit_cap) if i.per_unit_cap else None,
            "units": str(i.units) if i.units is not None else None,
        },
        "royalty_base": money_json(r.royalty_base),
        "holder_share": str(r.holder_share),
        "per_unit_exact": str(r.per_unit.amount),
        "per_unit": money_json(r.per_unit),
        "cap_applied": r.cap_applied,
        "total": money_json(r.total) if r.total is not None else None,
        "steps": list(r.steps),
    }


def frand_json(report: FrandReport) -> dict[str, Any]:
    p = report.preset
    preset = None
    if p is not None:
        preset = {
            "name": p.name,
            "label": p.label,
            "source": p.source,
            "source_date": p.source_date,
            "status": p.status,
            "note": p.note,
        }
    return {
        **_envelope(report),
        "formula": "per_unit = min(price, price_cap) x contribution x aggregate_rate "
        "x holder_patents / total_patents, then min(per_unit_cap)",
        "preset": preset,
        "results": [_frand_result(r) for r in report.results],
    }


def _by_scenario(values: dict[Scenario, Money]) -> dict[str, Any]:
    return {s.value: money_json(values[s]) for s in Scenario}


def damages_json(report: DamagesReport) -> dict[str, Any]:
    e = report.exposure
    case = e.case
    specs = {s.name: s for s in INPUTS[case.method]}
    inputs = [
        {
            "name": name,
            "label": specs[name].label,
            "kind": specs[name].kind,
            "low": str(r.low),
            "base": str(r.base),
            "high": str(r.high),
            "raises_exposure": specs[name].raises_exposure,
        }
        for name, r in case.inputs.items()
    ]
    scenarios = [
        {
            "scenario": r.scenario.value,
            "values": {k: str(v) for k, v in r.values.items()},
            "components": [{"label": label, "amount": money_json(m)} for label, m in r.components],
            "total": money_json(r.total),
            "steps": list(r.steps),
        }
        for r in e.scenarios
    ]
    years = [
        {
            "year": y.year,
            "sales": money_json(y.sales),
            "days": y.shares.days,
            "share_tort": str(y.shares.tort),
            "share_unjust_enrichment": str(y.shares.unjust_enrichment),
            "share_barred": str(y.shares.barred),
            "damages": _by_scenario(y.damages),
            "tort": _by_scenario(y.tort),
            "unjust_enrichment": _by_scenario(y.unjust_enrichment),
            "barred": _by_scenario(y.barred),
        }
        for y in e.years
    ]
    return {
        **_envelope(report),
        "method": case.method.value,
        "currency": case.currency,
        "licensable": case.licensable,
        "inputs": inputs,
        "scenarios": scenarios,
        "history_file": report.history_file,
        "as_of": e.as_of,
        "knowledge_date": e.knowledge_date,
        "years": years,
        "campaign": report.campaign_id,
        "limitation_events": [event_json(ev) for ev in e.events],
        "claimable": _by_scenario(e.claimable),
        "notes": list(report.notes),
    }


def _flow(f: CashFlow) -> dict[str, Any]:
    p = f.payment
    rule = f.rule
    return {
        "date": p.on,
        "label": p.label,
        "component": p.component,
        "field": p.field,
        "licensee": p.licensee,
        "probability": str(p.probability),
        "gross": money_json(f.gross),
        "expected": money_json(f.expected),
        "withholding_rate": str(rule.rate) if rule else None,
        "withholding_basis": rule.basis if rule else None,
        "withholding": money_json(f.withholding),
        "net": money_json(f.net),
        "net_licensor": money_json(f.net_licensor),
        "discount_factor": str(f.discount_factor),
        "present_value": money_json(f.present_value),
        "present_value_licensor": money_json(f.present_value_licensor),
    }


def deal_json(report: DealReport) -> dict[str, Any]:
    m = report.model
    d = m.deal
    rules = {f.rule.basis + ":" + str(f.rule.rate): f.rule for f in m.flows if f.rule}
    return {
        **_envelope(report),
        "file": report.file,
        "deal": {
            "name": d.name,
            "licensor": d.licensor,
            "licensor_country": d.licensor_country,
            "currency": d.currency,
            "licensor_currency": d.licensor_currency,
            "valuation_date": d.valuation_date,
            "discount_rate": str(d.discount_rate),
            "fx_date": d.fx_date,
        },
        "fx": {
            "rate": str(m.fx.rate),
            "rate_date": m.fx.rate_date,
            "explanation": m.fx.explanation,
        },
        "flows": [_flow(f) for f in m.flows],
        "totals": {k: money_json(v) for k, v in m.totals.items()},
        "by_field": {k: money_json(v) for k, v in m.by_field.items()},
        "by_licensee": {k: money_json(v) for k, v in m.by_licensee.items()},
        "withholding": [_rule(r) for r in rules.values()],
        "notes": list(m.notes),
        "commitments": [f.to_json() for f in report.commitments],
    }


def _rule(rule: Any) -> dict[str, Any]:
    return {
        "country": rule.country,
        "rate": str(rule.rate),
        "rate_percent": format_percent(rule.rate),
        "basis": rule.basis,
        "status": rule.status,
        "forms": list(rule.forms),
        "statements": list(rule.statements),
        "sources": list(rule.sources),
        "table_version": rule.table_version or None,
    }


def withholding_json(report: WithholdingReport) -> dict[str, Any]:
    treaty = report.treaty
    return {
        **_envelope(report),
        "payment_date": report.rule.payment_date,
        **_rule(report.rule),
        "relief": treaty.basis if treaty is not None else None,
        "lob": treaty.lob if treaty is not None else None,
        "lob_form": (treaty.lob_form or None) if treaty is not None else None,
        "treaty": _treaty(treaty),
    }


def _treaty(treaty: TreatyRate | None) -> dict[str, Any] | None:
    """The row behind a withholding result: the instrument, its dates and rates by type."""
    if treaty is None:
        return None
    return {
        "name": treaty.name,
        "title": treaty.title or None,
        "signed": treaty.signed or None,
        "in_force": treaty.in_force or None,
        "article": treaty.article or None,
        "rate": None if treaty.rate is None else str(treaty.rate),
        "rate_types": treaty.rate_types or None,
        "pending": treaty.pending or None,
        "verify_with": treaty.verify_with or None,
        "status": treaty.status,
    }
