"""``kizuna landscape`` and ``kizuna targets`` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.app import main
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows
from tests.landscape_setup import landscape_path, landscape_template

__all__ = ["landscape_path", "landscape_template"]


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    data = json.loads(out) if "--json" in args and code == 0 else out
    return code, data, err


def test_landscape_fields_json(capsys: pytest.CaptureFixture[str], landscape_path: Path) -> None:
    code, data, _ = run(capsys, landscape_path, "landscape", "fields", "--json",
                        "--as-of", "2026-11-21")
    assert code == 0
    assert set(data) == {"schema", "as_of", "patents", "live_jp", "fields", "sectors",
                         "industries", "unclassified", "data", "notice"}
    assert set(data["fields"][0]) == {"key", "name", "name_ja", "group", "patents", "live_jp",
                                      "weight", "earliest_expiry", "latest_expiry", "numbers"}
    code, text, _ = run(capsys, landscape_path, "landscape", "fields")
    assert code == 0 and "44 patents, 1 with a live JP right" in text and "Sectors" in text


def test_landscape_fields_fit_80_columns_and_csv_is_complete(
    capsys: pytest.CaptureFixture[str], landscape_path: Path
) -> None:
    code, data, _ = run(capsys, landscape_path, "landscape", "fields", "--json",
                        "--as-of", "2026-11-21")
    code, text, _ = at_80_columns(lambda: run(capsys, landscape_path, "landscape", "fields",
                                              "--as-of", "2026-11-21"))
    assert code == 0
    assert_fits_80(text, [f["key"] for f in data["fields"]])
    code, text, _ = run(capsys, landscape_path, "landscape", "fields", "--csv",
                        "--as-of", "2026-11-21")
    rows = csv_rows(text)
    fields = [r for r in rows if r["group"] == "field"]
    assert [r["key"] for r in fields] == [f["key"] for f in data["fields"]]
    assert fields[0]["patents"].split("; ") == data["fields"][0]["numbers"]
    assert {r["group"] for r in rows} == {"field", "sector", "industry"}


def test_targets_rank_encumber_and_list(
    capsys: pytest.CaptureFixture[str], landscape_path: Path, tmp_path: Path
) -> None:
    code, data, _ = run(capsys, landscape_path, "targets", "rank", "--top", "5", "--json",
                        "--as-of", "2026-11-21")
    assert code == 0 and len(data["pairs"]) == 5
    assert data["schema"] == "kizuna.targets/1" and data["weights"]["total"] == 11.5
    assert 0.0 <= data["pairs"][0]["relevance"] <= 1.0 and "text" in data["pairs"][0]["factors"]
    best = data["pairs"][0]
    assert set(best["contributions"]) >= {"remaining_term", "live_jp", "evidence", "exposure"}
    code, _, _ = run(capsys, landscape_path, "targets", "encumber", "--patent",
                     best["patent"], "--company", str(best["company"]["id"]), "--kind",
                     "covenant", "--note", "covenant not to sue")
    assert code == 0
    code, items, _ = run(capsys, landscape_path, "targets", "encumbrances", "--json")
    assert [i["kind"] for i in items] == ["covenant"]
    weights = tmp_path / "w.toml"
    weights.write_text("[weights]\nlive_jp = 0\n", encoding="utf-8")
    code, again, _ = run(capsys, landscape_path, "targets", "rank", "--top", "5", "--json",
                         "--weights", str(weights), "--as-of", "2026-11-21")
    assert code == 0 and again["weights"]["live_jp"] == 0.0
    assert again["blocked"][0]["blocked_by"].startswith("covenant #")
    code, text, _ = run(capsys, landscape_path, "targets", "rank", "--top", "3")
    assert code == 0 and "Blocked pairs" in text


def test_targets_tables_fit_80_columns_and_csv_is_complete(
    capsys: pytest.CaptureFixture[str], landscape_path: Path
) -> None:
    code, data, _ = run(capsys, landscape_path, "targets", "rank", "--top", "8", "--json",
                        "--as-of", "2026-11-21")
    code, text, _ = at_80_columns(lambda: run(capsys, landscape_path, "targets", "rank",
                                              "--top", "8", "--as-of", "2026-11-21"))
    assert code == 0
    assert_fits_80(text, [p["patent"] for p in data["pairs"]])
    code, text, _ = run(capsys, landscape_path, "targets", "rank", "--top", "8", "--csv",
                        "--as-of", "2026-11-21")
    rows = csv_rows(text)
    assert [r["patent"] for r in rows] == [p["patent"] for p in data["pairs"]]
    assert [r["company"] for r in rows] == [p["company"]["name"] for p in data["pairs"]]
    assert rows[0]["live_jp"] == f"{data['pairs'][0]['contributions']['live_jp']:.1f}"
    run(capsys, landscape_path, "targets", "encumber", "--patent", data["pairs"][0]["patent"],
        "--company", str(data["pairs"][0]["company"]["id"]), "--kind", "licence",
        "--note", "Licence of 2024 covering every product line of the group " * 3)
    code, text, _ = at_80_columns(lambda: run(capsys, landscape_path, "targets",
                                              "encumbrances"))
    assert_fits_80(text, [data["pairs"][0]["patent"]])
    code, text, _ = run(capsys, landscape_path, "targets", "encumbrances", "--csv")
    assert csv_rows(text)[0]["note"].count("Licence of 2024") == 3


def test_bad_weights_file_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], landscape_path: Path, tmp_path: Path
) -> None:
    weights = tmp_path / "bad.toml"
    weights.write_text("speed = 3\n", encoding="utf-8")
    code, _, err = run(capsys, landscape_path, "targets", "rank", "--weights", str(weights))
    assert code == 1
    assert err.strip().startswith("error: bad.toml: unknown factor 'speed'")


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_landscape_plot_writes_the_file(
    capsys: pytest.CaptureFixture[str], landscape_path: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / "out" / f"funnel.{suffix}"
    code, _, _ = run(capsys, landscape_path, "landscape", "plot", "--kind", "funnel",
                     "-o", str(out))
    assert code == 0 and out.stat().st_size > 1000
    code, _, err = run(capsys, landscape_path, "landscape", "plot", "--kind", "funnel",
                       "-o", str(tmp_path / "x.gif"))
    assert code == 1 and "x.gif: the output must end in .png or .svg" in err


def test_targets_rank_flags_a_pair_outside_a_pledge_s_field(
    capsys: pytest.CaptureFixture[str], landscape_path: Path
) -> None:
    code, _, err = run(capsys, landscape_path, "pledges", "add", "US8926509B2", "--kind",
                       "pledge", "--name", "Wireless pledge", "--field", "wireless communication",
                       "--beneficiaries", "anyone", "--source", "pledge text", "--source-date",
                       "2020-03-31")  # fmt: skip
    assert code == 0, err
    code, data, _ = run(capsys, landscape_path, "targets", "rank", "--json",
                        "--as-of", "2026-11-21")  # fmt: skip
    pairs = [p for p in data["pairs"] if p["patent"] == "US8926509B2"]
    flagged = {p["company"]["name"] for p in pairs if p["flagged_by"]}
    blocked = {p["company"]["name"] for p in data["blocked"] if p["patent"] == "US8926509B2"}
    assert "Netflix, Inc." in flagged and "株式会社NTTドコモ" in blocked
    assert not flagged & blocked
    code, text, _ = run(capsys, landscape_path, "targets", "rank", "--as-of", "2026-11-21")
    assert code == 0 and "Encumbered outside the pair's field" in text
    code, text, _ = run(capsys, landscape_path, "targets", "rank", "--csv",
                        "--as-of", "2026-11-21")  # fmt: skip
    netflix = [r for r in csv_rows(text)
               if r["patent"] == "US8926509B2" and r["company"] == "Netflix, Inc."]  # fmt: skip
    assert "outside its field 'wireless communication'" in netflix[0]["flagged_by"]
