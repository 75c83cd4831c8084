"""The negotiation record (交渉記録) as a chronology a court or mediator can follow.

One row per entry, in chain order: number, date (Western, 令和 and English),
kind in Japanese and English, the summary as recorded (never translated;
a stage move is written out in plain Japanese and English from its stored
stages and reason, without the internal wording of the move check),
the attachments with their SHA-256, and the entry's hash (and the previous
entry's). The head of the document states the result of re-computing the hash
chain (``kizuna campaign verify``), in both languages, and a table of the
track's stages in which only stages the record shows the campaign at are
ticked (a stage passed over by a move is shown as skipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kizuna.adapters.exports.documents.model import Block, Document, Heading, Paragraph, Table
from kizuna.domain.campaign import Campaign, RecordEntry
from kizuna.domain.campaign_rules import escalation_label, stage_keys
from kizuna.domain.japanese import format_date_en, format_date_ja, format_wareki
from kizuna.errors import InvalidValueError

__all__ = ["KIND_TEXT", "Verification", "build_record", "stage_progress"]

#: Record entry kinds in Japanese and English.
KIND_TEXT = {
    "meeting": ("面談", "meeting"),
    "letter": ("書簡", "letter"),
    "call": ("電話", "call"),
    "email": ("電子メール", "email"),
    "offer": ("条件提示", "offer"),
    "counteroffer": ("対案", "counteroffer"),
    "nda": ("秘密保持契約", "NDA"),
    "evidence-shared": ("証拠資料の提供", "evidence shared"),
    "note": ("メモ", "note"),
    "stage": ("段階の変更", "stage change"),
    "correction": ("訂正", "correction"),
    "escalation": ("第三者機関の利用", "escalation"),
    "opened": ("開始", "opened"),
}


@dataclass(frozen=True, kw_only=True)
class Verification:
    """The hash-chain check the record shows (from ``verify_campaign``)."""

    ok: bool
    entries: int
    break_at: int | None = None
    problem: str | None = None
    head: str = ""


StageLabel = Callable[[str, str, str], str]  # (track, stage, lang) -> label


_REASON = re.compile(r"; reason: (.*?)(?=\nBackdated \(|$)", re.DOTALL)


def _escalation(key: str, lang: str) -> str:
    try:
        return escalation_label(key, lang)
    except InvalidValueError:
        return key


def _move_note(entry: RecordEntry, track: str, stage_label: StageLabel) -> tuple[str, str]:
    keys = stage_keys(track)
    old, new = entry.stage_from or "", entry.stage_to or ""
    if entry.kind != "stage" or old not in keys or new not in keys:
        return "", ""
    start, end = keys.index(old), keys.index(new)
    if end > start + 1:
        passed = keys[start + 1 : end]
        ja = "、".join(stage_label(track, k, "ja") for k in passed)
        en = ", ".join(stage_label(track, k, "en") for k in passed)
        return f"（{ja}を経ずに移行）", f" (moved on without: {en})"
    if end < start:
        return "（前の段階に戻る）", " (back to an earlier stage)"
    return "", ""


def _move_text(entry: RecordEntry, campaign: Campaign, stage_label: StageLabel) -> str:
    """A stage move or escalation in plain Japanese and English, without internal wording."""
    track, old = campaign.track, entry.stage_from or "—"
    new = entry.stage_to or "—"
    if entry.kind == "escalation":
        ja = f"第三者機関の利用：{stage_label(track, old, 'ja')} → {_escalation(new, 'ja')}"
        en = f"Escalation: {stage_label(track, old, 'en')} → {_escalation(new, 'en')}"
    else:
        note_ja, note_en = _move_note(entry, track, stage_label)
        ja = f"段階の変更：{stage_label(track, old, 'ja')} → {stage_label(track, new, 'ja')}"
        ja += note_ja
        en = f"Stage: {stage_label(track, old, 'en')} → {stage_label(track, new, 'en')}{note_en}"
    found = _REASON.search(entry.summary)
    if found:
        ja += f"\n理由：{found.group(1).strip()}"
        en += f"\nReason: {found.group(1).strip()}"
    backdated = entry.summary.find("\nBackdated (")
    tail = entry.summary[backdated:] if backdated >= 0 else ""
    return f"{ja}\n{en}{tail}"


def _summary(entry: RecordEntry, campaign: Campaign, stage_label: StageLabel) -> str:
    text = entry.summary
    if entry.kind in ("stage", "escalation") and entry.stage_to:
        text = _move_text(entry, campaign, stage_label)
    if entry.corrects is not None:
        text += f"\n（No.{entry.corrects} の訂正 / corrects No. {entry.corrects}）"
    return text


def stage_progress(campaign: Campaign) -> list[tuple[str, str, date | None]]:
    """Each stage of the track: ``reached`` (with the day), ``skipped``, ``current`` or ``ahead``.

    A stage counts as reached only when the record shows the campaign at it
    (the first stage, or a move to it); stages a move passed over are
    ``skipped``, never ticked.
    """
    keys = stage_keys(campaign.track)
    reached: dict[str, date | None] = {keys[0]: campaign.opened_on} if keys else {}
    passed: set[str] = set()
    for entry in campaign.entries:
        if entry.kind != "stage" or entry.stage_to not in keys:
            continue
        reached.setdefault(entry.stage_to, entry.occurred_on)
        if entry.stage_from in keys:
            start, end = keys.index(entry.stage_from), keys.index(entry.stage_to)
            passed.update(keys[start + 1 : end])
    rows: list[tuple[str, str, date | None]] = []
    for key in keys:
        if key == campaign.stage:
            rows.append((key, "current", reached.get(key)))
        elif key in reached:
            rows.append((key, "reached", reached[key]))
        else:
            rows.append((key, "skipped" if key in passed else "ahead", None))
    return rows


_STATUS = {
    "reached": ("✓ 到達", "reached"),
    "current": ("▶ 現在", "current"),
    "skipped": ("— 省略", "skipped"),
    "ahead": ("未了", "not reached"),
}


def _progress_table(campaign: Campaign, stage_label: StageLabel) -> Table:
    rows = []
    for key, status, day in stage_progress(campaign):
        ja, en = _STATUS[status]
        when = f"{format_wareki(day)} / {format_date_en(day)}" if day else "—"
        track = campaign.track
        names = f"{stage_label(track, key, 'ja')} / {stage_label(track, key, 'en')}"
        rows.append((names, f"{ja} / {en}", when))
    return Table(
        headers=("段階 / Stage", "状況 / Status", "日付 / Date"),
        rows=tuple(rows),
        lang="ja",
        widths=(6, 3, 4),
        style="small",
    )


def _row(entry: RecordEntry, campaign: Campaign, stage_label: StageLabel) -> tuple[str, ...]:
    ja, en = KIND_TEXT.get(entry.kind, (entry.kind, entry.kind))
    day = entry.occurred_on
    files = "\n".join(f"{a.name} ({a.size:,} B)\nSHA-256 {a.sha256}" for a in entry.attachments)
    return (
        str(entry.seq),
        f"{format_date_ja(day)}\n{format_wareki(day)}\n{format_date_en(day)}",
        ja,
        en,
        _summary(entry, campaign, stage_label),
        files or "—",
        f"{entry.hash}\nprev {entry.prev_hash[:16] or '—'}…",
    )


def _verification_text(result: Verification) -> tuple[str, str]:
    if result.ok:
        return (
            f"完全性の検証：記録{result.entries}件のハッシュチェーンを再計算し、改変・削除・順序の入替えは"
            f"検出されませんでした（先頭ハッシュ {result.head}）。",
            f"Integrity check: the hash chain of {result.entries} entries was re-computed; no "
            f"edit, deletion or reordering was found (head {result.head}).",
        )
    where = f"No.{result.break_at}" if result.break_at is not None else "—"
    return (
        f"完全性の検証：記録{where}でハッシュチェーンが一致しません（{result.problem}）。"
        "この記録は改変されている可能性があります。",
        f"Integrity check FAILED at entry {where}: {result.problem}. The record may have been "
        "altered.",
    )


def build_record(
    campaign: Campaign, verification: Verification, *, as_of: date, stage_label: StageLabel
) -> Document:
    """The chronology of ``campaign``'s record with the verification result."""
    ok_ja, ok_en = _verification_text(verification)
    style = "body" if verification.ok else "subject"
    stage_ja = stage_label(campaign.track, campaign.stage, "ja")
    stage_en = stage_label(campaign.track, campaign.stage, "en")
    blocks: list[Block] = [
        Paragraph(text=ok_ja, lang="ja", style=style),
        Paragraph(text=ok_en, lang="en", style=style),
        Paragraph(
            text=f"相手方 / Licensee: {campaign.licensee}　特許 / Patents: "
            f"{', '.join(campaign.patents)}　段階 / Stage: {stage_ja} / {stage_en}　"
            f"作成日 / Prepared: {format_date_ja(as_of)}（{format_wareki(as_of)}） / "
            f"{format_date_en(as_of)}",
            lang="ja",
            style="small",
        ),
        Heading(text="段階 / Stages", lang="ja"),
        _progress_table(campaign, stage_label),
        Heading(text="時系列 / Chronology", lang="ja"),
        Table(
            headers=(
                "No.",
                "日付 / Date",
                "種別",
                "Kind",
                "内容 / Summary (as recorded)",
                "添付 / Attachments",
                "記録ハッシュ / Entry hash (SHA-256)",
            ),
            rows=tuple(_row(e, campaign, stage_label) for e in campaign.entries),
            lang="ja",
            widths=(1, 3, 2, 2, 7, 5, 6),
            style="small",
        ),
        Paragraph(
            text="各記録のハッシュは、直前の記録のハッシュを含む正規化表現の SHA-256 です。"
            "Each entry's hash is SHA-256 over a canonical serialisation that includes the "
            "previous entry's hash; `kizuna campaign verify` re-computes it.",
            lang="ja",
            style="note",
        ),
    ]
    return Document(
        kind="record",
        lang="both",
        title=f"交渉記録 / Negotiation record — {campaign.licensee}",
        subtitle=f"Campaign {campaign.id} · track {campaign.track}",
        blocks=tuple(blocks),
    )
