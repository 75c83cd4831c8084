"""Issue 12.3: parser workers end when the ingest that started them is killed (kill -9).

A child Python process ingests a bulk USPTO file (over the 8 MB parallel
threshold, so two parser workers start). As soon as the workers exist, the
child is killed with SIGKILL; the workers must be gone within a few seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kizuna.adapters.parent_watch import owner_alive

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "uspto" / "US08927118.xml"

_INGEST = """
import sys
from pathlib import Path
from kizuna.adapters.storage.db import open_database
from kizuna.services.ingest import ingest_paths
from kizuna.settings import sqlite_url
database = open_database(sqlite_url(sys.argv[2]))
ingest_paths(paths=[Path(sys.argv[1])], database=database, workers=2)
"""


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    tasks = Path(f"/proc/{pid}/task")
    for task in tasks.glob("*") if tasks.exists() else []:
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_ingest_is_killed(tmp_path: Path) -> None:
    bulk = tmp_path / "bulk.xml"
    document = SAMPLE.read_bytes()
    with bulk.open("wb") as out:
        for _ in range(48 * 1024 * 1024 // len(document) + 1):
            out.write(document)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ingest = subprocess.Popen([sys.executable, "-c", _INGEST, str(bulk), str(tmp_path / "k.db")],
                              env=env)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and ingest.poll() is None:
            workers = _children(ingest.pid)
            time.sleep(0.01)
        assert len(workers) >= 2, "the parser workers never started"
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "orphaned workers still running"
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
        for pid in workers:  # leave no orphan behind when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie awaiting its reaper counts as gone)."""
    if not owner_alive(pid):
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
