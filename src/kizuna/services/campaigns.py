"""Campaign use cases: open, add contacts, log, advance, list, follow-ups due, verify.

Every change is an entry appended to the campaign's hash-chained record (in one
transaction with the change itself); nothing edits or removes an entry. The
export and the offline check of an exported record are in
:mod:`kizuna.services.campaign_record`.

    >>> campaign = new_campaign(db, licensee="Example KK", patents=["US8930553"])  # doctest: +SKIP
    >>> log_entry(db, campaign.id, kind="meeting", summary="First meeting")  # doctest: +SKIP
    >>> verify_campaign(db, campaign.id).ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kizuna.domain.campaign import Attachment, Campaign, Contact, RecordEntry
from kizuna.domain.campaign_rules import (
    LOG_KINDS,
    ROLES,
    TRACKS,
    FollowUp,
    Transition,
    check_transition,
    first_stage,
    follow_up,
    stage,
)
from kizuna.domain.record_chain import ChainVerification
from kizuna.errors import ConflictError, InvalidValueError, NotFoundError, SourceError
from kizuna.services.campaign_inputs import (
    backdated_summary,
    honorific_of,
    optional_text,
    romanised_name,
)

if TYPE_CHECKING:
    from kizuna.adapters.storage.campaigns import SqlCampaignStore
    from kizuna.adapters.storage.db import Database
    from kizuna.domain.records.anchors import Anchor

__all__ = [
    "NOTICE",
    "AdvanceReport",
    "AttachmentInput",
    "DueReport",
    "add_contact",
    "advance",
    "attachment_contents",
    "checked_attachment",
    "due_follow_ups",
    "get_campaign",
    "list_campaigns",
    "log_entry",
    "new_campaign",
    "read_attachment",
    "verify_campaign",
]

NOTICE = (
    "A record kept by the licensor for its own use and a drafting aid; "
    "not legal advice. Kizuna sends nothing to anyone."
)
MAX_SUMMARY = 10_000


def _store(database: Database) -> SqlCampaignStore:
    """The store, signing new entries with this installation's key (created on first use)."""
    from kizuna.adapters.storage.campaigns import SqlCampaignStore  # composition point
    from kizuna.services.records.keys import installation_keys

    return SqlCampaignStore(database, signer=installation_keys().sign)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, kw_only=True)
class AttachmentInput:
    """An attachment's name and bytes, read and checked before anything is written."""

    name: str
    data: bytes

    @property
    def attachment(self) -> Attachment:
        media_type, _ = mimetypes.guess_type(self.name)
        return Attachment(
            name=self.name,
            sha256=hashlib.sha256(self.data).hexdigest(),
            size=len(self.data),
            media_type=media_type,
        )


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"{size:,} bytes is over the attachment limit of {max_bytes:,} bytes "
        "(KIZUNA_MAX_ATTACHMENT_BYTES)"
    )


