"""The negotiation record's hash chain: canonical form, sealing and verification.

Each entry's ``hash`` is SHA-256 (hex) over the canonical JSON of its fields
(sorted keys, UTF-8, no whitespace, no ASCII escaping)::

    {"actor", "attachments": [{"media_type", "name", "sha256", "size"}, ...],
     "campaign", "corrects", "kind", "occurred_on", "prev_hash", "recorded_at",
     "seq", "stage_from", "stage_to", "summary"}

``occurred_on`` is an ISO date, ``recorded_at`` an ISO UTC time ending ``Z``,
``prev_hash`` the previous entry's hash (:data:`GENESIS`, 64 zeros, for the
first). Changing any field, an attachment's bytes (their SHA-256 is hashed),
the order or the campaign breaks the chain; :func:`verify_chain` says where
and what broke. A removed *last* entry leaves a valid shorter chain: it is
caught by comparing with a head hash kept elsewhere (``expected_head``), and by
the signed head statement and anchors (:mod:`kizuna.domain.records`).

    >>> sealed = seal(1, entry, GENESIS)  # doctest: +SKIP
    >>> verify_chain(1, [sealed]).ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from kizuna.domain.campaign import Attachment, RecordEntry

__all__ = [
    "GENESIS",
    "ChainProblem",
    "ChainVerification",
    "canonical_bytes",
    "entry_hash",
    "seal",
    "utc_text",
    "verify_chain",
]

GENESIS = "0" * 64


def utc_text(moment: datetime) -> str:
    """``moment`` in UTC as ISO text ending ``Z`` (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _attachment(item: Attachment) -> dict[str, object]:
    return {
        "media_type": item.media_type,
        "name": item.name,
        "sha256": item.sha256,
        "size": item.size,
    }


def canonical_bytes(campaign_id: int, entry: RecordEntry) -> bytes:
    """The bytes that are hashed for ``entry`` of campaign ``campaign_id``."""
    payload = {
        "actor": entry.actor,
        "attachments": [_attachment(a) for a in entry.attachments],
        "campaign": campaign_id,
        "corrects": entry.corrects,
        "kind": entry.kind,
        "occurred_on": entry.occurred_on.isoformat(),
        "prev_hash": entry.prev_hash,
        "recorded_at": utc_text(entry.recorded_at),
        "seq": entry.seq,
        "stage_from": entry.stage_from,
        "stage_to": entry.stage_to,
        "summary": entry.summary,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def entry_hash(campaign_id: int, entry: RecordEntry) -> str:
    """SHA-256 (hex) of :func:`canonical_bytes`."""
    return hashlib.sha256(canonical_bytes(campaign_id, entry)).hexdigest()


def seal(campaign_id: int, entry: RecordEntry, prev_hash: str) -> RecordEntry:
    """``entry`` linked to ``prev_hash``, with its own hash filled in."""
    linked = replace(entry, prev_hash=prev_hash, hash="")
    return replace(linked, hash=entry_hash(campaign_id, linked))


@dataclass(frozen=True, kw_only=True)
class ChainProblem:
    """One break in the chain: the entry (seq) where it shows, what kind, in words."""

    seq: int
    # edited | deleted | reordered | broken-link | attachment | attachment-missing | truncated
    # | rewritten | signature-invalid | unsigned | unknown-key | retired-key | head | anchor
    kind: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {"seq": self.seq, "kind": self.kind, "message": self.message}


@dataclass(frozen=True, kw_only=True)
class ChainVerification:
    """The outcome of :func:`verify_chain`; ``break_at``/``problem`` name the first break."""

    ok: bool
    entries: int
    break_at: int | None
    problem: str | None
    head: str
    problems: tuple[ChainProblem, ...] = ()
    signing: Mapping[str, object] = field(default_factory=dict)  # signatures' summary
    anchors: tuple[Mapping[str, object], ...] = ()  # each anchor checked
    attachments: str = "bytes"  # what the check saw: "bytes" or "hashes" (unchecked bytes)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "break_at": self.break_at,
            "problem": self.problem,
            "head": self.head,
            "problems": [p.to_json() for p in self.problems],
            "signing": dict(self.signing),
            "anchors": [dict(a) for a in self.anchors],
            "attachments": self.attachments,
        }


def _hashed_as(campaign_id: int, entry: RecordEntry, count: int) -> int | None:
    """The seq under which ``entry`` was hashed, when only its seq was changed."""
    for seq in range(1, count + 2):
        if seq != entry.seq and entry_hash(campaign_id, replace(entry, seq=seq)) == entry.hash:
            return seq
    return None


def _content_problem(campaign_id: int, entry: RecordEntry, count: int) -> ChainProblem:
    moved = _hashed_as(campaign_id, entry, count)
    if moved is not None:
        return ChainProblem(
            seq=entry.seq,
            kind="reordered",
            message=f"entry {entry.seq} was recorded as entry {moved}: "
            "the record was reordered or renumbered",
        )
    return ChainProblem(
        seq=entry.seq,
        kind="edited",
        message=f"entry {entry.seq} ({entry.occurred_on.isoformat()}, {entry.kind}): its "
        "content does not match its hash; it was edited after it was recorded"
        + (" (or an attachment was removed)" if not entry.attachments else ""),
    )


def _link_problem(
    entry: RecordEntry, expected_seq: int, position: int, by_hash: Mapping[str, tuple[int, int]]
) -> ChainProblem:
    linked = by_hash.get(entry.prev_hash)
    if linked is not None and linked[1] > position:
        return ChainProblem(
            seq=entry.seq,
            kind="reordered",
            message=f"entry {entry.seq} follows entry {linked[0]} in the chain but stands "
            "before it: the record was reordered",
        )
    if linked is None and entry.seq > expected_seq:
        missing = (
            f"entry {expected_seq} is"
            if entry.seq == expected_seq + 1
            else f"entries {expected_seq}–{entry.seq - 1} are"
        )
        return ChainProblem(
            seq=expected_seq,
            kind="deleted",
            message=f"{missing} missing: entry {entry.seq} links to a hash "
            "the record no longer holds (deleted)",
        )
    return ChainProblem(
        seq=entry.seq,
        kind="broken-link",
        message=f"entry {entry.seq}: its prev_hash {entry.prev_hash[:12]}… does not name the "
        "entry before it (broken link)",
    )


def _attachment_problems(
    entry: RecordEntry, content_hashes: Mapping[tuple[int, int], str] | None
) -> list[ChainProblem]:
    if content_hashes is None:  # bytes not at hand: only the recorded hashes are checked
        return []
    problems = []
    for index, item in enumerate(entry.attachments):
        actual = content_hashes.get((entry.seq, index))
        if actual is None:
            problems.append(
                ChainProblem(
                    seq=entry.seq,
                    kind="attachment-missing",
                    message=f"entry {entry.seq}: the bytes of attachment {item.name!r} "
                    f"(SHA-256 {item.sha256[:12]}…) are missing (attachment removed)",
                )
            )
        elif actual != item.sha256:
            problems.append(
                ChainProblem(
                    seq=entry.seq,
                    kind="attachment",
                    message=f"entry {entry.seq}: attachment {item.name!r} has SHA-256 "
                    f"{actual[:12]}… but the record holds {item.sha256[:12]}… "
                    "(the file was changed)",
                )
            )
    return problems


def _head_problem(entries: Sequence[RecordEntry], expected_head: str) -> ChainProblem | None:
    head = entries[-1].hash if entries else GENESIS
    if expected_head == head:
        return None
    last = entries[-1].seq if entries else 0
    return ChainProblem(
        seq=last + 1,
        kind="truncated",
        message=f"the record ends at entry {last} (head {head[:12]}…) but the expected head is "
        f"{expected_head[:12]}…: the last entry or entries were removed",
    )


def verify_chain(
    campaign_id: int,
    entries: Sequence[RecordEntry],
    *,
    content_hashes: Mapping[tuple[int, int], str] | None = None,
    expected_head: str | None = None,
) -> ChainVerification:
    """Recompute every hash and link of ``entries`` (in their stored order).

    ``content_hashes`` maps ``(seq, attachment index)`` to the SHA-256 of the
    attachment bytes actually held (an attachment without an item there is
    missing; None: bytes not checked); ``expected_head`` is a head hash kept apart
    from the entries (the campaign row, a printed record) to catch a removed tail.
    """
    by_hash = {e.hash: (e.seq, pos) for pos, e in enumerate(entries)}
    problems: list[ChainProblem] = []
    prev_hash, expected_seq = GENESIS, 1
    for position, entry in enumerate(entries):
        if entry_hash(campaign_id, entry) != entry.hash:
            problems.append(_content_problem(campaign_id, entry, len(entries)))
        if entry.prev_hash != prev_hash:
            problems.append(_link_problem(entry, expected_seq, position, by_hash))
        problems.extend(_attachment_problems(entry, content_hashes))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    if expected_head is not None and not problems:
        tail = _head_problem(entries, expected_head)
        if tail is not None:
            problems.append(tail)
    first = problems[0] if problems else None
    return ChainVerification(
        ok=not problems,
        entries=len(entries),
        break_at=first.seq if first else None,
        problem=first.message if first else None,
        head=entries[-1].hash if entries else GENESIS,
        problems=tuple(problems),
    )
