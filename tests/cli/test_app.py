"""The root command: lazy subcommands, whole summaries in ``--help``, cheap start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer._click.exceptions import UsageError

from kizuna.cli.app import COMMANDS, load_command, main
from kizuna.cli.coercion import defer_coercion
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
    assert out.strip().splitlines()[-1] == (
        "['kizuna.cli.app', 'kizuna.cli.coercion', 'kizuna.cli.common']")


def test_patents_list_loads_no_orm_pydantic_or_alembic(tmp_path: Path) -> None:
    """The read path of ``patents list`` is Core only and Typer's pydantic coercion is not
    built for options left unset (issue 11.15); the list is still complete."""
    db = tmp_path / "kizuna.db"
    sample = Path(__file__).resolve().parents[1] / "data" / "uspto" / "US08930553.xml"
    assert main(["--db", str(db), "ingest", str(sample), "--json"]) == 0
    code = ("import sys, io, contextlib; from kizuna.cli.app import main\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            f"    status = main(['--db', {str(db)!r}, 'patents', 'list',"
            " '--as-of', '2026-12-07'])\n"
            "print(status, 'US8930553B2' in out.getvalue(), sorted({m.split('.')[0] if m != "
            "'sqlalchemy.orm' else m for m in sys.modules} & {'pydantic', 'sqlalchemy.orm',"
            " 'alembic', 'pydantic_settings'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(SRC)}, check=True).stdout
    assert out.strip().splitlines()[-1] == "0 True []"


def test_deferred_coercion_keeps_typers_values_and_errors(tmp_path: Path) -> None:
    """Values that need coercion still get Typer's (a Path, an int, a bad int's message)."""

    app = typer.Typer()
    seen: list[object] = []

    @app.command()
    def command(name: str = "x", path: Path | None = None, count: int = 1,
                tags: list[str] | None = None,
                existing: Annotated[Path | None, typer.Option(exists=True)] = None) -> None:
        seen.extend([name, path, count, tags])

    click_command = defer_coercion(typer.main.get_command(app))
    click_command.main(["--name", "湊", "--path", str(tmp_path), "--count", "3", "--tags", "a",
                        "--tags", "b"], standalone_mode=False)
    assert seen == ["湊", tmp_path, 3, ["a", "b"]]
    seen.clear()
    click_command.main([], standalone_mode=False)
    assert seen == ["x", None, 1, None]
    with pytest.raises(UsageError, match="valid integer"):
        click_command.main(["--count", "three"], standalone_mode=False)
    with pytest.raises(UsageError, match=r"missing\.csv' does not exist"):
        click_command.main(["--existing", str(tmp_path / "missing.csv")], standalone_mode=False)


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
