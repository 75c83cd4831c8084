"""``kizuna pool`` on a stored pool and ``kizuna pledges``: through the CLI, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from kizuna.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
POOL = ROOT / "examples" / "pool"
NAME = "Demo Magnetic Alignment Pool"


def _run(db: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_stored_pool_end_to_end_and_its_ledger_verified(tmp_path: Path, capsys) -> None:
    db = tmp_path / "k.db"
    assert _run(db, capsys, "pool", "create", str(POOL / "pool.toml"))[0] == 0
    assert (
        _run(db, capsys, "pool", "report", "import", NAME, str(POOL / "reports-2026.csv"))[0] == 0
    )
    assert _run(db, capsys, "pool", "collect", "1", str(POOL / "collections-2026.csv"))[0] == 0
    assert _run(db, capsys, "pool", "member", "add", NAME, "Member Four", "--tier", "component",
                "--effective", "2026-07-01")[0] == 0  # fmt: skip
    code, out, _ = _run(db, capsys, "pool", "contribute", NAME, "JP9990007B2", "--founder",
                        "Founder Beta Corp.", "--joined", "2026-07-01", "--assessed-by",
                        "Evaluator X", "--assessed-on", "2026-06-01", "--country", "JP",
                        "--expires", "2044-01-01", "--field", "chargers", "--territory", "jp",
                        "--json")  # fmt: skip
    assert code == 0
    shown = json.loads(out)
    added = shown["contributions"][-1]
    assert (added["territories"], added["fields"], added["assessment"]["by"]) == (
        ["JP"],
        ["chargers"],
        "Evaluator X",
    )
    code, out, _ = _run(db, capsys, "pool", "invoice", NAME, "--period", "2026-Q1", "--json")
    assert code == 0 and json.loads(out)["invoices"][0]["member"] == "Member One K.K."
    out_dir = tmp_path / "out"
    code, out, _ = _run(db, capsys, "pool", "distribute", NAME, "--period", "2026-Q1", "--json",
                        "--out", str(out_dir))  # fmt: skip
    assert code == 0
    assert json.loads(out)["distributed"] == [
        {"founder": "Founder Alpha K.K.", "amount": "178322"},
        {"founder": "Founder Beta Corp.", "amount": "298705"},
    ]
    assert (out_dir / "distribution-2026-Q1.json").is_file()
    code, out, _ = _run(db, capsys, "pool", "ledger", "verify", NAME, "--json")
    verified = json.loads(out)
    assert code == 0 and verified["verification"]["ok"] is True
    assert verified["verification"]["entries"] == 7
    code, out, _ = _run(db, capsys, "pool", "list", "--json")
    assert json.loads(out)["pools"][0]["entries"] == 7
    assert "Contributed patents" in _run(db, capsys, "pool", "show", "1")[1]


def test_a_tampered_ledger_exits_1_naming_the_entry(tmp_path: Path, capsys) -> None:
    db = tmp_path / "k.db"
    _run(db, capsys, "pool", "create", str(POOL / "pool.toml"))
    _run(db, capsys, "pool", "report", "import", NAME, str(POOL / "reports-2026.csv"))
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER pool_ledger_no_update")
        connection.exec_driver_sql("UPDATE pool_ledger SET actor = 'x' WHERE seq = 2")
    engine.dispose()
    code, out, _ = _run(db, capsys, "pool", "ledger", "verify", NAME)
    assert code == 1 and "entry 2: edited" in out


def test_errors_are_one_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "k.db"
    _run(db, capsys, "pool", "create", str(POOL / "pool.toml"))
    bad = tmp_path / "r.csv"
    bad.write_text("member,period,country,currency,units,net_sales\nNobody,2026-Q1,JP,JPY,1,1\n",
                   encoding="utf-8")  # fmt: skip
    code, _, err = _run(db, capsys, "pool", "report", "import", NAME, str(bad))
    assert code == 1
    assert (
        err.strip() == "error: r.csv: line 2: member 'Nobody' is not a member of "
        "'Demo Magnetic Alignment Pool'"
    )
    code, _, err = _run(db, capsys, "pool", "show", "No Such Pool")
    assert code == 1 and "pool 'No Such Pool' not found" in err and len(err.splitlines()) == 1
    code, _, err = _run(db, capsys, "pool", "distribute", NAME, "--period", "2026-Q1",
                        "--reports", str(bad))  # fmt: skip
    assert code == 1 and "is stored: import reports with `pool report import`" in err


def test_pledges_add_list_remove(tmp_path: Path, capsys) -> None:
    db = tmp_path / "k.db"
    sample = ROOT / "tests" / "data" / "jpo"
    files = sorted(sample.rglob("*.xml"))[:1]
    assert _run(db, capsys, "ingest", *map(str, files))[0] == 0
    code, out, _ = _run(db, capsys, "patents", "list", "--json")
    number = json.loads(out)[0]["number"] if isinstance(json.loads(out), list) else None
    number = number or json.loads(out)["patents"][0]["number"]
    code, out, _ = _run(db, capsys, "pledges", "add", number, "--kind", "frand", "--name",
                        "IPR declaration", "--sdo", "ETSI", "--standard", "5G NR",
                        "--source", "ETSI IPR database", "--source-date", "2021-06-01",
                        "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["sdo"] == "ETSI"
    code, out, _ = _run(db, capsys, "patents", "show", number, "--json")
    assert json.loads(out)["commitments"][0]["name"] == "IPR declaration"
    code, out, _ = _run(db, capsys, "pledges", "list", "--json")
    assert len(json.loads(out)["commitments"]) == 1
    code, _, err = _run(db, capsys, "pledges", "add", number, "--kind", "pledge", "--name", "P",
                        "--source", "s", "--source-date", "2020-03-31")  # fmt: skip
    assert code == 1 and "--beneficiaries is required" in err
    assert _run(db, capsys, "pledges", "remove", "1")[0] == 0
    code, out, _ = _run(db, capsys, "pledges", "list", "--json")
    assert json.loads(out)["commitments"] == []
