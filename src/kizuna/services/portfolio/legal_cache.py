"""The legal status of list rows, remembered per patent version.

A list page shows each row's legal status (:func:`~kizuna.services.patent_status.legal_by_id`:
the patent's record and its US maintenance-fee events, as of a day). Working it out
loads every patent of the page: about two thirds of a 50-row page's time. The answer
depends only on the patent record (stamped by ``patents.updated_at`` on every ingest,
re-ingest or merge), the fee events stored (their count and newest id) and the day
asked, so this process remembers it under that key (at most :data:`MAX_ENTRIES`,
the least recently used dropped) and a page works out only the rows that changed.
Checking the key costs two small queries per page.

    >>> legal = cached_legal(database, [12, 13], as_of=date(2026, 12, 7))  # doctest: +SKIP
    >>> legal["JP7533889B2"].code  # doctest: +SKIP
    'in force'
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.maintenance_fees import FeeEventRow
from kizuna.domain.status import LegalStatus

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kizuna.adapters.storage.db import Database

__all__ = ["MAX_ENTRIES", "cached_legal"]

#: Rows remembered per database (a few hundred bytes each).
MAX_ENTRIES = 50_000
_BATCH = 500  # ids per query: under every database's limit on bound parameters
Key = tuple[int, Any, tuple[int, Any], date]  # patent id, updated_at, fee version, as_of
_MEMORY: weakref.WeakKeyDictionary[Engine, OrderedDict[Key, LegalStatus]] = (
    weakref.WeakKeyDictionary())
_LOCK = threading.Lock()


def _keys(database: Database, ids: list[int], as_of: date) -> dict[int, tuple[Key, str]]:
    """Each patent's memory key and its compact number (the key of ``legal_by_id``)."""
    p = t.patents.c
    rows: list[Any] = []
    with database.session() as session:
        version = session.execute(sa.select(sa.func.count(), sa.func.max(FeeEventRow.id))).one()
        for start in range(0, len(ids), _BATCH):  # an export asks for up to 100,000 rows
            rows += session.execute(sa.select(p.id, p.updated_at, p.number)
                                    .where(p.id.in_(ids[start:start + _BATCH]))).all()
    fees = (int(version[0]), version[1])
    return {row[0]: ((row[0], row[1], fees, as_of), row[2]) for row in rows}


def cached_legal(database: Database, ids: list[int], *, as_of: date) -> dict[str, LegalStatus]:
    """:func:`~kizuna.services.patent_status.legal_by_id` of ``ids``, from memory where the
    patent, its fee events and the day are those already worked out."""
    from kizuna.services.patent_status import legal_by_id

    keys = _keys(database, ids, as_of)
    found: dict[str, LegalStatus] = {}
    missing: list[int] = []
    with _LOCK:
        memory = _MEMORY.setdefault(database.engine, OrderedDict())
        for patent_id in ids:
            key = keys.get(patent_id)
            hit = memory.get(key[0]) if key is not None else None
            if key is None or hit is None:
                missing.append(patent_id)
            else:
                memory.move_to_end(key[0])
                found[key[1]] = hit
    if not missing:
        return found
    fresh = legal_by_id(database, missing, as_of=as_of)
    with _LOCK:
        for patent_id in missing:
            key = keys.get(patent_id)
            if key is not None and key[1] in fresh:
                memory[key[0]] = fresh[key[1]]
        while len(memory) > MAX_ENTRIES:
            memory.popitem(last=False)
    found.update(fresh)
    return found
