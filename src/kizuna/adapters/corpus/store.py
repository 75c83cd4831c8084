"""The on-disk layout of a corpus folder: Parquet partitions, a manifest, indexes.

A corpus folder (``kizuna corpus build SOURCES --out DIR``) holds::

    DIR/manifest.json              what is finished: inputs, their partitions, failures
    DIR/documents/<part>.parquet   one row per document (:data:`DOCUMENT_SCHEMA`)
    DIR/claims/<part>.parquet      one row per claim, elements nested (:data:`CLAIM_SCHEMA`)
    DIR/citations/<part>.parquet   one row per citation of the partition's documents
                                   (:data:`CITATION_SCHEMA`)
    DIR/index/                     the BM25 (tantivy) and dense (faiss) indexes

Every file is written under a temporary name in the same folder and renamed
into place (``os.replace`` is atomic on POSIX and Windows), so a crash leaves
either the old file or the new one, never half of one; leftover temporary
files (``.tmp-*``) are removed by :func:`clean_temporaries`. A partition counts
as finished only once the manifest names it: the manifest is rewritten (again
atomically) after each partition, so a crash loses at most the partition in
flight.

    >>> layout = CorpusLayout(Path("corpus"))  # doctest: +SKIP
    >>> read_manifest(layout).partitions()  # doctest: +SKIP
    ['3f0c…-00000']
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from kizuna.errors import InvalidValueError

__all__ = [
    "CITATION_SCHEMA",
    "CLAIM_SCHEMA",
    "DOCUMENT_SCHEMA",
    "MANIFEST_VERSION",
    "CorpusLayout",
    "InputRecord",
    "Manifest",
    "atomic_write_bytes",
    "clean_temporaries",
    "read_manifest",
    "read_table",
    "write_manifest",
    "write_partition",
]

MANIFEST_VERSION = 1

DOCUMENT_SCHEMA = pa.schema([
    ("number", pa.string()),  # canonical compact number, e.g. US8930553B2
    ("numbers", pa.list_(pa.string())),  # every known identifier
    ("country", pa.string()),
    ("kind", pa.string()),
    ("lang", pa.string()),  # proceedings language ("ja", "en", …)
    ("title", pa.string()),
    ("abstract", pa.string()),
    ("claims_text", pa.string()),  # claims of the proceedings language, joined by newlines
    ("claim_count", pa.int32()),
    ("filing_date", pa.date32()),
    ("priority_date", pa.date32()),
    ("publication_date", pa.date32()),
    ("grant_date", pa.date32()),
    ("year", pa.int32()),  # priority year, else filing, else publication, else grant
    ("applicants", pa.list_(pa.string())),  # applicants and assignees as printed
    ("applicant_keys", pa.list_(pa.string())),  # normalised names (unresolved variants meet)
    ("company_ids", pa.list_(pa.int64())),  # resolved companies-table ids (empty: none)
    ("inventors", pa.list_(pa.string())),
    ("ipc", pa.list_(pa.string())),
    ("cpc", pa.list_(pa.string())),
    ("title_terms", pa.string()),  # Japanese: Sudachi normalised forms, space-separated
    ("abstract_terms", pa.string()),
    ("claims_terms", pa.string()),
    ("source_file", pa.string()),  # input file name (ZIP members as archive.zip!member.xml)
    ("source_format", pa.string()),
    ("document", pa.string()),  # document label inside a bulk file
    ("vector", pa.list_(pa.float32())),  # dense embedding (empty when built without one)
])

CLAIM_SCHEMA = pa.schema([
    ("number", pa.string()),
    ("claim", pa.int32()),
    ("lang", pa.string()),
    ("independent", pa.bool_()),
    ("depends_on", pa.list_(pa.int32())),
    ("category", pa.string()),
    ("text", pa.string()),
    ("elements", pa.list_(pa.struct([("id", pa.string()), ("text", pa.string())]))),
])

CITATION_SCHEMA = pa.schema([
    ("citing", pa.string()),  # the citing document's number (the documents table's number)
    ("cited", pa.string()),  # the cited document, normalised compact number (null: NPL)
    ("cited_key", pa.string()),  # "COUNTRY|document|NUMBER": links whatever the kind code
    ("cited_country", pa.string()),  # as printed
    ("kind", pa.string()),  # as printed
    ("source", pa.string()),  # examiner | applicant | search-report | other
    ("category", pa.string()),  # the office's wording ("cited by examiner", "X", …)
    ("npl", pa.bool_()),  # non-patent literature (text only, never linked)
    ("text", pa.string()),  # the citation as printed
])


@dataclass(frozen=True)
class CorpusLayout:
    """The paths inside a corpus folder."""

    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def claims(self) -> Path:
        return self.root / "claims"

    @property
    def citations(self) -> Path:
        return self.root / "citations"

    @property
    def index(self) -> Path:
        return self.root / "index"

    def citation_part(self, name: str) -> Path:
        return self.citations / f"{name}.parquet"

    def document_part(self, name: str) -> Path:
        return self.documents / f"{name}.parquet"

    def claim_part(self, name: str) -> Path:
        return self.claims / f"{name}.parquet"


@dataclass(kw_only=True)
class InputRecord:
    """One input file's progress: its finished partitions, documents and failures."""

    file: str
    sha256: str
    partitions: list[str] = field(default_factory=list)
    documents: int = 0
    failed: list[str] = field(default_factory=list)  # one line per document that failed
    done: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "partitions": list(self.partitions),
                "documents": self.documents, "failed": list(self.failed), "done": self.done}


