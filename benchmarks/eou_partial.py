"""What the ``partial`` label says on a case set: how often it marks met and not-met elements.

Usage::

    PYTHONPATH=src python benchmarks/eou_partial.py [tests/data/eou/mixed.json]

With the shipped fusion and label model (in-sample: the model was fitted on
``mixed.json``), prints how many met and not-met elements are labelled
``partial``, then, among the elements the model leaves unsupported, the share
of met and of not-met elements at or above each cut of the best passage's
score and of P(met), with Youden's J (met share minus not-met share). A J at
or below 0 at every cut means neither figure separates met from not met there,
so no cut would make ``partial`` evidence of use (docs/retrieval.md, "What
`partial` says"). Real models; vectors cached in ``KIZUNA_CACHE_DIR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"),
                str(Path(__file__).resolve().parent)]

from eou_loco import rank_all  # noqa: E402

from kizuna.domain.charting import THRESHOLDS, element_label  # noqa: E402
from kizuna.domain.label_model import LABEL_DEPTH, LABEL_MODEL, element_features  # noqa: E402
from kizuna.services.eval_eou import load_cases  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/eou/mixed.json")
    cases = load_cases(path)
    ranked = rank_all(cases, None)
    rows = []  # (met, label, best score, P(met))
    for case in cases:
        for element, hits in zip(case.elements, ranked[case.id], strict=True):
            if element.verdict is None:
                continue
            top = hits[:LABEL_DEPTH]
            rows.append((element.verdict == "met", element_label(top, THRESHOLDS, LABEL_MODEL),
                         max((h.score for h in top), default=0.0),
                         LABEL_MODEL.probability(element_features(top))))
    met = [r for r in rows if r[0]]
    not_met = [r for r in rows if not r[0]]
    print(f"{path} ({LABEL_MODEL.version}): partial for {sum(r[1] == 'partial' for r in met)} of "
          f"{len(met)} met and {sum(r[1] == 'partial' for r in not_met)} of {len(not_met)} "
          "not-met elements")
    for name, column, cuts in (("best score", 2, (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)),
                               ("P(met)", 3, (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45))):
        for cut in cuts:
            a = sum(r[1] != "supported" and r[column] >= cut for r in met) / len(met)
            b = sum(r[1] != "supported" and r[column] >= cut for r in not_met) / len(not_met)
            print(f"  unsupported by the model, {name} >= {cut}: met {a:.3f}, not met {b:.3f}, "
                  f"J {a - b:+.3f}")


if __name__ == "__main__":
    main()
