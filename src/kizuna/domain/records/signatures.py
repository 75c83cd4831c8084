"""Signed entries and signed heads: what is signed, and checking a chain's signatures.

Each entry's ``hash`` (record_chain.py) is signed with the installation's
Ed25519 key; the message is :func:`entry_message`. The campaign's head (and an
export's) is a signed *head statement* (:func:`head_statement`) naming the
entry count and head hash, so removing the last entries and fixing the head
breaks that signature. A key rotation is an entry of kind ``key-rotation``,
signed by the old key, whose summary introduces the new key
(:func:`rotation_summary`). The cryptography itself is passed in
(``verify``/``fingerprint``), so this module stays pure.

    >>> check_signatures(entries, keys=ring, verify=ok, fingerprint=fp)  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kizuna.domain.campaign import RecordEntry
from kizuna.domain.record_chain import ChainProblem, utc_text

__all__ = [
    "ROTATION_KIND",
    "HeadStatement",
    "SignatureReport",
    "TrustedKey",
    "Verifier",
    "check_head",
    "check_signatures",
    "entry_message",
    "head_statement",
    "parse_head_statement",
    "parse_rotation",
    "rotation_summary",
]

ROTATION_KIND = "key-rotation"
UNSIGNED = "unsigned (created before signing)"

#: ``verify(public_key, signature, message) -> bool`` (raw 32-byte Ed25519 public key).
Verifier = Callable[[bytes, bytes, bytes], bool]

_ROTATION = re.compile(
    r"^Signing key rotated from (?P<old>[0-9a-f]{32}) to (?P<new>[0-9a-f]{32}); "
    r"new public key \(Ed25519, base64\) (?P<public>[A-Za-z0-9+/]{43}=)$"
)
_HEAD = re.compile(
    r"^kizuna\.record-head/1 campaign=(?P<campaign>\d{1,18}) entries=(?P<count>\d{1,9}) "
    r"head=(?P<head>[0-9a-f]{64})$"
)


@dataclass(frozen=True, kw_only=True)
class TrustedKey:
    """A public key the checker accepts, and why (``installation``, ``rotation …``, ``file``)."""

    key_id: str
    public_key: bytes
    source: str


def entry_message(entry_hash: str) -> bytes:
    """The bytes signed for an entry: a fixed prefix and its hash (hex).

    UTF-8, not ASCII: a tampered export may carry any text as a hash, which must
    fail verification, never raise.
    """
    return b"kizuna.record-entry/1 " + entry_hash.encode("utf-8")


def head_statement(campaign_id: int, count: int, head: str) -> str:
    """The head statement that is signed for a campaign's record (its text is the message)."""
    return f"kizuna.record-head/1 campaign={campaign_id} entries={count} head={head}"


@dataclass(frozen=True, kw_only=True)
class HeadStatement:
    """A parsed head statement with its signature."""

    campaign_id: int
    count: int
    head: str
    key_id: str
    signature: str
    text: str


def parse_head_statement(text: str, key_id: str, signature: str) -> HeadStatement | None:
    """The statement in ``text``, or None if it is not one."""
    match = _HEAD.match(text)
    if match is None:
        return None
    return HeadStatement(
        campaign_id=int(match["campaign"]),
        count=int(match["count"]),
        head=match["head"],
        key_id=key_id,
        signature=signature,
        text=text,
    )


def rotation_summary(old_key_id: str, new_key_id: str, new_public_key: bytes) -> str:
    """The summary of a ``key-rotation`` entry (hashed and signed by the old key)."""
    public = base64.b64encode(new_public_key).decode("ascii")
    return (
        f"Signing key rotated from {old_key_id} to {new_key_id}; "
        f"new public key (Ed25519, base64) {public}"
    )


def parse_rotation(summary: str) -> tuple[str, str, bytes] | None:
    """``(old key id, new key id, new public key)`` of a rotation summary, or None."""
    match = _ROTATION.match(summary)
    if match is None:
        return None
    return match["old"], match["new"], base64.b64decode(match["public"])


