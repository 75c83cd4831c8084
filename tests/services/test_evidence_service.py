"""Evidence storage through the service: versions, immutability, atomic files, products."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from kizuna.adapters.sources.evidence import read_evidence
from kizuna.adapters.storage import models  # noqa: F401  (registers every table)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.evidence import EvidenceDocumentRow, EvidencePassageRow
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.companies import import_companies
from kizuna.services.evidence import (
    add_evidence,
    add_uploaded_evidence,
    get_evidence,
    list_evidence,
    list_products,
    original_bytes,
    product_passages,
)

EVIDENCE = Path(__file__).resolve().parents[1] / "data" / "evidence"
MAKERS = EVIDENCE.parent / "landscape" / "evidence-companies.csv"
MAGSEAL = EVIDENCE / "magseal-cap-38"


def counts(database: Database) -> tuple[int, int]:
    with database.session() as session:
        docs = session.scalar(select(func.count()).select_from(EvidenceDocumentRow))
        passages = session.scalar(select(func.count()).select_from(EvidencePassageRow))
    return int(docs or 0), int(passages or 0)


def test_migration_matches_the_model(database: Database) -> None:
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if "evidence_" in str(d)] == []


def test_add_a_folder_of_every_format(database: Database) -> None:
    import_companies(database, MAKERS)
    when = datetime(2025, 5, 1, tzinfo=UTC)
    report = add_evidence(
        database,
        [MAGSEAL],
        product="MagSeal Cap 38",
        company="Aoba Closures Co., Ltd.",
        captured_at=when,
    )
    data = report.to_json()
    assert data["added"] == 4 and data["unchanged"] == 0 and data["failed"] == []
    assert {Path(d["source"]).suffix for d in data["documents"]} == {".pdf", ".docx", ".html"}
    stored = list_evidence(database, "magseal cap 38")
    assert {d.captured_at for d in stored} == {when}
    assert {d.company for d in stored} == {"Aoba Closures Co., Ltd."}
    doc = get_evidence(database, data["documents"][0]["id"])
    assert doc.passages and doc.passages[0].id.startswith(doc.sha256[:12])
    assert original_bytes(database, doc.id or 0) == Path(doc.source).read_bytes()


def test_same_bytes_unchanged_new_bytes_new_version(database: Database, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    shutil.copy(EVIDENCE / "flipview-console" / "product-en.html", page)
    first = add_evidence(database, [page], product="FlipView Console")
    again = add_evidence(database, [page], product="flipview console")
    assert again.to_json()["unchanged"] == 1 and again.documents[0].id == first.documents[0].id
    page.write_text(page.read_text().replace("6.5 litres", "7 litres"), encoding="utf-8")
    second = add_evidence(database, [page], product="FlipView Console")
    result = second.documents[0]
    assert (result.action, result.version) == ("new version", 2)
    old = get_evidence(database, first.documents[0].id)
    assert old.version == 1 and "6.5 litres" in " ".join(p.text for p in old.passages)
    latest = {p.text for _, p in product_passages(database, "FlipView Console")}
    assert any("7 litres" in t for t in latest) and not any("6.5 litres" in t for t in latest)
    [summary] = list_products(database)
    assert (summary.product, summary.documents, summary.versions) == ("FlipView Console", 1, 2)


def test_a_failing_file_stores_nothing_and_the_others_go_on(database: Database) -> None:
    files = [EVIDENCE / "bad", EVIDENCE / "flipview-console" / "seihin-ja.md"]
    report = add_evidence(database, files, product="FlipView Console")
    failed = {Path(f.file).name: f.error for f in report.failed}
    assert set(failed) == {
        "corrupt.pdf",
        "empty.txt",
        "encrypted.pdf",
        "no-text.html",
        "undecodable.txt",
    }
    assert all(error.startswith(name) for name, error in failed.items())
    assert report.added == 1
    docs, _ = counts(database)
    assert docs == 1


def test_size_limit_and_skipped_suffixes(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "capture"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG")
    shutil.copy(EVIDENCE / "mid-form-3d" / "datasheet.pdf", folder / "datasheet.pdf")
    report = add_evidence(database, [folder], product="MID-Form 3D", max_file_bytes=1000)
    assert [Path(s.file).name for s in report.skipped] == ["photo.png"]
    [failure] = report.failed
    assert "over the limit of 1,000" in failure.error and failure.error.startswith("datasheet.pdf")
    assert counts(database) == (0, 0)


def test_uploads_use_their_names_as_source(database: Database) -> None:
    data = (EVIDENCE / "encodings" / "spec-euc-jp.txt").read_bytes()
    report = add_uploaded_evidence(
        database, [("spec.txt", data)], product="MID-Form 3D", url="https://example.com/spec.txt"
    )
    assert report.documents[0].source == "https://example.com/spec.txt"
    assert report.documents[0].lang == "ja"
    named = add_uploaded_evidence(database, [("a.md", data), ("x.exe", b"MZ")], product="MID")
    assert named.documents[0].source == "a.md"
    assert [s.file for s in named.skipped] == ["x.exe"]


def test_unknown_product_lists_close_names(database: Database) -> None:
    add_evidence(database, [EVIDENCE / "mid-form-3d" / "seihin-ja.md"], product="MID-Form 3D")
    with pytest.raises(NotFoundError, match="close matches: MID-Form 3D"):
        product_passages(database, "MID Form")
    with pytest.raises(NotFoundError):
        get_evidence(database, 999)


def test_options_are_checked(database: Database) -> None:
    with pytest.raises(InvalidValueError, match="--url names one source"):
        add_evidence(database, [MAGSEAL], product="MagSeal", url="https://example.com")
    with pytest.raises(InvalidValueError, match="--product"):
        add_evidence(database, [MAGSEAL], product="  ")
    with pytest.raises(InvalidValueError, match="no such file"):
        add_evidence(database, [EVIDENCE / "missing.html"], product="MagSeal")


def test_a_limit_passed_midway_stores_nothing_of_the_file(
    database: Database, tmp_path: Path
) -> None:
    """Passages are inserted in batches as they are cut: a fault after several batches
    (here the passage limit) rolls the whole document back, blob included."""
    from kizuna.adapters.sources.evidence import EvidenceLimits
    from kizuna.adapters.storage.evidence import EvidenceBlobRow

    big = tmp_path / "big.txt"
    big.write_text("The pump runs. It is quiet. It reads the flow.\n\n" * 12_000, encoding="utf-8")
    report = add_evidence(
        database, [big], product="Pump", limits=EvidenceLimits(max_passages=9_000)
    )
    assert [f.error for f in report.failed] == [
        "big.txt: more than 9,000 passages (KIZUNA_EVIDENCE_MAX_PASSAGES)"
    ]
    assert counts(database) == (0, 0)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(EvidenceBlobRow)) == 0


def test_a_file_over_a_chunk_is_stored_in_chunks_and_read_back_whole(
    database: Database, tmp_path: Path
) -> None:
    source = (EVIDENCE / "mid-form-3d" / "seihin-ja.md").read_text(encoding="utf-8")
    page = tmp_path / "long.md"
    page.write_text(source * (3 * 1024 * 1024 // len(source.encode()) + 1), encoding="utf-8")
    report = add_evidence(database, [page], product="MID-Form 3D")
    doc = get_evidence(database, report.documents[0].id)
    assert original_bytes(database, doc.id or 0) == page.read_bytes()
    assert report.documents[0].passages == len(doc.passages) > 1_000
    assert doc.lang == "ja" and doc.title
    again = add_evidence(database, [page], product="MID-Form 3D")
    assert again.documents[0].action == "unchanged"
    assert again.documents[0].passages == len(doc.passages)


@pytest.mark.parametrize(
    "name",
    ["mid-form-3d/seihin-ja.md", "flipview-console/seihin-ja.md",
     "mid-form-3d/press-release-sjis.txt", "encodings/spec-utf-16.txt"],
)
def test_stored_passages_are_the_read_passages(database: Database, name: str) -> None:
    # Storing inserts plain rows, not Passage objects: every field must survive the trip.
    path = EVIDENCE / name
    report = add_evidence(database, [path], product="Sample")
    stored = get_evidence(database, report.documents[0].id)
    read = read_evidence(path)
    assert stored.passages == tuple(read.passages)
    assert (stored.lang, stored.title) == (read.lang, read.title)
