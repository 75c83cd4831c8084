"""Legal status as of a day for the patent list and ``patents show``; US fee events.

One function computes a patent's status (:func:`status_of`), so the list, the
patent page and the API agree. US maintenance-fee events are loaded from the
USPTO event file (:func:`import_fee_events`) and applied to US utility patents.

    >>> report = import_fee_events(db, Path("MaintFeeEvents_20261207.txt"))  # doctest: +SKIP
    >>> [s.legal.code for s in patents_with_status(db, as_of=date(2026, 12, 7))]  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.domain.patent import Patent
from kizuna.domain.status import FeeEvent, LegalStatus, MaintenanceStatus, legal_status
from kizuna.domain.status.maintenance import maintenance_status
from kizuna.domain.term import Expiry, compute_expiry
from kizuna.services.ports import PatentSummary

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from kizuna.adapters.sources.uspto_maintfee import LineFailure
    from kizuna.adapters.storage.db import Database

__all__ = [
    "FeeImportReport",
    "PatentState",
    "fee_events",
    "import_fee_events",
    "patents_with_status",
    "status_of",
]

_BATCH = 500


@dataclass(frozen=True, kw_only=True)
class PatentState:
    """A patent's expiry, US maintenance-fee windows (when they apply) and legal status."""

    expiry: Expiry
    maintenance: MaintenanceStatus | None
    legal: LegalStatus


def _fee_key(patent: Patent) -> str | None:
    """The digits the USPTO event file uses for a US grant; None for anything else."""
    if patent.number.country != "US" or patent.dates.grant is None:
        return None
    return patent.number.number.lstrip("0") or None


def status_of(patent: Patent, *, as_of: date, events: tuple[FeeEvent, ...] = ()) -> PatentState:
    """Expiry, fee windows and legal status of ``patent`` on ``as_of``."""
    expiry = compute_expiry(patent)
    maintenance = None
    if _fee_key(patent) is not None:
        maintenance = maintenance_status(
            grant=patent.dates.grant, filing=patent.dates.filing, kind=patent.number.kind,
            term_end=expiry.date, events=events, as_of=as_of)
    legal = legal_status(patent, expiry, as_of=as_of, maintenance=maintenance)
    return PatentState(expiry=expiry, maintenance=maintenance, legal=legal)


def fee_events(database: Database, patent: Patent) -> tuple[FeeEvent, ...]:
    """The stored maintenance-fee events of ``patent`` (none unless a US grant)."""
    key = _fee_key(patent)
    if key is None:
        return ()
    from kizuna.adapters.storage.maintenance_fees import SqlFeeEventRepository

    with database.session() as session:
        return SqlFeeEventRepository(session).for_patents([key])[key]


def patents_with_status(database: Database, *, as_of: date) -> list[PatentSummary]:
    """Every stored patent's summary with its legal status and expiry on ``as_of``.

    Patents are read in batches, so memory stays bounded by the batch, not the
    portfolio. The read is Core only (no ORM session), which keeps ``kizuna patents
    list`` quick to start.
    """
    from kizuna.adapters.storage.patent_reads import PatentReader

    with database.read() as connection:
        reader = PatentReader(connection)
        summaries = reader.summaries()
        legal = _legal_of(connection, reader.all_ids(), as_of=as_of)
    return [dataclasses.replace(s, legal=legal.get(s.number.compact)) for s in summaries]


def legal_by_id(database: Database, ids: list[int], *, as_of: date) -> dict[str, LegalStatus]:
    """The legal status on ``as_of`` of the stored patents ``ids``, by compact number
    (the same rules as :func:`patents_with_status`, for one page of a listing)."""
    with database.read() as connection:
        return _legal_of(connection, ids, as_of=as_of)


def _legal_of(connection: Connection, ids: list[int], *, as_of: date) -> dict[str, LegalStatus]:
    """Legal status by compact number of the patents ``ids``, read in batches."""
    from kizuna.adapters.storage.patent_reads import STATUS_TABLES, PatentReader, fee_events_for

    reader = PatentReader(connection)
    legal: dict[str, LegalStatus] = {}
    for start in range(0, len(ids), _BATCH):
        patents = reader.load(ids[start:start + _BATCH], with_claims=False, tables=STATUS_TABLES)
        keys = [k for k in (_fee_key(p) for p in patents) if k]
        events = fee_events_for(connection, keys) if keys else {}
        for patent in patents:
            key = _fee_key(patent)
            state = status_of(patent, as_of=as_of, events=events.get(key or "", ()))
            legal[patent.number.compact] = state.legal
    return legal


@dataclass(frozen=True, kw_only=True)
class FeeImportReport:
    """What a fee-event import stored and which lines it refused."""

    file: str
    events: int = 0  # valid lines read
    added: int = 0  # events not stored before
    patents: list[str] = field(default_factory=list)  # US numbers (digits) the file covers
    failed: list[LineFailure] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{file, events, added, already_stored, patents, failed: [{line, error}]}``."""
        return {"file": self.file, "events": self.events, "added": self.added,
                "already_stored": self.events - self.added, "patents": self.patents,
                "failed": [f.to_json() for f in self.failed]}


def import_fee_events(database: Database, path: Path, data: bytes | None = None) -> FeeImportReport:
    """Store the valid events of a USPTO maintenance-fee event file in one transaction.

    Lines already stored (same patent, date and code) are counted, not stored
    twice; each refused line is reported with its number.
    """
    from kizuna.adapters.sources.uspto_maintfee import read_fee_events
    from kizuna.adapters.storage.maintenance_fees import SqlFeeEventRepository

    parsed = read_fee_events(path, data)
    pairs = [(event, f"{parsed.file}:{line}") for line, event in parsed.events]
    with database.session() as session:
        added = SqlFeeEventRepository(session).add(pairs)
    patents = sorted({event.patent for _, event in parsed.events})
    return FeeImportReport(file=parsed.file, events=len(pairs), added=added, patents=patents,
                           failed=parsed.failed)