def read_attachment(path: Path, *, max_bytes: int) -> AttachmentInput:
    """Read ``path`` as an attachment; a clear error if missing, unreadable, empty or too big."""
    try:
        if not path.is_file():
            raise SourceError(path, "not a readable file (missing, or a folder)")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(path, _too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    return checked_attachment(path.name, data, max_bytes=max_bytes)


def checked_attachment(name: str, data: bytes, *, max_bytes: int) -> AttachmentInput:
    """An uploaded attachment, refused when empty or over ``max_bytes``."""
    if not data:
        raise SourceError(name, "the file is empty")
    if len(data) > max_bytes:
        raise SourceError(name, _too_large(len(data), max_bytes))
    return AttachmentInput(name=name, data=data)


def _resolve_licensee(database: Database, licensee: str) -> tuple[str, int | None]:
    """The stored company's name and id when one matches, else the name as given."""
    name = licensee.strip()
    if not name:
        raise InvalidValueError("--licensee: empty; give the company's name")
    try:
        from kizuna.services.companies import get_company
    except ImportError:  # the companies feature is not installed in this build
        return name, None
    try:
        company = get_company(database, name)
    except NotFoundError:
        return name, None
    return company.display_name, company.id


def _resolve_patents(database: Database, patents: Sequence[str]) -> tuple[str, ...]:
    from kizuna.services.patents import get_patent

    numbers: list[str] = []
    for given in (p.strip() for p in patents):
        if not given:
            continue
        compact = get_patent(database=database, number=given).number.compact
        if compact not in numbers:
            numbers.append(compact)
    if not numbers:
        raise InvalidValueError("--patents: give at least one stored patent number")
    return tuple(numbers)


def new_campaign(
    database: Database,
    *,
    licensee: str,
    patents: Sequence[str],
    track: str = "relationship",
    opened_on: date | None = None,
    actor: str = "kizuna",
) -> Campaign:
    """Open a campaign at its track's first stage; the record starts with an ``opened`` entry."""
    if track not in TRACKS:
        raise InvalidValueError(f"--track {track!r}: not one of {', '.join(TRACKS)}")
    name, company_id = _resolve_licensee(database, licensee)
    numbers = _resolve_patents(database, patents)
    opened_on = _entry_date(opened_on)
    start = first_stage(track)
    campaign = Campaign(
        id=None,
        licensee=name,
        company_id=company_id,
        patents=numbers,
        track=track,
        stage=start,
        opened_on=opened_on,
    )
    store = _store(database)
    campaign_id = store.create(campaign)
    summary = (
        f"Campaign opened with {name} on the {track} track over {', '.join(numbers)}; "
        f"stage: {stage(track, start).en}"
    )
    store.append(campaign_id, _entry(kind="opened", summary=summary, on=opened_on, actor=actor))
    return store.get(campaign_id)


def _entry(
    *,
    kind: str,
    summary: str,
    on: date,
    actor: str,
    attachments: Sequence[Attachment] = (),
    stage_from: str | None = None,
    stage_to: str | None = None,
    corrects: int | None = None,
) -> RecordEntry:
    """An unsealed entry (the store gives it its seq and hashes)."""
    return RecordEntry(
        seq=0,
        kind=kind,
        summary=summary,
        occurred_on=on,
        recorded_at=_now(),
        actor=actor,
        attachments=tuple(attachments),
        stage_from=stage_from,
        stage_to=stage_to,
        corrects=corrects,
    )


def get_campaign(database: Database, campaign_id: int) -> Campaign:
    """The campaign with its contacts and entries; NotFoundError when unknown."""
    return _store(database).get(campaign_id)


def list_campaigns(database: Database) -> list[Campaign]:
    """Every campaign, by id, with contacts and entries."""
    return _store(database).all()


def add_contact(
    database: Database,
    campaign_id: int,
    *,
    name: str,
    role: str,
    organisation: str | None = None,
    email: str | None = None,
    note: str | None = None,
    title: str | None = None,
    romanised: str | None = None,
    honorific: str | None = None,
) -> Campaign:
    """Add a person (with a role) on the licensee's side, an intermediary or the sender.

    ``romanised`` and ``honorific`` (Mr., Ms., Mx., Dr., Prof.) let English
    letters greet the person (``Dear Ms. Suzuki,``); the role ``sender`` is the
    licensor's own person whose department, title and contact sign the letters.
    """
    if role not in ROLES:
        raise InvalidValueError(f"--role {role!r}: not one of {', '.join(ROLES)}")
    if not name.strip():
        raise InvalidValueError("--name: empty")
    if email is not None and "@" not in email:
        raise InvalidValueError(f"--email {email!r}: not an e-mail address")
    contact = Contact(
        name=name.strip(),
        role=role,
        organisation=organisation,
        email=email,
        note=note,
        title=optional_text(title, "--title"),
        romanised=romanised_name(romanised),
        honorific=honorific_of(honorific),
    )
    store = _store(database)
    store.add_contact(campaign_id, contact)
    return store.get(campaign_id)


def _entry_date(occurred_on: date | None) -> date:
    today = _now().date()
    if occurred_on is None:
        return today
    if occurred_on > today + timedelta(days=1):  # one day of slack for time zones (JST)
        raise InvalidValueError(
            f"--date {occurred_on.isoformat()}: in the future; the record holds what happened"
        )
    return occurred_on


def _summary(summary: str) -> str:
    text = summary.strip()
    if not text:
        raise InvalidValueError("--summary: empty; say what happened")
    if len(text) > MAX_SUMMARY:
        raise InvalidValueError(f"--summary: {len(text):,} characters, over {MAX_SUMMARY:,}")
    return text


def log_entry(
    database: Database,
    campaign_id: int,
    *,
    kind: str | None,
    summary: str,
    occurred_on: date | None = None,
    attachments: Sequence[AttachmentInput] = (),
    corrects: int | None = None,
    actor: str = "kizuna",
    backdate_reason: str | None = None,
) -> RecordEntry:
    """Append one entry (a meeting, letter, call…) with its attachments, hashed and chained.

    ``corrects`` names an earlier entry's seq: the new entry corrects it (kind
    ``correction`` unless ``kind`` is given); the earlier entry stays as it was.
    An entry dated before the campaign opened needs ``backdate_reason``.
    """
    kind = kind or ("correction" if corrects is not None else None)
    if kind not in (*LOG_KINDS, "correction"):
        raise InvalidValueError(f"--kind {kind!r}: not one of {', '.join(LOG_KINDS)}")
    text, on = _summary(summary), _entry_date(occurred_on)
    store = _store(database)
    text = backdated_summary(store.get(campaign_id), on, backdate_reason, text)
    if corrects is not None:
        _, count = store.head(campaign_id)
        if not 1 <= corrects <= count:
            raise InvalidValueError(
                f"--corrects {corrects}: campaign {campaign_id} has entries 1–{count}"
            )
    entry = _entry(
        kind=kind,
        summary=text,
        on=on,
        actor=actor,
        attachments=[a.attachment for a in attachments],
        corrects=corrects,
    )
    return store.append(campaign_id, entry, [a.data for a in attachments])


@dataclass(frozen=True, kw_only=True)
class AdvanceReport:
    """The campaign after a move, the checked transition and the entry that records it."""

    campaign: Campaign
    transition: Transition
    entry: RecordEntry


def advance(
    database: Database,
    campaign_id: int,
    *,
    to: str,
    reason: str | None = None,
    occurred_on: date | None = None,
    actor: str = "kizuna",
    backdate_reason: str | None = None,
) -> AdvanceReport:
    """Move the campaign to stage (or escalation path) ``to``; the move is logged.

    Forward moves need nothing; skipping, going back or an early escalation
    needs ``reason``, which the record keeps. Reaching the final stage closes
    the campaign; going back from it reopens it. A move dated before the
    campaign opened needs ``backdate_reason``.
    """
    store = _store(database)
    campaign = store.get(campaign_id)
    target = to.strip().lower()
    move = check_transition(campaign.track, campaign.stage, target, reason)
    escalated = move.kind == "escalation"
    if escalated and campaign.escalation == target:
        raise ConflictError(f"campaign {campaign_id} is already escalated to {target}")
    on = _entry_date(occurred_on)
    entry = _entry(
        kind="escalation" if escalated else "stage",
        summary=backdated_summary(campaign, on, backdate_reason, move.describe()),
        on=on,
        actor=actor,
        stage_from=campaign.stage,
        stage_to=target,
    )
    sealed = store.append(
        campaign_id,
        entry,
        expect_stage=campaign.stage,
        stage=None if escalated else target,
        escalation=target if escalated else None,
        closed=None if escalated else stage(campaign.track, target).final,
    )
    return AdvanceReport(campaign=store.get(campaign_id), transition=move, entry=sealed)


def attachment_contents(database: Database, campaign_id: int) -> dict[tuple[int, int], bytes]:
    """The stored bytes of the campaign's attachments, by ``(entry seq, position)``."""
    return _store(database).attachment_contents(campaign_id)


def verify_campaign(
    database: Database,
    campaign_id: int,
    *,
    head: str | None = None,
    anchors: Sequence[Anchor] = (),
) -> ChainVerification:
    """Check the campaign's record: hashes, links, attachment bytes, signatures, head, anchors.

    ``head`` is a head hash kept apart (e.g. printed on an earlier export); by
    default the head kept on the campaign row is compared. ``anchors`` are
    anchor lines the user kept (``campaign anchor``); stored anchors are always
    checked. Details: :mod:`kizuna.services.records.verify`.
    """
    from kizuna.services.records.verify import verify_campaign_record

    return verify_campaign_record(database, campaign_id, head=head, anchors=anchors)


@dataclass(frozen=True, kw_only=True)
class DueReport:
    """Follow-ups due as of a date, with every open campaign's next date."""

    as_of: date
    items: tuple[tuple[Campaign, FollowUp], ...]

    @property
    def due(self) -> tuple[tuple[Campaign, FollowUp], ...]:
        return tuple(item for item in self.items if item[1].due)


def due_follow_ups(
    database: Database, *, as_of: date | None = None, periods: Mapping[str, Mapping[str, int]]
) -> DueReport:
    """Each open campaign's follow-up date from its stage's period; due ones first."""
    as_of = as_of or _now().date()
    items = [
        (campaign, follow_up(campaign, periods, as_of))
        for campaign in list_campaigns(database)
        if not campaign.closed
    ]
    items.sort(key=lambda item: (item[1].due_on or date.max, item[0].id or 0))
    return DueReport(as_of=as_of, items=tuple(items))
