"""BM25 over a small in-memory set of passages (bm25s), with an absolute normalisation.

Raw BM25 scores depend on the query and the corpus, so they cannot carry a
label. :meth:`BM25Index.normalised_scores` divides each passage's score by
the score a passage of average length gets when it contains every distinct
query term exactly once (the sum of their IDFs over ``1 + k1`` in bm25s's
Lucene formula). The result
(clipped to [0, 1]) reads as "how much of the element's (IDF-weighted)
vocabulary the passage uses"; a same-topic passage that lacks the element's
distinctive terms stays low.

Example::

    >>> index = BM25Index([["wireless", "charg"], ["battery", "case"]])
    >>> [round(s, 2) for s in index.normalised_scores(["wireless", "charg"])]
    [1.0, 0.0]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["BM25Index"]

K1 = 1.5  # bm25s defaults (Lucene variant)
B = 0.75


class BM25Index:
    """A bm25s index over tokenised passages, built once per passage set."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        import bm25s  # type: ignore[import-untyped]

        self.size = len(documents)
        self._df: Counter[str] = Counter()
        for tokens in documents:
            self._df.update(set(tokens))
        self._bm25 = bm25s.BM25(k1=K1, b=B, method="lucene")
        if self.size:
            # an empty passage would be dropped by bm25s; a placeholder keeps positions aligned
            self._bm25.index([list(t) or ["\x00"] for t in documents], show_progress=False)

    def idf(self, term: str) -> float:
        """Lucene BM25 IDF of ``term`` (a term absent from every passage gets the highest)."""
        df = self._df.get(term, 0)
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query: Sequence[str]) -> npt.NDArray[np.float32]:
        """Raw BM25 score of every passage for the distinct ``query`` terms."""
        known = [t for t in dict.fromkeys(query) if t in self._df]
        if not known or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def normalised_scores(self, query: Sequence[str]) -> npt.NDArray[np.float32]:
        """BM25 divided by the query's IDF sum, clipped to [0, 1] (see module docstring)."""
        terms = list(dict.fromkeys(query))
        # bm25s (Lucene) scores a term idf * tf / (tf + k1 * norm): tf = 1 at average length
        # gives idf / (1 + k1), the per-term reference
        ideal = sum(self.idf(t) for t in terms) / (1.0 + K1)
        if ideal <= 0.0:
            return np.zeros(self.size, dtype=np.float32)
        normalised: npt.NDArray[np.float32] = np.clip(self.scores(terms) / ideal, 0.0, 1.0).astype(
            np.float32
        )
        return normalised
