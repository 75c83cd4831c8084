"""External anchors: a short line naming a record's head at a position and time.

The line is what the user keeps outside Kizuna (printed, e-mailed to
themselves, or in a letter the counterparty holds)::

    kizuna-anchor/1 campaign=3 entry=6 head=<64 hex> at=2026-12-07T12:50:00Z key=<32 hex>

``key`` is the key id that signed entry ``entry`` (``none`` for an unsigned
record). :func:`check_anchor` says whether the record still holds that head at
that position: if not, the record was truncated (it ends before the entry) or
rewritten (the entry's hash differs), or re-signed with another key.

    >>> anchor = parse_anchor(line)  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kizuna.domain.campaign import RecordEntry
from kizuna.domain.record_chain import ChainProblem

__all__ = ["Anchor", "AnchorCheck", "check_anchor", "format_anchor", "parse_anchor"]

_LINE = re.compile(
    r"^kizuna-anchor/1 campaign=(?P<campaign>\d{1,18}) entry=(?P<entry>\d{1,9}) "
    r"head=(?P<head>[0-9a-f]{64}) at=(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) "
    r"key=(?P<key>[0-9a-f]{32}|none)$"
)
MAX_LINE = 300


@dataclass(frozen=True, kw_only=True)
class Anchor:
    """One anchor: the head ``head`` was entry ``entry`` of campaign ``campaign_id`` at ``at``."""

    campaign_id: int
    entry: int
    head: str
    at: str  # ISO UTC, ending Z
    key_id: str | None


def format_anchor(anchor: Anchor) -> str:
    """The copyable line of ``anchor``."""
    return (
        f"kizuna-anchor/1 campaign={anchor.campaign_id} entry={anchor.entry} "
        f"head={anchor.head} at={anchor.at} key={anchor.key_id or 'none'}"
    )


def parse_anchor(line: str) -> Anchor:
    """The anchor in ``line``; ValueError naming the fault if it is not one."""
    text = line.strip()
    if len(text) > MAX_LINE:
        raise ValueError(f"anchor line longer than {MAX_LINE} characters")
    match = _LINE.match(text)
    if match is None:
        raise ValueError(
            f"not an anchor line {text[:40]!r}…: expected 'kizuna-anchor/1 campaign=N entry=N "
            "head=<64 hex> at=YYYY-MM-DDTHH:MM:SSZ key=<32 hex>|none'"
        )
    if int(match["entry"]) < 1:
        raise ValueError("anchor line: entry must be 1 or more")
    key = match["key"]
    return Anchor(
        campaign_id=int(match["campaign"]),
        entry=int(match["entry"]),
        head=match["head"],
        at=match["at"],
        key_id=None if key == "none" else key,
    )


@dataclass(frozen=True, kw_only=True)
class AnchorCheck:
    """The outcome of one anchor: ``status`` is ``matches`` or the problem's kind."""

    anchor: Anchor
    source: str  # "given" (on the command line / in a file) | "stored" (in the database)
    status: str
    problem: ChainProblem | None

    def to_json(self) -> dict[str, object]:
        return {
            "line": format_anchor(self.anchor),
            "entry": self.anchor.entry,
            "head": self.anchor.head,
            "at": self.anchor.at,
            "key_id": self.anchor.key_id,
            "source": self.source,
            "status": self.status,
            "message": self.problem.message if self.problem else None,
        }


def _problem(anchor: Anchor, entries: Sequence[RecordEntry], campaign_id: int) -> ChainProblem:
    count = len(entries)
    n = anchor.entry
    if anchor.campaign_id != campaign_id:
        return ChainProblem(
            seq=n,
            kind="anchor",
            message=f"the anchor of {anchor.at} is for campaign {anchor.campaign_id}, "
            f"not campaign {campaign_id}",
        )
    if n > count:
        missing = f"entry {n} is" if n == count + 1 else f"entries {count + 1}–{n} are"
        return ChainProblem(
            seq=count + 1,
            kind="truncated",
            message=f"{missing} missing: the anchor of {anchor.at} names entry {n} "
            f"(head {anchor.head[:12]}…) but the record ends at entry {count}: truncated",
        )
    entry = entries[n - 1]
    if entry.hash != anchor.head:
        return ChainProblem(
            seq=n,
            kind="rewritten",
            message=f"entry {n} has hash {entry.hash[:12]}… but the anchor of {anchor.at} names "
            f"{anchor.head[:12]}…: the record up to entry {n} was rewritten",
        )
    return ChainProblem(
        seq=n,
        kind="anchor",
        message=f"entry {n} is signed by key {(entry.key_id or 'none')[:16]} but the anchor of "
        f"{anchor.at} names key {(anchor.key_id or 'none')[:16]}: the record was re-signed",
    )


def check_anchor(
    anchor: Anchor, entries: Sequence[RecordEntry], *, campaign_id: int, source: str
) -> AnchorCheck:
    """Whether ``entries`` still hold ``anchor``'s head at its position, signed by its key."""
    n = anchor.entry
    if (
        anchor.campaign_id == campaign_id
        and 1 <= n <= len(entries)
        and entries[n - 1].hash == anchor.head
        and (entries[n - 1].key_id or None) == anchor.key_id
    ):
        return AnchorCheck(anchor=anchor, source=source, status="matches", problem=None)
    problem = _problem(anchor, entries, campaign_id)
    return AnchorCheck(anchor=anchor, source=source, status=problem.kind, problem=problem)
