"""``kizuna users|matters|audit …`` and ``serve``'s refusal, through the real CLI entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from kizuna.adapters.storage.db import open_database
from kizuna.cli.app import main
from kizuna.services.accounts.sessions import principal_for_token
from kizuna.services.accounts.users import check_password
from kizuna.settings import sqlite_url
from tests.cli.tables_support import assert_fits_80, at_80_columns, csv_rows

DATA = Path(__file__).resolve().parents[1] / "data"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else out), err


def test_users_add_list_role_disable_and_tokens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "k.db"
    code, added, _ = run(capsys, db, "users", "add", "tanaka", "--role", "admin", "--json")
    assert code == 0 and added["role"] == "admin" and len(added["password"]) >= 12
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    code, out, _ = run(capsys, db, "users", "add", "ana", "--password-stdin")
    assert code == 0 and "one-time password" not in out
    database = open_database(sqlite_url(db))
    assert check_password(database, "tanaka", added["password"]) is not None
    assert check_password(database, "ana", "a long enough password") is not None
    code, _, err = run(capsys, db, "users", "add", "ana")
    assert code == 1 and err.strip() == "error: user 'ana' already exists"
    code, _, err = run(capsys, db, "users", "add", "x", "--role", "boss")
    assert code == 1 and "role 'boss' is not one of admin, lead" in err
    assert run(capsys, db, "users", "role", "ana", "reviewer")[0] == 0
    code, token, _ = run(capsys, db, "users", "token", "create", "ana", "--scope", "write",
                         "--json")
    assert code == 0 and token["token"].startswith("kz_")
    assert principal_for_token(database, token["token"]) is not None
    code, listed, _ = run(capsys, db, "users", "token", "list", "ana", "--json")
    assert "token" not in listed[0] and listed[0]["revoked"] is False
    assert run(capsys, db, "users", "token", "revoke", str(token["id"]))[0] == 0
    assert principal_for_token(database, token["token"]) is None
    assert run(capsys, db, "users", "disable", "ana")[0] == 0
    assert check_password(database, "ana", "a long enough password") is None
    code, users, _ = run(capsys, db, "users", "list", "--json")
    assert [(u["username"], u["role"], u["active"]) for u in users] == [
        ("ana", "reviewer", False), ("tanaka", "admin", True)]
    code, new_password, _ = run(capsys, db, "users", "reset-password", "ana")
    assert code == 0 and "one-time password" in new_password
    database.dispose()


def test_matters_and_the_audit_log_with_as(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.db"
    run(capsys, db, "users", "add", "ana", "--role", "analyst")
    code, matter, _ = run(capsys, db, "matters", "create", "Acme v. Foo", "--json")
    assert code == 0 and matter["id"] == 2
    code, matter, _ = run(capsys, db, "matters", "add-member", "Acme v. Foo", "ana", "--json")
    assert matter["members"] == ["ana"]
    code, _, err = run(capsys, db, "matters", "assign", "2", "--campaign", "99")
    assert code == 1 and err.strip() == "error: no campaign 99"
    assert main(["--db", str(db), "--as", "suzuki", "ingest", str(DATA / "uspto" /
                 "US08930553.xml")]) == 0
    capsys.readouterr()
    code, events, _ = run(capsys, db, "audit", "list", "--json")
    assert events[0]["action"] == "cli.ingest" and events[0]["actor"] == "suzuki"
    assert events[0]["via"] == "cli"
    assert [e["action"] for e in events[1:]] == [
        "matter.member.add", "matter.create", "user.add"]
    out = tmp_path / "audit.csv"
    assert run(capsys, db, "audit", "export", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("id,at,actor")


def test_serve_on_all_interfaces_needs_a_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    db = tmp_path / "k.db"
    code, _, err = run(capsys, db, "serve", "--host", "0.0.0.0")
    assert code == 1 and "kizuna users add NAME --role admin" in err and calls == []
    run(capsys, db, "users", "add", "ana", "--role", "admin")
    code, _, err = run(capsys, db, "serve", "--host", "0.0.0.0")
    assert code == 0 and "without TLS" in err and calls[0]["host"] == "0.0.0.0"


def test_first_serve_on_loopback_prints_a_one_time_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    db = tmp_path / "k.db"
    code, _, err = run(capsys, db, "serve")
    assert code == 0 and "created user admin (admin) with one-time password" in err
    code, _, err = run(capsys, db, "serve")
    assert "one-time password" not in err


def test_users_matters_and_audit_lists_fit_80_columns_with_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.db"
    full_name = "鈴木 美香（知的財産法務本部 ライセンス担当）"
    run(capsys, db, "users", "add", "suzuki.mika", "--name", full_name, "--role", "analyst")
    name = "湊精工株式会社 v. 例示電機株式会社 — 特許第7533889号 MID 成形品 ライセンス交渉"
    run(capsys, db, "matters", "create", name)
    run(capsys, db, "matters", "add-member", name, "suzuki.mika")
    run(capsys, db, "users", "token", "create", "suzuki.mika", "--name", "nightly export job",
        "--scope", "read")
    for args, whole in ((("users", "list"), ["suzuki.mika"]), (("matters", "list"), []),
                        (("audit", "list"), ["matter.member.add"]),
                        (("users", "token", "list", "suzuki.mika"), ["read"])):
        code, text, _ = at_80_columns(lambda args=args: run(capsys, db, *args))
        assert code == 0
        assert_fits_80(text, whole)
    code, text, _ = run(capsys, db, "matters", "list", "--csv")
    assert [r["name"] for r in csv_rows(text)] == ["Default", name]
    code, text, _ = run(capsys, db, "users", "list", "--csv")
    assert csv_rows(text)[0]["name"] == full_name
    code, text, _ = run(capsys, db, "audit", "list", "--csv")
    assert [r["action"] for r in csv_rows(text)][:2] == ["token.create", "matter.member.add"]
