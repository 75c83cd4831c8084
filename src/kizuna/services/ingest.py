"""Ingest patent documents from files and folders into the store.

:func:`ingest_paths` walks the paths given (folders recursively, in name
order, skipping hidden entries; streamed, so a folder of any size is read in
bounded memory), picks a reader for each file from its first 4 KiB, and stores
each document it reads:

- a document already stored (same file SHA-256 and document label) is *unchanged*;
- a document sharing a number with stored patents is merged into them
  (:func:`kizuna.domain.patent.merge`; when it links two stored patents, all
  become one) and is *updated*;
- otherwise it is *ingested* as a new patent.

Each document is atomic (a savepoint): a document that fails leaves nothing
behind and earlier ones stay. A fault of a file or of one document goes into
``IngestReport.failed`` and ingestion goes on. For speed, new documents are
written in batches (one ``executemany`` per table) and committed per batch, and
the documents of large bulk files are parsed by ``workers`` processes
(:mod:`kizuna.services.ingest_pool`) while this one stores them, in order: the
report and the store are the same as with ``workers=1``.

    >>> report = ingest_paths(paths=[Path("samples")], database=db)  # doctest: +SKIP
    >>> report.to_json()["ingested"]  # doctest: +SKIP
    42
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from kizuna.adapters.sources.base import FileInput, SourceReader
from kizuna.domain.patent import Patent, merge
from kizuna.errors import KizunaError, SourceError
from kizuna.services.ingest_pool import (
    GC_YOUNG_THRESHOLD,
    MappedReader,
    ParsePool,
    ReaderCrashError,
    relax_gc,
)
from kizuna.services.patents import as_store
from kizuna.services.ports import NumberKey, PatentStore, PatentUnitOfWork, SourceKey

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "GC_YOUNG_THRESHOLD",
    "FailedFile",
    "IngestProgress",
    "IngestReport",
    "IngestWarning",
    "PatentAction",
    "ingest_paths",
    "iter_files",
    "relaxed_gc",
]

DEFAULT_MAX_FILE_BYTES = 2 * 1024**3
BATCH_DOCUMENTS = 50  # documents written (and committed) together: small enough that the
# parser processes (MIN_WINDOW documents queued) stay busy while a batch is written
#: Files at least this large are parsed in worker processes (when workers > 1);
#: below it, starting the workers costs more than they save.
PARALLEL_MIN_BYTES = 8 * 1024**2
_HEAD_BYTES = 4096

Action = Literal["ingested", "updated", "unchanged"]


class FailedFile(TypedDict):
    file: str
    error: str  # one line that names the file and the fault


class IngestWarning(TypedDict):
    file: str
    message: str


class PatentAction(TypedDict):
    number: str  # canonical number, compact form
    action: Action
    file: str


@dataclass(frozen=True, kw_only=True)
class IngestProgress:
    """Reported after each file; totals are known after a cheap first walk."""

    current: str  # name of the file just done
    files_done: int
    files_total: int | None
    bytes_done: int
    total_bytes: int | None


@dataclass(kw_only=True)
class IngestReport:
    """What an ingest run did; :meth:`to_json` is a documented interface."""

    ingested: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    patents: list[PatentAction] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files in folders with other suffixes
    files: int = 0
    documents: int = 0
    bytes: int = 0

    def to_json(self) -> dict[str, Any]:
        """``{"ingested", "updated", "unchanged", "failed", "warnings", "patents"}``."""
        return {
            "ingested": self.ingested,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [dict(f) for f in self.failed],
            "warnings": [dict(w) for w in self.warnings],
            "patents": [dict(p) for p in self.patents],
            "skipped": list(self.skipped),
            "files": self.files,
            "documents": self.documents,
            "bytes": self.bytes,
        }

    def fail(self, file: Path | str, error: str) -> None:
        self.failed.append({"file": str(file), "error": error})

    def record(self, number: str, action: Action, file: str) -> None:
        setattr(self, action, getattr(self, action) + 1)
        self.patents.append({"number": number, "action": action, "file": file})


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Collect the young generation less often while the block runs (:func:`relax_gc`);
    restore after."""
    before = relax_gc()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def ingest_paths(
    *,
    paths: Sequence[Path],
    database: Database | PatentStore,
    readers: Sequence[SourceReader] | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    workers: int | None = None,
) -> IngestReport:
    """Read every patent document under ``paths`` into the store; see the module docstring.

    ``readers`` defaults to :func:`~kizuna.adapters.sources.registry.default_readers`.
    ``workers`` (default: the number of CPUs) processes parse the documents of
    bulk files of :data:`PARALLEL_MIN_BYTES` or more; 1 parses everything here.
    Raises :class:`~kizuna.errors.StorageError` only when the database itself
    fails (e.g. a commit); faults of files and documents are in the report.
    """
    if readers is None:
        from kizuna.adapters.sources.registry import default_readers

        readers = default_readers()
    files_total, total_bytes = _totals(paths) if progress is not None else (None, None)
    report = IngestReport()
    workers = (os.cpu_count() or 1) if workers is None else workers
    with relaxed_gc(), ParsePool(workers=workers) as pool, \
            as_store(database).unit_of_work() as uow:
        batch = _Batch(uow, report, pool.busy if workers > 1 else None)
        for path, walk_error in iter_files(paths):
            if walk_error is SKIPPED:
                report.skipped.append(str(path))
                continue
            report.files += 1
            if walk_error is not None:
                report.fail(path, walk_error)
            else:
                report.bytes += _ingest_file(path, readers, batch, report, max_file_bytes,
                                             pool if workers > 1 else None)
            if progress is not None:
                progress(IngestProgress(current=path.name, files_done=report.files,
                                        files_total=files_total, bytes_done=report.bytes,
                                        total_bytes=total_bytes))
        batch.flush()
    return report


