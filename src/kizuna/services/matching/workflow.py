"""The coordinator's workflow: open a case, move it forward, list, programme statistics."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kizuna.adapters.storage.db import Database
from kizuna.domain.matching.workflow import (
    CaseEvent,
    MatchCase,
    ProgrammeStats,
    check_move,
    programme_stats,
)
from kizuna.errors import InvalidValueError

if TYPE_CHECKING:
    from kizuna.adapters.storage.matching import SqlMatchStore

__all__ = ["advance_case", "list_cases", "open_case", "stats"]

MAX_TEXT = 2000


def _text(value: str, name: str, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidValueError(f"{name} is empty")
    if len(value) > MAX_TEXT:
        raise InvalidValueError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def _store(database: Database) -> SqlMatchStore:
    from kizuna.adapters.storage.matching import SqlMatchStore

    return SqlMatchStore(database)


def open_case(
    database: Database,
    *,
    programme: str,
    patent: str,
    sme: str,
    coordinator: str,
    on: date,
    note: str = "",
    next_step: str = "",
) -> MatchCase:
    """Record a proposed match (stage ``proposed``)."""
    event = CaseEvent(
        stage="proposed",
        on=on,
        note=_text(note, "--note", required=False),
        next_step=_text(next_step, "--next", required=False),
    )
    return _store(database).open(
        programme=_text(programme, "--programme"),
        patent=_text(patent, "--patent"),
        sme=_text(sme, "--sme"),
        coordinator=_text(coordinator, "--coordinator"),
        event=event,
    )


def advance_case(
    database: Database, case_id: int, *, to: str, on: date, note: str = "", next_step: str = ""
) -> MatchCase:
    """Move a case forward (or close it); the move is checked, then appended."""
    store = _store(database)
    case = store.get(case_id)
    check_move(case, to, on, note)
    event = CaseEvent(
        stage=to,
        on=on,
        note=_text(note, "--note", required=False),
        next_step=_text(next_step, "--next", required=False),
    )
    return store.append(case_id, event)


def list_cases(database: Database, programme: str = "") -> list[MatchCase]:
    return _store(database).list(programme)


def stats(database: Database, programme: str) -> ProgrammeStats:
    return programme_stats(programme, list_cases(database, programme))
