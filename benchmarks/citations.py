"""What citations cost: corpus build, landscape and portfolio storage, with and without them.

Three ratios, each against a baseline measured in the same run on the same input:

- **build**: ``build_corpus`` (in-process, no embedder) of N synthetic JSONL records that
  cite 20 earlier records each (half with a kind code, half without), against the same
  records without their ``citations`` column;
- **landscape**: ``expand_landscape`` for 5 seeds on that corpus, against the same corpus
  with its ``citations/`` tables removed (the two-part score of corpora built before);
- **store**: ``add_many`` of the real USPTO samples (tests/data/uspto, about 40 citations
  per grant) copied under fresh numbers into a fresh SQLite database, with and without
  ``Patent.citations`` (best of 5 each).

The records are SYNTHETIC (numbers, titles and classes drawn from a seeded generator).
Usage: ``PYTHONPATH=src python benchmarks/citations.py [--documents 20000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_WORDS = ["base", "station", "handover", "terminal", "scheduler", "electrode", "slurry",
          "cathode", "lid", "hinge", "valve", "sensor", "antenna", "packet", "session", "buffer"]
_CPC = ["H04W 36/08", "H04W 72/04", "H04L 67/10", "H01M 4/04", "B65D 51/16", "G06F 16/00"]
CITES = 20


def records(count: int, *, cites: bool) -> list[dict[str, object]]:
    """``count`` synthetic grants; each cites up to 20 earlier ones."""
    rng = random.Random(14)
    out: list[dict[str, object]] = []
    for index in range(count):
        record: dict[str, object] = {
            "number": f"US{50_000_000 + index}B2", "lang": "en",
            "title": " ".join(rng.sample(_WORDS, 4)), "abstract": " ".join(rng.sample(_WORDS, 8)),
            "cpc": rng.sample(_CPC, 2), "filing_date": f"{2000 + index % 20}-01-01",
            "claims": [{"number": 1, "text": "A device comprising " + rng.choice(_WORDS)}]}
        if cites and index:
            earlier = rng.sample(range(index), min(CITES, index))
            record["citations"] = [f"US{50_000_000 + e}" + ("B2" if e % 2 else "")
                                   for e in earlier]
        out.append(record)
    return out


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def _timed(function: object, *args: object, **kwargs: object) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - start


def corpus_figures(folder: Path, count: int) -> list[str]:
    from kizuna.services.corpus.build import build_corpus
    from kizuna.services.corpus.landscape import expand_landscape

    options = {"embedder": "none", "use_ray": False, "partition_size": 5_000}
    plain = _timed(build_corpus, sources=[_write(folder / "plain.jsonl",
                                                 records(count, cites=False))],
                   out=folder / "plain", **options)
    cited = _timed(build_corpus, sources=[_write(folder / "cited.jsonl",
                                                 records(count, cites=True))],
                   out=folder / "cited", **options)
    old = folder / "old"
    shutil.copytree(folder / "cited", old)
    shutil.rmtree(old / "citations")
    seeds = [f"US{50_000_000 + count - 1 - k}B2" for k in range(5)]
    without = min(_timed(expand_landscape, corpus=old, seeds=seeds, top=100, use_ray=False)
                  for _ in range(3))
    linked = min(_timed(expand_landscape, corpus=folder / "cited", seeds=seeds, top=100,
                        use_ray=False) for _ in range(3))
    result = expand_landscape(corpus=folder / "cited", seeds=seeds, top=100, use_ray=False)
    links = sum(1 for p in result.patents if p["citations"])
    return [
        f"build {count:,} docs ({CITES} citations each): {cited:.2f} s with citations, "
        f"{plain:.2f} s without; ratio {cited / plain:.2f}",
        f"landscape, 5 seeds, top 100: {linked:.3f} s with citation links, {without:.3f} s "
        f"without the citations tables; ratio {linked / without:.2f} "
        f"({links} of the top 100 citation-linked)",
    ]


def store_figure() -> str:
    from kizuna.adapters.corpus.inputs import read_documents
    from kizuna.adapters.storage.db import open_database
    from kizuna.adapters.storage.patents import SqlPatentStore
    from kizuna.domain.ids import NumberType, PatentNumber
    from kizuna.domain.patent import Patent

    base = [p for f in sorted((ROOT / "tests" / "data" / "uspto").glob("US*.xml"))
            for p in read_documents(f) if isinstance(p, Patent)]

    def copies(cites: bool) -> list[Patent]:
        out = []
        for i in range(50):
            for j, p in enumerate(base):
                number = PatentNumber(country="US", number=str(40_000_000 + i * 100 + j),
                                      kind="B2", type=NumberType.GRANT)
                sources = tuple(replace(s, sha256=f"{i:032d}{j:032d}") for s in p.sources)
                out.append(replace(p, number=number, numbers=(number,), sources=sources,
                                   citations=p.citations if cites else ()))
        return out

    def store(patents: list[Patent]) -> float:
        with tempfile.TemporaryDirectory() as folder:
            database = open_database(f"sqlite:///{folder}/k.db")
            start = time.perf_counter()
            with SqlPatentStore(database).unit_of_work() as uow:
                uow.patents.add_many(patents)
            elapsed = time.perf_counter() - start
            database.dispose()
            return elapsed

    with_cites, without = copies(True), copies(False)
    plain, cited = [], []
    for _ in range(5):
        plain.append(store(without))
        cited.append(store(with_cites))
    count = sum(len(p.citations) for p in with_cites)
    return (f"store {len(with_cites)} sample grants ({count:,} citations): "
            f"{min(cited):.3f} s with citations, {min(plain):.3f} s without; "
            f"ratio {min(cited) / min(plain):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        lines = corpus_figures(Path(folder), args.documents)
    lines.append(store_figure())
    print("\n".join(lines))


if __name__ == "__main__":
    main()