SKIPPED = "skipped: not a patent file suffix"
#: Suffixes read when walking a folder; a file named explicitly is always tried.
PATENT_SUFFIXES = frozenset({".xml", ".json", ".jsonl", ".ndjson", ".csv"})


def iter_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str | None]]:
    """Yield (file, None) for each file under ``paths``, or (path, fault) when unreadable.

    Folders are walked recursively in name order, one folder listing at a time;
    entries whose names start with ``.`` are skipped, links to folders are not
    followed, and files whose suffix is not in :data:`PATENT_SUFFIXES` (a README,
    a PDF) are yielded with the fault :data:`SKIPPED` so the report can list them.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path, None
        else:
            yield path, f"{path.name}: no such file or folder"


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"{folder.name}: cannot list the folder: {exc.strerror or exc}"
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            path = Path(entry.path)
            yield path, (None if path.suffix.lower() in PATENT_SUFFIXES else SKIPPED)


def _totals(paths: Sequence[Path]) -> tuple[int, int]:
    count = size = 0
    for path, fault in iter_files(paths):
        if fault is SKIPPED:
            continue
        count += 1
        if fault is None:
            with suppress(OSError):  # reported when the file itself is read
                size += path.stat().st_size
    return count, size


def _ingest_file(
    path: Path, readers: Sequence[SourceReader], batch: _Batch, report: IngestReport,
    max_file_bytes: int, pool: ParsePool | None,
) -> int:
    """Read one file's documents into the batch; returns the file's size in bytes."""
    from kizuna.adapters.sources.registry import detect

    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            report.fail(path, f"{path.name}: the file is {size:,} bytes, over the limit of "
                              f"{max_file_bytes:,} bytes (KIZUNA_MAX_FILE_BYTES)")
            return size
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
        reader = detect(path, head, readers)
        if pool is not None and size >= PARALLEL_MIN_BYTES and isinstance(reader, MappedReader):
            results = reader.read_mapped(FileInput(path=path), pool.map, by_reference=True)
        else:
            results = reader.read(FileInput(path=path))
    except SourceError as exc:
        report.fail(path, str(exc))
        return 0
    except OSError as exc:
        report.fail(path, f"{path.name}: cannot read the file: {exc.strerror or exc}")
        return 0
    while (result := _next_result(path, results, report)) is not None:
        if isinstance(result, SourceError):
            report.fail(path, str(result))
            continue
        report.documents += 1
        _note_warnings(path, result, report)
        batch.add(result, str(path))
    return size


def _next_result(path: Path, results: Iterator[Patent | SourceError],
                 report: IngestReport) -> Patent | SourceError | None:
    """The reader's next result; None at the end or after a fault of the whole file."""
    try:
        return next(results, None)
    except SourceError as exc:
        report.fail(path, str(exc))
    except OSError as exc:
        report.fail(path, f"{path.name}: cannot read the file: {exc.strerror or exc}")
    except ReaderCrashError as exc:  # the same, met in a worker process
        report.fail(path, f"{path.name}: unexpected {exc.kind} while reading: {exc}")
    except Exception as exc:  # a reader bug must not stop the run; the report names it
        report.fail(path, f"{path.name}: unexpected {type(exc).__name__} while reading: {exc}")
    return None


