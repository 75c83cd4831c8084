"""Checks on what a user types into a campaign: contact names and back-dated entries.

- ``optional_text``: trimmed text within a length limit, or ``None``.
- ``romanised_name``: a name in Latin letters (for "Dear Ms. Suzuki,").
- ``honorific_of``: one of :data:`~kizuna.domain.campaign_rules.HONORIFICS`
  (``ms`` → ``Ms.``).
- ``backdated_summary``: an entry dated before the campaign opened needs an
  explicit reason, appended to the hashed summary.
"""

from __future__ import annotations

from datetime import date

from kizuna.domain.campaign import Campaign
from kizuna.domain.campaign_rules import HONORIFICS
from kizuna.errors import InvalidValueError

__all__ = ["backdated_summary", "honorific_of", "optional_text", "romanised_name"]


def optional_text(value: str | None, name: str, limit: int = 200) -> str | None:
    """``value`` trimmed, ``None`` when empty; InvalidValueError naming ``name`` when too long."""
    text = (value or "").strip()
    if len(text) > limit:
        raise InvalidValueError(f"{name}: {len(text):,} characters, over {limit}")
    return text or None


def romanised_name(value: str | None) -> str | None:
    """A name in Latin letters (``Mika Suzuki``), or ``None``; other scripts are refused."""
    text = optional_text(value, "--romanised")
    if text is not None and not all(c.isascii() for c in text):
        raise InvalidValueError(f"--romanised {text!r}: write the name in Latin letters")
    return text


def honorific_of(value: str | None) -> str | None:
    """The English honorific as letters write it (``ms`` → ``Ms.``), or ``None``."""
    text = optional_text(value, "--honorific")
    if text is None:
        return None
    wanted = text.rstrip(".").casefold()
    found = next((h for h in HONORIFICS if h.rstrip(".").casefold() == wanted), None)
    if found is None:
        raise InvalidValueError(f"--honorific {text!r}: not one of {', '.join(HONORIFICS)}")
    return found


def backdated_summary(
    campaign: Campaign, on: date, reason: str | None, summary: str, *, name: str = "--date"
) -> str:
    """``summary``, with the reason appended when ``on`` is before the campaign opened.

    An entry dated before the campaign opened needs an explicit reason (the
    record must not be padded silently with earlier history); the reason
    becomes part of the hashed summary. A reason for an entry that is not
    backdated is refused, so it cannot mislead.
    """
    text = (reason or "").strip()
    if on >= campaign.opened_on:
        if text:
            raise InvalidValueError(
                f"--backdate-reason: {name} {on.isoformat()} is not before the campaign opened "
                f"({campaign.opened_on.isoformat()}); leave it out"
            )
        return summary
    if not text:
        raise InvalidValueError(
            f"{name} {on.isoformat()}: before campaign {campaign.id} opened "
            f"({campaign.opened_on.isoformat()}); give --backdate-reason to record why"
        )
    if len(text) > 1_000:
        raise InvalidValueError(f"--backdate-reason: {len(text):,} characters, over 1,000")
    return f"{summary}\nBackdated (before the campaign opened on {campaign.opened_on}): {text}"
