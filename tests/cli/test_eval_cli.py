"""``kizuna eval eou`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.cli.app import main

CASES = Path(__file__).resolve().parents[1] / "data" / "eou" / "cases.json"


def test_eval_eou_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    code = main(
        [
            "--db",
            str(tmp_path / "k.db"),
            "eval",
            "eou",
            str(CASES),
            "--json",
            "--method",
            "bm25",
            "--embedder",
            "hashing",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["by_language_pair"]) == {"ja-ja", "ja-en", "en-en", "en-ja"}
    assert len(data["cases"]) >= 12


def test_eval_eou_table_and_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["eval", "eou", str(CASES), "--method", "bm25", "--embedder", "hashing"]) == 0
    assert "overall" in capsys.readouterr().out
    bad = tmp_path / "cases.json"
    bad.write_text('{"cases": 3}', encoding="utf-8")
    assert main(["eval", "eou", str(bad)]) == 1
    assert "cases.json: expected an object" in capsys.readouterr().err