def _note_warnings(path: Path, patent: Patent, report: IngestReport) -> None:
    for source in patent.sources:
        where = f"document {source.document}: " if source.document else ""
        if source.recovered:
            report.warnings.append({"file": str(path), "message": f"{where}parsed after "
                                    "repairing malformed input (repairs listed below)"})
        for warning in source.warnings:
            report.warnings.append({"file": str(path), "message": f"{where}{warning}"})


@dataclass
class _Pending:
    patent: Patent
    file: str
    numbers: set[NumberKey]
    sources: set[SourceKey]


def _pending(patent: Patent, file: str) -> _Pending:
    keys = [n.key for n in patent.numbers]
    clash = patent.number not in patent.numbers and patent.number.key in keys
    if clash or len(set(keys)) < len(keys):
        patent = merge(patent, patent)  # one number per key, as the store requires
    return _Pending(
        patent=patent, file=file,
        numbers={n.key for n in (*patent.numbers, patent.number)},
        sources={(s.sha256, s.document) for s in patent.sources},
    )


def _label(item: _Pending) -> str:
    name = Path(item.file).name
    document = item.patent.sources[0].document if item.patent.sources else ""
    return f"{name}: document {document or item.patent.number.compact}"


class _Batch:
    """Documents waiting to be written; flushed when full, on a key clash, and at the end.

    With parser processes (``busy``), a full batch waits (up to twice its size)
    until they have enough documents queued to go on while it is written: at the
    end of a file they have none, and would idle through the write.
    """

    def __init__(self, uow: PatentUnitOfWork, report: IngestReport,
                 busy: Callable[[], bool] | None = None) -> None:
        self.uow = uow
        self.busy = busy
        self.report = report
        self.items: list[_Pending] = []
        self.numbers: set[NumberKey] = set()
        self.sources: set[SourceKey] = set()

    def add(self, patent: Patent, file: str) -> None:
        item = _pending(patent, file)
        if item.numbers & self.numbers or item.sources & self.sources:
            self.flush()  # a later document of the same patent: store the earlier one first
        self.items.append(item)
        self.numbers |= item.numbers
        self.sources |= item.sources
        if len(self.items) >= BATCH_DOCUMENTS and (
            self.busy is None or self.busy() or len(self.items) >= 2 * BATCH_DOCUMENTS
        ):
            self.flush()

    def flush(self) -> None:
        items, self.items = self.items, []
        self.numbers, self.sources = set(), set()
        if not items:
            return
        actions: dict[int, tuple[str, Action]] = {}
        try:
            with self.uow.savepoint():
                stored = self.uow.patents.stored_sources(s for i in items for s in i.sources)
                found = self.uow.patents.find_ids(k for i in items for k in i.numbers)
        except KizunaError as exc:
            for item in items:
                self.report.fail(item.file, f"{_label(item)}: could not be stored: {exc}")
            return
        new: list[int] = []
        for index, item in enumerate(items):
            if item.sources and item.sources <= stored:
                actions[index] = (item.patent.number.compact, "unchanged")
            elif item.numbers.isdisjoint(found):
                new.append(index)
            else:
                self._merge(index, item, actions)
        self._insert([(i, items[i]) for i in new], actions)
        for index, item in enumerate(items):
            if index in actions:
                number, action = actions[index]
                self.report.record(number, action, item.file)
        self.uow.commit()

    def _insert(self, indexed: list[tuple[int, _Pending]],
                actions: dict[int, tuple[str, Action]]) -> None:
        if not indexed:
            return
        try:
            with self.uow.savepoint():
                self.uow.patents.add_many([item.patent for _, item in indexed])
        except KizunaError as exc:
            if len(indexed) == 1:
                self._fail_item(indexed[0][1], exc)
                return
            for pair in indexed:  # find the bad document(s): one savepoint each
                self._insert([pair], actions)
            return
        for index, item in indexed:
            actions[index] = (item.patent.number.compact, "ingested")

    def _merge(self, index: int, item: _Pending, actions: dict[int, tuple[str, Action]]) -> None:
        try:
            with self.uow.savepoint():
                found = self.uow.patents.find_ids(item.numbers)  # fresh: earlier merges move ids
                ids = sorted(set(found.values()))
                if not ids:
                    self.uow.patents.add_many([item.patent])
                    actions[index] = (item.patent.number.compact, "ingested")
                    return
                merged = reduce(merge, [*self.uow.patents.load(ids), item.patent])
                self.uow.patents.replace(ids[0], merged, absorb=ids[1:])
        except (KizunaError, ValueError) as exc:
            self._fail_item(item, exc)
            return
        actions[index] = (merged.number.compact, "updated")

    def _fail_item(self, item: _Pending, exc: Exception) -> None:
        self.report.fail(item.file, f"{_label(item)}: could not be stored: {exc}")
