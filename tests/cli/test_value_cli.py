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
