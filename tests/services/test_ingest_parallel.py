"""Parsing in worker processes gives exactly the in-process results, on the real USPTO samples.

A bulk file is built from the real samples in tests/data/uspto (the 2004+
grants and applications, a truncated copy of one, and the CPC scheme file,
which is not a patent), then ingested with ``workers=1`` and ``workers=2``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kizuna.adapters.sources.base import FileInput
from kizuna.adapters.sources.uspto_xml.read import (
    READER,
    DocumentJob,
    document_spans,
    parse_document,
    split_documents,
)
from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.db import Database, open_database
from kizuna.domain.patent import Patent
from kizuna.errors import SourceError
from kizuna.services import ingest
from kizuna.services.ingest import ingest_paths
from kizuna.services.ingest_pool import ParsePool
from kizuna.settings import sqlite_url
from tests.conftest import DATA

USPTO = DATA / "uspto"
# Columns that differ between two runs by construction (clock, surrogate keys).
_VOLATILE = {"id", "patent_id", "claim_set_id", "claim_id", "created_at", "updated_at",
             "ingested_at"}


def _bulk(folder: Path) -> Path:
    """A weekly-style bulk file of real documents, one of them cut short, and a non-patent."""
    parts = []
    for name in ("US08930553.xml", "US20050004437A1.xml", "US07272630B2.xml",
                 "US06859910.xml", "cpc-scheme-A01L.xml", "US20050004974A1.xml"):
        parts.append((USPTO / name).read_bytes().rstrip() + b"\n")
    truncated = (USPTO / "US08926509.xml").read_bytes()
    parts.insert(3, truncated[: len(truncated) // 2] + b"\n")
    path = folder / "ipg-test.xml"
    path.write_bytes(b"".join(parts))
    return path


def _rows(database: Database) -> dict[str, list[tuple[object, ...]]]:
    with database.session() as session:
        return {
            table.name: sorted(
                (tuple(str(v) for k, v in row.items() if k not in _VOLATILE)
                 for row in session.execute(sa.select(table)).mappings()),
            )
            for table in (t.patents, *t.PATENT_CHILD_TABLES, t.claims, t.claim_elements)
        }


def test_workers_store_and_report_exactly_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)  # the sample bulk file is small
    pooled: list[int] = []
    original = ParsePool.map

    def counted(self: ParsePool, parse: Any, jobs: Any) -> Any:
        pooled.append(self.workers)
        return original(self, parse, jobs)

    monkeypatch.setattr(ParsePool, "map", counted)
    bulk = _bulk(tmp_path)
    results = {}
    for workers in (1, 2):
        database = open_database(sqlite_url(tmp_path / f"w{workers}.db"))
        try:
            report = ingest_paths(paths=[bulk], database=database, workers=workers)
            results[workers] = (report.to_json(), _rows(database))
        finally:
            database.dispose()
    serial, parallel = results[1], results[2]
    assert pooled == [2]  # only the workers=2 run went through the pool
    assert parallel == serial
    report = serial[0]
    assert report["ingested"] == 5
    assert [f["error"].split(":")[1].strip() for f in report["failed"]] == ["document #4",
                                                                          "document #6"]
    assert "not well-formed XML" in report["failed"][0]["error"]
    assert "CPC scheme file" in report["failed"][1]["error"]


@pytest.mark.parametrize("by_reference", [False, True], ids=["bytes", "offsets"])
def test_read_mapped_through_a_pool_yields_what_read_yields(
    tmp_path: Path, by_reference: bool
) -> None:
    source = FileInput(path=_bulk(tmp_path))
    serial = list(READER.read(source))
    with ParsePool(workers=2) as pool:
        pooled = list(READER.read_mapped(source, pool.map, by_reference=by_reference))
    assert [type(r) for r in pooled] == [type(r) for r in serial]
    assert [r for r in pooled if isinstance(r, Patent)] == [
        r for r in serial if isinstance(r, Patent)
    ]
    assert [str(r) for r in pooled if not isinstance(r, Patent)] == [
        str(r) for r in serial if not isinstance(r, Patent)
    ]


def test_document_spans_are_the_split_documents(tmp_path: Path) -> None:
    data = _bulk(tmp_path).read_bytes()
    documents = list(split_documents(io.BytesIO(data), chunk_size=4096))
    spans = list(document_spans(io.BytesIO(data), chunk_size=4096))
    assert len(spans) == len(documents) > 2
    assert [data[start:end] for start, end in spans] == documents


def test_a_file_that_shrinks_under_a_worker_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_bytes(b"<?xml version='1.0'?><a/>")
    job = DocumentJob(path=path, sha256="0", data=b"", index=3, span=(0, 500))
    result = parse_document(job)
    assert isinstance(result, SourceError)
    assert "document #3: the file changed while it was being read" in str(result)


def _explode(job: DocumentJob) -> Patent:
    raise KeyError(f"document {job.index}")


def test_a_reader_bug_in_a_worker_is_raised_in_order_with_its_type_name(tmp_path: Path) -> None:
    jobs = iter(
        DocumentJob(path=tmp_path / "x.xml", sha256="0", data=b"", index=i) for i in (1, 2)
    )
    with ParsePool(workers=2) as pool:
        mapped = pool.map(_explode, jobs)
        with pytest.raises(Exception, match="document 1") as caught:
            next(mapped)
    assert getattr(caught.value, "kind", None) == "KeyError"


def test_a_fault_while_splitting_comes_after_the_documents_before_it(tmp_path: Path) -> None:
    source = FileInput(path=_bulk(tmp_path))
    serial = [r for r in READER.read(source) if isinstance(r, Patent)][:2]

    def jobs() -> object:
        from kizuna.adapters.sources.uspto_xml.read import split_documents

        with source.open() as stream:
            for index, data in enumerate(split_documents(stream), start=1):
                if index == 3:
                    raise OSError("disk gone")
                yield DocumentJob(path=source.path, sha256=source.sha256, data=data, index=index)

    from kizuna.adapters.sources.uspto_xml.read import parse_document

    with ParsePool(workers=2) as pool:
        mapped = pool.map(parse_document, jobs())  # type: ignore[arg-type]
        assert [next(mapped), next(mapped)] == serial
        with pytest.raises(OSError, match="disk gone"):
            next(mapped)
