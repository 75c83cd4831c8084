"""``kizuna damages``: Patent Act Art. 102 exposure, low/base/high, every input shown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kizuna.adapters.exports.money import format_both, format_western
from kizuna.cli.common import Column, console, print_json, print_table, state
from kizuna.cli.royalty import footer
from kizuna.domain.damages import INPUTS, Method, Scenario
from kizuna.domain.money import format_percent
from kizuna.services import royalty_views as views
from kizuna.services.damages import DamagesReport, assess_damages
from kizuna.services.law.limitation_events import events_for_damages
from kizuna.services.royalty_inputs import damages_case, parse_day

__all__ = ["damages"]

Value = Annotated[str | None, typer.Option(help="A value or low:base:high.", show_default=False)]


def damages(
    ctx: typer.Context,
    method: Annotated[Method, typer.Option("--method", help="102-1, 102-2 or 102-3.")],
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code.")] = "JPY",
    sales: Annotated[
        str | None, typer.Option("--sales", help="Infringer's sales (102-2/3).")
    ] = None,
    rate: Annotated[str | None, typer.Option("--rate", help="Royalty rate, e.g. 3%:5%:8%.")] = None,
    infringer_units: Annotated[str | None, typer.Option("--infringer-units")] = None,
    capacity_units: Annotated[str | None, typer.Option("--capacity-units")] = None,
    unsellable_units: Annotated[str | None, typer.Option("--unsellable-units")] = None,
    unit_margin: Annotated[str | None, typer.Option("--unit-margin")] = None,
    unit_price: Annotated[str | None, typer.Option("--unit-price")] = None,
    direct_costs: Annotated[str | None, typer.Option("--direct-costs")] = None,
    rebuttal_unsellable: Annotated[
        str | None,
        typer.Option(
            "--rebuttal-unsellable",
            help="102-2: share rebutted because the patentee could not have sold "
            "(capacity, market, competitors); earns the 102(3) royalty.",
        ),
    ] = None,
    rebuttal_contribution: Annotated[
        str | None,
        typer.Option(
            "--rebuttal-contribution",
            help="102-2: share rebutted for the invention's partial contribution; no royalty.",
        ),
    ] = None,
    rebuttal: Annotated[str | None, typer.Option("--rebuttal", hidden=True)] = None,
    capacity_share: Annotated[str | None, typer.Option("--capacity-share", hidden=True)] = None,
    not_licensable: Annotated[
        bool,
        typer.Option(
            "--not-licensable", help="102(1)(ii) / 102(2): the patentee could not have licensed."
        ),
    ] = False,
    no_royalty_on_unsellable: Annotated[bool, typer.Option("--no-royalty-on-unsellable")] = False,
    history: Annotated[
        Path | None, typer.Option("--history", help="CSV: year,sales[,units][,direct_costs].")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Claim date (YYYY-MM-DD).")] = None,
    knowledge_date: Annotated[
        str | None, typer.Option("--knowledge-date", help="Patentee knew damage and infringer.")
    ] = None,
    limitation_event: Annotated[
        list[str] | None,
        typer.Option(
            "--limitation-event",
            help="Repeatable: demand:YYYY-MM-DD, agreement:YYYY-MM-DD[:Nm] or "
            "refusal:YYYY-MM-DD (Civil Code Arts. 150, 151).",
        ),
    ] = None,
    campaign: Annotated[
        int | None,
        typer.Option("--campaign", help="Apply this campaign's recorded limitation events."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Patent Act Art. 102 damages exposure (low/base/high), limitation applied to a history."""
    given = {
        "sales": sales,
        "rate": rate,
        "infringer-units": infringer_units,
        "capacity-units": capacity_units,
        "unsellable-units": unsellable_units,
        "unit-margin": unit_margin,
        "unit-price": unit_price,
        "direct-costs": direct_costs,
        "rebuttal-unsellable": rebuttal_unsellable,
        "rebuttal-contribution": rebuttal_contribution,
        "rebuttal": rebuttal,
        "capacity-share": capacity_share,
    }
    case = damages_case(
        method=method,
        currency=currency,
        given=given,
        licensable=not not_licensable,
        royalty_on_unsellable=not no_royalty_on_unsellable,
        with_history=history is not None,
    )
    events = events_for_damages(
        limitation_event or (),
        database=state(ctx).database() if campaign is not None else None,
        campaign_id=campaign,
    )
    report = assess_damages(
        case=case,
        history=history,
        as_of=parse_day(as_of, "--as-of"),
        knowledge_date=parse_day(knowledge_date, "--knowledge-date"),
        events=events,
        campaign_id=campaign,
    )
    if as_json:
        print_json(views.damages_json(report))
        return
    _print(report)


def _print(report: DamagesReport) -> None:
    e = report.exposure
    case = e.case
    specs = {s.name: s for s in INPUTS[case.method]}
    rows = []
    for name, r in case.inputs.items():
        spec = specs[name]
        shown = [format_percent(v) if spec.kind in ("rate", "share") else f"{v:,}"
                 for v in (r.low, r.base, r.high)]
        rows.append({"input": f"--{name}", **dict(zip(("low", "base", "high"), shown,
                                                       strict=True)), "meaning": spec.label})
    print_table(rows, (Column("input", fixed=True), *(Column(k, fixed=True, right=True)
                                                      for k in ("low", "base", "high")),
                       Column("meaning", wrap=True)),
                title=f"Art. {case.method.value} inputs ({case.currency})")
    for result in e.scenarios:
        console.print(f"{result.scenario.value}: {format_both(result.total)}", markup=False)
        for step in result.steps:
            console.print(f"  {step}", markup=False)
    if e.years:
        _print_years(report)
    for event in e.events:
        console.print(f"limitation event: {event.text()} {event.note}".rstrip(), markup=False)
    for scenario in Scenario:
        console.print(
            f"exposure {scenario.value}: {format_both(e.claimable[scenario])}", markup=False
        )
    for note in report.notes:
        console.print(f"- {note}", markup=False)
    footer(report.data_version, report.disclaimer)


def _print_years(report: DamagesReport) -> None:
    """The claimable share of each year; amounts are never cut (an 80-column terminal gets
    them in one currency form and without the barred amount, which --json has)."""
    e = report.exposure
    wide = console.width >= 120
    money = format_both if wide else format_western
    rows = [{"year": y.year, "sales": money(y.sales),
             "tort": format_percent(y.shares.tort, 1),
             "unjust": format_percent(y.shares.unjust_enrichment, 1),
             "barred": format_percent(y.shares.barred, 1),
             "claimable": money(y.tort[Scenario.BASE] + y.unjust_enrichment[Scenario.BASE]),
             "barred_amount": money(y.barred[Scenario.BASE])} for y in e.years]
    columns = [Column("year", fixed=True), Column("sales", fixed=True, right=True),
               *(Column(k, f"{k} %", fixed=True, right=True)
                 for k in ("tort", "unjust", "barred")),
               Column("claimable", "claimable (base)", fixed=True, right=True)]
    if wide:
        columns.append(Column("barred_amount", "barred (base)", fixed=True, right=True))
    print_table(rows, columns,
                title=f"Claimable as of {e.as_of} (history {report.history_file})")
