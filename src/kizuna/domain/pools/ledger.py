"""The pool ledger: what each entry says, and the pool's state folded from its entries.

A stored pool has no other state than its ledger. Each entry is a
:class:`~kizuna.domain.campaign.RecordEntry` whose ``kind`` starts ``pool.`` and
whose ``summary`` is the canonical JSON of its payload (sorted keys, UTF-8, no
whitespace), so the entry is hashed, chained and signed exactly as a
negotiation-record entry is (:mod:`kizuna.domain.record_chain`; the chain's
``campaign`` field holds the pool id, and the ``pool.`` kinds keep the two
kinds of record apart). The signed head statement is
``kizuna.pool-ledger-head/1 pool=ID entries=N head=HASH``.

Kinds and payloads (docs/pools.md):

* ``pool.create`` ``{"definition": {...}}`` the pool file as JSON (dates ISO)
* ``pool.founder`` ``{"name"}``; ``pool.member`` ``{"name", "tier", "effective", "ends"?}``
* ``pool.contribute`` one ``[[contributions]]`` table (with ``territories``/``until``)
* ``pool.leave`` ``{"patent", "left", "reason", "basis"}``
* ``pool.report`` ``{"file", "sha256", "lines": [...]}``; ``pool.collect`` ``{"file", "items"}``
* ``pool.invoice`` ``{"period", "invoices": [{"member", "amount", "detail"}]}``
* ``pool.distribute`` ``{"period", "distribution": {...}}`` (the distribution JSON)

    >>> state = fold(entries)  # doctest: +SKIP
    >>> state.definition["pool"]["name"]  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kizuna.domain.campaign import RecordEntry
from kizuna.errors import MalformedDocumentError

__all__ = [
    "KINDS",
    "LedgerState",
    "fold",
    "parse_pool_head",
    "payload_text",
    "pool_head_statement",
]

KINDS = (
    "pool.create", "pool.founder", "pool.member", "pool.contribute", "pool.leave",
    "pool.report", "pool.collect", "pool.invoice", "pool.distribute",
)  # fmt: skip
_HEAD = re.compile(
    r"^kizuna\.pool-ledger-head/1 pool=(?P<pool>\d{1,18}) entries=(?P<count>\d{1,9}) "
    r"head=(?P<head>[0-9a-f]{64})$"
)


def pool_head_statement(pool_id: int, count: int, head: str) -> str:
    """The head statement signed for a pool's ledger (its text is the signed message)."""
    return f"kizuna.pool-ledger-head/1 pool={pool_id} entries={count} head={head}"


def parse_pool_head(text: str) -> tuple[int, int, str] | None:
    """``(pool id, entries, head)`` of a pool head statement, or None."""
    match = _HEAD.match(text)
    if match is None:
        return None
    return int(match["pool"]), int(match["count"]), match["head"]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # Decimal, float: their text


def payload_text(payload: Mapping[str, Any]) -> str:
    """The canonical JSON of a payload (dates as ISO text, numbers as text)."""
    return json.dumps(_plain(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, kw_only=True)
class LedgerState:
    """What a pool's ledger adds up to."""

    definition: dict[str, Any]
    reports: tuple[dict[str, Any], ...] = ()
    report_files: tuple[str, ...] = ()
    collections: tuple[dict[str, Any], ...] = ()
    invoices: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    distributions: dict[str, dict[str, Any]] = field(default_factory=dict)


def _payload(entry: RecordEntry) -> dict[str, Any]:
    try:
        value = json.loads(entry.summary)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise MalformedDocumentError(f"pool ledger entry {entry.seq}", "payload is not JSON")
    return value


def _leave(definition: dict[str, Any], payload: Mapping[str, Any]) -> None:
    for row in definition.get("contributions", []):
        if row.get("patent") == payload.get("patent") and not row.get("left"):
            row["left"] = payload.get("left")
            row["left_reason"] = payload.get("reason")


def fold(entries: Sequence[RecordEntry]) -> LedgerState:
    """The pool's state after ``entries`` (chain order; the first must be ``pool.create``)."""
    if not entries or entries[0].kind != "pool.create":
        raise MalformedDocumentError("pool ledger", "the first entry is not pool.create")
    definition = copy.deepcopy(_payload(entries[0])["definition"])
    reports: list[dict[str, Any]] = []
    files: list[str] = []
    collections: list[dict[str, Any]] = []
    invoices: dict[str, list[dict[str, Any]]] = {}
    distributions: dict[str, dict[str, Any]] = {}
    for entry in entries[1:]:
        payload = _payload(entry)
        if entry.kind == "pool.founder":
            definition.setdefault("founders", []).append({"name": payload["name"]})
        elif entry.kind == "pool.member":
            definition.setdefault("members", []).append(payload)
        elif entry.kind == "pool.contribute":
            definition.setdefault("contributions", []).append(payload)
        elif entry.kind == "pool.leave":
            _leave(definition, payload)
        elif entry.kind == "pool.report":
            reports.extend(payload["lines"])
            files.append(str(payload.get("file", "")))
        elif entry.kind == "pool.collect":
            collections.extend(payload["items"])
        elif entry.kind == "pool.invoice":
            invoices[payload["period"]] = payload["invoices"]
        elif entry.kind == "pool.distribute":
            distributions[payload["period"]] = payload["distribution"]
    return LedgerState(
        definition=definition, reports=tuple(reports), report_files=tuple(files),
        collections=tuple(collections), invoices=invoices, distributions=distributions,
    )  # fmt: skip
