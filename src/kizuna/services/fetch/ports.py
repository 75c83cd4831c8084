"""The port between ``kizuna fetch`` and the offices' API clients (adapters/fetch).

A :class:`DocumentFetcher` takes one patent number and returns the office's
answers as files (:class:`FetchedDocument`): the bytes exactly as the office
sent them, named so that ``kizuna ingest`` recognises them later. It raises a
:class:`~kizuna.errors.KizunaError` for a number the office does not know
(:class:`~kizuna.errors.NotFoundError`) or a refusal (:class:`~kizuna.errors.OfficeError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kizuna.domain.ids import PatentNumber

__all__ = ["DocumentFetcher", "FetchedDocument", "FetchedFile"]


@dataclass(frozen=True, kw_only=True)
class FetchedFile:
    """One answer of an office, saved as a file named ``name`` (no folders in it)."""

    name: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class FetchedDocument:
    """What an office gave for one number; ``notes`` say what it does not give."""

    number: str  # the number as asked, compact form
    office: str  # "ep", "us" or "jp"
    files: tuple[FetchedFile, ...]
    notes: tuple[str, ...] = ()


class DocumentFetcher(Protocol):
    """One office's single-document API, with the user's own credentials."""

    office: str  # "ep", "us" or "jp"
    name: str  # for messages: "EPO OPS", "USPTO ODP", "JPO API"

    def check(self) -> None:
        """Raise :class:`~kizuna.errors.InvalidValueError` naming the missing setting."""
        ...

    def fetch(self, number: PatentNumber) -> FetchedDocument:
        """The office's answers for ``number``; raise NotFoundError or OfficeError."""
        ...

    def close(self) -> None:
        """Close the HTTP connection pool."""
        ...