def _decode(signature: str) -> bytes | None:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 64 else None


@dataclass(frozen=True, kw_only=True)
class SignatureReport:
    """The signatures of one chain: a status, the problems, the keys met."""

    status: str  # "signed" | UNSIGNED | "partly signed" | "empty"
    problems: tuple[ChainProblem, ...]
    keys: tuple[Mapping[str, object], ...]
    signed: int
    unsigned: int
    ring: Mapping[str, TrustedKey] = field(default_factory=dict)  # given keys + rotations

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "signed_entries": self.signed,
            "unsigned_entries": self.unsigned,
            "keys": [dict(k) for k in self.keys],
        }


@dataclass
class _Walk:
    keys: dict[str, TrustedKey]
    verify: Verifier
    fingerprint: Callable[[bytes], str]
    signing_since: datetime | None
    problems: list[ChainProblem] = field(default_factory=list)
    bad: list[RecordEntry] = field(default_factory=list)
    retired: dict[str, int] = field(default_factory=dict)  # key id -> seq of its rotation
    used: dict[str, list[int]] = field(default_factory=dict)
    signed: int = 0
    unsigned: int = 0

    def problem(self, entry: RecordEntry, kind: str, message: str) -> None:
        self.problems.append(ChainProblem(seq=entry.seq, kind=kind, message=message))

    def unsigned_entry(self, entry: RecordEntry) -> None:
        if self.signed:
            self.problem(
                entry,
                "unsigned",
                f"entry {entry.seq} has no signature although earlier entries are signed: "
                "its signature was removed or it was written outside Kizuna",
            )
        elif self.signing_since is not None and entry.recorded_at >= self.signing_since:
            self.problem(
                entry,
                "unsigned",
                f"entry {entry.seq} was recorded at {utc_text(entry.recorded_at)}, after this "
                f"installation began signing ({utc_text(self.signing_since)}), but has no "
                "signature: its signature was removed or it was written outside Kizuna",
            )
        else:
            self.unsigned += 1

    def signed_entry(self, entry: RecordEntry) -> None:
        self.signed += 1
        key_id = entry.key_id or ""
        key = self.keys.get(key_id)
        if key is None:
            self.problem(
                entry,
                "unknown-key",
                f"entry {entry.seq} is signed by key {key_id[:16]}…, which is neither this "
                "installation's key nor introduced by a rotation in the record (unknown key)",
            )
            return
        self.used.setdefault(key_id, []).append(entry.seq)
        if key_id in self.retired:
            self.problem(
                entry,
                "retired-key",
                f"entry {entry.seq} is signed by key {key_id[:16]}…, which was retired by the "
                f"rotation at entry {self.retired[key_id]}",
            )
        raw = _decode(entry.signature or "")
        if raw is None or not self.verify(key.public_key, raw, entry_message(entry.hash)):
            self.bad.append(entry)
            return
        if entry.kind == ROTATION_KIND:
            self.rotation(entry)

    def rotation(self, entry: RecordEntry) -> None:
        parsed = parse_rotation(entry.summary)
        if parsed is None or parsed[0] != entry.key_id or self.fingerprint(parsed[2]) != parsed[1]:
            self.problem(
                entry,
                "signature-invalid",
                f"entry {entry.seq}: a key rotation whose new key does not match its key id",
            )
            return
        old, new, public = parsed
        self.keys[new] = TrustedKey(key_id=new, public_key=public, source=f"rotation {entry.seq}")
        self.retired[old] = entry.seq

    def classify_bad(self, last_signed: int) -> None:
        """One ``rewritten`` problem when every signed entry from the first bad one fails."""
        if not self.bad:
            return
        first = self.bad[0]
        tail = [seq for seqs in self.used.values() for seq in seqs if seq >= first.seq]
        if len(self.bad) > 1 and len(self.bad) == len(tail) and self.bad[-1].seq == last_signed:
            self.problem(
                first,
                "rewritten",
                f"entry {first.seq} ({first.occurred_on.isoformat()}, {first.kind}): its content "
                f"was changed and the hashes of entries {first.seq}–{last_signed} recomputed; "
                "their signatures no longer match (rewritten)",
            )
            return
        for entry in self.bad:
            self.problem(
                entry,
                "signature-invalid",
                f"entry {entry.seq}: signature invalid under key {(entry.key_id or '')[:16]}…: "
                "the entry or its hash changed after signing, or the signature was forged",
            )


