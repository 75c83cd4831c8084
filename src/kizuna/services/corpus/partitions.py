"""One input file to finished partitions: the work a build worker (or the plain loop) does.

:class:`InputBuilder` reads an input with the existing source readers
(:func:`~kizuna.adapters.corpus.inputs.read_documents`), cuts its documents into
partitions of ``partition_size``, runs the stages of
:mod:`kizuna.services.corpus.stages` on each and writes it atomically, then a
small marker (``parts/<name>.json``) saying the partition is finished. The
driver folds the markers into the manifest, so a crash (of a worker or the
driver) loses at most the partition in flight. A resumed input skips the
documents of its finished partitions; partition names are the input's SHA-256
and the partition's position, so a resumed build writes the same files as an
uninterrupted one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.adapters.corpus.inputs import read_documents
from kizuna.adapters.corpus.store import CorpusLayout, atomic_write_bytes, write_partition
from kizuna.domain.patent import Patent
from kizuna.errors import InvalidValueError, SourceError
from kizuna.services.corpus.stages import (
    analyse_rows,
    citation_rows,
    document_rows,
    embed_rows,
    resolve_applicants,
)

if TYPE_CHECKING:
    from kizuna.adapters.text.embed import Embedder
    from kizuna.domain.company import Company

__all__ = ["EMBEDDERS", "BuildTask", "InputBuilder", "PartitionResult", "make_embedder",
           "partition_name"]

#: ``--embedder`` choices: USE multilingual (default), the deterministic hashing fake, none.
EMBEDDERS = ("use", "hashing", "none")


def make_embedder(name: str) -> Embedder | None:
    """The embedder called ``name`` (one of :data:`EMBEDDERS`)."""
    from kizuna.adapters.text.embed import HashingEmbedder, USEEmbedder

    if name == "use":
        return USEEmbedder()
    if name == "hashing":
        return HashingEmbedder(256)
    if name == "none":
        return None
    raise InvalidValueError(f"--embedder: {name!r} is not one of {', '.join(EMBEDDERS)}")


def partition_name(sha256: str, position: int) -> str:
    """``<first 20 hex digits of the input's SHA-256>-<position, 5 digits>``."""
    return f"{sha256[:20]}-{position:05d}"


@dataclass(frozen=True, kw_only=True)
class BuildTask:
    """One input file to build, and how many of its partitions are already finished."""

    path: str
    label: str  # the name reports use
    sha256: str
    finished: int = 0


@dataclass(kw_only=True)
class PartitionResult:
    """A finished partition (``name`` set), or the end of an input (``last``)."""

    sha256: str
    label: str
    name: str | None = None
    documents: int = 0
    failed: list[str] = field(default_factory=list)
    last: bool = False
    error: str | None = None  # a fault of the whole file

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class InputBuilder:
    """Builds the partitions of input files; one per worker (loads the embedder once)."""

    def __init__(self, *, out: str, partition_size: int, embedder: str,
                 companies: Sequence[Company] = (), max_file_bytes: int = 2 * 1024**3) -> None:
        from kizuna.services.company_resolution import CompanyIndex

        self.layout = CorpusLayout(Path(out))
        self.partition_size = partition_size
        self.embedder = make_embedder(embedder)
        self.index = CompanyIndex(companies) if companies else None
        self.max_file_bytes = max_file_bytes

    def __call__(self, task: BuildTask) -> Iterator[PartitionResult]:
        """Build ``task``'s unfinished partitions; ends with a ``last`` result."""
        position, skip = task.finished, task.finished * self.partition_size
        patents: list[Patent] = []
        failed: list[str] = []
        seen = 0
        try:
            for result in read_documents(Path(task.path), max_file_bytes=self.max_file_bytes):
                seen += 1
                if seen <= skip:
                    continue  # a finished partition's documents (failures included)
                if isinstance(result, SourceError):
                    failed.append(str(result))
                else:
                    patents.append(result)
                if seen - skip == self.partition_size:
                    yield self._partition(task, position, patents, failed)
                    position, skip, patents, failed = position + 1, seen, [], []
        except (SourceError, OSError) as exc:
            yield PartitionResult(sha256=task.sha256, label=task.label, last=True,
                                  error=_fault(task, exc), failed=failed)
            return
        if patents or failed:
            yield self._partition(task, position, patents, failed)
        yield PartitionResult(sha256=task.sha256, label=task.label, last=True)

    def _partition(self, task: BuildTask, position: int, patents: list[Patent],
                   failed: list[str]) -> PartitionResult:
        name = partition_name(task.sha256, position)
        rows, claims = document_rows(patents, source_file=task.label)
        rows = embed_rows(resolve_applicants(analyse_rows(rows), self.index), self.embedder)
        write_partition(self.layout, name, rows, claims, citation_rows(patents))
        result = PartitionResult(sha256=task.sha256, label=task.label, name=name,
                                 documents=len(rows), failed=list(failed))
        marker = json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True)
        atomic_write_bytes(self.layout.root / "parts" / f"{name}.json", marker.encode("utf-8"))
        return result


def _fault(task: BuildTask, exc: Exception) -> str:
    if isinstance(exc, SourceError):
        return str(exc)
    strerror = getattr(exc, "strerror", None)
    return f"{task.label}: cannot read the file: {strerror or exc}"
