"""The load run (issue 13) in ``make test``: concurrent users reviewing and logging on a live
server, on SQLite and on PostgreSQL, with zero errors and nothing lost.

This runs ``benchmarks/web.py`` itself, bounded (a small portfolio, six users, a few seconds),
and checks its verdict: exit 0 means no 5xx, no unexpected status, no failed connection, and
every accepted review note and log entry found afterwards in the chart history and the record
(whose hash chain verifies). Latency is reported by the benchmark, never asserted here
(figures: benchmarks/README.md).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOUNDED = ["--patents", "30", "--clients", "6", "--seconds", "4", "--think", "0.2",
           "--saturation-seconds", "2"]  # fmt: skip

pytestmark = pytest.mark.slow


def _run(*extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "web.py"), *BOUNDED, *extra],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _verdict(out: str) -> None:
    assert "errors: 0; lost writes: 0" in out
    accepted = re.search(r"writes accepted: (\d+) review notes, (\d+) log entries", out)
    assert accepted is not None and int(accepted[1]) + int(accepted[2]) > 0
    for kind in ("page", "api", "write"):
        assert re.search(rf"^\s+{kind}\s+\d+\s+[\d.]+\s+[\d.]+", out, re.MULTILINE), kind


def test_load_run_on_sqlite() -> None:
    _verdict(_run())


def test_load_run_on_postgresql() -> None:
    url = os.environ.get("KIZUNA_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("KIZUNA_TEST_POSTGRES_URL is not set")
    import psycopg

    name = f"kizuna_load_{uuid.uuid4().hex[:8]}"
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        base = url.rsplit("/", 1)[0]
        _verdict(_run("--database-url", f"{base}/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
