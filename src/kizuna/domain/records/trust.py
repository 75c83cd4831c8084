"""One verdict on a record: hash chain, signatures, signed head and anchors together.

:func:`check_record` runs :func:`~kizuna.domain.record_chain.verify_chain`,
:func:`~kizuna.domain.records.signatures.check_signatures`,
:func:`~kizuna.domain.records.signatures.check_head` and every anchor, and
returns one :class:`~kizuna.domain.record_chain.ChainVerification` whose
problems are the chain's (in chain order) then the others ordered by entry;
``break_at`` and ``problem`` name the first.

    >>> check_record(RecordInput(...), keys=ring, verify=ok, fingerprint=fp)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from kizuna.domain.campaign import RecordEntry
from kizuna.domain.record_chain import ChainProblem, ChainVerification, verify_chain
from kizuna.domain.records.anchors import Anchor, check_anchor
from kizuna.domain.records.signatures import (
    HeadStatement,
    TrustedKey,
    Verifier,
    check_head,
    check_signatures,
)

__all__ = ["RecordInput", "check_record"]


@dataclass(frozen=True, kw_only=True)
class RecordInput:
    """What a check reads: the entries, the bytes' hashes, the head kept apart, the anchors."""

    campaign_id: int
    entries: Sequence[RecordEntry]
    content_hashes: Mapping[tuple[int, int], str] | None
    expected_head: str | None  # the campaign row's head, or --head
    statement: HeadStatement | None  # the signed head statement
    anchors: Sequence[tuple[Anchor, str]] = ()  # (anchor, "given" | "stored")
    where: str = "the campaign"
    signing_since: datetime | None = None
    problems: Sequence[ChainProblem] = ()  # found while reading (e.g. an unreadable anchor)


def check_record(
    record: RecordInput,
    *,
    keys: Mapping[str, TrustedKey],
    verify: Verifier,
    fingerprint: Callable[[bytes], str],
) -> ChainVerification:
    """Every check on ``record``; ``ok`` only when none finds a problem."""
    chain = verify_chain(
        record.campaign_id,
        record.entries,
        content_hashes=record.content_hashes,
        expected_head=record.expected_head,
    )
    signatures = check_signatures(
        record.entries,
        keys=keys,
        verify=verify,
        fingerprint=fingerprint,
        signing_since=record.signing_since,
    )
    head = check_head(
        record.statement,
        record.entries,
        campaign_id=record.campaign_id,
        keys=signatures.ring,  # with the keys that rotations introduced
        verify=verify,
        where=record.where,
    )
    anchors = [
        check_anchor(anchor, record.entries, campaign_id=record.campaign_id, source=source)
        for anchor, source in record.anchors
    ]
    # The chain's own problems first, in chain order (they name the most concrete fault).
    others = [
        *signatures.problems,
        *head,
        *(a.problem for a in anchors if a.problem),
        *record.problems,
    ]
    problems = [*chain.problems, *sorted(others, key=lambda p: p.seq)]
    first = problems[0] if problems else None
    return replace(
        chain,
        ok=not problems,
        break_at=first.seq if first else None,
        problem=first.message if first else None,
        problems=tuple(problems),
        signing=signatures.to_json(),
        anchors=tuple(a.to_json() for a in anchors),
    )
