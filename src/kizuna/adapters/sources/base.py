"""The seam between source formats and the ingest service.

Each format lives in its own package (``uspto_xml``, ``ep_xml``, ``jpo``,
``tabular``) and exposes one :class:`SourceReader`. A reader turns one file
into a stream of :class:`Patent` records; a document inside a bulk file that
cannot be read is yielded as a :class:`~kizuna.errors.SourceError` so the rest
of the file still ingests. A fault of the whole file is raised.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Protocol

from kizuna.domain.patent import Patent
from kizuna.errors import SourceError

__all__ = ["FileInput", "ReadResult", "SourceReader", "sha256_hex"]

ReadResult = Patent | SourceError


@dataclass(kw_only=True)
class FileInput:
    """One input file. ``data`` is given for small files and in tests; bulk
    readers stream with :meth:`open` so memory stays flat for huge files."""

    path: Path
    data: bytes | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        return self.path.open("rb")

    def read_bytes(self) -> bytes:
        if self.data is None:
            self.data = self.path.read_bytes()
        return self.data

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the whole file, computed in 1 MiB chunks."""
        if self.data is not None:
            return sha256_hex(self.data)
        digest = hashlib.sha256()
        with self.path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SourceReader(Protocol):
    """A source format. ``format`` is the name stored with each record (e.g. ``uspto-xml``)."""

    format: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True if the file looks like this format (``head`` is its first 4 KiB)."""
        ...

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield one Patent per document, or a SourceError for a document that failed."""
        ...
