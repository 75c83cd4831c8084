"""Ingest throughput against a bare lxml parse of the same files, in one run.

Builds a corpus of USPTO weekly-style bulk files (many XML documents back to
back) by repeating the real samples in tests/data/uspto with a fresh
publication and application number per copy, so that every document is a
distinct patent. Then, each in its own subprocess (so peak memory is its own):

- baseline: split each bulk file on ``<?xml`` and ``lxml.etree.fromstring`` every
  document (no mapping, no claims, no storage);
- kizuna: ``ingest_paths`` into a fresh SQLite database (parse + claims +
  elements + store), at several corpus sizes to show whether memory stays flat.

Usage: ``python benchmarks/ingest.py [--mb 200] [--sizes 50,100] [--workers 1,0]``.
Prints documents/s, MB/s, the ratio to the baseline, peak RSS of the measured
process and (wRSS) of its largest parser worker process, if any.
Target (issue 2): full ingest >= 40% of the bare-parse throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "uspto"
_PUB = re.compile(rb"(<publication-reference>.*?<doc-number>)(\d+)(</doc-number>)", re.S)
_APP = re.compile(rb"(<application-reference[^>]*>.*?<doc-number>)(\d+)(</doc-number>)", re.S)
# A grant names its pre-grant publication; a shared one would merge every copy into one patent.
_REL = re.compile(rb"(<related-publication>.*?<doc-number>)(\d+)(</doc-number>)", re.S)
DOC_PER_FILE_MB = 20


def _templates() -> list[bytes]:
    """The xml2004+ grant/application samples: they carry publication/application references."""
    docs = []
    for path in sorted(SAMPLES.glob("*.xml")):
        data = path.read_bytes()
        if b"<us-patent-grant" in data[:3000] or b"<us-patent-application" in data[:3000]:
            docs.append(data.rstrip() + b"\n")
    if not docs:
        sys.exit(f"no USPTO samples found in {SAMPLES}")
    return docs


def build_corpus(folder: Path, megabytes: int) -> tuple[int, int]:
    """Write bulk files totalling ``megabytes``; return (documents, bytes)."""
    templates = _templates()
    folder.mkdir(parents=True, exist_ok=True)
    target, written, docs, serial = megabytes * 1_000_000, 0, 0, 0
    file_index = 0
    while written < target:
        file_index += 1
        chunk: list[bytes] = []
        size = 0
        while size < DOC_PER_FILE_MB * 1_000_000 and written + size < target:
            template = templates[serial % len(templates)]
            serial += 1
            pub, app, rel = b"%08d" % (90_000_000 + serial), b"%08d" % (80_000_000 + serial), \
                b"2099%07d" % serial
            doc = _PUB.sub(lambda m: m[1] + pub + m[3], template, 1)  # noqa: B023 (used at once)
            doc = _APP.sub(lambda m: m[1] + app + m[3], doc, 1)  # noqa: B023
            doc = _REL.sub(lambda m: m[1] + rel + m[3], doc, 1)  # noqa: B023
            chunk.append(doc)
            size += len(doc)
        (folder / f"ipg-bench-{file_index:03d}.xml").write_bytes(b"".join(chunk))
        written += size
        docs += len(chunk)
    return docs, written


def _baseline(folder: Path) -> dict[str, float]:
    from lxml import etree

    start = time.perf_counter()
    docs = 0
    for path in sorted(folder.glob("*.xml")):
        data = path.read_bytes()
        for part in data.split(b"<?xml")[1:]:
            etree.fromstring(b"<?xml" + part)
            docs += 1
    return {"seconds": time.perf_counter() - start, "documents": docs}


def _kizuna(folder: Path, workers: int | None) -> dict[str, float]:
    from kizuna.adapters.storage.db import open_database
    from kizuna.services.ingest import ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(f"sqlite:///{tmp}/bench.db")
        start = time.perf_counter()
        options = {} if workers is None else {"workers": workers}  # None: the default
        report = ingest_paths(paths=[folder], database=database, **options)
        seconds = time.perf_counter() - start
        database.dispose()
    data = report.to_json()
    if data["failed"]:
        raise SystemExit(f"ingest failures: {data['failed'][:3]}")
    return {"seconds": seconds, "documents": data["ingested"] + data["updated"]}


def _child(mode: str, folder: str, workers: str) -> None:
    if mode == "baseline":
        result = _baseline(Path(folder))
    else:
        result = _kizuna(Path(folder), int(workers) or None)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Parser worker processes (if any): the largest one's peak.
    result["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def _run(mode: str, folder: Path, workers: int = 0) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=200, help="corpus size for the throughput run")
    parser.add_argument(
        "--sizes", default="50,100", help="smaller corpus sizes for the memory curve"
    )
    parser.add_argument(
        "--workers", default="0",
        help="parser processes for kizuna, comma-separated runs (0 = default: the CPU count)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | {args.mb})
    runs = [int(w) for w in args.workers.split(",") if w]
    print(f"kizuna ingest benchmark; corpus = USPTO samples repeated, sizes {sizes} MB; "
          f"{os.cpu_count()} CPUs; kizuna-wN = N parser processes (w0 = default)")
    print(f"{'MB':>5} {'mode':>9} {'docs':>7} {'sec':>8} {'docs/s':>8} {'MB/s':>7} "
          f"{'ratio':>6} {'RSS MB':>7} {'wRSS MB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"corpus-{size}"
            docs, nbytes = build_corpus(folder, size)
            base = _run("baseline", folder)
            fulls = [(f"kizuna-w{w}", _run("kizuna", folder, w)) for w in runs]
            mb = nbytes / 1e6
            for name, r in (("lxml", base), *fulls):
                ratio = base["seconds"] / r["seconds"]
                print(
                    f"{size:>5} {name:>9} {int(r['documents']):>7} {r['seconds']:>8.2f} "
                    f"{r['documents'] / r['seconds']:>8.1f} {mb / r['seconds']:>7.1f} "
                    f"{ratio:>6.0%} {r['peak_rss_mb']:>7.0f} {r['worker_rss_mb']:>7.0f}"
                )
            assert docs == base["documents"], "corpus builder and baseline disagree"
    print("ratio = kizuna throughput / bare lxml throughput in the same run (target >= 40%)")


if __name__ == "__main__":
    main()
