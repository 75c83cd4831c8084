"""``kizuna corpus build``: bulk patent files to a partitioned Parquet corpus with indexes.

:func:`build_corpus` walks the sources (folders recursively, like ``ingest``;
ZIP archives too), skips inputs the manifest already lists as finished (by
SHA-256 of their bytes, so a renamed file is not built twice), and builds the
others with :class:`~kizuna.services.corpus.partitions.InputBuilder`: through
Ray Data (:func:`~kizuna.adapters.scale.ray_jobs.ray_map`; local mode by
default, ``ray_address`` for a cluster, whose nodes must all see ``out``) or,
with ``use_ray=False``, in this process. Both run the same stages and write the
same files. After the partitions, the indexes are rebuilt when the set of
partitions changed (:func:`kizuna.services.corpus.indexing.build_indexes`).

    >>> report = build_corpus(sources=[Path("bulk")], out=Path("corpus"))  # doctest: +SKIP
    >>> report.to_json()["documents"]  # doctest: +SKIP
    1200
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.adapters.corpus.inputs import ZIP_SUFFIXES
from kizuna.adapters.corpus.store import (
    CorpusLayout,
    InputRecord,
    Manifest,
    clean_temporaries,
    read_manifest,
    write_manifest,
)
from kizuna.adapters.sources.base import FileInput
from kizuna.errors import InvalidValueError
from kizuna.services.corpus.indexing import build_indexes
from kizuna.services.corpus.partitions import (
    EMBEDDERS,
    BuildTask,
    InputBuilder,
    PartitionResult,
)
from kizuna.services.ingest import SKIPPED, iter_files

if TYPE_CHECKING:
    from kizuna.domain.company import Company

__all__ = ["DEFAULT_PARTITION_SIZE", "BuildProgress", "BuildReport", "build_corpus"]

#: Documents per Parquet partition: large enough for efficient columnar files,
#: small enough that a crash loses little and a worker's memory stays bounded.
DEFAULT_PARTITION_SIZE = 5_000
MAX_PARTITION_SIZE = 1_000_000


@dataclass(frozen=True, kw_only=True)
class BuildProgress:
    """Reported after each partition and each finished input."""

    current: str
    files_done: int
    files_total: int
    documents: int


@dataclass(kw_only=True)
class BuildReport:
    """What a build did; :meth:`to_json` is the documented ``--json`` shape."""

    built: list[dict[str, Any]] = field(default_factory=list)  # {file, documents, partitions}
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)  # {file, error}
    skipped: list[str] = field(default_factory=list)
    documents: int = 0  # documents in the whole corpus
    partitions: int = 0
    indexed: bool = False  # the indexes were rebuilt by this run
    runner: str = "ray"

    def to_json(self) -> dict[str, Any]:
        return {"built": self.built, "unchanged": self.unchanged, "failed": self.failed,
                "skipped": self.skipped, "documents": self.documents,
                "partitions": self.partitions, "indexed": self.indexed, "runner": self.runner}


def build_corpus(
    *, sources: Sequence[Path], out: Path, partition_size: int = DEFAULT_PARTITION_SIZE,
    embedder: str = "use", companies: Sequence[Company] = (), use_ray: bool = True,
    ray_address: str | None = None, workers: int | None = None,
    progress: Callable[[BuildProgress], None] | None = None,
    max_file_bytes: int = 2 * 1024**3,
) -> BuildReport:
    """Build (or resume) the corpus at ``out`` from ``sources``; see the module docstring."""
    _check(partition_size, embedder, workers)
    layout = CorpusLayout(out)
    layout.root.mkdir(parents=True, exist_ok=True)
    list(clean_temporaries(layout))
    manifest = _open_manifest(layout, partition_size, embedder)
    report = BuildReport(runner="ray" if use_ray else "in-process")
    tasks = _tasks(sources, manifest, report)
    builder_args = {"out": str(out), "partition_size": partition_size, "embedder": embedder,
                    "companies": list(companies), "max_file_bytes": max_file_bytes}
    workers = workers or os.cpu_count() or 1
    results = (_ray_results(builder_args, tasks, workers, ray_address) if use_ray
               else _local_results(builder_args, tasks))
    _collect(results, layout, manifest, report, len(tasks), progress)
    partitions = manifest.partitions()
    if partitions != manifest.indexed or not (layout.index / "meta.json").is_file():
        build_indexes(layout, partitions)
        manifest.indexed = partitions
        write_manifest(layout, manifest)
        report.indexed = True
    report.partitions = len(partitions)
    report.documents = sum(r.documents for r in manifest.inputs.values())
    return report


def _check(partition_size: int, embedder: str, workers: int | None) -> None:
    if not 1 <= partition_size <= MAX_PARTITION_SIZE:
        raise InvalidValueError(f"--partition-size: {partition_size} is not between 1 and "
                                f"{MAX_PARTITION_SIZE:,}")
    if embedder not in EMBEDDERS:
        raise InvalidValueError(f"--embedder: {embedder!r} is not one of {', '.join(EMBEDDERS)}")
    if workers is not None and not 1 <= workers <= 1024:
        raise InvalidValueError(f"--workers: {workers} is not between 1 and 1024")


def _open_manifest(layout: CorpusLayout, partition_size: int, embedder: str) -> Manifest:
    manifest = read_manifest(layout)
    if manifest is None:
        if any(layout.root.iterdir()):
            raise InvalidValueError(f"{layout.root}: the folder is not empty and holds no "
                                    "corpus manifest; choose an empty or new folder")
        manifest = Manifest(partition_size=partition_size, embedder=embedder)
    for setting, stored, given in (("--partition-size", manifest.partition_size, partition_size),
                                   ("--embedder", manifest.embedder, embedder)):
        if stored != given:
            raise InvalidValueError(f"{layout.root}: the corpus was built with {setting} "
                                    f"{stored}; resume it with the same value (not {given})")
    _fold_markers(layout, manifest)
    write_manifest(layout, manifest)
    return manifest


def _fold_markers(layout: CorpusLayout, manifest: Manifest) -> None:
    """Partitions finished before a crash (markers the manifest does not list yet)."""
    folder = layout.root / "parts"
    if not folder.is_dir():
        return
    listed = set(manifest.partitions())
    for marker in sorted(folder.glob("*.json")):
        if marker.name.startswith("."):  # pathlib's "*" matches a crash's ".tmp-…" file too
            continue
        try:
            result = PartitionResult(**json.loads(marker.read_text("utf-8")))
        except (OSError, ValueError, TypeError):  # unreadable: the partition is built again
            marker.unlink(missing_ok=True)
            continue
        if result.name not in listed and layout.document_part(str(result.name)).is_file():
            _apply(manifest, result)


def _tasks(sources: Sequence[Path], manifest: Manifest, report: BuildReport) -> list[BuildTask]:
    tasks: dict[str, BuildTask] = {}
    for path, fault in iter_files(sources):
        if fault is SKIPPED and path.suffix.lower() not in ZIP_SUFFIXES:
            report.skipped.append(str(path))
            continue
        if fault is not None and fault is not SKIPPED:
            report.failed.append({"file": str(path), "error": fault})
            continue
        try:
            sha256 = FileInput(path=path).sha256
        except OSError as exc:
            report.failed.append({"file": str(path), "error": f"{path.name}: cannot read the "
                                  f"file: {exc.strerror or exc}"})
            continue
        record = manifest.inputs.get(sha256)
        if (record is not None and record.done) or sha256 in tasks:
            report.unchanged.append(str(path))
            continue
        finished = len(record.partitions) if record is not None else 0
        tasks[sha256] = BuildTask(path=str(path), label=path.name, sha256=sha256,
                                  finished=finished)
    return list(tasks.values())


def _encode(result: PartitionResult) -> dict[str, Any]:
    return {"json": json.dumps(result.to_json(), ensure_ascii=False)}


def _decode(item: str) -> BuildTask:
    return BuildTask(**json.loads(item))


def _ray_results(args: dict[str, Any], tasks: list[BuildTask], workers: int,
                 address: str | None) -> Iterator[PartitionResult]:
    from kizuna.adapters.scale.ray_jobs import ray_map

    items = [json.dumps(asdict(task)) for task in tasks]
    for row in ray_map(InputBuilder, args, items, workers=min(workers, max(len(tasks), 1)),
                       address=address, encode=_encode, decode=_decode):
        yield PartitionResult(**json.loads(row["json"]))


def _local_results(args: dict[str, Any], tasks: list[BuildTask]) -> Iterator[PartitionResult]:
    if not tasks:
        return
    builder = InputBuilder(**args)
    for task in tasks:
        yield from builder(task)


def _apply(manifest: Manifest, result: PartitionResult) -> InputRecord:
    record = manifest.inputs.setdefault(
        result.sha256, InputRecord(file=result.label, sha256=result.sha256))
    if result.name is not None and result.name not in record.partitions:
        record.partitions.append(result.name)
        record.partitions.sort()
        record.documents += result.documents
        record.failed.extend(result.failed)
    if result.last:
        record.failed.extend(result.failed if result.name is None else [])
        record.done = result.error is None
    return record


def _collect(results: Iterator[PartitionResult], layout: CorpusLayout, manifest: Manifest,
             report: BuildReport, files_total: int,
             progress: Callable[[BuildProgress], None] | None) -> None:
    files_done = documents = 0
    for result in results:
        record = _apply(manifest, result)
        write_manifest(layout, manifest)
        documents += result.documents
        if result.last:
            files_done += 1
            for line in record.failed:
                report.failed.append({"file": result.label, "error": line})
            if result.error is not None:
                report.failed.append({"file": result.label, "error": result.error})
            report.built.append({"file": result.label, "documents": record.documents,
                                 "partitions": len(record.partitions)})
        if progress is not None:
            progress(BuildProgress(current=result.label, files_done=files_done,
                                   files_total=files_total, documents=documents))
