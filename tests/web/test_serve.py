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
from kizuna.cli.serve import serve


def test_serve_runs_uvicorn_on_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    cli = typer.Typer()
    cli.command()(serve)
    state = make_state(tmp_path / "k.db")
    result = CliRunner().invoke(cli, ["--port", "8123"], obj=state)
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert isinstance(call["app"], FastAPI)
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert call["app"].state.settings.database_url == state.settings.database_url
