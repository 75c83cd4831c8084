"""``kizuna campaign limitation``: demands and agreements to negotiate on a campaign."""

from __future__ import annotations

from typing import Annotated

import typer

from kizuna.cli.common import Column, console, print_json, print_table, state
from kizuna.domain.law.suspension import EVENT_LABELS
from kizuna.services.law.limitation_events import campaign_events, event_json, record_event

__all__ = ["limitation_command"]


def limitation_command(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(help="Campaign id (see `kizuna campaign list`).")],
    event: Annotated[
        str | None,
        typer.Option(
            "--event",
            help="Record demand:YYYY-MM-DD, agreement:YYYY-MM-DD[:Nm] or refusal:YYYY-MM-DD.",
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What was sent or signed.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record or list limitation events (Civil Code Arts. 150, 151) that suspend completion."""
    database = state(ctx).database()
    if event is not None:
        events = record_event(database, campaign_id, event, note=note)
    else:
        events = campaign_events(database, campaign_id)
    if as_json:
        print_json({"campaign": campaign_id, "events": [event_json(e) for e in events]})
        return
    rows = [{"date": e.day.isoformat(), "event": EVENT_LABELS[e.kind],
             "period": f"{e.months} months" if e.months else "", "note": e.note} for e in events]
    print_table(rows, (Column("date", fixed=True), Column("event", wrap=True),
                       Column("period", fixed=True), Column("note", wrap=True)),
                title=f"Campaign {campaign_id}: limitation events")
    console.print(
        "They suspend completion of prescription (完成猶予); `kizuna damages --campaign "
        f"{campaign_id}` applies them. Evidence, not legal advice.",
        markup=False,
    )
