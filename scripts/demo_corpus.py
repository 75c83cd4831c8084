"""Demo step: a small bulk corpus — build, search, similar, applicants, landscape, screening.

The landscape line says how many citations the build stored and whether any links a
landscape patent to the seed (the samples cite documents outside the sample set and the
synthetic copies cite nothing, so today none does: the count is printed instead).

The corpus is the real samples (tests/data, public USPTO/EPO/JPO documents) plus a
SYNTHETIC expansion: copies of them with fictitious numbers, years and applicant
suffixes and shuffled clauses (the ``templates`` generator of benchmarks/corpus.py, kept
here so the demo's answers stay the same), clearly labelled as such.
Built in-process (``--no-ray``: a local Ray starts in about 20 s on 2 cores) with
the deterministic hashing embedder, so the step stays fast. Writes
``corpus/`` (the corpus folder) and ``corpus/*.json`` (the answers).

Run alone: ``python scripts/demo_corpus.py --out demo-out``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests" / "data" / name for name in ("ingest", "corpus")]
SYNTHETIC = 300
PRODUCTS = [ROOT / "tests" / "data" / "evidence" / name
            for name in ("magseal-cap-38", "flipview-console")]


def _synthetic(folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files: list[Path] = module.make_corpus(folder, SYNTHETIC, SYNTHETIC, "templates")
    return files


def _kizuna(*args: str, ok_codes: tuple[int, ...] = (0,)) -> Any:
    done = subprocess.run([sys.executable, "-m", "kizuna.cli", *args, "--json"],
                          capture_output=True, text=True, check=False)
    if done.returncode not in ok_codes:
        raise SystemExit(f"kizuna {' '.join(args)} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def step(demo: Any, out: Path) -> list[str]:
    """Build the corpus, then one search per language, a similar query, applicants, a
    landscape expansion and a screening job."""
    folder = out / "corpus"
    synthetic = _synthetic(out / "corpus-input" / "SYNTHETIC")
    report = _kizuna("corpus", "build", *map(str, SAMPLES), *map(str, synthetic), "--out",
                     str(folder), "--no-ray", "--embedder", "hashing", "--partition-size", "100",
                     ok_codes=(0, 1))
    answers = {
        "search-en": _kizuna("corpus", "search", '"base station" handover', "--corpus",
                             str(folder), "--limit", "3"),
        "search-ja": _kizuna("corpus", "search", "サーバ", "--corpus", str(folder), "--mode",
                             "bm25", "--limit", "3"),
        "similar": _kizuna("corpus", "similar", "US8930553B2", "--corpus", str(folder),
                           "--limit", "3"),
        "applicants": _kizuna("corpus", "applicants", "--corpus", str(folder), "--no-ray",
                              "--top", "5"),
        "landscape": _kizuna("corpus", "landscape", "US9999001B2", "--corpus", str(folder),
                             "--no-ray", "--top", "20", "--out", str(folder / "landscape.csv")),
        "screen": _kizuna("corpus", "screen", "--corpus", str(folder), "--no-ray",
                          "--embedder", "hashing", "--top-k", "3",
                          *[arg for p in PRODUCTS for arg in ("--products", str(p))]),
    }
    for name, answer in answers.items():
        (folder / f"{name}.json").write_text(json.dumps(answer, ensure_ascii=False, indent=2),
                                             "utf-8")
    lines = [f"Bulk corpus ({len(SAMPLES)} sample folders + {SYNTHETIC} SYNTHETIC mutated "
             f"copies): {report['documents']:,} documents in {report['partitions']} "
             f"partitions, {len(report['failed'])} input faults reported -> corpus/"]
    for name in ("search-en", "search-ja", "similar"):
        hits = answers[name]["results"]
        lines.append(f"  {name}: " + ", ".join(f"{h['number']} ({h['score']:.3f})"
                                               for h in hits))
    top = answers["applicants"]["applicants"][:3]
    lines.append("  busiest applicants (synthetic copies carry a numbered applicant name): "
                 + "; ".join(f"{a['applicant']}: {a['documents']} filing(s)" for a in top))
    landscape = answers["landscape"]
    lines.append(f"  landscape around US9999001B2: {len(landscape['patents'])} patents, first "
                 + ", ".join(f"{p['number']} ({p['relevance']:.2f})"
                             for p in landscape["patents"][:3]) + " -> corpus/landscape.csv")
    lines.append(_citation_line(folder, landscape))
    best = {}
    for pair in answers["screen"]["pairs"]:
        best.setdefault(pair["product"], pair)
    lines.append("  screening, best pair per product: " + "; ".join(
        f"{name} -> {p['patent']} claim {p['claim']} ({p['recommendation']})"
        for name, p in sorted(best.items())))
    lines.append("  search results are leads for a person to read, not findings")
    return lines


def _citation_line(folder: Path, landscape: dict[str, Any]) -> str:
    """The citation-linked landscape patents, or honestly the count of citations stored."""
    import pyarrow.parquet as pq

    linked = [p for p in landscape["patents"] if p.get("citations")]
    if linked:
        return "  citation-linked: " + "; ".join(
            f"{p['number']} ({', '.join(c['direction'] + ' ' + c['seed'] for c in p['citations'])})"
            for p in linked[:5])
    npl = pq.read_table(folder / "citations", columns=["npl"]).column("npl").to_pylist()
    return (f"  citations stored: {len(npl):,} ({len(npl) - sum(npl):,} patent documents, "
            f"{sum(npl):,} non-patent literature), all from the real samples; none names a "
            "document of this corpus (the SYNTHETIC copies cite nothing), so no landscape "
            "patent is citation-linked here")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "demo-out")
    target = parser.parse_args().out
    target.mkdir(parents=True, exist_ok=True)
    print("\n".join(step(None, target)))
