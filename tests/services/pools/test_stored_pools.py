"""Stored pools: the ledger's state, distribution from stored data, bad reports, tampering.

Runs on SQLite and (with KIZUNA_TEST_POSTGRES_URL) PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kizuna.adapters.storage.db import Database
from kizuna.adapters.storage.pools import SqlPoolStore
from kizuna.domain.record_chain import seal
from kizuna.errors import ConflictError, InvalidValueError
from kizuna.services.accounts.audit import Actor, events
from kizuna.services.pools.periods import (
    collect,
    distribute_stored,
    import_report,
    invoice,
)
from kizuna.services.pools.run import distribution_json, run_period
from kizuna.services.pools.stored import (
    add_founder,
    add_member,
    contribute,
    create_pool,
    leave,
    load_pool,
)
from kizuna.services.pools.verify import verify_pool_ledger

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "pool"
NAME = "Demo Magnetic Alignment Pool"
WHO = Actor("admin", "cli")


@pytest.fixture
def pool_id(database: Database) -> int:
    view = create_pool(database, path=EXAMPLE / "pool.toml", actor=WHO)
    import_report(database, pool=NAME, path=EXAMPLE / "reports-2026.csv", actor=WHO)
    collect(database, pool=NAME, path=EXAMPLE / "collections-2026.csv", actor=WHO)
    return view.id


@pytest.mark.parametrize("period", ["2026-Q1", "2026-Q2"])
def test_distribution_from_stored_data_equals_the_file_form(
    database: Database, pool_id: int, period: str
) -> None:
    stored = distribute_stored(database, pool=NAME, period=period, actor=WHO)
    from_file = run_period(
        pool_path=EXAMPLE / "pool.toml", period=period,
        reports=[EXAMPLE / "reports-2026.csv"], collections=[EXAMPLE / "collections-2026.csv"],
    )  # fmt: skip
    assert distribution_json(stored.distribution) == distribution_json(from_file.distribution)
    view = load_pool(database, NAME)
    assert view.state.distributions[period] == distribution_json(from_file.distribution)
    with pytest.raises(InvalidValueError, match="already distributed"):
        distribute_stored(database, pool=NAME, period=period, actor=WHO)


def test_every_write_is_a_signed_ledger_entry_and_audited(database: Database, pool_id: int) -> None:
    add_founder(database, pool=NAME, name="Founder Gamma GmbH", actor=WHO)
    contribute(
        database, pool=NAME, actor=WHO,
        contribution={
            "founder": "Founder Gamma GmbH", "patent": "JP9990009B2", "country": "JP",
            "joined": date(2026, 4, 1), "expires": date(2040, 1, 1),
            "fields": ["chargers"], "territories": ["JP"], "until": date(2030, 12, 31),
            "assessment": {"kind": "chart", "by": "chart 7", "on": date(2026, 3, 1),
                           "essential": True},
        },
    )  # fmt: skip
    add_member(database, pool=NAME, name="Member Four", tier="component",
               effective=date(2026, 4, 1), actor=WHO)  # fmt: skip
    invoice(database, pool=NAME, period="2026-Q1", actor=WHO)
    view = leave(database, pool=NAME, patent="JP9990009B2", left=date(2027, 1, 1),
                 reason="invalidated", basis="JPO trial decision (demo)", actor=WHO)  # fmt: skip
    kinds = [e.kind for e in view.stored.entries]
    assert kinds == [
        "pool.create",
        "pool.report",
        "pool.collect",
        "pool.founder",
        "pool.contribute",
        "pool.member",
        "pool.invoice",
        "pool.leave",
    ]
    gamma = next(c for c in view.pool.contributions if c.patent == "JP9990009B2")
    assert (gamma.territories, gamma.until, gamma.left) == (
        ("JP",),
        date(2030, 12, 31),
        date(2027, 1, 1),
    )
    assert gamma.left_reason == "invalidated" and gamma.assessment is not None
    assert "Member Four" in [m.name for m in view.pool.members]
    assert set(view.state.invoices) == {"2026-Q1"}
    result = verify_pool_ledger(database, NAME)
    assert result.ok, result.problems
    assert result.signing["status"] == "signed" and result.entries == 8
    audited = [e.action for e in events(database, action="pool.")]
    assert audited.count("pool.contribute") == 1 and "pool.create" in audited


def test_a_bad_change_is_refused_and_nothing_is_stored(database: Database, pool_id: int) -> None:
    before = load_pool(database, NAME).stored.entry_count
    with pytest.raises(InvalidValueError, match="tier 'platinum' is not defined"):
        add_member(database, pool=NAME, name="X", tier="platinum", effective=date(2026, 1, 1),
                   actor=WHO)  # fmt: skip
    with pytest.raises(InvalidValueError, match="not listed under"):
        contribute(database, pool=NAME, actor=WHO, contribution={
            "founder": "Nobody", "patent": "JP9990099B2", "country": "JP",
            "joined": date(2026, 1, 1)})  # fmt: skip
    with pytest.raises(ConflictError, match="already exists"):
        create_pool(database, path=EXAMPLE / "pool.toml", actor=WHO)
    assert load_pool(database, NAME).stored.entry_count == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Member One K.K.,2026-Q1,JP,JPY,abc,1000", r"bad\.csv: line 3: units"),
        ("Stranger K.K.,2026-Q1,JP,JPY,1,1000", r"bad\.csv: line 3: member 'Stranger K.K.' is not"),
        ("Member One K.K.,2026-Q9,JP,JPY,1,1000", r"bad\.csv: line 3: period '2026-Q9'"),
        ("Member One K.K.,2026-Q1,JP,XXX,1,1000", r"bad\.csv: line 3: .*XXX"),
        ("Member One K.K.,2026-Q1,JP,JPY,-5,1000", r"bad\.csv: line 3: units: '-5' is negative"),
    ],
)
def test_a_report_with_a_bad_row_names_file_and_row_and_stores_nothing(
    database: Database, tmp_path: Path, row: str, message: str
) -> None:
    create_pool(database, path=EXAMPLE / "pool.toml", actor=WHO)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "member,period,country,currency,units,net_sales\n"
        f"Member Two Ltd.,2026-Q1,JP,JPY,10,1000\n{row}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidValueError, match=message):
        import_report(database, pool=NAME, path=bad, actor=WHO)
    view = load_pool(database, NAME)
    assert view.stored.entry_count == 1 and view.state.reports == ()


def _unguard(database: Database) -> None:
    with database.engine.begin() as connection:
        if database.engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ALTER TABLE pool_ledger DISABLE TRIGGER USER")
        else:
            for action in ("update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER pool_ledger_no_{action}")


def test_the_ledger_refuses_update_and_delete(database: Database, pool_id: int) -> None:
    with (
        pytest.raises(sa.exc.DBAPIError, match="append-only"),
        database.engine.begin() as connection,
    ):
        connection.exec_driver_sql("DELETE FROM pool_ledger")


def test_rewrite_with_recomputed_hashes_is_detected(database: Database, pool_id: int) -> None:
    _unguard(database)
    entries = list(SqlPoolStore(database).get(pool_id).entries)
    payload = json.loads(entries[1].summary)
    payload["lines"][0]["net_sales"] = "1"  # an insider lowers a member's reported sales
    changed = replace(entries[1], summary=json.dumps(payload, sort_keys=True))
    entries[1] = seal(pool_id, changed, entries[0].hash)
    entries[2] = seal(pool_id, entries[2], entries[1].hash)
    with database.engine.begin() as connection:
        for e in entries[1:]:
            connection.execute(
                sa.text("UPDATE pool_ledger SET summary = :s, prev_hash = :p, hash = :h "
                        "WHERE pool_id = :pool AND seq = :seq"),
                {"s": e.summary, "p": e.prev_hash, "h": e.hash, "pool": pool_id, "seq": e.seq},
            )  # fmt: skip
        connection.execute(
            sa.text("UPDATE pools SET head_hash = :h WHERE id = :id"),
            {"h": entries[-1].hash, "id": pool_id},
        )
    result = verify_pool_ledger(database, NAME)
    assert not result.ok
    assert (result.break_at, result.problems[0].kind) == (2, "rewritten")


def test_truncation_with_a_fixed_head_is_detected(database: Database, pool_id: int) -> None:
    _unguard(database)
    entries = SqlPoolStore(database).get(pool_id).entries
    with database.engine.begin() as connection:
        connection.execute(
            sa.text("DELETE FROM pool_ledger WHERE pool_id = :pool AND seq = 3"), {"pool": pool_id}
        )
        connection.execute(
            sa.text("UPDATE pools SET head_hash = :h, entry_count = 2 WHERE id = :id"),
            {"h": entries[1].hash, "id": pool_id},
        )
    result = verify_pool_ledger(database, NAME)
    assert not result.ok
    assert [p.kind for p in result.problems] == ["truncated"]
    assert "entry 3 missing" in result.problems[0].message


def test_an_edited_entry_without_recomputing_is_detected(database: Database, pool_id: int) -> None:
    _unguard(database)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE pool_ledger SET actor = 'someone else' WHERE pool_id = :p AND seq = 1"),
            {"p": pool_id},
        )
    result = verify_pool_ledger(database, NAME)
    assert (result.ok, result.break_at, result.problems[0].kind) == (False, 1, "edited")


def test_an_xlsx_report_with_a_bad_row_is_refused_whole(database: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    create_pool(database, path=EXAMPLE / "pool.toml", actor=WHO)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["member", "period", "country", "currency", "units", "net_sales"])
    sheet.append(["Member One K.K.", "2026-Q1", "JP", "JPY", 100, 700000])
    sheet.append(["Member Two Ltd.", "2026-Q1", "JP", "JPY", "many", 1000])
    path = tmp_path / "q1.xlsx"
    book.save(path)
    with pytest.raises(InvalidValueError, match=r"q1\.xlsx: line 3: units"):
        import_report(database, pool=NAME, path=path, actor=WHO)
    assert load_pool(database, NAME).state.reports == ()
    sheet.delete_rows(3)
    book.save(path)
    view = import_report(database, pool=NAME, path=path, actor=WHO)
    assert [line["source"] for line in view.state.reports] == ["q1.xlsx:2"]


def test_a_pool_named_only_by_digits_is_refused(database: Database, tmp_path: Path) -> None:
    text = (EXAMPLE / "pool.toml").read_text(encoding="utf-8").replace(NAME, "2026")
    path = tmp_path / "pool.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValueError, match="not just digits"):
        create_pool(database, path=path, actor=WHO)


def test_a_territory_limit_changes_the_weights_the_same_way_stored_or_from_file(
    database: Database, tmp_path: Path
) -> None:
    """Alpha's JP patent limited to ["US"] covers nothing (a JP patent cannot reach US sales):
    Alpha weighs 45/277 (its US patent), Beta 464/277. Net ¥477,027: quotas
    477,027 × 45/509 = 42,173.31 and × 464/509 = 434,853.69; the spare yen goes to Beta."""
    text = (EXAMPLE / "pool.toml").read_text(encoding="utf-8").replace(
        'patent = "JP9990001B2"\n', 'patent = "JP9990001B2"\nterritories = ["US"]\n', 1)
    path = tmp_path / "pool.toml"
    path.write_text(text, encoding="utf-8")
    create_pool(database, path=path, actor=WHO)
    import_report(database, pool=NAME, path=EXAMPLE / "reports-2026.csv", actor=WHO)
    collect(database, pool=NAME, path=EXAMPLE / "collections-2026.csv", actor=WHO)
    stored = distribute_stored(database, pool=NAME, period="2026-Q1", actor=WHO)
    from_file = run_period(pool_path=path, period="2026-Q1",
                           reports=[EXAMPLE / "reports-2026.csv"],
                           collections=[EXAMPLE / "collections-2026.csv"])  # fmt: skip
    expected = {
        "period": "2026-Q1", "currency": "JPY", "collected": "530030", "fee": "53003",
        "distributed": [{"founder": "Founder Alpha K.K.", "amount": "42173"},
                        {"founder": "Founder Beta Corp.", "amount": "434854"}],
        "remainder": "0",
    }  # fmt: skip
    assert distribution_json(stored.distribution) == expected
    assert distribution_json(from_file.distribution) == expected
    jp = next(p for p in stored.distribution.patents if p.patent == "JP9990001B2")
    assert jp.weight == 0 and "territory limit US: covers nothing" in jp.note
