"""Read the documents of one bulk input file through the existing source readers.

A plain file goes to the reader :func:`~kizuna.adapters.sources.registry.detect`
picks (the same as ``kizuna ingest``). A ZIP archive (USPTO's weekly full-text
files are ZIPs holding one concatenated XML file) is read member by member,
streamed from the archive without unpacking it; each member is detected and
read like a file, and named ``archive.zip!member.xml`` in reports.

    >>> for result in read_documents(Path("ipg240102.zip")):  # doctest: +SKIP
    ...     print(result.number.compact)
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, cast

from kizuna.adapters.sources.base import FileInput, ReadResult, SourceReader
from kizuna.adapters.sources.registry import HEAD_BYTES, default_readers, detect
from kizuna.errors import SourceError, TooLargeError

__all__ = ["ZIP_SUFFIXES", "ZipMemberInput", "read_documents"]

ZIP_SUFFIXES = frozenset({".zip"})
_MEMBER_SUFFIXES = frozenset({".xml", ".json", ".jsonl", ".ndjson", ".csv", ".sgm", ".txt"})


@dataclass(kw_only=True)
class ZipMemberInput(FileInput):
    """One member of a ZIP archive, streamed (``open`` decompresses on the fly)."""

    archive: Path
    member: str

    def open(self) -> BinaryIO:
        if self.data is not None:
            return super().open()
        handle = zipfile.ZipFile(self.archive)  # stays open while the member stream is in use
        return cast(BinaryIO, handle.open(self.member))

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the member's uncompressed bytes, streamed."""
        digest = hashlib.sha256()
        with self.open() as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def read_bytes(self) -> bytes:
        if self.data is None:
            with zipfile.ZipFile(self.archive) as handle:
                self.data = handle.read(self.member)
        return self.data


def read_documents(path: Path, *, readers: Sequence[SourceReader] | None = None,
                   max_file_bytes: int = 2 * 1024**3) -> Iterator[ReadResult]:
    """Yield each document of ``path`` as a Patent, or a SourceError for one that failed.

    Raises :class:`~kizuna.errors.SourceError` for a fault of the whole file
    (unknown format, too large, unreadable ZIP).
    """
    readers = default_readers() if readers is None else readers
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if size > max_file_bytes:
        raise TooLargeError(path, f"the file is {size:,} bytes, over the limit of "
                                  f"{max_file_bytes:,} bytes (KIZUNA_MAX_FILE_BYTES)")
    if path.suffix.lower() in ZIP_SUFFIXES:
        yield from _read_zip(path, readers, max_file_bytes)
        return
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    reader = detect(path, head, readers)
    yield from reader.read(FileInput(path=path))


def _read_zip(path: Path, readers: Sequence[SourceReader],
              max_file_bytes: int) -> Iterator[ReadResult]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and Path(m.filename).suffix.lower() in _MEMBER_SUFFIXES
                       and not Path(m.filename).name.startswith(".")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(path, f"not a readable ZIP archive: {exc}") from exc
    for info in sorted(members, key=lambda m: m.filename):
        label = Path(f"{path.name}!{Path(info.filename).name}")
        if info.file_size > max_file_bytes:  # a ZIP bomb or a member over the limit
            yield TooLargeError(label, f"the member is {info.file_size:,} bytes uncompressed, "
                                       f"over the limit of {max_file_bytes:,} bytes")
            continue
        member = ZipMemberInput(path=label, archive=path, member=info.filename)
        try:
            with member.open() as stream:
                head = stream.read(HEAD_BYTES)
            reader = detect(label, head, readers)
            yield from reader.read(member)
        except SourceError as exc:
            yield exc
