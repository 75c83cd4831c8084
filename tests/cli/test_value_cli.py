"""``kizuna value``: JSON shape, Japanese PDF report, inputs kept for the next review."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kizuna.cli.app import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "valuation.toml"


def test_json_and_report(tmp_path: Path, capsys) -> None:
    assert main(["value", str(EXAMPLE), "--out", str(tmp_path), "--lang", "ja", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == "46063507" and data["currency"] == "JPY"
    assert data["lender"]["haircut"] == "0.4000"
    assert data["lender"]["suggested_maximum"] == "27638104"
    assert data["sources"]["royalty_rate"].startswith("Kizuna comparables jpo2010-electrical")
    assert "not an appraisal" in data["disclaimer"]
    stem = tmp_path / "valuation-2026-12-31"
    assert Path(f"{stem}-inputs.toml").read_bytes() == EXAMPLE.read_bytes()
    assert json.loads(Path(f"{stem}.json").read_text(encoding="utf-8")) == data
    pdf = Path(f"{stem}-ja.pdf")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for phrase in (
        "知財ビジネス評価書",
        "事業の概要",
        "融資額の目安",
        "4,606万3,507円",
        "鑑定評価ではありません",
        "令和8年12月31日",
    ):
        assert phrase in text


def test_bad_inputs_are_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "v.toml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('rate = "30%"', 'rate = "130%"'),
        encoding="utf-8",
    )
    assert main(["value", str(bad)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "[tax]" in err and "above 100%" in err


BENCHMARKED = """
[royalty]
benchmark_field = "Chemistry"
percentile = 50
low_percentile = 0
high_percentile = 100
"""


def _benchmarked(tmp_path: Path, royalty: str = BENCHMARKED) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("[royalty]")
    end = text.index("[tax]")
    path = tmp_path / "v.toml"
    path.write_text(text[:start] + royalty.strip() + "\n\n" + text[end:], encoding="utf-8")
    return path


def test_rate_from_the_licence_benchmark_at_a_percentile(tmp_path: Path, capsys) -> None:
    """Chemistry licence rates (JPO/Teikoku FY2009 survey): 4.1%, 4.3%, 6% → P50 4.3%."""
    assert main(["--db", str(tmp_path / "none.db"), "value", str(_benchmarked(tmp_path)),
                 "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    bench = data["royalty_benchmark"]
    assert (bench["rate"], bench["low"], bench["high"]) == ("0.043", "0.041", "0.06")
    assert sorted(bench["comparables"]) == ["jpo2010-biopharma", "jpo2010-chemistry",
                                            "jpo2010-nano"]  # fmt: skip
    assert data["sensitivity"]["rates"] == ["0.041", "0.043", "0.06"]
    source = data["sources"]["royalty_rate"]
    assert "licence rates only" in source and "P50" in source and "n=3" in source
    assert "court_award" not in bench["query"]


def test_benchmark_and_stated_rate_clash_and_unknown_field(tmp_path: Path, capsys) -> None:
    clash = _benchmarked(tmp_path, BENCHMARKED + 'rate = "3%"\n')
    assert main(["--db", str(tmp_path / "none.db"), "value", str(clash)]) == 1
    assert "[royalty]: rate cannot be given with percentile" in capsys.readouterr().err
    unknown = _benchmarked(tmp_path, BENCHMARKED.replace("Chemistry", "Basket weaving"))
    assert main(["--db", str(tmp_path / "none.db"), "value", str(unknown)]) == 1
    assert "[royalty]: benchmark: no percentage comparables match" in capsys.readouterr().err
