"""``kizuna corpus landscape`` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.cli.app import main
from kizuna.services.corpus.build import build_corpus
from tests.services.corpus.support import SOURCES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus-cli") / "corpus"
    build_corpus(sources=SOURCES, out=out, embedder="hashing", use_ray=False, partition_size=4)
    return out


def test_landscape_json_csv_and_table(capsys: pytest.CaptureFixture[str], corpus: Path,
                                      tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    code = main(["--db", str(db), "corpus", "landscape", "US9999001B2", "JP2099000001A",
                 "--corpus", str(corpus), "--no-ray", "--top", "4", "--json",
                 "--out", str(tmp_path / "l.csv")])
    out, _ = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"seeds", "weights", "documents", "patents", "landscape", "runner",
                         "notice"}
    assert len(data["patents"]) == 4 and data["runner"] == "in-process"
    assert set(data["patents"][0]["parts"]) == {"classification", "text", "citation"}
    lines = (tmp_path / "l.csv").read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("number,title,country,year,applicants,relevance")
    assert lines[1].split(",")[0] == data["patents"][0]["number"] and len(lines) == 5
    code = main(["--db", str(db), "corpus", "landscape", "US9999001B2", "--corpus", str(corpus),
                 "--no-ray", "--top", "3"])
    out, _ = capsys.readouterr()
    assert code == 0 and "Landscape: 3 patents around US9999001B2" in out
    assert "not a finding" in out


def test_landscape_unknown_seed_is_one_line(capsys: pytest.CaptureFixture[str], corpus: Path,
                                            tmp_path: Path) -> None:
    code = main(["--db", str(tmp_path / "none.db"), "corpus", "landscape", "US1234567B2",
                 "--corpus", str(corpus), "--no-ray"])
    _, err = capsys.readouterr()
    assert code == 1 and "US1234567B2" in err and "Traceback" not in err
    code = main(["--db", str(tmp_path / "none.db"), "corpus", "landscape", "US9999001B2",
                 "--corpus", str(corpus), "--no-ray", "--out", str(tmp_path / "l.xlsx")])
    _, err = capsys.readouterr()
    assert code == 1 and "must end in .parquet or .csv" in err
    code = main(["--db", str(tmp_path / "none.db"), "corpus", "landscape", "US9999001B2",
                 "--corpus", str(corpus), "--no-ray", "--plot", str(tmp_path / "p.gif")])
    _, err = capsys.readouterr()
    assert code == 1 and "must end in .png or .svg" in err
    code = main(["--db", str(tmp_path / "none.db"), "corpus", "landscape", "US9999001B2",
                 "--corpus", str(corpus), "--no-ray", "--plot", str(tmp_path / "p.svg")])
    capsys.readouterr()
    assert code == 0 and (tmp_path / "p.svg").read_bytes().lstrip().startswith(b"<?xml")


def test_screen_json_and_csv(capsys: pytest.CaptureFixture[str], corpus: Path,
                             tmp_path: Path) -> None:
    evidence = Path(__file__).resolve().parents[1] / "data" / "evidence"
    code = main(["--db", str(tmp_path / "none.db"), "corpus", "screen", "--corpus", str(corpus),
                 "--products", str(evidence / "flipview-console"), "--no-ray",
                 "--embedder", "hashing", "--top-k", "2", "--json",
                 "--out", str(tmp_path / "s.parquet")])
    out, _ = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"method", "runner", "products", "failed", "pairs_screened",
                         "worth_charting", "pairs", "notice"}
    assert data["pairs"][0]["patent"] == "EP3782854A1"
    assert data["pairs"][0]["retrieval_rank"] == 1
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    rows = pq.read_table(tmp_path / "s.parquet").to_pylist()
    assert rows[0]["patent"] == "EP3782854A1" and len(rows) == data["pairs_screened"]
    code = main(["--db", str(tmp_path / "none.db"), "corpus", "screen", "--corpus", str(corpus),
                 "--no-ray"])
    _, err = capsys.readouterr()
    assert code == 1 and "give products" in err and "Traceback" not in err
