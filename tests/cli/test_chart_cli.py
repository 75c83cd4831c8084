"""``kizuna chart …`` and ``kizuna screen`` through the real entry point (hashing embedder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kizuna.adapters.storage.db import open_database
from kizuna.cli.app import main
from kizuna.settings import sqlite_url
from tests.chart_support import JP, MID, SIP, US, load_samples
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

FAST = ("--embedder", "hashing")


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and code == 0 else out), err


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "kizuna.db"
    database = open_database(sqlite_url(path))
    load_samples(database)
    database.dispose()
    return path


def test_build_review_show_list_and_export(db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, chart, _ = run(capsys, db, "chart", "build", "特許第7533889号", "--claim", "1",
                         "--product", MID, *FAST, "--json")
    assert code == 0
    assert (chart["patent"], chart["claim"], chart["lang"], chart["product"]) == (JP, 1, "ja", MID)
    assert [e["id"] for e in chart["elements"]] == ["1A", "1B", "1C", "1D"]
    assert "analytical aid, not a legal opinion" in chart["disclaimer"]
    evidence = chart["elements"][0]["evidence"][0]
    assert set(evidence) == {"passage", "doc", "text", "citation", "score", "status",
                             "explanation"}
    assert set(evidence["explanation"]) == {"lexical", "semantic", "position", "matched_terms",
                                            "specificity", "missing_terms", "alternative",
                                            "contrast", "rival", "note"}
    lowered = [e for el in chart["elements"] for e in el["evidence"]
               if e["explanation"]["contrast"] > 0]
    assert all(e["explanation"]["rival"] in {"1A", "1B", "1C", "1D"} for e in lowered)
    assert all("better (score lowered by" in e["explanation"]["note"]
               for e in lowered if e["explanation"]["contrast"] >= 0.005)
    assert evidence["explanation"]["note"].startswith("matched: ")
    chart_id = str(chart["id"])
    passage = evidence["passage"]
    code, reviewed, _ = run(capsys, db, "chart", "review", chart_id, "--element", "1A",
                            "--accept", passage, "--who", "Sato", "--json")
    assert code == 0 and reviewed["elements"][0]["label"] == "supported"
    assert reviewed["history"][0]["who"] == "Sato" and reviewed["history"][0]["value"] == passage
    code, out, _ = run(capsys, db, "chart", "review", chart_id, "--element", "1B",
                       "--note", "型番を確認")
    assert code == 0 and "型番を確認" in out and "not a legal opinion" in out
    partial = any(e["label"] == "partial" for e in reviewed["elements"])
    assert ("a pointer for review, not evidence of use" in out) == partial
    code, shown, _ = run(capsys, db, "chart", "show", chart_id, "--json")
    assert [h["action"] for h in shown["history"]] == ["accept", "note"]
    code, listed, _ = run(capsys, db, "chart", "list", "--json")
    assert [c["id"] for c in listed] == [chart["id"]] and listed[0]["reviews"] == 2
    target = tmp_path / "exports" / "chart.xlsx"
    code, out, _ = run(capsys, db, "chart", "export", chart_id, "--format", "xlsx", "-o",
                       str(target))
    assert code == 0 and "wrote" in out
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet["A11"].value == "1A" and sheet["E11"].value == "supported"
    japanese = tmp_path / "exports" / "chart-ja.xlsx"
    code, out, _ = run(capsys, db, "chart", "export", chart_id, "--format", "xlsx", "-o",
                       str(japanese), "--lang", "ja")
    sheet = openpyxl.load_workbook(japanese).active
    assert code == 0 and sheet is not None and sheet["E11"].value == "裏付けあり"
    assert sheet["A10"].value == "構成要件" and sheet.title == "請求項1"


def test_rebuild_keeps_the_review(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, chart, _ = run(capsys, db, "chart", "build", US, "--claim", "1", "--product", SIP,
                      "--method", "bm25", *FAST, "--json")
    run(capsys, db, "chart", "review", str(chart["id"]), "--element", "1C", "--edit-text",
        "creates a new session for an unknown mid-dialog request")
    _, again, _ = run(capsys, db, "chart", "build", US, "--claim", "1", "--product", SIP,
                      "--method", "bm25", *FAST, "--json")
    assert again["id"] == chart["id"] + 1
    assert again["elements"][2]["text"].startswith("creates a new session")
    code, _, err = run(capsys, db, "chart", "review", str(chart["id"]), "--element", "1A",
                       "--note", "late")
    assert code == 1 and f"rebuilt as chart {again['id']}" in err


@pytest.mark.parametrize(("args", "message"), [
    (("chart", "build", "JP7533880B2", "--claim", "1", "--product", MID),
     "close matches: JP 7533889 B2"),
    (("chart", "build", JP, "--claim", "7", "--product", MID),
     "has no claim 7 (claims 1–5); close matches: 1, 2, 3, 4, 5"),
    (("chart", "build", JP, "--claim", "1", "--product", "MID 3000"), "close matches: MID-3000"),
    (("chart", "show", "42"), "no chart 42"),
    (("chart", "export", "42", "--format", "xlsx", "-o", "x.xlsx"), "no chart 42"),
    (("chart", "export", "42", "--format", "xlsx", "-o", "x.xlsx", "--lang", "fr"),
     "'fr' is not one of en, ja"),
])
def test_unknown_things_are_clear_errors(db: Path, capsys: pytest.CaptureFixture[str],
                                         args: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, db, *args, *(FAST if args[1] == "build" else ()))
    assert code == 1 and err.startswith("error: ") and message in err


def test_review_needs_exactly_one_decision(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, chart, _ = run(capsys, db, "chart", "build", JP, "--claim", "1", "--product", MID,
                      *FAST, "--json")
    code, _, err = run(capsys, db, "chart", "review", str(chart["id"]), "--element", "1A")
    assert code == 1 and "exactly one of --accept" in err
    code, _, err = run(capsys, db, "chart", "review", str(chart["id"]), "--element", "1A",
                       "--note", "a", "--edit-text", "b")
    assert code == 1 and "exactly one of" in err


def test_screen_ranks_every_independent_claim_against_every_product(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run(capsys, db, "screen", "--patents", "all", "--products", "all",
                          *FAST, "--json")
    assert code == 0
    assert report["products"] == 2 and report["patents"] == 3
    pairs = report["pairs"]
    assert report["pairs_screened"] == len(pairs) > 2
    assert {p["product"] for p in pairs} == {MID, SIP}
    order = {"chart": 0, "review": 1, "skip": 2}
    keys = [(order[p["recommendation"]], -p["coverage"]) for p in pairs]
    assert keys == sorted(keys)
    assert all(p["worth_charting"] == (p["recommendation"] != "skip") for p in pairs)
    jp = next(p for p in pairs if p["patent"] == JP and p["claim"] == 1 and p["product"] == MID)
    assert set(jp["labels"]) == {"1A", "1B", "1C", "1D"}
    code, out, _ = run(capsys, db, "screen", "--patents", f"{JP},{US}", "--products", MID,
                       *FAST)
    out = " ".join(out.split())  # the closing notice wraps at the terminal's width
    assert code == 0 and "worth charting" in out and "not a legal opinion" in out
    code, _, err = run(capsys, db, "screen", "--patents", "US 1111111", *FAST)
    assert code == 1 and "no stored patent" in err


def test_chart_list_and_screen_fit_80_columns_with_csv(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, chart, _ = run(capsys, db, "chart", "build", "特許第7533889号", "--claim", "1",
                         "--product", MID, *FAST, "--json")
    assert code == 0
    code, text, _ = at_80_columns(lambda: run(capsys, db, "chart", "list"))
    assert_fits_80(text, [JP])
    code, text, _ = run(capsys, db, "chart", "list", "--csv")
    assert [(r["id"], r["patent"], r["product"]) for r in csv_rows(text)] == [
        (str(chart["id"]), JP, MID)]
    code, report, _ = run(capsys, db, "screen", *FAST, "--json")
    code, text, _ = at_80_columns(lambda: run(capsys, db, "screen", *FAST))
    assert_fits_80(text, {p["patent"] for p in report["pairs"]})
    code, text, _ = run(capsys, db, "screen", *FAST, "--csv")
    rows = csv_rows(text)
    assert [(r["patent"], r["product"], r["recommendation"]) for r in rows] == [
        (p["patent"], p["product"], p["recommendation"]) for p in report["pairs"]]


def test_show_says_what_a_partial_label_means_only_when_one_is_shown(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    from kizuna.cli.chart import _print_chart
    from kizuna.services.charts import get_chart

    _, built, _ = run(capsys, db, "chart", "build", US, "--claim", "1", "--product", SIP,
                      "--method", "bm25", *FAST, "--json")
    database = open_database(sqlite_url(db))
    try:
        chart = get_chart(database, built["id"])
    finally:
        database.dispose()
    meaning = "“partial” marks on-topic passages that do not show the element"
    for label in ("supported", "partial", "unsupported"):
        elements = tuple(replace(e, label=label) for e in chart.elements)
        _print_chart(replace(chart, elements=elements))
        out = capsys.readouterr().out
        assert (meaning in out) == (label == "partial"), label
