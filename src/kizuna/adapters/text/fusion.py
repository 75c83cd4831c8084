"""How lexical, semantic and position evidence combine into one score in [0, 1].

Each component is already in [0, 1] (see :mod:`kizuna.adapters.text.bm25`
for lexical, :func:`kizuna.adapters.text.embed.calibrate` for semantic,
:func:`proximity` for position). The hybrid score is a weighted sum:

============================  =========  ==========  ==========
pair                          lexical    semantic    position
============================  =========  ==========  ==========
same language (hybrid)        0.35       0.55        0.10
cross language (hybrid)       0          1           0
``bm25`` method               1          0           0
``dense`` method              0          1           0
============================  =========  ==========  ==========

BM25 cannot match Japanese words against English ones, so a cross-language
pair relies on the multilingual model alone. The semantic side gets the larger
share because it recognises paraphrase (product documentation rarely uses claim
wording); the lexical side keeps exact technical terms (model numbers, "USB-C",
"Bluetooth LE") from being washed out; position rewards a passage where the
element's terms sit close together rather than scattered over a long page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["WEIGHTS", "Weights", "fuse", "proximity", "weights_for"]


@dataclass(frozen=True, kw_only=True)
class Weights:
    """Weights of the three components; they sum to 1."""

    lexical: float
    semantic: float
    position: float


WEIGHTS: dict[str, Weights] = {
    "hybrid-same": Weights(lexical=0.35, semantic=0.55, position=0.10),
    "hybrid-cross": Weights(lexical=0.0, semantic=1.0, position=0.0),
    "bm25": Weights(lexical=1.0, semantic=0.0, position=0.0),
    "dense": Weights(lexical=0.0, semantic=1.0, position=0.0),
}


def weights_for(method: str, *, same_language: bool) -> Weights:
    """The weights of ``method`` ("hybrid", "bm25", "dense") for a same- or cross-language pair."""
    if method == "hybrid":
        return WEIGHTS["hybrid-same" if same_language else "hybrid-cross"]
    return WEIGHTS[method]


def fuse(lexical: float, semantic: float, position: float, weights: Weights) -> float:
    """The weighted sum of the components, clipped to [0, 1].

    >>> fuse(1.0, 0.5, 0.0, WEIGHTS["hybrid-same"])
    0.625
    """
    total = weights.lexical * lexical + weights.semantic * semantic + weights.position * position
    return round(min(1.0, max(0.0, total)), 6)


def proximity(passage_tokens: Sequence[str], terms: Sequence[str]) -> float:
    """How tightly the matched ``terms`` cluster in the passage, in [0, 1].

    The number of distinct matched terms divided by the length of the shortest
    token window holding all of them: 1.0 when they are adjacent. Fewer than two
    matched terms give 0.0 (no evidence of the element's parts appearing together).

    >>> proximity(["usb", "port", "charg", "fast"], ["usb", "charg"])
    0.6666666666666666
    """
    wanted = set(terms) & set(passage_tokens)
    if len(wanted) < 2:
        return 0.0
    counts: dict[str, int] = {}
    best = len(passage_tokens)
    left = 0
    covered = 0
    for right, token in enumerate(passage_tokens):
        if token in wanted:
            counts[token] = counts.get(token, 0) + 1
            if counts[token] == 1:
                covered += 1
        while covered == len(wanted):
            best = min(best, right - left + 1)
            out = passage_tokens[left]
            if out in wanted:
                counts[out] -= 1
                if counts[out] == 0:
                    covered -= 1
            left += 1
    return len(wanted) / best
