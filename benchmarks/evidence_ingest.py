"""Evidence ingest benchmark: time and peak memory for 1, 10 and 100 MB inputs.

Run: ``.venv/bin/python benchmarks/evidence_ingest.py [--sizes 1,10,100]``.

For each size it builds three inputs from real sample text (the English and
Japanese evidence in ``tests/data/evidence``, repeated): a plain text file of
ordinary paragraphs, the same text as **one paragraph** (the case that was
quadratic, issue 12.1), and a Markdown file. Each input is measured in a fresh
process, so peak memory (``ru_maxrss``) is its own:

- **decode**: decode the bytes and split them into lines (the baseline: the
  least any reader must do);
- **kizuna**: :func:`~kizuna.adapters.sources.evidence.read_evidence` (decode,
  blocks, passages with locations and language).

``MB/s`` is megabytes of input per second; ``ratio`` is kizuna's time over the
baseline's for the same input in the same run. Linear work shows as a constant
``s/MB`` across sizes; flat memory as ``RSS MB`` growing no faster than the input.
The evidence limits are raised for the run so that the 100 MB inputs are read.
"""

from __future__ import annotations

import argparse
import json
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
path, mode = Path(sys.argv[1]), sys.argv[2]
from kizuna.adapters.sources.evidence import EvidenceLimits, read_evidence
limits = EvidenceLimits(max_bytes=2**31, max_chars=2**31, max_passages=10**8)
data = path.read_bytes()
start = time.perf_counter()
if mode == "decode":
    lines = data.decode("utf-8").splitlines()
    count = len(lines)
else:
    count = len(read_evidence(path, data, limits=limits).passages)
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "rss": rss, "count": count}}))
"""


def _sample_text() -> str:
    english = (
        "The pump housing is moulded in one piece and carries the impeller on a ceramic shaft. "
        "A sensor measures the flow rate, and the controller adjusts the motor speed to it. "
    )
    japanese = "\n\n".join(p.read_text(encoding="utf-8") for p in SAMPLES if p.exists())
    return f"{english * 4}\n\n{japanese}\n\n"


def _build(folder: Path, size_mb: int) -> dict[str, Path]:
    unit = _sample_text()
    repeats = size_mb * MB // len(unit.encode("utf-8")) + 1
    body = unit * repeats
    files = {
        "paragraphs.txt": body,
        "one-paragraph.txt": " ".join(body.split()),
        "document.md": "# Product\n\n" + body,
    }
    paths = {}
    for name, text in files.items():
        path = folder / f"{size_mb}-{name}"
        cut = text.encode("utf-8")[: size_mb * MB].decode("utf-8", errors="ignore")
        path.write_bytes(cut.encode("utf-8"))  # whole characters only
        paths[name] = path
    return paths


def _measure(path: Path, mode: str) -> dict[str, float]:
    code = _CHILD.format(src=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), mode], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="input sizes in MB")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'MB':>5} {'input':>18} {'mode':>7} {'sec':>8} {'s/MB':>6} {'MB/s':>7} "
          f"{'ratio':>6} {'RSS MB':>7} {'passages':>9}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kizuna-bench-") as folder:
        for size in sizes:
            for name, path in _build(Path(folder), size).items():
                base = _measure(path, "decode")
                run = _measure(path, "kizuna")
                for mode, row in (("decode", base), ("kizuna", run)):
                    ratio = row["seconds"] / base["seconds"]
                    print(f"{size:>5} {name:>18} {mode:>7} {row['seconds']:>8.2f} "
                          f"{row['seconds'] / size:>6.2f} {size / row['seconds']:>7.1f} "
                          f"{ratio:>6.1f} {row['rss']:>7.0f} {int(row['count']):>9}", flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
