"""Uploaded files saved to a temporary folder so the ingest service can read them.

Each upload goes into its own numbered subfolder under its own base name, so
two uploads with the same name do not collide and the ingest report names the
file as the user knows it. At most ``max_bytes + 1`` bytes are written: a file
over the limit is then refused by the ingest service like any too-large file,
without filling the disk first.

    >>> with saved_uploads(files, max_bytes=2**20) as paths:  # doctest: +SKIP
    ...     report = ingest_paths(paths=paths, database=db)
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Protocol

__all__ = ["Upload", "name_files", "safe_name", "saved_uploads"]

_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


class Upload(Protocol):
    """What is needed of an uploaded file (``fastapi.UploadFile`` has it)."""

    filename: str | None
    file: BinaryIO


def safe_name(filename: str | None, index: int) -> str:
    """The base name of an uploaded file, stripped of folders and control characters."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = _UNSAFE.sub("", name).strip()
    if name in {"", ".", ".."}:
        return f"upload-{index + 1}"
    return name


def _copy_limited(source: BinaryIO, target: Path, limit: int) -> None:
    remaining = limit
    with target.open("wb") as out:
        while remaining > 0:
            chunk = source.read(min(_CHUNK, remaining))
            if not chunk:
                break
            out.write(chunk)
            remaining -= len(chunk)


@contextmanager
def saved_uploads(uploads: Sequence[Upload], *, max_bytes: int) -> Iterator[list[Path]]:
    """Save ``uploads`` to a temporary folder; yield their paths; delete the folder after."""
    with tempfile.TemporaryDirectory(prefix="kizuna-upload-") as folder:
        paths: list[Path] = []
        for index, upload in enumerate(uploads):
            target = Path(folder) / f"{index:04d}" / safe_name(upload.filename, index)
            target.parent.mkdir()
            upload.file.seek(0)
            _copy_limited(upload.file, target, max_bytes + 1)
            paths.append(target)
        yield paths


def name_files(report: dict[str, Any], paths: Sequence[Path]) -> dict[str, Any]:
    """The ingest report with each saved file's path replaced by its uploaded name.

    The temporary folder means nothing to the user, and should not leak.
    """
    names = {str(path): path.name for path in paths}
    for key in ("failed", "warnings", "patents"):
        for row in report.get(key, []):
            row["file"] = names.get(row["file"], row["file"])
    return report
