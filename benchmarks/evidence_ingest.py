"""Evidence ingest benchmark: time and peak memory for 1, 10 and 100 MB inputs.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/evidence_ingest.py [--sizes 1,10,100]``.

For each size it builds three inputs from real sample text (the English and
Japanese evidence in ``tests/data/evidence``, repeated): a plain text file of
ordinary paragraphs, the same text as **one paragraph** on one line (the case
that was quadratic, issue 12.1), and a Markdown file. Each input is measured in
a fresh process, so peak memory (``ru_maxrss``) is its own:

- **decode**: read the bytes, decode them and split them into lines (the
  baseline: the least any reader must do; it holds the whole file);
- **read**: :func:`~kizuna.adapters.sources.evidence.open_evidence` and every
  passage streamed (hash, encoding, blocks, passages with locations and
  language), nothing stored;
- **ingest**: :func:`~kizuna.services.evidence.add_evidence`, what
  ``kizuna evidence add`` and ``POST /api/evidence`` run: the same, plus the
  passages and the original bytes stored in a fresh SQLite file in one
  transaction.

``sec`` is wall-clock time and ``cpu`` the process's CPU time (on a shared
machine wall time also counts waiting for a core: the load average is printed);
``MB/s`` is megabytes of input per wall second and ``cpuMB/s`` per CPU second;
``ratio`` is the wall time over the baseline's for the same input in the same
run. Linear work shows as a constant ``s/MB`` across sizes; flat memory as
``RSS MB`` staying level from 10 to 100 MB (for read and ingest: the baseline
holds the whole file by design). The evidence limits are raised for the run so
that the 100 MB inputs are read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [
    ROOT / "tests/data/evidence/mid-form-3d/seihin-ja.md",
    ROOT / "tests/data/evidence/flipview-console/seihin-ja.md",
]
MB = 1024 * 1024

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {src!r})
path, mode, folder = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
from kizuna.adapters.sources.evidence import EvidenceLimits, open_evidence
from kizuna.adapters.storage.db import open_database
from kizuna.services.evidence import add_evidence
limits = EvidenceLimits(max_bytes=2**31, max_chars=2**31, max_passages=10**8)
database = open_database(f"sqlite:///{{folder / 'bench.db'}}")
# Warm up (lazy imports, mapper set-up) on a few bytes, so the timing is the work per input.
add_evidence(database, [Path({warm!r})], product="Warm-up", limits=limits)
start, cpu = time.perf_counter(), time.process_time()
if mode == "decode":
    count = len(path.read_bytes().decode("utf-8").splitlines())
elif mode == "read":
    count = sum(1 for _ in open_evidence(path, limits=limits).passages())
else:
    report = add_evidence(database, [path], product="Bench", limits=limits)
    assert not report.failed, report.failed
    count = report.documents[0].passages
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "cpu": cpu, "rss": rss, "count": count}}))
"""
MODES = ("decode", "read", "ingest")


def _sample_text() -> str:
    english = (
        "The pump housing is moulded in one piece and carries the impeller on a ceramic shaft. "
        "A sensor measures the flow rate, and the controller adjusts the motor speed to it. "
    )
    japanese = "\n\n".join(p.read_text(encoding="utf-8") for p in SAMPLES if p.exists())
    return f"{english * 4}\n\n{japanese}\n\n"


def _write(path: Path, head: str, unit: str, sep: str, repeats: int, limit: int) -> Path:
    """``head + sep.join([unit] * repeats)`` cut to ``limit`` bytes of whole characters.

    Written a unit at a time: this process stays small, because a child started
    from it inherits its peak memory in ``ru_maxrss`` (Linux keeps the high-water
    mark across fork and exec), which would hide the child's own.
    """
    written = 0
    with path.open("wb") as out:
        for index in range(repeats + 1):
            piece = (head if index == 0 else (sep if index > 1 else "") + unit).encode("utf-8")
            if written + len(piece) > limit:
                out.write(piece[: limit - written].decode("utf-8", errors="ignore").encode())
                break
            out.write(piece)
            written += len(piece)
    return path


def _build(folder: Path, size_mb: int) -> dict[str, Path]:
    unit = _sample_text()
    repeats = size_mb * MB // len(unit.encode("utf-8")) + 1
    limit = size_mb * MB
    one = " ".join(unit.split())
    return {
        "paragraphs.txt": _write(folder / f"{size_mb}-p.txt", "", unit, "", repeats, limit),
        "one-paragraph.txt": _write(folder / f"{size_mb}-o.txt", "", one, " ", repeats, limit),
        "document.md": _write(
            folder / f"{size_mb}-d.md", "# Product\n\n", unit, "", repeats, limit
        ),
    }


def _measure(path: Path, mode: str) -> dict[str, float]:
    code = _CHILD.format(src=str(ROOT / "src"), warm=str(SAMPLES[0]))
    with tempfile.TemporaryDirectory(prefix="kizuna-bench-db-") as folder:
        out = subprocess.run(
            [sys.executable, "-c", code, str(path), mode, folder],
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="input sizes in MB")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load average at start: {_load()} ({os.cpu_count()} CPUs)", flush=True)
    print(f"{'MB':>4} {'input':>17} {'mode':>6} {'sec':>7} {'cpu':>6} {'s/MB':>5} "
          f"{'MB/s':>6} {'cpuMB/s':>7} {'ratio':>6} {'RSS MB':>6} {'passages':>8}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kizuna-bench-") as folder:
        for size in sizes:
            for name, path in _build(Path(folder), size).items():
                rows = {mode: _measure(path, mode) for mode in MODES}
                base = rows["decode"]["seconds"]
                for mode, row in rows.items():
                    print(f"{size:>4} {name:>17} {mode:>6} {row['seconds']:>7.2f} "
                          f"{row['cpu']:>6.2f} {row['seconds'] / size:>5.2f} "
                          f"{size / row['seconds']:>6.1f} {size / max(row['cpu'], 1e-6):>7.1f} "
                          f"{row['seconds'] / base:>6.1f} {row['rss']:>6.0f} "
                          f"{int(row['count']):>8}", flush=True)
                path.unlink()
    print(f"load average at end: {_load()}", flush=True)


if __name__ == "__main__":
    main()
