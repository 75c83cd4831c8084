"""Issue 12.1: storing evidence (``evidence add``) is linear in time and flat in memory.

A fresh process stores a 2 MB and then a 20 MB text file into SQLite through
the service the CLI and the web call. Time is compared as a ratio (ten times
the input: about ten times the time; a quadratic step gives about 100), never
against an absolute figure; memory as the growth of the process's peak over
its size before the first file (before streaming, a 20 MB file raised it by
about 240 MB: every passage and the whole file were held to be stored).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MB = 1024 * 1024
#: Linear gives about 10 for ten times the input; quadratic about 100.
MAX_RATIO = 30
#: Peak growth allowed for storing 20 MB: chunks, one batch of passages, SQLite's cache.
MAX_GROWTH_MB = 80

_INGEST = """
import json, resource, sys, time
from pathlib import Path
from kizuna.adapters.sources.evidence import EvidenceLimits
from kizuna.adapters.storage.db import open_database
from kizuna.services.evidence import add_evidence

small, large, url = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
limits = EvidenceLimits(max_bytes=2**30, max_chars=2**30, max_passages=10**7)
database = open_database(url)
add_evidence(database, [Path(sys.argv[4])], product="warm-up", limits=limits)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
seconds = []
for path in (small, large):
    start = time.perf_counter()
    report = add_evidence(database, [path], product="Pump", limits=limits)
    seconds.append(time.perf_counter() - start)
    assert not report.failed, report.failed
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "growth_mb": (peak - before) / 1024}))
"""


def _text_file(path: Path, size: int) -> Path:
    paragraph = (
        "The pump housing is moulded in one piece and carries the impeller. "
        "A sensor measures the flow rate, and the controller adjusts the motor speed. "
        "本装置は流量を測定し、モータの回転数を制御する。\n\n"
    )
    data = paragraph.encode("utf-8") * (size // len(paragraph.encode("utf-8")) + 1)
    path.write_bytes(data[:size].decode("utf-8", errors="ignore").encode("utf-8"))
    return path


@pytest.mark.slow
def test_storing_20_mb_is_linear_and_memory_stays_flat(tmp_path: Path) -> None:
    small = _text_file(tmp_path / "small.txt", 2 * MB)
    large = _text_file(tmp_path / "large.txt", 20 * MB)
    warm = _text_file(tmp_path / "warm.txt", 64 * 1024)
    url = f"sqlite:///{tmp_path / 'k.db'}"
    src = str(Path(__file__).parents[2] / "src")
    done = subprocess.run(
        [sys.executable, "-c", _INGEST, str(small), str(large), url, str(warm)],
        capture_output=True, text=True, timeout=600, check=False,
        env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    small_s, large_s = result["seconds"]
    assert large_s / max(small_s, 1e-3) < MAX_RATIO, result
    assert result["growth_mb"] < MAX_GROWTH_MB, result
