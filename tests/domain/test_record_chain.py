"""The hash chain: canonical form, and verification naming the entry and what broke."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from kizuna.domain.campaign import Attachment, RecordEntry
from kizuna.domain.record_chain import (
    GENESIS,
    canonical_bytes,
    entry_hash,
    seal,
    verify_chain,
)

CAMPAIGN = 7
PDF = Attachment(name="charts.pdf", sha256="ab" * 32, size=1234, media_type="application/pdf")


def _raw(seq: int, summary: str, attachments: tuple[Attachment, ...] = ()) -> RecordEntry:
    return RecordEntry(
        seq=seq,
        kind="meeting",
        summary=summary,
        occurred_on=date(2026, 1, seq),
        recorded_at=datetime(2026, 1, seq, 9, 30, tzinfo=UTC),
        actor="licensor",
        attachments=attachments,
    )


def chain(count: int = 5) -> list[RecordEntry]:
    entries: list[RecordEntry] = []
    prev = GENESIS
    for seq in range(1, count + 1):
        attachments = (PDF,) if seq == 3 else ()
        sealed = seal(CAMPAIGN, _raw(seq, f"第{seq}回 面談", attachments), prev)
        entries.append(sealed)
        prev = sealed.hash
    return entries


def test_canonical_form_is_sorted_compact_utf8_json() -> None:
    entry = replace(_raw(1, "初回面談"), prev_hash=GENESIS)
    expected = {
        "actor": "licensor",
        "attachments": [],
        "campaign": CAMPAIGN,
        "corrects": None,
        "kind": "meeting",
        "occurred_on": "2026-01-01",
        "prev_hash": GENESIS,
        "recorded_at": "2026-01-01T09:30:00Z",
        "seq": 1,
        "stage_from": None,
        "stage_to": None,
        "summary": "初回面談",
    }
    text = json.dumps(expected, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical_bytes(CAMPAIGN, entry) == text.encode("utf-8")
    assert "初回面談".encode() in canonical_bytes(CAMPAIGN, entry)
    assert entry_hash(CAMPAIGN, entry) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_recorded_time_is_normalised_to_utc() -> None:
    entry = _raw(1, "x")
    tokyo = replace(entry, recorded_at=entry.recorded_at.astimezone(timezone(timedelta(hours=9))))
    naive = replace(entry, recorded_at=entry.recorded_at.replace(tzinfo=None))
    assert entry_hash(CAMPAIGN, entry) == entry_hash(CAMPAIGN, tokyo) == entry_hash(CAMPAIGN, naive)


def test_an_untouched_chain_verifies() -> None:
    entries = chain()
    result = verify_chain(CAMPAIGN, entries, expected_head=entries[-1].hash)
    assert (result.ok, result.entries, result.break_at, result.head) == (
        True,
        5,
        None,
        entries[-1].hash,
    )
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))


def test_an_edited_entry_is_named() -> None:
    entries = chain()
    entries[2] = replace(entries[2], summary="第3回 面談（書き換え）")
    result = verify_chain(CAMPAIGN, entries)
    assert not result.ok and result.break_at == 3
    assert result.problems[0].kind == "edited"
    assert result.problem is not None and result.problem.startswith("entry 3 (2026-01-03, meeting)")


def test_a_deleted_entry_is_named() -> None:
    entries = chain()
    del entries[1]
    result = verify_chain(CAMPAIGN, entries)
    assert (result.break_at, result.problems[0].kind) == (2, "deleted")
    assert result.problem is not None and result.problem.startswith("entry 2 is missing")


def test_two_deleted_entries_are_named_as_a_range() -> None:
    entries = chain()
    del entries[1:3]
    result = verify_chain(CAMPAIGN, entries)
    assert result.problem is not None and result.problem.startswith("entries 2–3 are missing")


def test_reordered_entries_are_named() -> None:
    entries = chain()
    entries[1], entries[2] = entries[2], entries[1]
    result = verify_chain(CAMPAIGN, entries)
    assert (result.break_at, result.problems[0].kind) == (3, "reordered")
    assert "entry 3 follows entry 2" in (result.problem or "")


def test_renumbered_entries_are_named_as_reordered() -> None:
    entries = chain()
    first, second = entries[1], entries[2]
    entries[1], entries[2] = replace(second, seq=2), replace(first, seq=3)
    result = verify_chain(CAMPAIGN, entries)
    assert result.problems[0].kind == "reordered"
    assert result.problem == (
        "entry 2 was recorded as entry 3: the record was reordered or renumbered"
    )


def test_a_broken_prev_link_is_named() -> None:
    entries = chain()
    relinked = replace(entries[3], prev_hash="f" * 64)
    entries[3] = seal(CAMPAIGN, relinked, "f" * 64)  # rehashed, but linked to nothing
    result = verify_chain(CAMPAIGN, entries)
    kinds = [p.kind for p in result.problems]
    assert result.break_at == 4 and "broken-link" in kinds
    assert "entry 4: its prev_hash ffffffffffff… does not name the entry before it" in (
        result.problem or ""
    )


def test_changed_attachment_bytes_are_named() -> None:
    entries = chain()
    result = verify_chain(CAMPAIGN, entries, content_hashes={(3, 0): "cd" * 32})
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 3, "attachment")
    assert "'charts.pdf' has SHA-256 cdcdcdcdcdcd…" in (result.problem or "")
    assert verify_chain(CAMPAIGN, entries, content_hashes={(3, 0): PDF.sha256}).ok


def test_a_changed_attachment_hash_in_the_entry_breaks_the_entry() -> None:
    entries = chain()
    entries[2] = replace(entries[2], attachments=(replace(PDF, sha256="cd" * 32),))
    result = verify_chain(CAMPAIGN, entries)
    assert (result.break_at, result.problems[0].kind) == (3, "edited")


def test_a_removed_tail_shows_only_against_a_head_kept_apart() -> None:
    entries = chain()
    head = entries[-1].hash
    assert verify_chain(CAMPAIGN, entries[:-1]).ok
    result = verify_chain(CAMPAIGN, entries[:-1], expected_head=head)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 5, "truncated")


def test_moving_an_entry_to_another_campaign_breaks_it() -> None:
    assert not verify_chain(CAMPAIGN + 1, chain()).ok


@given(st.integers(min_value=0, max_value=4), st.text(min_size=1, max_size=40))
def test_any_summary_edit_is_caught_at_its_entry(index: int, text: str) -> None:
    entries = chain()
    if text == entries[index].summary:
        return
    entries[index] = replace(entries[index], summary=text)
    result = verify_chain(CAMPAIGN, entries)
    assert not result.ok and result.break_at == index + 1