@dataclass(kw_only=True)
class Manifest:
    """What a corpus folder holds; rewritten atomically after every partition."""

    partition_size: int
    embedder: str
    inputs: dict[str, InputRecord] = field(default_factory=dict)  # by sha256
    indexed: list[str] = field(default_factory=list)  # partitions the indexes were built from

    def partitions(self) -> list[str]:
        """Every finished partition, in name order (the order rows are numbered in)."""
        return sorted(p for record in self.inputs.values() for p in record.partitions)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "partition_size": self.partition_size,
            "embedder": self.embedder,
            "inputs": [r.to_json() for r in sorted(self.inputs.values(), key=lambda r: r.sha256)],
            "indexed": list(self.indexed),
        }


def read_manifest(layout: CorpusLayout) -> Manifest | None:
    """The folder's manifest, or None when there is none yet."""
    try:
        raw = json.loads(layout.manifest.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise InvalidValueError(
            f"{layout.manifest}: not a readable corpus manifest: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("version") != MANIFEST_VERSION:
        raise InvalidValueError(f"{layout.manifest}: not a corpus manifest of version "
                                f"{MANIFEST_VERSION}")
    inputs = {item["sha256"]: InputRecord(**item) for item in raw.get("inputs", [])}
    return Manifest(partition_size=int(raw["partition_size"]), embedder=str(raw["embedder"]),
                    inputs=inputs, indexed=list(raw.get("indexed", [])))


def write_manifest(layout: CorpusLayout, manifest: Manifest) -> None:
    """Rewrite the manifest atomically."""
    text = json.dumps(manifest.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write_bytes(layout.manifest, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{path.name}")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def _write_table(path: Path, rows: Sequence[Mapping[str, Any]], schema: pa.Schema) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{path.name}")
    table = pa.Table.from_pylist(list(rows), schema=schema)
    pq.write_table(table, temporary, compression="zstd", write_statistics=True)
    temporary.replace(path)


def write_partition(layout: CorpusLayout, name: str, documents: Sequence[Mapping[str, Any]],
                    claims: Sequence[Mapping[str, Any]],
                    citations: Sequence[Mapping[str, Any]] = ()) -> None:
    """Write one partition's three tables, each atomically (documents last: a partition
    whose documents file exists has its claims and citations too)."""
    _write_table(layout.claim_part(name), claims, CLAIM_SCHEMA)
    _write_table(layout.citation_part(name), citations, CITATION_SCHEMA)
    _write_table(layout.document_part(name), documents, DOCUMENT_SCHEMA)


def read_table(layout: CorpusLayout, names: Sequence[str], *, claims: bool = False,
               columns: Sequence[str] | None = None) -> pa.Table:
    """The rows of the named partitions, in the order given."""
    schema = CLAIM_SCHEMA if claims else DOCUMENT_SCHEMA
    parts = [pq.read_table(layout.claim_part(n) if claims else layout.document_part(n),
                           columns=list(columns) if columns else None) for n in names]
    if not parts:
        wanted = [schema.field(c) for c in columns] if columns else list(schema)
        return pa.Table.from_pylist([], schema=pa.schema(wanted))
    return pa.concat_tables(parts)


def clean_temporaries(layout: CorpusLayout) -> Iterator[Path]:
    """Remove files a crash left under temporary names; yields each one removed."""
    for folder in (layout.root, layout.documents, layout.claims, layout.citations,
                   layout.root / "parts"):  # parts/: the partitions' finish markers
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(".tmp-*")):
            if path.is_file():
                path.unlink()
                yield path