def check_signatures(
    entries: Sequence[RecordEntry],
    *,
    keys: Mapping[str, TrustedKey],
    verify: Verifier,
    fingerprint: Callable[[bytes], str],
    signing_since: datetime | None = None,
) -> SignatureReport:
    """Check every entry's signature against ``keys`` and the rotations in the chain.

    Unsigned entries before the first signed one are "created before signing"
    (unless recorded after ``signing_since``); an unsigned entry after a signed
    one, an unknown or retired key, and a bad signature are problems.
    """
    walk = _Walk(
        keys=dict(keys), verify=verify, fingerprint=fingerprint, signing_since=signing_since
    )
    for entry in entries:
        if entry.signature:
            walk.signed_entry(entry)
        else:
            walk.unsigned_entry(entry)
    last_signed = max((e.seq for e in entries if e.signature), default=0)
    walk.classify_bad(last_signed)
    status = "empty" if not entries else "signed"
    if walk.unsigned and walk.signed:
        status = "partly signed"
    elif walk.unsigned:
        status = UNSIGNED
    used = tuple(
        {
            "key_id": key_id,
            "public_key": base64.b64encode(walk.keys[key_id].public_key).decode("ascii"),
            "source": walk.keys[key_id].source,
            "first_entry": seqs[0],
            "last_entry": seqs[-1],
        }
        for key_id, seqs in walk.used.items()
    )
    return SignatureReport(
        status=status,
        problems=tuple(sorted(walk.problems, key=lambda p: p.seq)),
        keys=used,
        signed=walk.signed,
        unsigned=walk.unsigned,
        ring=walk.keys,
    )


def check_head(
    statement: HeadStatement | None,
    entries: Sequence[RecordEntry],
    *,
    campaign_id: int,
    keys: Mapping[str, TrustedKey],
    verify: Verifier,
    where: str,
) -> list[ChainProblem]:
    """Problems of the signed head statement against the chain (none if it matches)."""
    count = len(entries)
    if statement is None:
        if any(e.signature for e in entries):
            return [_head(count + 1, f"the signed head of {where} is missing (removed)")]
        return []
    key = keys.get(statement.key_id)
    raw = _decode(statement.signature)
    if key is None or raw is None or not verify(key.public_key, raw, statement.text.encode()):
        return [
            _head(
                count + 1,
                f"the signed head of {where} has an invalid signature or an "
                "unknown key: the head or entry count was changed",
            )
        ]
    if statement.campaign_id != campaign_id:
        return [_head(1, f"the signed head of {where} is for campaign {statement.campaign_id}")]
    if statement.count > count:
        missing = (
            f"entry {count + 1}"
            if statement.count == count + 1
            else (f"entries {count + 1}–{statement.count}")
        )
        return [
            ChainProblem(
                seq=count + 1,
                kind="truncated",
                message=f"{missing} missing: the record ends at entry {count} but its signed head "
                f"names {statement.count} entries (head {statement.head[:12]}…): truncated",
            )
        ]
    at = entries[statement.count - 1].hash if statement.count else ""
    if statement.count and at != statement.head:
        return [
            ChainProblem(
                seq=statement.count,
                kind="rewritten",
                message=f"entry {statement.count} has hash {at[:12]}… but the signed head names "
                f"{statement.head[:12]}…: the record up to entry {statement.count} was rewritten",
            )
        ]
    if statement.count < count:
        return [
            _head(
                statement.count + 1,
                f"entries {statement.count + 1}–{count} are not "
                f"covered by the signed head of {where} (added outside Kizuna)",
            )
        ]
    return []


def _head(seq: int, message: str) -> ChainProblem:
    return ChainProblem(seq=seq, kind="head", message=message)
