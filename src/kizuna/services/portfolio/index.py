"""Keep the portfolio search table in step with the patent record.

:func:`refresh_index` finds patents whose search row is missing or older than
the patent (any ingest, merge or re-ingest bumps ``updated_at``) and rebuilds
those rows, in batches, each batch in its own transaction. It runs before
every search, so a search always sees what is stored.

When nothing changed it costs one query of two index lookups: the number of
patents and the newest ``updated_at`` (:func:`~kizuna.adapters.storage.search.change_signature`).
While that signature is the one seen at this process's last full check, and
that check is under :data:`FULL_CHECK_SECONDS` old, the full comparison of every
patent with its search row (a scan, 30-40 ms per 10,000 patents on SQLite) is
skipped. Any ingest of a new patent, and any re-ingest or merge (which stamps
``updated_at`` with the time of the change), changes the signature and is seen
by the next search. The periodic full check catches the rest: a change whose
stamp is older than a change already seen (two writers committing out of
order, a writer with a slow clock) is indexed within :data:`FULL_CHECK_SECONDS`.

Each row carries the expiry computed by :func:`~kizuna.domain.term.compute_expiry`
(the same rules, and rules version, as the patent page), the WIPO fields of
its IPC/CPC codes, the owners (assignees, else applicants) and the search
tokens of its title, abstracts, claims and parties.
"""

from __future__ import annotations

import threading
import time
import unicodedata
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kizuna.adapters.reference import field_concordance
from kizuna.adapters.storage import search as s
from kizuna.adapters.storage.patents import SqlPatentRepository
from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.domain.fields import FieldConcordance
from kizuna.domain.patent import ClassificationScheme, PartyRole, Patent
from kizuna.domain.term import compute_expiry

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kizuna.adapters.storage.db import Database

__all__ = ["FULL_CHECK_SECONDS", "fold", "refresh_index", "search_row"]

#: Seconds a full staleness check stays trusted while the change signature is unchanged.
FULL_CHECK_SECONDS = 5.0
# engine -> (change signature at the last full check, time.monotonic() of that check)
_CHECKED: weakref.WeakKeyDictionary[Engine, tuple[tuple[int, Any], float]] = (
    weakref.WeakKeyDictionary())
_CHECKED_LOCK = threading.Lock()

_BATCH = 200
_MAX_TEXT = 200_000  # characters of text tokenised per patent; bounds the work per record
_FIELD_SCHEMES = {ClassificationScheme.IPC, ClassificationScheme.CPC}


def fold(text: str) -> str:
    """``text`` normalised for case- and width-blind substring matching (NFKC, case-folded)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _owners(patent: Patent) -> list[str]:
    for role in (PartyRole.ASSIGNEE, PartyRole.APPLICANT):
        names = [p.name for p in patent.parties if p.role is role]
        if names:
            return list(dict.fromkeys(names))
    return []


def _text(patent: Patent) -> str:
    parts = [t.text for t in patent.titles] + [a.text for a in patent.abstracts]
    parts += [p.name for p in patent.parties] + [p.name_latin or "" for p in patent.parties]
    for claim_set in patent.claim_sets:
        parts += [c.text for c in claim_set.claims]
    return "\n".join(parts)[:_MAX_TEXT]


def search_row(patent: Patent, patent_id: int, *, concordance: FieldConcordance,
               stamp: datetime) -> dict[str, Any]:
    """The ``patent_search`` row of one patent."""
    codes = [c.code for c in patent.classifications if c.scheme in _FIELD_SCHEMES]
    fields = concordance.fields_for(codes)
    owners = _owners(patent)
    claims = max((len(c.claims) for c in patent.claim_sets), default=0)
    return {
        "patent_id": patent_id, "number": patent.number.compact,
        "display": patent.number.display, "title": patent.title,
        "title_key": fold(" ".join(t.text for t in patent.titles)),
        "country": patent.number.country, "status": patent.status.value,
        "filing_date": patent.dates.filing, "grant_date": patent.dates.grant,
        "lapse_date": patent.term.lapse_date, "expiry": compute_expiry(patent).date,
        "owners": " / ".join(owners), "owners_key": fold(" / ".join(owners)),
        "fields": "|" + "".join(f"{f.number}|" for f in fields),
        "sectors": "|" + "".join(f"{fold(f.sector)}|" for f in dict.fromkeys(fields)),
        "claims": claims, "sources": len(patent.sources),
        "tokens": " ".join(search_tokens(_text(patent))), "indexed_at": stamp,
    }


def _rebuild(database: Database, ids: Sequence[int], concordance: FieldConcordance) -> None:
    with database.session() as session:
        stamps = s.updated_at(session, ids)
        patents = SqlPatentRepository(session).load(ids)
        rows = [search_row(p, i, concordance=concordance, stamp=stamps[i])
                for i, p in zip(ids, patents, strict=True)]
        s.put_rows(session, rows)


def _unchanged(database: Database) -> tuple[bool, tuple[int, Any]]:
    """Whether the last full check still holds, and the current change signature."""
    with database.session() as session:
        signature = s.change_signature(session)
    with _CHECKED_LOCK:
        last = _CHECKED.get(database.engine)
    fresh = last is not None and last[0] == signature and (
        time.monotonic() - last[1] < FULL_CHECK_SECONDS)
    return fresh, signature


def refresh_index(*, database: Database) -> int:
    """Rebuild the search rows of new and changed patents; returns how many were rebuilt.

    Cheap when nothing changed since the last call (see the module docstring).
    """
    fresh, signature = _unchanged(database)
    if fresh:
        return 0
    checked_at = time.monotonic()
    concordance = field_concordance()
    done = 0
    while True:
        with database.session() as session:
            ids = s.stale_ids(session, limit=_BATCH)
        if ids:
            _rebuild(database, ids, concordance)
            done += len(ids)
        if len(ids) < _BATCH:
            with _CHECKED_LOCK:
                _CHECKED[database.engine] = (signature, checked_at)
            return done
