"""Limitation events (demand, agreement to negotiate, refusal) recorded on a campaign.

They suspend completion of prescription (Civil Code Arts. 150, 151) and feed
``kizuna damages --campaign`` (:func:`events_for_damages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kizuna.domain.law.suspension import EVENT_LABELS, MAX_EVENTS, LimitationEvent, parse_event
from kizuna.errors import InvalidValueError

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database
    from kizuna.adapters.storage.limitation import SqlLimitationStore

__all__ = [
    "campaign_events",
    "event_json",
    "events_for_damages",
    "record_event",
]

MAX_NOTE = 500


def _store(database: Database) -> SqlLimitationStore:
    from kizuna.adapters.storage.limitation import SqlLimitationStore  # composition point

    return SqlLimitationStore(database)


def record_event(
    database: Database, campaign_id: int, text: str, *, note: str = ""
) -> tuple[LimitationEvent, ...]:
    """Store the event written ``KIND:YYYY-MM-DD[:Nm]``; the campaign's events after."""
    if len(text) > 40:
        raise InvalidValueError(f"--event: {len(text)} characters; write KIND:YYYY-MM-DD[:Nm]")
    if len(note) > MAX_NOTE:
        raise InvalidValueError(f"--note: {len(note)} characters, at most {MAX_NOTE}")
    parsed = parse_event(text, name="--event")
    event = LimitationEvent(
        kind=parsed.kind, day=parsed.day, months=parsed.months, note=note.strip()
    )
    store = _store(database)
    store.add(campaign_id, event)
    return store.list(campaign_id)


def campaign_events(database: Database, campaign_id: int) -> tuple[LimitationEvent, ...]:
    """The campaign's recorded events, by day."""
    return _store(database).list(campaign_id)


def events_for_damages(
    texts: Sequence[str], *, database: Database | None = None, campaign_id: int | None = None
) -> tuple[LimitationEvent, ...]:
    """Explicit ``--limitation-event`` texts plus, with a campaign, its recorded events."""
    if len(texts) > MAX_EVENTS:
        raise InvalidValueError(f"--limitation-event: {len(texts)} given, at most {MAX_EVENTS}")
    events = [parse_event(t) for t in texts]
    if campaign_id is not None:
        if database is None:
            raise InvalidValueError("--campaign: needs a database")
        events.extend(campaign_events(database, campaign_id))
    return tuple(sorted(events, key=lambda e: e.day))


def event_json(event: LimitationEvent) -> dict[str, Any]:
    """One event as JSON (``docs/json.md``)."""
    return {
        "kind": event.kind.value,
        "date": event.day,
        "months": event.months,
        "note": event.note,
        "label": EVENT_LABELS[event.kind],
        "text": event.text(),
    }
