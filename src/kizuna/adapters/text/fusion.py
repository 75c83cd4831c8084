"""How the retrieval signals combine into one score in [0, 1], on one scale for every language pair.

Signals of an element against a passage (:mod:`kizuna.adapters.text.retriever`):

- ``use`` and ``e5``: cosine of the element and passage vectors (USE
  multilingual, multilingual e5) as a z-score against the element's cosines to
  the off-topic background sentences *in the passage's language*
  (:func:`kizuna.adapters.text.embed.background_z`), turned into a share by
  :func:`dense_share` with **one** scale (``z_scale``) for every language pair;
- ``lexical``: the IDF-weighted share of the element's terms the passage
  states, directly or through a JMdict equivalent
  (:mod:`kizuna.adapters.text.specificity`), so it works ja↔en as well as
  within one language;
- ``position``: how tightly the matched terms cluster (:func:`proximity`).

**Translations corroborate (v5)**: a product's documentation often says the same
thing in both languages (a Japanese catalogue and its English datasheet). A
passage's *twin* is the passage of the other language that is its mutual
nearest neighbour by USE cosine, at or above ``twin_cosine``; with ``twins`` =
μ a passage's score becomes ``s + μ·max(0, s_twin − s)`` (μ = 1: the better of
the two), so the statement found in one language brings its translation with
it instead of leaving the second place to an on-topic distractor. The best
score of an element never rises (the twin's own score is the ceiling).

**Claim contrast (v6)**: the elements of a claim are different features and a
product's documentation usually states each in its own passage. For an element
and a passage, the *margin* is how much higher the passage's base score (the
weighted mean of the pool-wide signals, :func:`base_score`) is for the best
other element of the same language (:func:`contrast_margins`); with
``contrast`` = λ the passage's score for the element is lowered by λ times
the margin, so the passage that states the next element no longer fills this
element's top three. A passage that fits the element as well as any other keeps
its score; a single element has no rival.

The hybrid score is the weighted mean ``sum(w_k * s_k) / sum(w_k)``. No weight,
floor or ceiling depends on the language pair: a Japanese element and its
English translation see the same scale, and a passage's score does not depend
on which language the claim was written in beyond what the signals measure.
The weights, ``z_scale``, twins and contrast (:data:`HYBRID`) were chosen by leave-one-case-out
on ``tests/data/eou/mixed.json`` (``docs/retrieval.md``). ``bm25`` (plain
BM25 in the passage's language) and ``dense`` (``use`` and ``e5`` only) are the
single-family methods used as baselines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "FUSION_VERSION",
    "HYBRID",
    "SIGNALS",
    "Fusion",
    "base_score",
    "contrast_margins",
    "dense_share",
    "fuse",
    "fusion_for",
    "proximity",
]

SIGNALS = ("use", "e5", "lexical", "position", "bm25")
FUSION_VERSION = "v7"  # the v6 fusion over the v7 query terms (charting.THRESHOLDS_VERSION)


@dataclass(frozen=True, kw_only=True)
class Fusion:
    """Signal weights (non-negative; the score is their weighted mean) and the z scale.

    ``twins`` (μ in [0, 1]) and ``twin_cosine`` set how far a passage's score
    rises toward its translation's (module docstring); ``twins`` = 0 turns it off.
    ``contrast`` (λ) lowers a passage's score for an element by λ times the margin by which
    it fits another element of the same claim better (module docstring); 0 turns it off.
    """

    weights: Mapping[str, float]
    z_scale: float = 6.0
    twins: float = 0.0
    twin_cosine: float = 0.6
    contrast: float = 0.0

    def __post_init__(self) -> None:
        if any(k not in SIGNALS or w < 0 for k, w in self.weights.items()):
            raise ValueError(f"weights must be non-negative and name signals in {SIGNALS}")
        if sum(self.weights.values()) <= 0 or self.z_scale <= 0:
            raise ValueError("weights must not all be zero and z_scale must be positive")
        if not 0.0 <= self.twins <= 1.0 or not -1.0 <= self.twin_cosine <= 1.0:
            raise ValueError("twins must be in [0, 1] and twin_cosine in [-1, 1]")
        if not 0.0 <= self.contrast <= 2.0:
            raise ValueError("contrast must be in [0, 2]")

    def uses(self, signal: str) -> bool:
        """Whether ``signal`` has a weight above zero."""
        return self.weights.get(signal, 0.0) > 0


# chosen by nDCG@3 on tests/data/eou/mixed.json over USE x e5 x lexical x z_scale 6/9/12, then
# twins over mu 0/0.5 x cosine 0.5/0.6/0.7, then claim contrast over 0/0.25/0.5/1
# (docs/retrieval.md; e5 got weight 0 in every
# leave-one-case-out fold: it is computed only for ``dense`` and for a local model)
HYBRID = Fusion(weights={"use": 0.5, "e5": 0.0, "lexical": 0.35, "position": 0.05}, z_scale=9.0,
                twins=0.5, twin_cosine=0.5, contrast=1.0)
_METHODS = {
    "hybrid": HYBRID,
    "bm25": Fusion(weights={"bm25": 1.0}),
    "dense": Fusion(weights={"use": 0.5, "e5": 0.5}, z_scale=HYBRID.z_scale),
}


def fusion_for(method: str) -> Fusion:
    """The fusion of ``method`` ("hybrid", "bm25", "dense")."""
    return _METHODS[method]


def dense_share(z: npt.NDArray[np.float32], z_scale: float) -> npt.NDArray[np.float32]:
    """Background z-scores as a share in [0, 1]: 0 at the background mean, 1 at ``z_scale``.

    >>> dense_share(np.array([-1.0, 3.0, 9.0], np.float32), 6.0).tolist()
    [0.0, 0.5, 1.0]
    """
    share: npt.NDArray[np.float32] = np.clip(z / z_scale, 0.0, 1.0).astype(np.float32)
    return share


def base_score(signals: Mapping[str, npt.NDArray[np.float32]],
               fusion: Fusion) -> npt.NDArray[np.float32]:
    """Every passage's weighted mean of the pool-wide signals (all but ``position``) for one
    element: the score candidates are chosen by and claim contrast compares."""
    total = sum(fusion.weights.values())
    size = len(signals["lexical"])
    base: npt.NDArray[np.float32] = np.zeros(size, np.float32)
    for k, w in fusion.weights.items():
        if k != "position" and w > 0:
            base += np.asarray(signals[k], np.float32) * np.float32(w / total)
    return base


def contrast_margins(
    bases: npt.NDArray[np.float32], langs: Sequence[str]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int32]]:
    """For each element (row) and passage (column): how much better the passage fits the best
    *other* element of the same language (0 where none fits it better), and that element's row
    (-1 where the margin is 0).

    ``bases`` holds one :func:`base_score` row per element of a claim. Elements of another
    language are not rivals (an evaluation case may hold the same element in two languages).

    >>> bases = np.array([[0.9, 0.2], [0.5, 0.6], [0.1, 0.8]], np.float32)
    >>> margins, rivals = contrast_margins(bases, ["en", "en", "ja"])
    >>> [[round(float(x), 2) for x in row] for row in margins]
    [[0.0, 0.4], [0.4, 0.0], [0.0, 0.0]]
    >>> rivals.tolist()
    [[-1, 1], [0, -1], [-1, -1]]
    """
    margins = np.zeros_like(bases)
    rivals = np.full(bases.shape, -1, np.int32)
    for lang in dict.fromkeys(langs):
        rows = np.array([n for n, x in enumerate(langs) if x == lang], np.int64)
        if len(rows) < 2:
            continue
        block = bases[rows]
        order = np.argsort(-block, axis=0, kind="stable")
        best, second = order[0], order[1]
        columns = np.arange(block.shape[1])
        for r in range(len(rows)):
            other = np.where(best == r, second, best)
            margin = np.maximum(0.0, block[other, columns] - block[r])
            margins[rows[r]] = margin
            rivals[rows[r]] = np.where(margin > 0, rows[other], -1)
    return margins, rivals


def fuse(signals: Mapping[str, float], fusion: Fusion) -> float:
    """The weighted mean of the signals ``fusion`` weighs (a missing signal counts 0), in [0, 1].

    >>> fuse({"use": 1.0, "lexical": 0.5}, Fusion(weights={"use": 1.0, "lexical": 1.0}))
    0.75
    """
    total = sum(fusion.weights.values())
    value = sum(w * signals.get(k, 0.0) for k, w in fusion.weights.items()) / total
    return round(min(1.0, max(0.0, value)), 6)


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
