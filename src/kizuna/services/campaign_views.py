"""JSON views of campaigns, shared by ``kizuna campaign … --json`` and ``/api/campaigns``.

The shapes are documented in docs/cli/campaign.md. Times are UTC ISO text
ending ``Z``; dates are ISO; hashes are lowercase hex SHA-256.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from kizuna.domain.campaign import Attachment, Campaign, Contact, RecordEntry
from kizuna.domain.campaign_rules import (
    ESCALATIONS,
    STAGES,
    FollowUp,
    escalation_label,
    stage_label,
)
from kizuna.domain.record_chain import GENESIS, ChainVerification, utc_text
from kizuna.services.campaigns import NOTICE, AdvanceReport, DueReport

__all__ = [
    "advance_json",
    "attachment_json",
    "campaign_json",
    "campaign_summary_json",
    "contact_json",
    "due_json",
    "entry_json",
    "labels",
    "stages_json",
]


def labels(campaign: Campaign) -> dict[str, Any]:
    """``stage_label`` and ``escalation_label`` ({"en", "ja"}) of a campaign."""
    escalation = None
    key = campaign.escalation
    if key is not None and key in ESCALATIONS:
        escalation = {"en": escalation_label(key, "en"), "ja": escalation_label(key, "ja")}
    return {
        "stage_label": {
            "en": stage_label(campaign.track, campaign.stage, "en"),
            "ja": stage_label(campaign.track, campaign.stage, "ja"),
        },
        "escalation_label": escalation,
    }


def attachment_json(item: Attachment, content: bytes | None = None) -> dict[str, Any]:
    """An attachment; with ``content_base64`` when its bytes are given (exports)."""
    body: dict[str, Any] = {
        "name": item.name,
        "sha256": item.sha256,
        "size": item.size,
        "media_type": item.media_type,
    }
    if content is not None:
        body["content_base64"] = base64.b64encode(content).decode("ascii")
    return body


def entry_json(
    entry: RecordEntry, contents: Mapping[tuple[int, int], bytes] | None = None
) -> dict[str, Any]:
    """One record entry: every hashed field, ``prev_hash``, ``hash``, ``key_id``, ``signature``."""
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "summary": entry.summary,
        "occurred_on": entry.occurred_on.isoformat(),
        "recorded_at": utc_text(entry.recorded_at),
        "actor": entry.actor,
        "stage_from": entry.stage_from,
        "stage_to": entry.stage_to,
        "corrects": entry.corrects,
        "attachments": [
            attachment_json(a, None if contents is None else contents.get((entry.seq, i)))
            for i, a in enumerate(entry.attachments)
        ],
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        "key_id": entry.key_id,
        "signature": entry.signature,
    }


def contact_json(contact: Contact) -> dict[str, Any]:
    return {
        "name": contact.name,
        "role": contact.role,
        "organisation": contact.organisation,
        "email": contact.email,
        "note": contact.note,
        "title": contact.title,
        "romanised": contact.romanised,
        "honorific": contact.honorific,
    }


def stages_json(campaign: Campaign) -> list[dict[str, Any]]:
    """The track's stages in order, each ``done``, ``current`` or ``ahead``."""
    keys = [s.key for s in STAGES[campaign.track]]
    here = keys.index(campaign.stage)
    return [
        {
            "key": s.key,
            "en": s.en,
            "ja": s.ja,
            "state": "done" if i < here else ("current" if i == here else "ahead"),
        }
        for i, s in enumerate(STAGES[campaign.track])
    ]


def campaign_summary_json(campaign: Campaign, follow: FollowUp | None = None) -> dict[str, Any]:
    """A campaign in listings: where it stands, its record's size and head."""
    last = campaign.entries[-1] if campaign.entries else None
    return {
        "id": campaign.id,
        "licensee": campaign.licensee,
        "company_id": campaign.company_id,
        "patents": list(campaign.patents),
        "track": campaign.track,
        "stage": campaign.stage,
        "escalation": campaign.escalation,
        **labels(campaign),
        "closed": campaign.closed,
        "opened_on": campaign.opened_on.isoformat(),
        "contacts": len(campaign.contacts),
        "entries": len(campaign.entries),
        "last_entry_on": max(e.occurred_on for e in campaign.entries).isoformat()
        if campaign.entries
        else None,
        "head": last.hash if last else GENESIS,
        "follow_up": follow.to_json() if follow else None,
    }


def campaign_json(
    campaign: Campaign, verification: ChainVerification, follow: FollowUp | None = None
) -> dict[str, Any]:
    """A campaign in full: summary, stage timeline, contacts, record, verification."""
    return {
        **campaign_summary_json(campaign, follow),
        "contacts": [contact_json(c) for c in campaign.contacts],
        "stages": stages_json(campaign),
        "record": [entry_json(e) for e in campaign.entries],
        "verification": verification.to_json(),
        "notice": NOTICE,
    }


def advance_json(report: AdvanceReport) -> dict[str, Any]:
    """What ``campaign advance`` did: the transition and the entry that records it."""
    move = report.transition
    return {
        "campaign": campaign_summary_json(report.campaign),
        "transition": {
            "from": move.source,
            "to": move.target,
            "kind": move.kind,
            "legal": move.legal,
            "skipped": list(move.skipped),
            "reason": move.reason,
        },
        "entry": entry_json(report.entry),
    }


def due_json(report: DueReport) -> dict[str, Any]:
    """Follow-ups due as of ``as_of`` (``due``) and the open campaigns not yet due."""

    def row(campaign: Campaign, follow: FollowUp) -> dict[str, Any]:
        return {
            "campaign_id": campaign.id,
            "licensee": campaign.licensee,
            "track": campaign.track,
            **labels(campaign),
            **follow.to_json(),
        }

    return {
        "as_of": report.as_of.isoformat(),
        "due": [row(c, f) for c, f in report.items if f.due],
        "upcoming": [row(c, f) for c, f in report.items if not f.due and f.due_on],
        "notice": "Response periods are settings (kizuna/data/campaign.toml or "
        "KIZUNA_CAMPAIGN_PERIODS), not legal deadlines.",
    }
