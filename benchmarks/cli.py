"""CLI start-up: ``kizuna --help`` and ``kizuna patents list`` against ``import typer, sqlalchemy``.

    .venv/bin/python benchmarks/cli.py --runs 7

Each command runs as a fresh process (``python -m kizuna.cli …``), ``--runs`` times,
interleaved with the baseline ``python -c "import typer, sqlalchemy"`` so that load on
the machine hits all alike. ``patents list`` runs in a temporary folder whose database
holds the sample patents of tests/data (ingested once, before timing). Each command runs
once untimed first, with bytecode writing on (``PYTHONDONTWRITEBYTECODE`` removed), so that
Kizuna's modules load from ``__pycache__`` as those of an installed package and of the
baseline's Typer and SQLAlchemy do; without it a development checkout compiles every
module from source on each run. Prints the median
wall time and the median CPU time (user + system of the child) of each, and each
command's ratio to the baseline in the same run; the target of issue 11.15 is a ratio of
2 or less for both commands.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = [DATA / "uspto", DATA / "jpo", DATA / "epo"]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "80"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        subprocess.run([python, "-m", "kizuna.cli", "ingest", *map(str, SAMPLES)], cwd=work,
                       env=env, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        cases = {
            "baseline: import typer, sqlalchemy": [python, "-c", "import typer, sqlalchemy"],
            "kizuna --help": [python, "-m", "kizuna.cli", "--help"],
            "kizuna patents list": [python, "-m", "kizuna.cli", "patents", "list"],
        }
        for args in cases.values():  # warm-up: writes the bytecode caches
            _run(args, work, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(options.runs):
            for name, args in cases.items():
                times[name].append(_run(args, work, env))
    base_wall = statistics.median(w for w, _ in times["baseline: import typer, sqlalchemy"])
    base_cpu = statistics.median(c for _, c in times["baseline: import typer, sqlalchemy"])
    print(f"{'command':<36} {'wall s':>7} {'ratio':>6} {'cpu s':>7} {'ratio':>6}")
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"{name:<36} {wall:7.3f} {wall / base_wall:6.2f} {cpu:7.3f} {cpu / base_cpu:6.2f}")


if __name__ == "__main__":
    main()
