"""Campaign stage rules: legal and illegal jumps, reasons, escalation, labels, follow-ups."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from kizuna.domain.campaign import Campaign, RecordEntry
from kizuna.domain.campaign_rules import (
    ESCALATION_FROM,
    ESCALATIONS,
    STAGES,
    TRACKS,
    check_transition,
    first_stage,
    follow_up,
    stage_keys,
    stage_label,
)
from kizuna.errors import ConflictError, InvalidValueError

RELATIONSHIP = (
    "research",
    "introduction",
    "first-meeting",
    "nda",
    "technical-meetings",
    "evidence-shared",
    "terms-proposed",
    "ringi",
    "agreement",
)


def test_tracks_have_the_issue_stages_in_order() -> None:
    assert stage_keys("relationship") == RELATIONSHIP
    assert stage_keys("sep") == (
        "research",
        "offer",
        "willingness",
        "frand-offer",
        "counteroffer",
        "court-adr",
        "agreement",
    )
    assert set(ESCALATIONS) == {
        "hantei",
        "jipac-mediation",
        "jipac-arbitration",
        "ip-mediation",
        "court-mediation",
        "litigation",
    }


def test_every_stage_has_japanese_and_english_names() -> None:
    for track in TRACKS:
        for stage in STAGES[track]:
            assert stage.en and stage.ja and stage.en != stage.ja
    assert stage_label("relationship", "ringi", "ja") == "稟議（相手方の社内承認）"
    assert stage_label("sep", "frand-offer", "en") == "FRAND offer"


@pytest.mark.parametrize("track", TRACKS)
def test_each_next_stage_is_a_legal_forward_move(track: str) -> None:
    keys = stage_keys(track)
    for here, there in itertools.pairwise(keys):
        move = check_transition(track, here, there, None)
        assert (move.kind, move.legal) == ("forward", True)


def test_sep_may_end_in_agreement_after_an_offer_or_counteroffer() -> None:
    assert check_transition("sep", "frand-offer", "agreement", None).legal
    assert check_transition("sep", "counteroffer", "agreement", None).legal


def test_skipping_needs_a_reason_which_the_description_keeps() -> None:
    with pytest.raises(ConflictError, match=r"skips introduction, first-meeting.*--reason"):
        check_transition("relationship", "research", "nda", None)
    move = check_transition("relationship", "research", "nda", "  met at a trade fair ")
    assert (move.kind, move.legal, move.skipped) == (
        "skip",
        False,
        ("introduction", "first-meeting"),
    )
    assert move.describe() == (
        "Stage: Research → NDA (illegal jump, skips introduction, first-meeting); "
        "reason: met at a trade fair"
    )


def test_going_back_needs_a_reason() -> None:
    with pytest.raises(ConflictError, match="goes back"):
        check_transition("relationship", "ringi", "terms-proposed", "")
    move = check_transition("relationship", "ringi", "terms-proposed", "board asked for new terms")
    assert move.kind == "back" and "goes back" in move.describe()


def test_leaving_the_final_stage_is_going_back() -> None:
    with pytest.raises(ConflictError, match="none \\(final stage\\)"):
        check_transition("relationship", "agreement", "ringi", None)


def test_unknown_stage_lists_the_stages() -> None:
    with pytest.raises(InvalidValueError) as caught:
        check_transition("relationship", "nda", "signing", None)
    message = str(caught.value)
    assert "'signing'" in message
    assert ", ".join(RELATIONSHIP) in message
    assert "hantei" in message


def test_unknown_track_and_same_stage() -> None:
    with pytest.raises(InvalidValueError, match="tracks: relationship, sep"):
        first_stage("patent-pool")
    with pytest.raises(ConflictError, match="already at stage nda"):
        check_transition("relationship", "nda", "nda", "why not")


def test_escalation_is_open_after_positions_are_exchanged() -> None:
    for track, stages in ESCALATION_FROM.items():
        for here in stages:
            move = check_transition(track, here, "hantei", None)
            assert (move.kind, move.legal) == ("escalation", True)
    with pytest.raises(ConflictError, match="early"):
        check_transition("relationship", "first-meeting", "litigation", None)
    early = check_transition("relationship", "first-meeting", "litigation", "limitation ends soon")
    assert not early.legal
    assert early.describe().endswith("(early escalation); reason: limitation ends soon")


def _campaign(**overrides: object) -> Campaign:
    values: dict[str, object] = {
        "id": 1,
        "licensee": "例示株式会社",
        "company_id": None,
        "patents": ("JP7533889B2",),
        "track": "relationship",
        "stage": "nda",
        "opened_on": date(2026, 1, 5),
    }
    values.update(overrides)
    return Campaign(**values)  # type: ignore[arg-type]


def _entry(on: date) -> RecordEntry:
    return RecordEntry(
        seq=1,
        kind="meeting",
        summary="s",
        occurred_on=on,
        recorded_at=datetime(2026, 3, 1, tzinfo=UTC),
        actor="t",
    )


PERIODS = {"relationship": {"nda": 30, "agreement": 0}, "escalation": {"hantei": 90}}


def test_follow_up_runs_from_the_latest_entry_date() -> None:
    campaign = _campaign(entries=(_entry(date(2026, 3, 1)), _entry(date(2026, 2, 1))))
    not_yet = follow_up(campaign, PERIODS, date(2026, 3, 30))
    assert (not_yet.due_on, not_yet.due, not_yet.days_overdue) == (date(2026, 3, 31), False, 0)
    late = follow_up(campaign, PERIODS, date(2026, 4, 10))
    assert (late.due, late.days_overdue, late.period_days) == (True, 10, 30)


def test_follow_up_uses_the_escalation_period_and_none_when_closed() -> None:
    escalated = follow_up(_campaign(escalation="hantei"), PERIODS, date(2026, 1, 5))
    assert escalated.due_on == date(2026, 4, 5)  # from the opening date: no entries
    closed = follow_up(_campaign(stage="agreement", closed=True), PERIODS, date(2030, 1, 1))
    assert (closed.due_on, closed.due, closed.period_days) == (None, False, None)
