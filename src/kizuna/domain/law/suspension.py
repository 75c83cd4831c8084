"""Suspension of completion of prescription (時効の完成猶予), Civil Code Arts. 150, 151.

Events a patentee records on a campaign, and what they do to one claim:

- **demand** (催告), Art. 150(1): prescription does not complete until six months
  have passed from the demand. Art. 150(2): a further demand made while a
  demand is suspending completion has no such effect (a demand works once).
- **agreement** (協議を行う旨の合意, in writing or an electronic record,
  Art. 151(1), (4)): no completion until the earliest of one year from the
  agreement, the end of a negotiation period the parties set (under one
  year), and six months from a written refusal to continue (Art. 151(1)(iii)).
  Art. 151(2): a renewed agreement made while an agreement is suspending
  completion works again, but never beyond five years in all from when
  prescription would have completed without any suspension.
- **refusal** (協議の続行を拒絶する旨の通知, in writing): ends an agreement's
  suspension six months after the notice, if that is earlier.
- Art. 151(3): an agreement made while a demand is suspending completion has
  no effect; nor has a demand made while an agreement is.

"While suspending" is read as from the event until its suspension ends (the
reading of the 2017 reform's explanatory material); an event after the claim
has already prescribed does nothing, and an event before the claim arose does
not touch it. Certified ADR (ADR Act Art. 25) likewise *suspends completion*
(完成猶予), it does not interrupt (renew) prescription; it is not modelled as an
event here: the claim date ``as_of`` is the day the claim is made.

Source: 民法 Arts. 150, 151 as amended by Act No. 44 of 2017, in force
2020-04-01; text checked 2026-12-07 against the e-Gov text as quoted at
tek-law.jp/civil-code (Art. 151) and crear-ac.co.jp (Art. 151).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kizuna.domain.law.periods import period_end
from kizuna.errors import InvalidValueError

__all__ = [
    "EVENT_LABELS",
    "MAX_EVENTS",
    "EventKind",
    "LimitationEvent",
    "completion",
    "parse_event",
]

#: At most this many events per claim (a campaign or an explicit input).
MAX_EVENTS = 50
DEMAND_MONTHS = 6  # Art. 150(1)
AGREEMENT_YEARS = 1  # Art. 151(1)(i)
REFUSAL_MONTHS = 6  # Art. 151(1)(iii)
RENEWAL_CAP_YEARS = 5  # Art. 151(2) proviso


class EventKind(StrEnum):
    DEMAND = "demand"
    AGREEMENT = "agreement"
    REFUSAL = "refusal"


#: Japanese names, for outputs and the web form.
EVENT_LABELS = {
    EventKind.DEMAND: "催告 demand (Civil Code Art. 150)",
    EventKind.AGREEMENT: "協議を行う旨の合意 written agreement to negotiate (Art. 151)",
    EventKind.REFUSAL: "協議続行拒絶通知 written refusal to continue (Art. 151(1)(iii))",
}


@dataclass(frozen=True, kw_only=True)
class LimitationEvent:
    """One recorded event; ``months`` is an agreement's negotiation period (1-11)."""

    kind: EventKind
    day: date
    months: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.months is not None:
            if self.kind is not EventKind.AGREEMENT:
                raise InvalidValueError(
                    f"limitation event {self.kind.value} {self.day}: only an agreement "
                    "takes a negotiation period"
                )
            if not 1 <= self.months <= 11:
                raise InvalidValueError(
                    f"limitation event agreement {self.day}: negotiation period "
                    f"{self.months} months; Art. 151(1)(ii) covers periods under one year "
                    "(1-11 months; leave it out for one year)"
                )

    def text(self) -> str:
        period = f":{self.months}m" if self.months else ""
        return f"{self.kind.value}:{self.day.isoformat()}{period}"


def parse_event(text: str, *, name: str = "--limitation-event") -> LimitationEvent:
    """``demand:2025-03-01``, ``agreement:2025-03-01[:6m]`` or ``refusal:2025-09-01``."""
    parts = text.strip().split(":")
    kinds = ", ".join(k.value for k in EventKind)
    if len(parts) not in (2, 3) or parts[0].strip().lower() not in set(EventKind):
        raise InvalidValueError(
            f"{name} {text!r}: write KIND:YYYY-MM-DD[:Nm] with KIND one of {kinds}"
        )
    kind = EventKind(parts[0].strip().lower())
    try:
        day = date.fromisoformat(parts[1].strip())
    except ValueError:
        raise InvalidValueError(
            f"{name} {text!r}: {parts[1]!r} is not a date (YYYY-MM-DD)"
        ) from None
    months = None
    if len(parts) == 3:
        period = parts[2].strip().lower().removesuffix("m")
        if not (period.isascii() and period.isdigit() and len(period) <= 2):
            raise InvalidValueError(f"{name} {text!r}: period {parts[2]!r} is not N months (6m)")
        months = int(period)
    return LimitationEvent(kind=kind, day=day, months=months)


@dataclass
class _State:
    end: date
    demand_until: date | None = None
    agreement_until: date | None = None

    def in_demand(self, day: date) -> bool:
        return self.demand_until is not None and day <= self.demand_until

    def in_agreement(self, day: date) -> bool:
        return self.agreement_until is not None and day <= self.agreement_until


def completion(arose: date, original_end: date, events: Sequence[LimitationEvent]) -> date:
    """The last day a claim arising on ``arose`` can be made, after ``events``.

    ``original_end`` is the last day of the period without any suspension;
    ``events`` must be sorted by day.
    """
    state = _State(end=original_end)
    cap = period_end(original_end, years=RENEWAL_CAP_YEARS)
    for event in events:
        if event.day < arose:
            continue
        if event.day > state.end:
            break  # already prescribed: nothing left to suspend
        if event.kind is EventKind.DEMAND:
            if state.in_demand(event.day) or state.in_agreement(event.day):
                continue  # Art. 150(2), 151(3)
            state.demand_until = period_end(event.day, months=DEMAND_MONTHS)
        elif event.kind is EventKind.AGREEMENT:
            if state.in_demand(event.day):
                continue  # Art. 151(3)
            until = period_end(event.day, years=AGREEMENT_YEARS)
            if event.months:
                until = min(until, period_end(event.day, months=event.months))
            until = min(until, cap)  # Art. 151(2) proviso
            previous = state.agreement_until if state.in_agreement(event.day) else None
            state.agreement_until = max(until, previous) if previous else until
        elif state.in_agreement(event.day) and state.agreement_until is not None:
            state.agreement_until = min(
                state.agreement_until, period_end(event.day, months=REFUSAL_MONTHS)
            )
        state.end = max(
            original_end,
            state.demand_until or original_end,
            state.agreement_until or original_end,
        )
    return state.end
