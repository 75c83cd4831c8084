"""A coordinator's matching case: from proposal to a product on the market.

Stages (the Kawasaki model of regional IP matching, where success depends on the
coordinator's legwork): proposed → introduced (a personal introduction, recorded
with who made it) → meeting → trial (prototype) → licence → launched; a case may be
closed at any stage with a reason. Cases move forward only; every move is an
append-only event with its date, note and next step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kizuna.errors import ConflictError, InvalidValueError

__all__ = ["STAGES", "CaseEvent", "MatchCase", "ProgrammeStats", "check_move", "programme_stats"]

STAGES = ("proposed", "introduced", "meeting", "trial", "licence", "launched")
CLOSED = "closed"
STAGE_JA = {
    "proposed": "提案", "introduced": "紹介", "meeting": "面談", "trial": "試作",
    "licence": "ライセンス契約", "launched": "製品化", "closed": "終了",
}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class CaseEvent:
    stage: str
    on: date
    note: str
    next_step: str = ""


@dataclass(frozen=True, kw_only=True)
class MatchCase:
    id: int
    programme: str
    patent: str
    sme: str
    coordinator: str
    events: tuple[CaseEvent, ...]

    @property
    def stage(self) -> str:
        return self.events[-1].stage

    @property
    def reached(self) -> str:
        """The furthest open stage reached (a closed case keeps how far it got)."""
        open_stages = [e.stage for e in self.events if e.stage != CLOSED]
        return max(open_stages, key=STAGES.index)


def check_move(case: MatchCase, to: str, on: date, note: str) -> None:
    """Refuse a move that the workflow does not allow, with the reason."""
    if to not in (*STAGES, CLOSED):
        raise InvalidValueError(f"stage {to!r}: use one of {', '.join((*STAGES, CLOSED))}")
    if case.stage == CLOSED:
        raise ConflictError(f"case {case.id} is closed")
    if case.stage == "launched":
        raise ConflictError(f"case {case.id} has launched a product; nothing follows")
    if to != CLOSED and STAGES.index(to) <= STAGES.index(case.stage):
        raise ConflictError(f"case {case.id} is at {case.stage}; it can only move forward")
    if on < case.events[-1].on:
        raise InvalidValueError(f"{on} is before the case's last event ({case.events[-1].on})")
    if to == "introduced" and not note.strip():
        raise InvalidValueError("an introduction needs a note saying who introduced whom, and how")
    if to == CLOSED and not note.strip():
        raise InvalidValueError("closing a case needs the reason as its note")


@dataclass(frozen=True, kw_only=True)
class ProgrammeStats:
    programme: str
    cases: int
    reached: dict[str, int]
    closed: int


def programme_stats(programme: str, cases: Sequence[MatchCase]) -> ProgrammeStats:
    """How many cases reached each stage (the Kawasaki reports count introductions,
    licences and products)."""
    reached = dict.fromkeys(STAGES, 0)
    for case in cases:
        for stage in STAGES[: STAGES.index(case.reached) + 1]:
            reached[stage] += 1
    return ProgrammeStats(
        programme=programme,
        cases=len(cases),
        reached=reached,
        closed=sum(1 for c in cases if c.stage == CLOSED),
    )
