"""A product's passages in concept space, for :class:`~kizuna.adapters.text.retriever.Retriever`.

:class:`Pool` holds one pool of passages (any mix of Japanese and English): each
passage's concept set (:func:`~kizuna.adapters.text.specificity.concepts`), the
document frequencies over the pool plus the off-topic background sentences,
postings for the lexical coverage signal, negated clauses, term proximity and
the translation twins of fusion v5 (mutual nearest neighbours across languages by
USE cosine; :mod:`kizuna.adapters.text.fusion`). Built once per pool and reused
while the same passages are ranked again (a chart rebuilt, screening).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

from kizuna.adapters.text.embed import background_passages
from kizuna.adapters.text.fusion import proximity
from kizuna.adapters.text.specificity import (
    ElementTerms,
    concepts,
    document_frequencies,
    negation_concepts,
    written_words,
)
from kizuna.adapters.text.tokenise import tokenise
from kizuna.domain.evidence import Passage

__all__ = ["Pool", "background_concepts", "group_of", "t_concepts"]


def group_of(lang: str) -> str:
    """Analyser / model group of a language tag: ``en`` or ``ja`` (mixed text is read as ja)."""
    return "en" if lang == "en" else "ja"


@lru_cache(maxsize=200_000)
def t_concepts(token: str) -> frozenset[str]:
    """One token's concept set (itself and its English equivalents), memoised."""
    return concepts([token])


@cache
def background_concepts() -> tuple[frozenset[str], ...]:
    """Concept sets of the background sentences of both languages (generic documentation)."""
    return tuple(
        concepts(tokenise(text, group))
        for group in ("ja", "en")
        for text in background_passages(group)
    )


class Pool:
    """A product's passages in concept space: concept sets, document frequencies, postings."""

    def __init__(
        self, passages: Sequence[Passage], tokens: list[list[str]],
        concept_sets: list[frozenset[str]], background: Sequence[frozenset[str]],
    ) -> None:
        self.passages = passages
        self.tokens = tokens
        self.size = len(passages)
        self.groups = np.array([group_of(p.lang) for p in passages])
        self.concepts = concept_sets
        self.df, self.n = document_frequencies([*self.concepts, *background])
        self._negations: dict[int, list[frozenset[str]]] = {}
        self._words: dict[int, frozenset[str]] = {}
        self._token_concepts: list[list[frozenset[str]] | None] = [None] * self.size
        self.vectors: npt.NDArray[np.float32] | None = None  # USE vectors, for twins
        self._twins: dict[int, int | None] = {}
        # passage language -> (positions, vectors) of the *other* language's passages
        self._by_group: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]] = {}
        self.postings: dict[str, list[int]] = {}
        for i, concept_set in enumerate(self.concepts):
            for concept in concept_set:
                self.postings.setdefault(concept, []).append(i)

    def coverage(self, terms: ElementTerms) -> npt.NDArray[np.float32]:
        """Each passage's IDF-weighted share of the element's terms stated (any language)."""
        total = sum(terms.weights)
        out = np.zeros(self.size, np.float32)
        if total <= 0:
            return out
        for weight, group in zip(terms.weights, terms.term_concepts, strict=True):
            stated = np.zeros(self.size, bool)
            for concept in group:
                stated[self.postings.get(concept, [])] = True
            out += np.float32(weight) * stated
        coverage: npt.NDArray[np.float32] = out / np.float32(total)
        return coverage

    def twins(self, indexes: Sequence[int], threshold: float) -> dict[int, int]:
        """Translation twins of passages ``indexes``, both ways (i -> j and j -> i).

        A twin is the other language's passage that is the mutual nearest
        neighbour by USE cosine, at or above ``threshold``; memoised per pool.
        """
        vectors = self.vectors
        if vectors is None or len(vectors) != self.size:
            return {}
        out: dict[int, int] = {}
        for i in indexes:
            j = self._nearest_other(vectors, i, threshold)
            if j is not None and self._nearest_other(vectors, j, threshold) == i:
                out[i] = j
                out[j] = i
        return out

    def _nearest_other(
        self, vectors: npt.NDArray[np.float32], i: int, threshold: float
    ) -> int | None:
        """The other language's passage nearest to passage ``i`` (None below ``threshold``).

        Memoised per pool (a retriever's pool always meets the same threshold).
        """
        if i not in self._twins:
            group = str(self.groups[i])
            if group not in self._by_group:  # each language's vectors, contiguous, once
                positions = np.flatnonzero(self.groups != group)
                self._by_group[group] = (positions, np.ascontiguousarray(vectors[positions]))
            other, matrix = self._by_group[group]
            found = None
            if len(other):
                cosines = matrix @ vectors[i]
                best = int(np.argmax(cosines))
                found = int(other[best]) if float(cosines[best]) >= threshold else None
            self._twins[i] = found
        return self._twins[i]

    def negations(self, i: int) -> list[frozenset[str]]:
        """Concept sets of passage ``i``'s negated clauses, computed once per pool."""
        if i not in self._negations:
            passage = self.passages[i]
            self._negations[i] = negation_concepts(passage.text, group_of(passage.lang))
        return self._negations[i]

    def words(self, i: int) -> frozenset[str]:
        """Passage ``i``'s own English words as written-word concepts, computed once per pool."""
        if i not in self._words:
            self._words[i] = written_words(self.tokens[i])
        return self._words[i]

    def proximity(self, i: int, wanted: frozenset[str]) -> float:
        """How tightly passage ``i``'s tokens that state an element concept (``wanted``) cluster."""
        if self._token_concepts[i] is None:
            self._token_concepts[i] = [t_concepts(t) for t in self.tokens[i]]
        matched = [t for t, c in zip(self.tokens[i], self._token_concepts[i] or [], strict=True)
                   if not c.isdisjoint(wanted)]
        return proximity(self.tokens[i], matched)
