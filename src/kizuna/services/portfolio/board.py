"""The campaigns board: each track's stages as columns, each campaign a card in its stage.

Built from the listing rows of :func:`~kizuna.services.campaign_views.campaign_summary_json`,
so the board, the table and ``GET /api/campaigns`` always agree. Follow-ups that
are due come first, most overdue on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kizuna.domain.campaign_rules import STAGES

__all__ = ["campaign_board", "due_rows"]


def campaign_board(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per track in use: ``{"track", "stages": [{"key", "en", "ja", "campaigns": [row…]}]}``."""
    board = []
    for track, stages in STAGES.items():
        mine = [r for r in rows if r["track"] == track]
        if not mine:
            continue
        board.append({"track": track, "stages": [
            {"key": s.key, "en": s.en, "ja": s.ja,
             "campaigns": [r for r in mine if r["stage"] == s.key]}
            for s in stages
        ]})
    return board


def due_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose follow-up is due, most days overdue first."""
    due = [r for r in rows if r.get("follow_up") and r["follow_up"].get("due")]
    return sorted(due, key=lambda r: (-int(r["follow_up"].get("days_overdue") or 0), r["id"]))
