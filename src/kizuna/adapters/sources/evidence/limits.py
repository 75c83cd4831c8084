"""Bounds on one evidence file, checked before (or while) the work they bound is done.

A hostile or accidental input (a 500 MB upload, a PDF of 100,000 pages, one
paragraph of 16 MB) must fail fast with a clear message instead of occupying
the server. :class:`EvidenceLimits` carries the four bounds; the defaults are
the settings' defaults (``KIZUNA_EVIDENCE_MAX_*``, docs/limits.md):

| bound | default | checked |
|---|---|---|
| ``max_bytes`` | 128 MiB | before the file is read (file size, or upload byte count) |
| ``max_pages`` | 2,000 | PDF: after the page table is read, before any page text |
| ``max_chars`` | 64 M characters | extracted text, as blocks are collected |
| ``max_passages`` | 250,000 | as passages are cut |

A passage itself is never longer than
:data:`~kizuna.adapters.sources.evidence.passages.MAX_CHARS` (500) characters.

    >>> EvidenceLimits().max_pages
    2000
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "EvidenceLimits", "LimitExceededError"]


@dataclass(frozen=True, kw_only=True)
class EvidenceLimits:
    """The most one evidence file may hold; see the module doc for the defaults."""

    max_bytes: int = 128 * 1024**2
    max_pages: int = 2_000
    max_chars: int = 64 * 1024**2
    max_passages: int = 250_000


DEFAULT_LIMITS = EvidenceLimits()


class LimitExceededError(Exception):
    """Raised inside the readers when a bound is passed; ``read_evidence`` names the file.

    ``str()`` is the fault, e.g. ``more than 250,000 passages (KIZUNA_EVIDENCE_MAX_PASSAGES)``.
    """
