"""Audit of local CLI runs: a command that changes or exports records is logged.

After a command that changes stored data (``ingest``, imports, chart builds and
reviews, campaign entries…), models a deal, or exports a confidential document (``brief``,
``letter``, ``pack``, ``campaign record``, ``chart export``) succeeds, one event
``cli.<command>`` is added with its arguments, attributed to ``--as`` or the OS
user. Account commands (``users``, ``matters``) record their own, richer events.
"""

from __future__ import annotations

from pathlib import Path

from kizuna.errors import KizunaError

__all__ = ["AUDITED", "audit_cli_run", "command_path"]

AUDITED = frozenset({
    "ingest", "brief", "letter", "pack hantei", "companies import", "targets encumber",
    "evidence add", "chart build", "chart review", "chart export", "royalty import", "deal model",
    "campaign new", "campaign contact", "campaign log", "campaign advance", "campaign record",
    "campaign limitation", "campaign anchor", "keys rotate", "pool encumber", "match propose",
    "match advance", "match import",
})
_VALUE_OPTIONS = frozenset({"--db", "--as"})


def command_path(args: list[str]) -> tuple[str, dict[str, str], list[str]]:
    """(command path, root options, remaining arguments) of a ``kizuna`` argument list."""
    root: dict[str, str] = {}
    words: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        key, eq, value = token.partition("=")
        if not words and key in _VALUE_OPTIONS:
            if eq:
                root[key], index = value, index + 1
            else:
                root[key] = args[index + 1] if index + 1 < len(args) else ""
                index += 2
            continue
        if token.startswith("-") or len(words) == 2 or " ".join(words) in AUDITED:
            break
        words.append(token)
        index += 1
    return " ".join(words), root, args[index:]


def audit_cli_run(args: list[str]) -> None:
    """Record a successful audited command (never fails the command itself)."""
    path, root, rest = command_path(args)
    if path not in AUDITED or "--help" in args:
        return
    from kizuna.cli.common import make_state
    from kizuna.services.accounts.audit import record

    db = root.get("--db")
    state = make_state(Path(db) if db else None, root.get("--as"))
    try:
        record(state.database(), state.actor(), f"cli.{path.replace(' ', '.')}", path,
               {"args": [a[:300] for a in rest[:50]]})
    except KizunaError:
        pass
    finally:
        state.close()
