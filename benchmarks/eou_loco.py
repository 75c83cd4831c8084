"""Leave-one-case-out choice and evaluation of the evidence fusion and label thresholds.

Usage::

    PYTHONPATH=src python benchmarks/eou_loco.py [tests/data/eou/mixed.json] [--quick]

For every held-out case, the fusion weights (by nDCG@3) and then the label
thresholds (by balanced accuracy) are chosen on the *other* cases only, and the
held-out case is scored with them; the pooled held-out figures are printed
beside the in-sample figures of the chosen defaults, the single-family methods
(``bm25``, ``dense``) and the trivial label baselines ("always supported",
"always unsupported"). Real models (USE, e5); vectors are cached in
``KIZUNA_CACHE_DIR``. CPU-heavy: run it once, not in the test suite.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kizuna.adapters.text.fusion import Fusion
from kizuna.adapters.text.retriever import ElementQuery, build_retriever
from kizuna.domain.charting import THRESHOLDS, Thresholds, element_label
from kizuna.services.eval_eou import (
    LABEL_DEPTH,
    ElementResult,
    EouCase,
    balanced_accuracy,
    label_consistency,
    load_cases,
    mrr,
    ndcg_at,
    recall_at,
)

Ranked = dict[str, list[list[Any]]]  # case id -> per element hits


def rank_all(cases: list[EouCase], fusion: Fusion | None, method: str = "hybrid") -> Ranked:
    retriever = build_retriever(method, fusion=fusion)
    out: Ranked = {}
    for case in cases:
        queries = [ElementQuery(id=e.id, text=e.text, lang=e.lang) for e in case.elements]
        out[case.id] = retriever.rank(queries, case.passages, top_k=len(case.passages))
    return out


def results(cases: list[EouCase], ranked: Ranked, thresholds: Thresholds) -> list[ElementResult]:
    rows = []
    for case in cases:
        for element, hits in zip(case.elements, ranked[case.id], strict=True):
            ranking = tuple(h.passage.id for h in hits)
            relevant = any(g >= 1 for g in element.gold.values())
            rows.append(ElementResult(
                id=element.id, lang_pair=f"{element.lang}-{case.passage_lang}", ranking=ranking,
                score=hits[0].score if hits else 0.0, group=element.group, case=case.id,
                label=element_label(hits[:LABEL_DEPTH], thresholds), verdict=element.verdict,
                ndcg=ndcg_at(ranking, element.gold) if relevant else None,
                recall=recall_at(ranking, element.gold) if relevant else None,
                mrr=mrr(ranking, element.gold) if relevant else None))
    return rows


def mean_ndcg(rows: list[ElementResult]) -> float:
    values = [r.ndcg for r in rows if r.ndcg is not None]
    return sum(values) / len(values) if values else 0.0


def report(name: str, rows: list[ElementResult]) -> None:
    pairs = sorted({r.lang_pair for r in rows})
    by_pair = ", ".join(
        f"{p} {mean_ndcg([r for r in rows if r.lang_pair == p]):.3f}" for p in pairs
    )
    print(f"{name:<34} nDCG@3 {mean_ndcg(rows):.3f} ({by_pair}); balanced accuracy "
          f"{balanced_accuracy(rows)}; consistency {label_consistency(rows)}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    cases = load_cases(Path(args[0] if args else "tests/data/eou/mixed.json"))
    grid = [
        Fusion(weights={"use": u, "e5": e, "lexical": lx, "position": 0.05}, z_scale=z)
        for u, e, lx, z in itertools.product(
            (0.2, 0.35, 0.5), (0.0, 0.25, 0.5), (0.2, 0.35, 0.5),
            (5.0, 8.0) if not quick else (6.0,),
        )
    ]
    thresholds = [
        Thresholds(supported=s / 100, partial=max(0.0, s / 100 - 0.15), specific=sp)
        for s in range(30, 71, 2) for sp in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    ranked = {n: rank_all(cases, f) for n, f in enumerate(grid)}
    print(f"{len(cases)} cases, {sum(len(c.elements) for c in cases)} elements, "
          f"{len(grid)} fusions x {len(thresholds)} thresholds")
    held_out: list[ElementResult] = []
    chosen = []
    for case in cases:
        train = [c for c in cases if c.id != case.id]
        best_f = max(range(len(grid)),
                     key=lambda n: mean_ndcg(results(train, ranked[n], THRESHOLDS)))
        best_t = max(thresholds, key=lambda t: (balanced_accuracy(results(train, ranked[best_f], t))
                                                or 0.0, t.specific, t.supported))
        chosen.append((case.id, grid[best_f], best_t))
        held_out.extend(results([case], ranked[best_f], best_t))
    for case_id, fusion, t in chosen:
        print(f"  fold {case_id}: {dict(fusion.weights)} z {fusion.z_scale}; "
              f"supported {t.supported} specific {t.specific}")
    report("hybrid, leave-one-case-out", held_out)
    best_f = max(range(len(grid)), key=lambda n: mean_ndcg(results(cases, ranked[n], THRESHOLDS)))
    best_t = max(thresholds, key=lambda t: (balanced_accuracy(results(cases, ranked[best_f], t))
                                            or 0.0, t.specific, t.supported))
    print(f"all-data choice: {dict(grid[best_f].weights)} z {grid[best_f].z_scale}; {best_t}")
    report("hybrid, all-data choice, in-sample", results(cases, ranked[best_f], best_t))
    report("hybrid, shipped defaults", results(cases, rank_all(cases, None), THRESHOLDS))
    for method in ("bm25", "dense"):
        report(f"{method} (shipped thresholds)", results(cases, rank_all(cases, None, method),
                                                        THRESHOLDS))
    for label in ("supported", "unsupported"):
        rows = [ElementResult(**{**r.__dict__, "label": label}) for r in held_out]
        print(f"always {label:<12} balanced accuracy {balanced_accuracy(rows)}; "
              f"consistency {label_consistency(rows)}")


if __name__ == "__main__":
    main()
