"""Parse a USPTO maintenance-fee event file, one event per line.

The USPTO publishes the file weekly (dataset "Patent Maintenance Fee Events
(1981 - Present)", EIP-5710P-OL, data dictionary
``MaintFeeEventsFileDocumentation.doc``) as ASCII lines holding, in this
order: patent number, application number, small-entity indicator (``Y``
small, ``N`` large, ``M`` micro), application filing date, grant date, event
entry date (dates ``YYYYMMDD``) and the event code (e.g. ``M1551``,
``M2552``, ``EXP.``). The fields are read in that order, separated by blanks;
the exact column positions of the fixed-width layout are not relied on
(UNVERIFIED: the data dictionary was not re-read this session). Details and an
example: docs/formats/uspto-maintenance-fees.md.

Every line is bounded (``MAX_LINE`` characters) and validated; a bad line is
reported with its number and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kizuna.domain.status.maintenance import FeeEvent
from kizuna.errors import EmptyFileError, EncodingError

__all__ = ["MAX_LINE", "FeeFile", "LineFailure", "read_fee_events"]

MAX_LINE = 200
_PATENT = re.compile(r"^(?:RE|PP|D|T|H|X)?\d{1,8}$")
_APPLICATION = re.compile(r"^\d{8}$")
_CODE = re.compile(r"^[A-Z0-9.]{3,5}$")
_ENTITY = {"Y": "small", "N": "large", "M": "micro"}


@dataclass(frozen=True, kw_only=True)
class LineFailure:
    """A refused line: its number and why."""

    line: int
    error: str

    def to_json(self) -> dict[str, Any]:
        """``{line, error}``."""
        return {"line": self.line, "error": self.error}


@dataclass(frozen=True, kw_only=True)
class FeeFile:
    """The valid events (with their line numbers) and the refused lines of one file."""

    file: str
    events: list[tuple[int, FeeEvent]] = field(default_factory=list)
    failed: list[LineFailure] = field(default_factory=list)


def _date(text: str, name: str) -> date:
    if not (len(text) == 8 and text.isdigit()):
        raise ValueError(f"{name} {text!r} is not a date (YYYYMMDD)")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a date (YYYYMMDD)") from None


def _patent(text: str) -> str:
    if not _PATENT.match(text):
        raise ValueError(f"patent number {text!r} is not a US patent number")
    digits = text.lstrip("0") if text.isdigit() else text
    return digits or "0"


def parse_line(text: str) -> FeeEvent:
    """One event from one line; ValueError naming the field at fault."""
    fields = text.split()
    if len(fields) != 7:
        raise ValueError(f"{len(fields)} fields, expected 7 (patent, application, entity, "
                         "filing date, grant date, event date, event code)")
    patent, application, entity, filing, grant, event_date, code = fields
    if not _APPLICATION.match(application):
        raise ValueError(f"application number {application!r} is not 8 digits")
    if entity not in _ENTITY:
        raise ValueError(f"small-entity indicator {entity!r} is not Y, N or M")
    if not _CODE.match(code):
        raise ValueError(f"event code {code!r} is not a maintenance-fee event code")
    event = FeeEvent(patent=_patent(patent), application=application, entity=_ENTITY[entity],
                     filing=_date(filing, "filing date"), grant=_date(grant, "grant date"),
                     event_date=_date(event_date, "event date"), code=code)
    if event.grant < event.filing:
        raise ValueError(f"grant date {grant} is before the filing date {filing}")
    if event.event_date < event.grant:
        raise ValueError(f"event date {event_date} is before the grant date {grant}")
    return event


def read_fee_events(path: Path, data: bytes | None = None) -> FeeFile:
    """Read ``path`` (or ``data`` named ``path``): valid events and refused lines.

    Raises :class:`~kizuna.errors.EmptyFileError` for an empty file and
    :class:`~kizuna.errors.EncodingError` for one that is not ASCII text.
    """
    raw = path.read_bytes() if data is None else data
    if not raw.strip():
        raise EmptyFileError(path, "the file is empty")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise EncodingError(path, f"not ASCII text (byte {exc.start}); the USPTO file is "
                            "ASCII") from None
    result = FeeFile(file=path.name)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            result.failed.append(LineFailure(line=number, error=f"longer than {MAX_LINE} "
                                             "characters"))
            continue
        try:
            result.events.append((number, parse_line(line)))
        except ValueError as exc:
            result.failed.append(LineFailure(line=number, error=str(exc)))
    return result
