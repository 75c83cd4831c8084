"""``kizuna campaign limitation`` and ``kizuna damages --campaign/--limitation-event``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.cli.app import main

DATA = Path(__file__).resolve().parents[1] / "data"
HISTORY = DATA / "royalty" / "sales-history.csv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


def test_record_and_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "kizuna.db")
    code, _, err = run(capsys, "--db", db, "ingest", str(DATA / "jpo"), "--json")
    assert code == 0, err
    opened = ("campaign", "new", "--licensee", "例示電機株式会社", "--patents", "JP7533889")
    assert run(capsys, "--db", db, *opened)[0] == 0
    code, out, err = run(
        capsys, "--db", db, "campaign", "limitation", "1", "--event", "demand:2026-06-01",
        "--note", "内容証明郵便で催告", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["events"][0]["kind"] == "demand"
    damages = (
        "damages", "--method", "102-3", "--rate", "5%", "--history", str(HISTORY),
        "--as-of", "2026-11-21", "--knowledge-date", "2019-06-01", "--json",
    )  # fmt: skip
    code, out, err = run(capsys, "--db", db, *damages, "--campaign", "1")
    assert code == 0, err
    body = json.loads(out)
    assert body["claimable"]["base"]["amount"] == "260178082"
    assert body["campaign"] == 1 and body["limitation_events"][0]["text"] == "demand:2026-06-01"
    code, out, _ = run(capsys, *damages, "--limitation-event", "demand:2026-06-01")
    assert json.loads(out)["claimable"]["base"]["amount"] == "260178082"
    code, out, _ = run(capsys, *damages)
    assert json.loads(out)["claimable"]["base"]["amount"] == "231739726"


def test_bad_events_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "damages", "--method", "102-3", "--rate", "5%", "--history", str(HISTORY),
        "--as-of", "2026-11-21", "--limitation-event", "demand:2026-02-30",
    )  # fmt: skip
    assert code == 1 and "'2026-02-30' is not a date" in err
    db = str(tmp_path / "k.db")
    from kizuna.adapters.storage.db import open_database

    open_database(f"sqlite:///{db}").dispose()  # an existing, empty database
    code, _, err = run(
        capsys, "--db", db, "campaign", "limitation", "7", "--event", "demand:2026-01-01"
    )
    assert code == 1 and err == "error: no campaign 7"
