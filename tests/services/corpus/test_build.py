"""corpus build: partitions, manifest, re-runs, resumption after a crash, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kizuna.adapters.corpus.store import CorpusLayout, read_manifest
from kizuna.errors import InvalidValueError
from kizuna.services.corpus.build import BuildProgress, build_corpus
from tests.services.corpus.support import DATA, SOURCES, snapshot


def _build(out: Path, **kwargs: object):
    options = {"embedder": "hashing", "use_ray": False, "partition_size": 2, **kwargs}
    return build_corpus(sources=SOURCES, out=out, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "corpus"
    _build(out)
    return out


def test_build_writes_one_row_per_document_and_a_claims_side_table(clean: Path) -> None:
    manifest = read_manifest(CorpusLayout(clean))
    assert manifest is not None
    table = pq.read_table(clean / "documents").to_pylist()
    numbers = {row["number"] for row in table}
    assert {"US8930553B2", "US20050004437A1", "JP2099000001A", "US9999001B2"} <= numbers
    assert len(table) == sum(r.documents for r in manifest.inputs.values()) == 11
    # one row per document: the JPO amendment, opinion and refusal of one application are three
    assert sum(row["number"] == "JP2020123456" for row in table) == 3
    us = next(r for r in table if r["number"] == "US8930553B2")
    assert us["year"] == 2012 and us["ipc"] == ["G06F 15/16"] and len(us["vector"]) == 256
    assert us["applicant_keys"] == ["internationalbusinessmachines"]
    claims = pq.read_table(clean / "claims").to_pylist()
    first = next(c for c in claims if c["number"] == "US8930553B2" and c["claim"] == 1)
    assert first["independent"] and [e["id"] for e in first["elements"]][:2] == ["1A", "1B"]
    ja = next(r for r in table if r["number"] == "JP2099000001A")
    assert "サーバー" in ja["claims_terms"].split()


def test_report_names_the_unreadable_file_and_rerun_skips_everything(clean: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    first = _build(out)
    assert [f["file"] for f in first.failed] == ["cpc-scheme-A01L.xml"]
    assert "not a patent document" in first.failed[0]["error"]
    before = snapshot(out)
    again = _build(out)
    assert not again.indexed and {b["file"] for b in again.built} == {"cpc-scheme-A01L.xml"}
    assert len(again.unchanged) == len(first.built) - 1
    assert snapshot(out) == before == snapshot(clean)


def test_a_crash_between_partitions_resumes_to_identical_output(clean: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    seen: list[BuildProgress] = []

    def crash(progress: BuildProgress) -> None:
        seen.append(progress)
        if len(seen) == 3:
            raise KeyboardInterrupt  # the process is stopped mid-build

    with pytest.raises(KeyboardInterrupt):
        _build(out, progress=crash)
    manifest = read_manifest(CorpusLayout(out))
    assert manifest is not None and 0 < len(manifest.partitions()) < 8
    assert not (out / "index").exists()
    _build(out)
    assert snapshot(out) == snapshot(clean)


def test_a_marker_half_written_at_a_crash_is_ignored(clean: Path, tmp_path: Path) -> None:
    """A kill while a partition's finish marker is written leaves ``parts/.tmp-….json``
    (empty or cut short): pathlib's ``*.json`` matches it, and the resume crashed reading it."""
    out = tmp_path / "corpus"
    seen: list[BuildProgress] = []

    def crash(progress: BuildProgress) -> None:
        seen.append(progress)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _build(out, progress=crash)
    markers = sorted((out / "parts").glob("[!.]*.json"))
    assert markers
    (out / "parts" / f".tmp-{markers[0].name}").write_text('{"name": ', "utf-8")
    (out / "parts" / ".tmp-empty.json").write_bytes(b"")
    _build(out)
    assert snapshot(out) == snapshot(clean)
    assert not list((out / "parts").glob(".tmp-*"))


def test_a_killed_build_resumes_to_identical_output(tmp_path: Path) -> None:
    """SIGKILL a CLI build mid-way (a real crash), re-run it, compare with an uninterrupted one."""
    source = tmp_path / "bulk.jsonl"
    line = (DATA / "corpus" / "ja-variants.jsonl").read_text("utf-8").splitlines()[2]
    record = json.loads(line)
    with source.open("w", encoding="utf-8") as handle:
        for n in range(100):
            handle.write(json.dumps({**record, "number": f"US{9_800_000 + n}B2"}) + "\n")
    command = [sys.executable, "-m", "kizuna.cli", "corpus", "build", str(source), "--no-ray",
               "--embedder", "hashing", "--partition-size", "1", "--json", "--out"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = tmp_path / "killed"
    process = subprocess.Popen([*command, str(killed)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(killed.glob("parts/*.json"))) < 5:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    manifest = read_manifest(CorpusLayout(killed))
    assert manifest is not None and not any(r.done for r in manifest.inputs.values())
    subprocess.run([*command, str(killed)], env=env, check=True, capture_output=True)
    whole = tmp_path / "whole"
    subprocess.run([*command, str(whole)], env=env, check=True, capture_output=True)
    assert len(snapshot(whole)) == 300  # documents, claims and citations of 100 partitions
    assert snapshot(killed) == snapshot(whole)


def test_zip_archives_are_read_member_by_member(tmp_path: Path) -> None:
    archive = tmp_path / "weekly.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(DATA / "ingest" / "us" / "US08930553.xml", "ipg/US08930553.xml")
        handle.write(DATA / "ingest" / "us" / "US20050004437A1.xml", "ipg/US20050004437A1.xml")
    report = build_corpus(sources=[archive], out=tmp_path / "c", embedder="none",
                          use_ray=False)
    assert report.documents == 2 and not report.failed
    rows = pq.read_table(tmp_path / "c" / "documents").to_pylist()
    assert {r["source_file"] for r in rows} == {"weekly.zip"}
    assert all(r["vector"] == [] for r in rows)


@pytest.mark.parametrize(("kwargs", "fault"), [
    ({"partition_size": 0}, "--partition-size: 0"),
    ({"embedder": "bert"}, "--embedder: 'bert'"),
    ({"workers": 0}, "--workers: 0"),
])
def test_bad_settings_are_one_line_errors(tmp_path: Path, kwargs: dict[str, object],
                                          fault: str) -> None:
    with pytest.raises(InvalidValueError, match=fault):
        _build(tmp_path / "c", **kwargs)


def test_resuming_with_other_settings_or_into_a_foreign_folder_is_refused(clean: Path,
                                                                          tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="built with --partition-size 2"):
        build_corpus(sources=SOURCES, out=clean, embedder="hashing", use_ray=False,
                     partition_size=3)
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(InvalidValueError, match="not empty and holds no corpus manifest"):
        _build(tmp_path)


def test_a_bad_ray_address_is_one_line_before_any_partition(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="neither 'auto' nor ray://HOST:PORT"):
        build_corpus(sources=[DATA / "corpus"], out=tmp_path / "c", embedder="none",
                     ray_address="http://cluster")
    assert not list((tmp_path / "c").glob("documents/*"))
