"""``kizuna serve`` builds the app with the CLI's settings and runs uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from kizuna.cli.common import make_state
from kizuna.cli.serve import default_workers, serve


def test_serve_runs_uvicorn_on_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    cli = typer.Typer()
    cli.command()(serve)
    state = make_state(tmp_path / "k.db")
    result = CliRunner().invoke(cli, ["--port", "8123", "--workers", "1"], obj=state)
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert isinstance(call["app"], FastAPI)
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert call["app"].state.settings.database_url == state.settings.database_url


def test_serve_runs_one_worker_per_core_by_default(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    # serve hands the settings to the worker processes through the environment: restore it
    monkeypatch.setenv("KIZUNA_DATABASE_URL", f"sqlite:///{tmp_path / 'k.db'}")
    monkeypatch.setenv("KIZUNA_ALLOWED_HOSTS", "localhost")
    cli = typer.Typer()
    cli.command()(serve)
    result = CliRunner().invoke(cli, ["--port", "8124"], obj=make_state(tmp_path / "k.db"))
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert (call["app"], call["factory"], call["workers"]) == ("kizuna.web.app:create_app",
                                                                True, 2)
    assert "with 2 workers" in result.output


def test_default_workers_is_one_per_core_up_to_four_and_one_in_memory(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 16)
    assert default_workers("postgresql+psycopg://kizuna@db/kizuna") == 4
    assert default_workers("sqlite:///./kizuna.db") == 4
    assert default_workers("sqlite://") == 1
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert default_workers("sqlite:///./kizuna.db") == 1
