"""The reviewed state of a claim chart: computed matches with review events applied (pure).

Rules (also in ``docs/charts.md``):

- Per passage, the reviewer's **last** accept/add/reject decision counts.
- Accepted and added passages come first (in the order they were decided),
  then the remaining proposed passages by score, then rejected ones. Rejected
  passages stay in the chart (and its history) but exports leave them out.
- An element with at least one accepted or added passage is labelled
  ``supported``: the reviewer has confirmed that the evidence shows the
  element. A reviewer who disagrees with the evidence rejects it instead.
- Otherwise the element's score is the best score among its passages that are
  not rejected (0 when none is left) and its label follows
  :func:`kizuna.domain.charting.element_label`, so rejecting the only good passage
  lowers the label.
- The last ``edit-text`` gives the element's wording (the claim wording stays
  in ``original_text``); notes are kept in order.
- Coverage, verdict and the elements needing evidence follow from the reviewed
  labels (:func:`kizuna.domain.charting.summarise`, the all-elements rule).

Events about elements a rebuilt chart no longer has stay in the history and
change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from kizuna.domain.charting import element_label, summarise
from kizuna.domain.evidence import (
    ClaimChart,
    ElementMatch,
    MatchStatus,
    PassageMatch,
    ReviewEvent,
)

__all__ = ["apply_review", "element_versions", "visible_matches"]


def _decisions(events: Sequence[ReviewEvent]) -> dict[str, MatchStatus]:
    """Passage id -> last decision, in the order passages were first decided."""
    decided: dict[str, MatchStatus] = {}
    for event in events:
        if event.action == "accept":
            decided[event.value] = "accepted"
        elif event.action == "add":
            decided[event.value] = "added"
        elif event.action == "reject":
            decided[event.value] = "rejected"
    return decided


def _review_element(
    element: ElementMatch, events: Sequence[ReviewEvent], snapshots: Mapping[str, PassageMatch]
) -> ElementMatch:
    decided = _decisions(events)
    proposed = {m.passage_id: m for m in element.matches}
    chosen: list[PassageMatch] = []
    for passage_id, status in decided.items():
        if status == "rejected":
            continue
        base = proposed.get(passage_id) or snapshots.get(passage_id)
        if base is not None:
            shown: MatchStatus = "accepted" if passage_id in proposed else status
            chosen.append(replace(base, status=shown))
    rest = [m for m in element.matches if m.passage_id not in decided]
    rejected = [replace(m, status="rejected") for m in element.matches
                if decided.get(m.passage_id) == "rejected"]
    kept = chosen + sorted(rest, key=lambda m: -m.score)
    score = max((m.score for m in kept), default=0.0)
    label = "supported" if chosen else element_label(kept)
    edits = [e.value for e in events if e.action == "edit-text"]
    notes = tuple(e.value for e in events if e.action == "note")
    return replace(
        element, text=edits[-1] if edits else element.original_text, score=round(score, 4),
        label=label, matches=tuple(kept + rejected), notes=notes,
    )


def apply_review(chart: ClaimChart, snapshots: Mapping[str, PassageMatch]) -> ClaimChart:
    """``chart`` (computed matches, ``history`` filled) in its reviewed state.

    ``snapshots`` holds the stored copy of each accepted or added passage, used
    when the computed matches no longer include it.
    """
    by_element: dict[str, list[ReviewEvent]] = {}
    for event in chart.history:
        by_element.setdefault(event.element_id, []).append(event)
    elements = tuple(
        _review_element(e, by_element.get(e.element_id, []), snapshots) for e in chart.elements
    )
    coverage, verdict, needs = summarise(elements)
    return replace(chart, elements=elements, coverage=coverage, verdict=verdict,
                   needs_evidence=needs)


def visible_matches(element: ElementMatch) -> tuple[PassageMatch, ...]:
    """The passages an export shows: everything but rejected ones, in reviewed order."""
    return tuple(m for m in element.matches if m.status != "rejected")


def element_versions(chart: ClaimChart) -> dict[str, int]:
    """Each element's review version: how many review events it has had (0: none)."""
    versions = {e.element_id: 0 for e in chart.elements}
    for event in chart.history:
        versions[event.element_id] = versions.get(event.element_id, 0) + 1
    return versions
