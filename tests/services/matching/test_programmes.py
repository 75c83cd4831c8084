"""A matching programme stored in the database: import rules, all-or-nothing, runs from storage."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.cli.app import main
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.matching.files import read_catalogue, read_smes, smes_of
from kizuna.services.matching.programmes import import_programme, list_programmes, load_programme
from kizuna.services.matching.run import match

DATA = Path(__file__).resolve().parents[2] / "data" / "match"
PROGRAMME = "川崎市知的財産交流事業(デモ)"
ON = date(2026, 12, 7)


def test_stored_programme_round_trips_and_matches_like_the_files(database: Database) -> None:
    patents, smes = read_catalogue(DATA / "catalogue.csv"), read_smes(DATA / "smes.csv")
    report = import_programme(database, PROGRAMME, catalogue=patents, smes=smes)
    assert len(report.added) == len(patents) + len(smes) and not report.updated
    stored_patents, stored_smes = load_programme(database, PROGRAMME)
    assert sorted(stored_patents, key=lambda p: p.id) == sorted(patents, key=lambda p: p.id)
    assert sorted(stored_smes, key=lambda s: s.name) == sorted(smes, key=lambda s: s.name)
    from_files = match(patents=patents, smes=smes, on=ON, top=3, dense=False)
    from_db = match(patents=stored_patents, smes=stored_smes, on=ON, top=3, dense=False)
    assert {s.patent.id: [p.sme for p in s.pairs] for s in from_files} == {
        s.patent.id: [p.sme for p in s.pairs] for s in from_db
    }
    assert list_programmes(database) == [
        {"programme": PROGRAMME, "open_patents": len(patents), "smes": len(smes)}
    ]
    again = import_programme(database, PROGRAMME, catalogue=patents, smes=smes)
    assert not again.added and not again.updated and len(again.unchanged) == len(report.added)


def test_an_empty_field_keeps_the_stored_value_and_dry_run_writes_nothing(
    database: Database,
) -> None:
    first = smes_of(
        [
            {
                "企業名": "A社",
                "都道府県": "神奈川県",
                "市区町村": "川崎市",
                "設備・工程": "プレス;溶接",
            }
        ],
        name="a.csv",
    )
    import_programme(database, PROGRAMME, smes=first)
    second = smes_of([{"企業名": "A社", "都道府県": "", "製品": "金具"}], name="b.csv")
    preview = import_programme(database, PROGRAMME, smes=second, dry_run=True)
    assert preview.updated == ("A社",) and preview.dry_run
    assert load_programme(database, PROGRAMME)[1][0].products == ()
    import_programme(database, PROGRAMME, smes=second)
    [sme] = load_programme(database, PROGRAMME)[1]
    assert (sme.prefecture, sme.city, sme.processes, sme.products) == (
        "神奈川県", "川崎市", ("プレス", "溶接"), ("金具",),
    )  # fmt: skip


def test_a_bad_file_stores_nothing_and_unknown_programme_is_named(
    database: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "smes.csv"
    bad.write_text("企業名,従業員数\nA社,12\nB社,多数\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"smes.csv: line 3: 従業員数 '多数'"):
        import_programme(database, PROGRAMME, smes=read_smes(bad))
    with pytest.raises(NotFoundError, match="no stored programme is named 'x' \\(stored: none\\)"):
        load_programme(database, "x")
    with pytest.raises(InvalidValueError, match="an SME name appears twice"):
        import_programme(
            database, PROGRAMME, smes=smes_of([{"企業名": "A社"}, {"企業名": "A社"}], name="c.csv")
        )
    assert list_programmes(database) == []


def test_cli_import_then_run_from_the_stored_programme(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "k.db")
    assert (
        main(
            [
                "--db",
                db,
                "match",
                "import",
                "--programme",
                PROGRAMME,
                "--catalogue",
                str(DATA / "catalogue.csv"),
                "--smes",
                str(DATA / "smes.csv"),
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert len(report["added"]) == 34 and report["dry_run"] is False
    assert (
        main(
            [
                "--db",
                db,
                "match",
                "run",
                "--programme",
                PROGRAMME,
                "--no-dense",
                "--top",
                "1",
                "--as-of",
                "2026-12-07",
                "--region",
                "川崎市",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    first = {s["patent"]: s["candidates"][0]["sme"] for s in data["shortlists"]}
    assert first["P01"] == "川崎紙器株式会社(架空)"
    assert (
        main(
            ["--db", db, "match", "smes", "--programme", PROGRAMME, "--region", "川崎市", "--json"]
        )
        == 0
    )
    smes = json.loads(capsys.readouterr().out)["smes"]
    assert smes and all(s["city"] == "川崎市" for s in smes)
    assert main(["--db", db, "match", "run", "--catalogue", str(DATA / "catalogue.csv")]) == 1
    assert "give --catalogue and --smes, or --programme" in capsys.readouterr().err


def test_cli_lists_fit_80_columns_with_csv(tmp_path: Path, capsys) -> None:
    import csv
    import io

    db = str(tmp_path / "k.db")
    assert main(["--db", db, "match", "import", "--programme", PROGRAMME, "--smes",
                 str(DATA / "smes.csv")]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--db", db, "match", "programmes", "--csv"]) == 0
    assert list(csv.DictReader(io.StringIO(capsys.readouterr().out))) == [
        {"programme": PROGRAMME, "open_patents": "0", "smes": "22"}]
    assert main(["--db", db, "match", "smes", "--programme", PROGRAMME, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 22 and rows[0]["corporate_number"] is not None
    assert main(["--db", db, "match", "smes", "--programme", PROGRAMME]) == 0
    assert all(len(line) <= 80 for line in capsys.readouterr().out.splitlines())
