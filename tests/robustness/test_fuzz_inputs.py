"""Random bytes and mutated real sample files never produce a traceback.

Property tests (hypothesis, small budgets so ``make test`` stays quick): every
patent source format (USPTO/EP/JPO XML, JPO JSON, CSV, JSONL) goes through the
real ingest, and every evidence format (HTML, PDF, DOCX, text, Markdown)
through the real extraction. Whatever the bytes, ingest must return a report
(faults listed per file) and extraction must either succeed or raise a
:class:`~kizuna.errors.KizunaError` naming the file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizuna.adapters.sources.evidence import read_evidence
from kizuna.adapters.storage.db import Database, open_database
from kizuna.errors import KizunaError
from kizuna.services.ingest import ingest_paths

DATA = Path(__file__).resolve().parents[1] / "data"
PATENT_SAMPLES = {
    ".xml": DATA / "uspto" / "US06859910.xml",
    ".ep.xml": DATA / "epo" / "application-v1-01-A1.xml",
    ".jp.xml": DATA / "jpo" / "2020123456-A523-amendment.xml",
    ".json": DATA / "jpo" / "2020123456-progress.json",
    ".csv": DATA / "tabular" / "kizuna-portfolio.csv",
    ".jsonl": DATA / "tabular" / "kizuna-records.jsonl",
}
EVIDENCE_SAMPLES = {
    ".html": DATA / "evidence" / "magseal-cap-38" / "product-en.html",
    ".pdf": DATA / "evidence" / "magseal-cap-38" / "datasheet.pdf",
    ".docx": DATA / "evidence" / "magseal-cap-38" / "manual.docx",
    ".md": DATA / "evidence" / "mid-form-3d" / "seihin-ja.md",
    ".txt": DATA / "evidence" / "mid-form-3d" / "press-release-sjis.txt",
}
# A failing example of a 100 kB sample has a long repr; show it rather than fail on the warning.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few random edits: flips, cuts, insertions, duplicated spans."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 512))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 8))
    return bytes(data)


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:  # one in-memory database for every example
    db = open_database("sqlite://")
    yield db
    db.dispose()


def _ingest(database: Database, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        report = ingest_paths(paths=[path], database=database, workers=1)
    assert report.files == 1
    for failure in report.failed:
        assert failure["error"].startswith(name), failure  # names the file
        assert "Traceback" not in failure["error"]


@pytest.mark.parametrize("suffix", sorted(PATENT_SAMPLES))
def test_mutated_patent_files_are_reported_not_raised(suffix: str, database: Database) -> None:
    original = PATENT_SAMPLES[suffix].read_bytes()
    name = "sample" + suffix.replace(".ep", "").replace(".jp", "")

    @FUZZ
    @given(data=mutated(original))
    def check(data: bytes) -> None:
        _ingest(database, name, data)

    check()


@pytest.mark.parametrize("suffix", [".xml", ".json", ".csv", ".jsonl"])
def test_random_bytes_as_patent_files(suffix: str, database: Database) -> None:
    @FUZZ
    @given(data=st.binary(max_size=2048))
    def check(data: bytes) -> None:
        _ingest(database, "random" + suffix, data)

    check()


def _extract(name: str, data: bytes) -> None:
    try:
        read_evidence(Path(name), data)
    except KizunaError as exc:
        assert str(exc).startswith(name), exc


@pytest.mark.parametrize("suffix", sorted(EVIDENCE_SAMPLES))
def test_mutated_evidence_files_give_kizuna_errors_only(suffix: str) -> None:
    original = EVIDENCE_SAMPLES[suffix].read_bytes()

    @FUZZ
    @given(data=mutated(original))
    def check(data: bytes) -> None:
        _extract("sample" + suffix, data)

    check()


@pytest.mark.parametrize("suffix", sorted(EVIDENCE_SAMPLES))
def test_random_bytes_as_evidence(suffix: str) -> None:
    @FUZZ
    @given(data=st.binary(max_size=2048))
    def check(data: bytes) -> None:
        _extract("random" + suffix, data)

    check()
