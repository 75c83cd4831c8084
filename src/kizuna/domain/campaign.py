"""Campaigns: a licensee's path from introduction to agreement (pure data).

A :class:`Campaign` follows one track (``relationship`` or ``sep``) through
stages; its negotiation record is a tuple of :class:`RecordEntry`, append-only
and hash-chained (each entry's ``hash`` is SHA-256 over a canonical
serialisation that includes ``prev_hash``). Stage rules, escalation paths and
the chain computation live in :mod:`kizuna.domain.campaign_rules` and
:mod:`kizuna.domain.record_chain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["Attachment", "Campaign", "Contact", "RecordEntry"]


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A person on the licensee's side, an intermediary, or the licensor's sender, with a role.

    ``organisation`` is the department (知的財産法務本部), ``title`` the job
    title (部長); ``romanised`` the name in Latin letters as the person writes
    it (``Mika Suzuki``; a family name in capitals, ``SUZUKI Mika``, is taken
    as the family name) and ``honorific`` the English one (Mr., Ms., Mx., Dr.,
    Prof.): English letters greet ``Dear Ms. Suzuki,`` only from these.
    """

    name: str
    # "ip-department" | "business-unit" | "legal" | "intermediary" | "executive" | "sender"
    role: str
    organisation: str | None = None
    email: str | None = None
    note: str | None = None
    title: str | None = None
    romanised: str | None = None
    honorific: str | None = None

    @property
    def family_name_latin(self) -> str | None:
        """The romanised family name: the word in capitals, else the last word."""
        words = (self.romanised or "").split()
        if not words:
            return None
        capitals = [w for w in words if len(w) > 1 and w.isupper()]
        return (capitals[0] if capitals else words[-1]).capitalize()


@dataclass(frozen=True, kw_only=True)
class Attachment:
    """A file attached to a record entry: its name, size and SHA-256 (content stored apart)."""

    name: str
    sha256: str
    size: int
    media_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordEntry:
    """One entry of the negotiation record (never edited; corrections reference it)."""

    seq: int  # 1, 2, 3… in chain order
    # meeting|letter|call|email|offer|counteroffer|nda|evidence-shared|note|stage|correction
    kind: str
    summary: str
    occurred_on: date  # when it happened (user's --date, default: today)
    recorded_at: datetime  # when it was written to the record (UTC)
    actor: str  # who recorded it
    attachments: tuple[Attachment, ...] = ()
    stage_from: str | None = None  # for kind "stage"
    stage_to: str | None = None
    corrects: int | None = None  # seq of the entry this one corrects
    prev_hash: str = ""
    hash: str = ""
    key_id: str | None = None  # the Ed25519 key that signed ``hash`` (None: before signing)
    signature: str | None = None  # base64 Ed25519 signature (domain/records/signatures.py)


@dataclass(frozen=True, kw_only=True)
class Campaign:
    """A licensing campaign with one licensee."""

    id: int | None
    licensee: str  # display name (as resolved or as given)
    company_id: int | None  # the stored company, when resolved
    patents: tuple[str, ...]  # compact numbers
    track: str  # "relationship" | "sep"
    stage: str
    opened_on: date
    contacts: tuple[Contact, ...] = ()
    entries: tuple[RecordEntry, ...] = ()
    # "hantei" | "jipac-mediation" | "jipac-arbitration" | "ip-mediation" | "court-mediation"
    # | "litigation"
    escalation: str | None = None
    closed: bool = False
