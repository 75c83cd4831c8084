"""ingest_paths on SQLite and PostgreSQL: real samples, idempotency, merging, atomicity, faults.

Orchestration cases that need a document to fail in a precise way use
:class:`LinesReader`, a test double of the SourceReader port; everything the
real readers can show is shown with the real sample files.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.registry import default_readers
from kizuna.adapters.storage import patent_tables as t
from kizuna.adapters.storage.db import Database
from kizuna.domain.patent import SourceRef
from kizuna.errors import MalformedDocumentError
from kizuna.services.ingest import IngestProgress, IngestReport, ingest_paths, iter_files
from kizuna.services.patents import get_patent, list_patents
from tests.conftest import DATA
from tests.factories import make_patent

SAMPLES = DATA / "ingest"
ALL_TABLES = (t.patents, *t.PATENT_CHILD_TABLES, t.claims, t.claim_elements)


class LinesReader:
    """Test double. A file starting ``#docs`` holds one document per line:
    ``NUMBER;NUMBER… [@LABEL,LABEL…] [!recovered]``; ``ERROR text`` yields a
    per-document fault; ``RAISE text`` fails the rest of the file."""

    format = "test-lines"

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.startswith(b"#docs")

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        lines = source.read_bytes().decode().splitlines()[1:]
        for index, line in enumerate(lines, start=1):
            if line.startswith("ERROR "):
                yield MalformedDocumentError(source.path, line.removeprefix("ERROR "))
                continue
            if line.startswith("RAISE "):
                raise MalformedDocumentError(source.path, line.removeprefix("RAISE "))
            line, recovered = line.removesuffix(" !recovered"), line.endswith("!recovered")
            numbers, _, labels = line.partition(" @")
            refs = tuple(
                SourceRef(file=source.name, sha256=source.sha256, format=self.format,
                          document=label, recovered=recovered)
                for label in (labels.split(",") if labels else [f"#{index}"])
            )
            yield make_patent(*numbers.split(";"), sources=refs)


READERS = (*default_readers(), LinesReader())


def _docs(folder: Path, name: str, *lines: str) -> Path:
    path = folder / name
    path.write_text("\n".join(["#docs", *lines]) + "\n", encoding="utf-8")
    return path


def _ingest(database: Database, *paths: Path, **options: object) -> IngestReport:
    return ingest_paths(paths=list(paths), database=database, readers=READERS, **options)  # type: ignore[arg-type]


def _counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            table.name: int(session.execute(sa.select(sa.func.count()).select_from(table))
                            .scalar_one())
            for table in ALL_TABLES
        }


def test_real_samples_ingest_and_report(database: Database) -> None:
    report = _ingest(database, SAMPLES / "us", SAMPLES / "ep")
    data = report.to_json()
    assert list(data) == [
        "ingested", "updated", "unchanged", "failed", "warnings", "patents",
        "skipped", "files", "documents", "bytes"]
    assert (data["ingested"], data["updated"], data["unchanged"], data["failed"]) == (4, 0, 0, [])
    assert [p["number"] for p in data["patents"]] == [
        "US8930553B2", "US20050004437A1", "EP3782854A1", "EP3383757B1"]
    assert data["patents"][0] == {"number": "US8930553B2", "action": "ingested",
                                  "file": str(SAMPLES / "us" / "US08930553.xml")}
    assert (report.files, report.documents) == (4, 4)
    assert report.bytes == sum(p.stat().st_size for p in SAMPLES.glob("[ue][sp]/*.xml"))
    assert [s.number.compact for s in list_patents(database=database)] == [
        "EP3383757B1", "EP3782854A1", "US20050004437A1", "US8930553B2"]


def test_same_files_twice_are_unchanged(database: Database) -> None:
    first = _ingest(database, SAMPLES)
    before = _counts(database)
    second = _ingest(database, SAMPLES)
    assert second.to_json()["ingested"] == second.to_json()["updated"] == 0
    assert second.unchanged == first.documents == second.documents
    assert [p["action"] for p in second.patents] == ["unchanged"] * second.documents
    assert _counts(database) == before


def test_folder_walk_skips_non_patent_suffixes_and_lists_them(
    database: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    shutil.copy(SAMPLES / "us" / "US08930553.xml", folder / "US08930553.xml")
    (folder / "README.md").write_text("# notes", encoding="utf-8")
    report = _ingest(database, folder)
    assert (report.ingested, report.failed, report.skipped) == (1, [], [str(folder / "README.md")])
    named = _ingest(database, folder / "README.md")  # a file named explicitly is always tried
    assert len(named.failed) == 1
    assert "README.md" in named.failed[0]["error"]


def test_a_copied_file_is_unchanged(database: Database, tmp_path: Path) -> None:
    copy = tmp_path / "renamed.xml"
    shutil.copy(SAMPLES / "us" / "US08930553.xml", copy)
    report = _ingest(database, SAMPLES / "us" / "US08930553.xml", copy)
    assert (report.ingested, report.unchanged) == (1, 1)


def test_jpo_documents_of_one_application_merge(database: Database) -> None:
    report = _ingest(database, SAMPLES / "jpo")
    assert (report.ingested, report.updated, report.failed) == (1, 3, [])
    assert report.patents[-1]["number"] == "JP7533889B2"
    [summary] = list_patents(database=database)
    assert (summary.number.compact, summary.claims, summary.sources) == ("JP7533889B2", 5, 4)
    by_grant = get_patent(database=database, number="特許第7533889号")
    assert get_patent(database=database, number="特願2020-123456") == by_grant
    assert get_patent(database=database, number="特開2021-090037") == by_grant
    assert {n.compact for n in by_grant.numbers} == {"JP2020123456", "JP2021090037A",
                                                     "JP7533889B2"}


def test_a_record_linking_two_patents_merges_them(database: Database, tmp_path: Path) -> None:
    grant = _docs(tmp_path, "1-grant.txt", "US 8,930,553 B2")
    application = _docs(tmp_path, "2-application.txt", "US 13/524,951")
    _ingest(database, grant, application)
    assert len(list_patents(database=database)) == 2
    link = _docs(tmp_path, "3-link.txt", "US 8,930,553 B2;US 13/524,951")
    report = _ingest(database, link)
    assert report.patents == [{"number": "US8930553B2", "action": "updated", "file": str(link)}]
    [summary] = list_patents(database=database)
    assert summary.sources == 3
    patent = get_patent(database=database, number="US 13/524,951")
    assert {n.compact for n in patent.numbers} == {"US8930553B2", "US13524951"}
    assert _counts(database)["patent_numbers"] == 2


def test_linking_in_one_run(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _docs(folder, "a.xml", "US 8,930,553 B2", "US 13/524,951", "US 8,930,553 B2;US 13/524,951")
    report = _ingest(database, folder)
    assert [p["action"] for p in report.patents] == ["ingested", "ingested", "updated"]
    assert len(list_patents(database=database)) == 1


def test_database_error_on_one_document_leaves_nothing_of_it(
    database: Database, tmp_path: Path
) -> None:
    # The second document claims source #1 again: the database refuses it after its
    # patent, numbers and claims rows were written. Those must be undone; the first
    # and third documents stay.
    path = _docs(tmp_path, "bulk.txt", "US 1111111 B1", "US 2222222 B1 @#9,#1", "US 3333333 B1")
    report = _ingest(database, path)
    assert (report.ingested, len(report.failed)) == (2, 1)
    assert report.failed[0]["file"] == str(path)
    assert report.failed[0]["error"].startswith("bulk.txt: document #9: could not be stored: ")
    assert [s.number.compact for s in list_patents(database=database)] == [
        "US1111111B1", "US3333333B1"]
    counts = _counts(database)
    assert counts["patents"] == 2
    assert counts["claim_sets"] == 4 and counts["claims"] == 10 and counts["claim_elements"] == 20


def test_reader_failing_mid_file_keeps_earlier_documents(
    database: Database, tmp_path: Path
) -> None:
    path = _docs(tmp_path, "bulk.txt", "US 1111111 B1", "ERROR claim 3 refers to claim 9",
                 "US 2222222 B1", "RAISE the file ends inside a document", "US 3333333 B1")
    later = _docs(tmp_path, "later.txt", "US 4444444 B1")
    report = _ingest(database, path, later)
    assert [f["error"] for f in report.failed] == [
        "bulk.txt: claim 3 refers to claim 9", "bulk.txt: the file ends inside a document"]
    assert report.ingested == 3
    assert [s.number.compact for s in list_patents(database=database)] == [
        "US1111111B1", "US2222222B1", "US4444444B1"]


def test_file_faults_are_reported_and_the_run_goes_on(database: Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.xml"
    blank.write_bytes(b"\n  \n")
    big = SAMPLES / "us" / "US08930553.xml"
    report = _ingest(database, empty, blank, SAMPLES / "other", tmp_path / "missing.xml",
                     SAMPLES / "us" / "US20050004437A1.xml", big,
                     max_file_bytes=big.stat().st_size - 1)
    errors = [f["error"] for f in report.failed]
    assert errors == [
        "empty.xml: the file is empty",
        "blank.xml: the file is empty",
        "cpc-scheme-A01L.xml: not a patent document Kizuna reads "
        "(looked like: XML with root element <class-scheme>)",
        "missing.xml: no such file or folder",
        f"US08930553.xml: the file is {big.stat().st_size:,} bytes, over the limit of "
        f"{big.stat().st_size - 1:,} bytes (KIZUNA_MAX_FILE_BYTES)",
    ]
    assert report.ingested == 1


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("b/c/2.xml", "b/1.xml", "a.xml", ".hidden.xml", ".git/x.xml", "Z.xml"):
        (tmp_path / name).write_bytes(b"<x/>")
    walked = [(p.relative_to(tmp_path).as_posix(), fault) for p, fault in iter_files([tmp_path])]
    assert walked == [("Z.xml", None), ("a.xml", None), ("b/1.xml", None), ("b/c/2.xml", None)]


def test_progress_is_reported_per_file(database: Database) -> None:
    seen: list[IngestProgress] = []
    report = _ingest(database, SAMPLES / "us", progress=seen.append)
    assert [p.files_done for p in seen] == [1, 2]
    assert [p.current for p in seen] == ["US08930553.xml", "US20050004437A1.xml"]
    assert seen[-1].files_total == 2
    assert seen[-1].bytes_done == seen[-1].total_bytes == report.bytes


def test_warnings_name_the_file_and_document(database: Database, tmp_path: Path) -> None:
    path = _docs(tmp_path, "x.txt", "US 1111111 B1 @B1 !recovered")
    report = _ingest(database, path)
    assert report.warnings == [{"file": str(path), "message": "document B1: parsed after "
                                "repairing malformed input (repairs listed below)"}]


def test_many_documents_are_batched(database: Database, tmp_path: Path) -> None:
    lines = [f"US {1000000 + n} B1" for n in range(450)]  # more than two batches
    report = _ingest(database, _docs(tmp_path, "bulk.txt", *lines))
    assert report.ingested == 450
    assert _counts(database)["patents"] == 450
    again = _ingest(database, tmp_path / "bulk.txt")
    assert again.unchanged == 450


def test_number_variants_of_one_document_are_one_number(
    database: Database, tmp_path: Path
) -> None:
    report = _ingest(database, _docs(tmp_path, "a.txt", "US 8930553;US 8,930,553 B2",
                                     "US 8,930,553 B1;US 13/524,951"))
    assert [p["action"] for p in report.patents] == ["ingested", "updated"]
    patent = get_patent(database=database, number="US 8930553")
    # merge(): the later document's grant kind wins for the same number.
    assert {n.compact for n in patent.numbers} == {"US8930553B1", "US13524951"}
