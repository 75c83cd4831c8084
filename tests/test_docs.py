"""Docs stay true: every CLI command is documented in docs/cli.md or docs/cli/*.md, every
setting in settings.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from kizuna.cli.app import app
from kizuna.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: Any, prefix: str = "kizuna") -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            found.extend(_commands(command, path))
        else:
            found.append(path)
    return found


def test_every_cli_command_is_documented() -> None:
    pages = [ROOT / "docs" / "cli.md", *sorted((ROOT / "docs" / "cli").glob("*.md"))]
    docs = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    missing = [c for c in _commands(root) if f"`{c}" not in docs]
    assert missing == []


def test_every_setting_is_documented() -> None:
    import kizuna.settings as module

    doc = module.__doc__ or ""
    for name in Settings.model_fields:
        assert f"KIZUNA_{name.upper()}" in doc


def test_readme_starts_with_the_two_commands() -> None:
    lines = [
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    block = lines[lines.index("```") + 1 : lines.index("```") + 3]
    assert block[0].startswith("make demo")
    assert block[1].startswith("make test")


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
