"""SME matching: Japanese headers, explained scores, region filter, quality against BM25."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kizuna.cli.app import main
from kizuna.errors import InvalidValueError
from kizuna.services.matching.evaluate import evaluate, read_labels
from kizuna.services.matching.files import read_catalogue, read_smes
from kizuna.services.matching.run import match
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

DATA = Path(__file__).resolve().parents[2] / "data" / "match"
ON = date(2026, 12, 7)


def test_japanese_headers_and_lists() -> None:
    smes = read_smes(DATA / "smes.csv")
    first = smes[0]
    assert (first.name, first.prefecture, first.city, first.employees) == (
        "川崎紙器株式会社(架空)",
        "神奈川県",
        "川崎市",
        35,
    )
    assert first.processes == ("紙器加工", "打ち抜き", "印刷")


def test_true_partner_first_with_reasons_and_region_filter() -> None:
    patents, smes = read_catalogue(DATA / "catalogue.csv"), read_smes(DATA / "smes.csv")
    shortlists = {
        s.patent.id: s for s in match(patents=patents, smes=smes, on=ON, region="川崎市", top=5)
    }
    partition = shortlists["P01"].pairs
    assert partition[0].sme == "川崎紙器株式会社(架空)"
    assert "processes: 印刷、打ち抜き、紙器加工" in partition[0].explanation
    assert all("横浜" not in p.sme for p in partition)  # another city: filtered out
    assert shortlists["P09"].pairs[0].sme == "多摩ベーカリー有限会社(架空)"


def test_quality_not_below_bm25_alone() -> None:
    patents, smes = read_catalogue(DATA / "catalogue.csv"), read_smes(DATA / "smes.csv")
    labels = read_labels(DATA / "labels.csv")
    ours = evaluate(match(patents=patents, smes=smes, on=ON, top=3), labels, k=3)
    baseline = evaluate(
        match(patents=patents, smes=smes, on=ON, top=3, text_only=True), labels, k=3
    )
    assert ours["ndcg@3"] >= baseline["ndcg@3"]
    assert ours["recall@3"] >= 0.9


def test_bad_corporate_number_names_line(tmp_path: Path) -> None:
    bad = tmp_path / "s.csv"
    bad.write_text("企業名,法人番号\nA社,1234567890123\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"s.csv: line 2: 法人番号 1234567890123"):
        read_smes(bad)


def test_cli_json_and_file(tmp_path: Path, capsys) -> None:
    code = main(
        [
            "match",
            "run",
            "--catalogue",
            str(DATA / "catalogue.csv"),
            "--smes",
            str(DATA / "smes.csv"),
            "--top",
            "2",
            "--as-of",
            "2026-12-07",
            "--json",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads((tmp_path / "shortlist.json").read_text(encoding="utf-8"))
    first = data["shortlists"][0]
    assert first["number"] == "JP9990101B2" and len(first["candidates"]) == 2
    assert set(first["candidates"][0]["parts"]) == {"text", "dense", "process", "industry", "life"}
    assert data["weights"] == {"text": 0.3, "dense": 0.2, "process": 0.3, "industry": 0.1,
                               "life": 0.1}


def test_dense_score_credits_an_sme_described_in_english() -> None:
    """BM25 sees no shared word between a Japanese summary and an English profile; USE does."""
    from kizuna.domain.matching.scoring import OpenPatent, SmeProfile

    patent = OpenPatent(
        id="X1", number="JP9990199B2", title="射出成形金型の冷却構造",
        summary="射出成形の金型を冷却して樹脂部品の反りを減らす", owner="例示電機", jsic="E26",
        processes=(), terms="", expires=date(2035, 1, 1),
    )  # fmt: skip
    smes = [
        SmeProfile(name="Moulder KK", products=("plastic injection moulding of resin parts",),
                   skills=("mould cooling", "warpage reduction")),
        SmeProfile(name="Bakery KK", products=("bread and pastries",), skills=("baking",)),
    ]  # fmt: skip
    [shortlist] = match(patents=[patent], smes=smes, on=ON, top=2)
    by_name = {p.sme: p for p in shortlist.pairs}
    assert by_name["Moulder KK"].parts["text"] == 0.0  # no shared token
    assert by_name["Moulder KK"].parts["dense"] == 1.0 > by_name["Bakery KK"].parts["dense"]
    assert shortlist.pairs[0].sme == "Moulder KK"
    [lexical] = match(patents=[patent], smes=smes, on=ON, top=2, dense=False)
    assert "dense" not in lexical.pairs[0].parts


def test_cli_tables_fit_80_columns_and_csv_has_the_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["match", "run", "--catalogue", str(DATA / "catalogue.csv"), "--smes",
            str(DATA / "smes.csv"), "--top", "2", "--as-of", "2026-12-07"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    numbers = [s["number"] for s in data["shortlists"]]

    def text_run() -> tuple[int, str, str]:
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = at_80_columns(text_run)
    assert code == 0
    assert_fits_80(out, numbers)
    assert main([*args, "--csv"]) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert [r["patent"] for r in rows] == [n for n in numbers for _ in range(2)]
    first = data["shortlists"][0]["candidates"][0]
    assert (rows[0]["sme"], rows[0]["why"]) == (first["sme"], first["explanation"])
    db = tmp_path / "k.db"
    opened = ["--db", str(db), "match", "propose", "--programme", "川崎市知的財産交流事業",
              "--patent", numbers[0], "--sme", "株式会社テスト精密", "--coordinator", "佐藤",
              "--date", "2026-12-01", "--next", "先方へ技術資料を送付し面談日程を調整する"]
    assert main(opened) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "match", "cases", "--csv"]) == 0
    (row,) = csv_rows(capsys.readouterr().out)
    assert (row["patent"], row["stage"], row["since"]) == (numbers[0], "proposed", "2026-12-01")
    assert row["next_step"] == "先方へ技術資料を送付し面談日程を調整する"
