"""Kizuna's exception hierarchy.

Every error Kizuna raises on purpose is a :class:`KizunaError`. The CLI prints
``str(error)`` on one line and exits non-zero; the web maps ``status`` to the
HTTP status code. Messages name the input and the fault, e.g.
``US08930553.xml: claim 3 refers to claim 9, which does not exist``.

::

    KizunaError
    ├── InputError                  (400) the user's input is wrong
    │   ├── InvalidNumberError            a patent/application number cannot be read
    │   ├── InvalidValueError             a money amount, rate, date or setting is invalid
    │   ├── SourceError                   a file cannot be ingested (has .path)
    │   │   ├── EmptyFileError
    │   │   ├── EncodingError             unknown or wrong text encoding
    │   │   ├── MalformedDocumentError    not well-formed / unreadable structure
    │   │   ├── TooLargeError       (413) over a documented size limit (bytes, pages, passages)
    │   │   ├── UnsupportedFormatError    not a patent document Kizuna knows
    │   │   └── ClaimStructureError       claim references a missing claim, or a cycle
    │   └── ConflictError           (409) the request conflicts with stored state
    ├── NotFoundError               (404) has .candidates (close matches)
    │   └── PatentNotFoundError
    ├── StorageError                (500) the database failed or is not migrated
    ├── AuthenticationError         (401) no valid login, session or API token
    ├── AccessDeniedError           (403) role or matter membership does not allow it
    ├── ThrottledError              (429) too many failed logins
    └── OfficeError                 (502) a patent office's API refused or failed (kizuna fetch)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "OUT_OF_RANGE",
    "AccessDeniedError",
    "AuthenticationError",
    "ClaimStructureError",
    "ConflictError",
    "EmptyFileError",
    "EncodingError",
    "InputError",
    "InvalidNumberError",
    "InvalidValueError",
    "KizunaError",
    "MalformedDocumentError",
    "NotFoundError",
    "OfficeError",
    "PatentNotFoundError",
    "SourceError",
    "StorageError",
    "ThrottledError",
    "TooLargeError",
    "UnsupportedFormatError",
]


#: What the CLI and the web say when a calculation leaves the range of its numbers
#: (an ``ArithmeticError`` that input validation did not prevent).
OUT_OF_RANGE = (
    "a number in the input, or a result computed from it, is out of range "
    "(amounts and counts are at most 10^18, ids at most 2^63 - 1; docs/limits.md)"
)


class KizunaError(Exception):
    """Base class of every error Kizuna raises on purpose."""

    status: int = 500


class InputError(KizunaError):
    """The user's input is wrong; the message says which input and why."""

    status = 400


class InvalidNumberError(InputError):
    """A patent, publication or application number cannot be read."""


class InvalidValueError(InputError):
    """A value (money, rate, date, setting) is out of range or malformed."""


class ConflictError(InputError):
    """The request conflicts with what is stored (e.g. an illegal state change)."""

    status = 409


class SourceError(InputError):
    """A source file cannot be ingested. ``str()`` starts with the file name."""

    def __init__(self, path: str | Path, fault: str) -> None:
        self.path = str(path)
        self.fault = fault
        super().__init__(f"{Path(self.path).name}: {fault}")


class EmptyFileError(SourceError):
    """The file has no content."""


class EncodingError(SourceError):
    """The file's text encoding is unknown or does not match its declaration."""


class MalformedDocumentError(SourceError):
    """The file is not well-formed, or a required part cannot be read."""


class TooLargeError(SourceError):
    """The file is over a documented limit (bytes, pages, characters, passages): 413."""

    status = 413


class UnsupportedFormatError(SourceError):
    """The file is not a patent document in a format Kizuna reads."""


class ClaimStructureError(SourceError):
    """A claim refers to a claim that does not exist, or dependencies form a cycle."""


class NotFoundError(KizunaError):
    """Something asked for by name or number is not stored.

    ``candidates`` lists close matches to offer the user.
    """

    status = 404

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = tuple(candidates)
        if self.candidates:
            message = f"{message}; close matches: {', '.join(self.candidates)}"
        super().__init__(message)


class PatentNotFoundError(NotFoundError):
    """No stored patent has the number asked for."""


class StorageError(KizunaError):
    """The database failed, or its schema is not at the expected revision."""


class AuthenticationError(KizunaError):
    """No valid login, session or API token (HTTP 401)."""

    status = 401


class AccessDeniedError(KizunaError):
    """The user is known but their role or matters do not allow this (HTTP 403)."""

    status = 403


class ThrottledError(KizunaError):
    """Too many failed logins; the message says when to try again (HTTP 429)."""

    status = 429


class OfficeError(KizunaError):
    """A patent office's API refused the request or failed (``kizuna fetch``): HTTP 502.

    The message names the office and the fault (credentials refused, quota exceeded,
    timeout, an answer over the size limit); it never contains a credential.
    """

    status = 502
