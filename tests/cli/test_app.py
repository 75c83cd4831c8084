"""The root command: lazy subcommands, whole summaries in ``--help``, cheap start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kizuna.cli.app import COMMANDS, load_command, main
from kizuna.cli.common import DEFAULT_DATABASE_URL, AppState
from kizuna.settings import Settings, get_settings

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_summary_is_the_commands_own_first_paragraph(name: str) -> None:
    command = load_command(name)
    own = " ".join((command.help or "").split("\n\n")[0].split())
    assert COMMANDS[name][2] == own


def test_help_shows_whole_summaries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert ("damages Patent Act Art. 102 damages exposure (low/base/high), limitation applied "
            "to a history.") in text
    for _module, _attribute, summary in COMMANDS.values():
        assert " ".join(summary.split()) in text


def test_help_loads_no_command_module() -> None:
    code = ("import sys; from kizuna.cli.app import main; main(['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith(('kizuna.cli.', 'sqlalchemy',"
            " 'pydantic_settings', 'kizuna.services'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(SRC)}, check=True).stdout
    assert out.strip().splitlines()[-1] == "['kizuna.cli.app', 'kizuna.cli.common']"


def test_database_url_matches_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIZUNA_DATABASE_URL", raising=False)
    assert AppState().database_url() == Settings().database_url == DEFAULT_DATABASE_URL
    monkeypatch.setenv("kizuna_database_url", "sqlite:///elsewhere.db")
    assert AppState().database_url() == get_settings().database_url == "sqlite:///elsewhere.db"
    state = AppState(overrides={"database_url": "sqlite:///x.db"})
    assert state.database_url() == state.settings.database_url == "sqlite:///x.db"


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kizuna", "--help"], capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0 and "Usage" in done.stdout
