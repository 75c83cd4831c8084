"""Campaign tracks, stages, transitions and escalation paths (pure rules).

Two tracks:

- ``relationship``: the Japanese relationship-first path (docs/legal-facts.md
  section 8): research, an introduction through an intermediary, a first
  meeting, an NDA, technical meetings, evidence shared, terms proposed, the
  counterparty's internal approval (*ringi* 稟議) and the agreement.
- ``sep``: the steps of METI's "Good Faith Negotiation Guidelines for SEP
  Licenses" (2022-03-31) and the JPO "Guide to Licensing Negotiations involving
  SEPs" (2nd edition, June 2022) (legal-facts section 5): the holder's offer
  with claim charts, the implementer's willingness, the holder's FRAND offer,
  the implementer's counteroffer, and court or ADR on rejection.

Moving to a stage listed in the current stage's ``next`` is *forward*; any other
move (skipping ahead or going back) is an illegal jump, allowed only with a
reason, which the record keeps. Escalation paths (JPO *hantei* 判定, JIPAC
mediation or arbitration, IP mediation 知財調停 at the Tokyo or Osaka District
Court, the Tokyo District Court's SEP judicial mediation, litigation) are open
without a reason from the stages where positions have been exchanged
(:data:`ESCALATION_FROM`); earlier, they too need a reason.

Fees and durations of the escalation paths are reference data with sources
(``kizuna/data/campaign.toml``), joined to :data:`ESCALATIONS` by the service.

    >>> check_transition("relationship", "research", "introduction", None).kind
    'forward'
    >>> stage_label("relationship", "ringi", "ja")
    '稟議（相手方の社内承認）'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from kizuna.domain.campaign import Campaign
from kizuna.errors import ConflictError, InvalidValueError

__all__ = [
    "ENTRY_KINDS",
    "ESCALATIONS",
    "ESCALATION_FROM",
    "HONORIFICS",
    "LOG_KINDS",
    "ROLES",
    "STAGES",
    "TRACKS",
    "EscalationFacts",
    "EscalationPath",
    "FollowUp",
    "Stage",
    "Transition",
    "check_transition",
    "escalation_label",
    "first_stage",
    "follow_up",
    "stage",
    "stage_keys",
    "stage_label",
]

TRACKS = ("relationship", "sep")
ROLES = ("ip-department", "business-unit", "legal", "intermediary", "executive", "sender")
#: English honorifics a contact may carry (for "Dear Ms. Suzuki,").
HONORIFICS = ("Mr.", "Ms.", "Mx.", "Dr.", "Prof.")
LOG_KINDS = (
    "meeting",
    "letter",
    "call",
    "email",
    "offer",
    "counteroffer",
    "nda",
    "evidence-shared",
    "note",
)
#: Every kind an entry may have: the user's kinds plus those Kizuna writes itself.
ENTRY_KINDS = (*LOG_KINDS, "correction", "stage", "escalation", "opened", "key-rotation")


@dataclass(frozen=True, kw_only=True)
class Stage:
    """One stage of a track, with its English and Japanese names."""

    key: str
    en: str
    ja: str
    next: tuple[str, ...] = ()  # forward moves allowed without a reason
    final: bool = False  # the campaign is closed on reaching it


def _linear(rows: tuple[tuple[str, str, str], ...]) -> tuple[Stage, ...]:
    keys = [key for key, _, _ in rows]
    return tuple(
        Stage(
            key=key,
            en=en,
            ja=ja,
            next=(keys[i + 1],) if i + 1 < len(keys) else (),
            final=i + 1 == len(keys),
        )
        for i, (key, en, ja) in enumerate(rows)
    )


_RELATIONSHIP = _linear(
    (
        ("research", "Research", "調査"),
        ("introduction", "Introduction via an intermediary", "紹介者を通じた紹介"),
        ("first-meeting", "First meeting", "初回面談"),
        ("nda", "NDA", "秘密保持契約（NDA）"),
        ("technical-meetings", "Technical meetings", "技術面談"),
        ("evidence-shared", "Evidence shared", "証拠資料の開示"),
        ("terms-proposed", "Terms proposed", "条件提示"),
        ("ringi", "Internal approval on their side (ringi)", "稟議（相手方の社内承認）"),
        ("agreement", "Agreement", "契約締結"),
    )
)

_SEP = (
    Stage(key="research", en="Research", ja="調査・クレームチャート準備", next=("offer",)),
    Stage(
        key="offer",
        en="Offer with claim charts",
        ja="交渉の申入れ（クレームチャート添付）",
        next=("willingness",),
    ),
    Stage(
        key="willingness",
        en="Willingness to license",
        ja="ライセンスを受ける意思の表明",
        next=("frand-offer",),
    ),
    Stage(
        key="frand-offer",
        en="FRAND offer",
        ja="FRAND条件の具体的提示",
        next=("counteroffer", "agreement"),
    ),
    Stage(
        key="counteroffer",
        en="Counteroffer",
        ja="対案の提示",
        next=("court-adr", "agreement"),
    ),
    Stage(key="court-adr", en="Court or ADR", ja="裁判所・ADR", next=("agreement",)),
    Stage(key="agreement", en="Agreement", ja="契約締結", final=True),
)

#: Stages of each track, in order.
STAGES: Mapping[str, tuple[Stage, ...]] = {"relationship": _RELATIONSHIP, "sep": _SEP}


@dataclass(frozen=True, kw_only=True)
class EscalationFacts:
    """Fees and durations of an escalation path, each fact with its source.

    Values are text as the sources give them; ``"not recorded"`` where the
    project's legal facts are silent.
    """

    fees: str
    duration: str
    notes: tuple[str, ...]
    sources: str  # docs/legal-facts.md section and [Sn] tags
    as_of: str  # date the facts hold from, as the sources give it


@dataclass(frozen=True, kw_only=True)
class EscalationPath:
    """A way to escalate a stalled negotiation, binding or not."""

    key: str
    en: str
    ja: str
    binding: str
    facts: EscalationFacts | None = None  # filled from kizuna/data/campaign.toml


#: Escalation paths; ``binding`` from docs/legal-facts.md section 5 (see :class:`EscalationFacts`).
ESCALATIONS: Mapping[str, EscalationPath] = {
    path.key: path
    for path in (
        EscalationPath(
            key="hantei",
            en="JPO advisory opinion (hantei, Patent Act Art. 71)",
            ja="特許庁の判定（特許法71条）",
            binding="not binding, not appealable; usable as evidence",
        ),
        EscalationPath(
            key="jipac-mediation",
            en="JIPAC mediation",
            ja="日本知的財産仲裁センターの調停",
            binding="not binding unless the parties settle",
        ),
        EscalationPath(
            key="jipac-arbitration",
            en="JIPAC arbitration",
            ja="日本知的財産仲裁センターの仲裁",
            binding="binding; enforceable with a court execution order",
        ),
        EscalationPath(
            key="ip-mediation",
            en="IP mediation at the Tokyo or Osaka District Court",
            ja="知財調停（東京地方裁判所・大阪地方裁判所）",
            binding="not binding unless the parties settle; a settlement recorded in the "
            "mediation protocol has the effect of a judicial settlement",
        ),
        EscalationPath(
            key="court-mediation",
            en="Tokyo District Court SEP judicial mediation",
            ja="東京地方裁判所のSEP調停",
            binding="not binding; the court may recommend terms",
        ),
        EscalationPath(
            key="litigation",
            en="Litigation",
            ja="訴訟",
            binding="binding judgment, subject to appeal",
        ),
    )
}

#: Stages from which escalation needs no reason (positions have been exchanged).
ESCALATION_FROM: Mapping[str, frozenset[str]] = {
    "relationship": frozenset({"evidence-shared", "terms-proposed", "ringi"}),
    "sep": frozenset({"frand-offer", "counteroffer", "court-adr"}),
}


def _track(track: str) -> tuple[Stage, ...]:
    if track not in STAGES:
        raise InvalidValueError(f"track {track!r}: not a track; tracks: {', '.join(TRACKS)}")
    return STAGES[track]


def stage_keys(track: str) -> tuple[str, ...]:
    """The stage keys of ``track`` in order."""
    return tuple(s.key for s in _track(track))


def first_stage(track: str) -> str:
    """Where a campaign on ``track`` starts."""
    return _track(track)[0].key


def stage(track: str, key: str) -> Stage:
    """The stage ``key`` of ``track``; an error listing the stages when unknown."""
    for candidate in _track(track):
        if candidate.key == key:
            return candidate
    raise InvalidValueError(
        f"stage {key!r}: not a stage of the {track} track; stages: "
        f"{', '.join(stage_keys(track))}; escalations: {', '.join(ESCALATIONS)}"
    )


def stage_label(track: str, key: str, lang: str = "en") -> str:
    """The Japanese (``lang="ja"``) or English name of a stage."""
    found = stage(track, key)
    return found.ja if lang == "ja" else found.en


def escalation_label(key: str, lang: str = "en") -> str:
    """The Japanese or English name of an escalation path."""
    path = ESCALATIONS.get(key)
    if path is None:
        raise InvalidValueError(f"escalation {key!r}: not one of {', '.join(ESCALATIONS)}")
    return path.ja if lang == "ja" else path.en


@dataclass(frozen=True, kw_only=True)
class Transition:
    """A checked move: its kind, whether it needed a reason, and what it skipped."""

    track: str
    source: str
    target: str
    kind: str  # "forward" | "skip" | "back" | "escalation"
    legal: bool  # False: allowed only because a reason was given
    skipped: tuple[str, ...] = ()
    reason: str | None = None

    def describe(self) -> str:
        """One line for the record, e.g. ``Stage: NDA → Technical meetings``."""
        if self.kind == "escalation":
            head = f"Escalation: {stage_label(self.track, self.source)} → "
            head += escalation_label(self.target)
        else:
            head = f"Stage: {stage_label(self.track, self.source)} → "
            head += stage_label(self.track, self.target)
        if self.kind == "skip":
            head += f" (illegal jump, skips {', '.join(self.skipped)})"
        elif self.kind == "back":
            head += " (illegal jump, goes back)"
        elif not self.legal:
            head += " (early escalation)"
        if self.reason:
            head += f"; reason: {self.reason}"
        return head


def _escalation(track: str, current: str, target: str, reason: str | None) -> Transition:
    legal = current in ESCALATION_FROM[track]
    if not legal and not reason:
        allowed = ", ".join(k for k in stage_keys(track) if k in ESCALATION_FROM[track])
        raise ConflictError(
            f"escalating to {target} from stage {current} is early (open without a reason "
            f"from: {allowed}); give --reason to record why"
        )
    return Transition(
        track=track, source=current, target=target, kind="escalation", legal=legal, reason=reason
    )


def check_transition(track: str, current: str, target: str, reason: str | None) -> Transition:
    """Check moving from ``current`` to ``target`` (a stage or an escalation path).

    Raises :class:`~kizuna.errors.InvalidValueError` for an unknown stage (the
    message lists the stages) and :class:`~kizuna.errors.ConflictError` for a
    move to the current stage, or an illegal jump without a ``reason``.
    """
    reason = reason.strip() if reason and reason.strip() else None
    if target in ESCALATIONS:
        return _escalation(track, current, target, reason)
    keys = stage_keys(track)
    here, there = stage(track, current), stage(track, target)
    if there.key == here.key:
        raise ConflictError(f"the campaign is already at stage {target}")
    if there.key in here.next:
        return Transition(
            track=track, source=current, target=target, kind="forward", legal=True, reason=reason
        )
    start, end = keys.index(current), keys.index(target)
    kind = "skip" if end > start else "back"
    skipped = keys[start + 1 : end] if kind == "skip" else ()
    if not reason:
        what = f"skips {', '.join(skipped)}" if kind == "skip" else "goes back"
        allowed = ", ".join(here.next) or "none (final stage)"
        raise ConflictError(
            f"{current} → {target} {what}; forward from {current}: {allowed}. "
            "Give --reason to record why (the reason is logged)"
        )
    return Transition(
        track=track,
        source=current,
        target=target,
        kind=kind,
        legal=False,
        skipped=skipped,
        reason=reason,
    )


@dataclass(frozen=True, kw_only=True)
class FollowUp:
    """When a campaign next needs a follow-up, from its stage's expected response period.

    ``period_days`` is ``None`` when nothing is expected (a closed campaign, or a
    stage whose period is 0). ``due`` is true from ``due_on`` onwards.
    """

    campaign_id: int | None
    stage: str
    escalation: str | None
    last_entry_on: date
    period_days: int | None
    due_on: date | None
    due: bool
    days_overdue: int

    def to_json(self) -> dict[str, object]:
        return {
            "campaign_id": self.campaign_id,
            "stage": self.stage,
            "escalation": self.escalation,
            "last_entry_on": self.last_entry_on.isoformat(),
            "period_days": self.period_days,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "due": self.due,
            "days_overdue": self.days_overdue,
        }


def follow_up(
    campaign: Campaign, periods: Mapping[str, Mapping[str, int]], as_of: date
) -> FollowUp:
    """The follow-up of ``campaign`` as of ``as_of``.

    The period is the escalation's (``periods["escalation"]``) when the campaign
    is escalated, else its stage's (``periods[track]``); it runs from the latest
    ``occurred_on`` in the record (the opening date when the record is empty),
    key rotations aside.
    """
    # A signing-key rotation is bookkeeping, not contact: it does not restart the period.
    dates = [entry.occurred_on for entry in campaign.entries if entry.kind != "key-rotation"]
    last = max(dates) if dates else campaign.opened_on
    if campaign.escalation:
        days = periods.get("escalation", {}).get(campaign.escalation)
    else:
        days = periods.get(campaign.track, {}).get(campaign.stage)
    if campaign.closed or not days:
        return FollowUp(
            campaign_id=campaign.id,
            stage=campaign.stage,
            escalation=campaign.escalation,
            last_entry_on=last,
            period_days=None,
            due_on=None,
            due=False,
            days_overdue=0,
        )
    due_on = last + timedelta(days=days)
    return FollowUp(
        campaign_id=campaign.id,
        stage=campaign.stage,
        escalation=campaign.escalation,
        last_entry_on=last,
        period_days=days,
        due_on=due_on,
        due=as_of >= due_on,
        days_overdue=max(0, (as_of - due_on).days),
    )
