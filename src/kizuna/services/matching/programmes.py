"""A matching programme kept in the database: its open-patent catalogue and SME profiles.

Import rules (docs/matching.md): a catalogue row replaces the stored entry with the same ``id``;
an SME row updates the stored profile with the same name, and a field the new row leaves empty
keeps its stored value (a coordinator's second file never erases what the first one said). The
whole file is read and checked first, then written in one transaction: a file with one bad row
changes nothing. ``dry_run`` reports what would change and writes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kizuna.adapters.storage.db import Database
from kizuna.domain.matching.scoring import OpenPatent, SmeProfile
from kizuna.errors import InvalidValueError, NotFoundError

if TYPE_CHECKING:
    from kizuna.adapters.storage.match_programmes import SqlProgrammeStore

__all__ = [
    "ImportReport",
    "import_programme",
    "list_programmes",
    "load_programme",
    "patent_from",
    "patent_record",
    "sme_from",
    "sme_record",
]

MAX_NAME = 200


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    programme: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    dry_run: bool


def _store(database: Database) -> SqlProgrammeStore:
    from kizuna.adapters.storage.match_programmes import SqlProgrammeStore

    return SqlProgrammeStore(database)


def _programme(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidValueError("--programme is empty")
    if len(name) > MAX_NAME:
        raise InvalidValueError(f"--programme is longer than {MAX_NAME} characters")
    return name


def patent_record(patent: OpenPatent) -> dict[str, Any]:
    record = dataclasses.asdict(patent)
    record["processes"] = list(patent.processes)
    record["expires"] = patent.expires.isoformat() if patent.expires else None
    return record


def patent_from(record: dict[str, Any]) -> OpenPatent:
    expires = record.get("expires")
    return OpenPatent(
        **{k: v for k, v in record.items() if k not in ("processes", "expires")},
        processes=tuple(record.get("processes", ())),
        expires=date.fromisoformat(expires) if expires else None,
    )


_LISTS = ("processes", "materials", "products", "skills")


def sme_record(sme: SmeProfile) -> dict[str, Any]:
    record = dataclasses.asdict(sme)
    record.pop("extra", None)
    for key in _LISTS:
        record[key] = list(record[key])
    return record


def sme_from(record: dict[str, Any]) -> SmeProfile:
    values = {
        k: v for k, v in record.items() if k in {f.name for f in dataclasses.fields(SmeProfile)}
    }
    for key in _LISTS:
        values[key] = tuple(values.get(key, ()))
    values.pop("extra", None)
    return SmeProfile(**values)


def _merged(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """``new`` over ``old``; an empty field in ``new`` keeps the stored value."""
    if old is None:
        return new
    return {k: (v if v not in ("", None, [], ()) else old.get(k, v)) for k, v in new.items()}


def import_programme(
    database: Database,
    programme: str,
    *,
    catalogue: Sequence[OpenPatent] = (),
    smes: Sequence[SmeProfile] = (),
    dry_run: bool = False,
) -> ImportReport:
    """Store (or, with ``dry_run``, only compare) a catalogue and SME profiles, all or nothing."""
    programme = _programme(programme)
    if not catalogue and not smes:
        raise InvalidValueError("nothing to import: give a catalogue, SME profiles or both")
    names = [s.name for s in smes]
    if len(set(names)) != len(names):
        raise InvalidValueError("an SME name appears twice in the profiles")
    store = _store(database)
    stored_patents = store.catalogue(programme) if catalogue else {}
    stored_smes = store.smes(programme) if smes else {}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    patent_rows = [patent_record(p) for p in catalogue]
    sme_rows = [_merged(stored_smes.get(s.name), sme_record(s)) for s in smes]
    for key, row, old in (
        *((r["id"], r, stored_patents.get(r["id"])) for r in patent_rows),
        *((r["name"], r, stored_smes.get(r["name"])) for r in sme_rows),
    ):
        (added if old is None else unchanged if old == row else updated).append(str(key))
    if not dry_run:
        store.replace(programme, catalogue=patent_rows, smes=sme_rows)
    return ImportReport(
        programme=programme,
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        dry_run=dry_run,
    )


def load_programme(database: Database, programme: str) -> tuple[list[OpenPatent], list[SmeProfile]]:
    """The stored catalogue and profiles; a programme with neither is an error."""
    programme = _programme(programme)
    store = _store(database)
    patents = [patent_from(r) for r in store.catalogue(programme).values()]
    smes = [sme_from(r) for r in store.smes(programme).values()]
    if not patents and not smes:
        known = ", ".join(p for p, _, _ in store.programmes()) or "none"
        raise NotFoundError(f"no stored programme is named {programme!r} (stored: {known})")
    return patents, smes


def list_programmes(database: Database) -> list[dict[str, Any]]:
    """Every stored programme with its counts."""
    return [
        {"programme": p, "open_patents": n, "smes": m} for p, n, m in _store(database).programmes()
    ]
