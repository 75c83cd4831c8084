"""Product names against patent text: the lexical half of the ``text`` target factor.

For each (patent, company) pair, the best of the company's products scores

    overlap(product, patent) = sum_t idf(t) * w(t) / sum_t idf(t)  *  n / (n + 1)

over the product's terms ``t`` (:func:`kizuna.domain.lexical.terms`: words for
Latin script, character bigrams for Japanese, NFKC) that occur in at least one
of the ranked patents (a model name such as ``MagSeal`` that no patent uses
cannot tell patents apart, so it neither helps nor dilutes), where ``w(t)`` is the
term's weight in the patent (1.0 in the title, 0.6 in the abstract or an
independent claim, 0 absent; :class:`~kizuna.domain.landscape.TextProfile`),
``idf(t) = ln(1 + P / (1 + df(t)))`` over the ``P`` patents ranked, and ``n``
the number of terms of the product: a one-word product found in the text gets
at most 0.5, a three-word one 0.75, so single generic words count for less.

:func:`lexical_matrix` computes every pair at once (sparse: each patent term
joined with the products that use it, summed per (patent, product), then the
best product per company); :meth:`LexicalIndex.explain` recomputes
one pair for its explanation, and the tests check both agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kizuna.domain.lexical import terms
from kizuna.services.target_scoring import Floats

__all__ = ["LexicalIndex", "ProductMatch", "lexical_matrix"]

@dataclass(frozen=True, kw_only=True)
class ProductMatch:
    """The best product of a company for a patent and the terms the patent shares."""

    value: float
    product: str | None = None
    shared: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LexicalIndex:
    """The product terms of every company and their inverse document frequencies."""

    products: tuple[tuple[tuple[str, frozenset[str]], ...], ...]  # per company: (name, terms)
    idf: Mapping[str, float]

    @classmethod
    def build(
        cls, patent_terms: Sequence[Mapping[str, float]], company_products: Sequence[Sequence[str]]
    ) -> LexicalIndex:
        """Terms of each product name the patents use; their idf over ``patent_terms``."""
        named = [[(name, terms(name)) for name in names] for names in company_products]
        vocabulary = {t for company in named for _, found in company for t in found}
        df = dict.fromkeys(vocabulary, 0)
        for weights in patent_terms:
            for term in vocabulary.intersection(weights):
                df[term] += 1
        count = len(patent_terms)
        idf = {t: math.log(1.0 + count / (1.0 + n)) for t, n in df.items() if n > 0}
        products = tuple(
            tuple((name, kept) for name, found in company if (kept := found & idf.keys()))
            for company in named
        )
        return cls(products=products, idf=idf)

    def overlap(self, product_terms: frozenset[str], patent: Mapping[str, float]) -> float:
        """One product against one patent's weighted terms."""
        total = sum(self.idf[t] for t in product_terms)
        found = sum(self.idf[t] * patent.get(t, 0.0) for t in product_terms)
        size = len(product_terms)
        return found / total * size / (size + 1) if total > 0 else 0.0

    def explain(self, company: int, patent: Mapping[str, float]) -> ProductMatch:
        """The best product of company column ``company`` for the patent (first on ties)."""
        best = ProductMatch(value=0.0)
        for name, found in self.products[company]:
            value = self.overlap(found, patent)
            if value > best.value:
                shared = tuple(sorted(t for t in found if t in patent))
                best = ProductMatch(value=value, product=name, shared=shared)
        return best


def _postings(
    index: LexicalIndex, columns: Sequence[tuple[int, frozenset[str]]], vocabulary: dict[str, int]
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp], Floats]:
    """Per vocabulary term: how many products use it, where its run starts, which products
    (column numbers) and each product's normalised idf share for it."""
    postings: list[list[tuple[int, float]]] = [[] for _ in vocabulary]
    for k, (_, found) in enumerate(columns):
        scale = len(found) / (len(found) + 1) / sum(index.idf[t] for t in found)
        for t in found:
            postings[vocabulary[t]].append((k, index.idf[t] * scale))
    counts = np.array([len(p) for p in postings], dtype=np.intp)
    starts = np.r_[0, np.cumsum(counts)[:-1]].astype(np.intp)
    product_of = np.array([k for p in postings for k, _ in p], dtype=np.intp)
    share = np.array([q for p in postings for _, q in p], dtype=np.float64)
    return counts, starts, product_of, share


def lexical_matrix(index: LexicalIndex, patent_terms: Sequence[Mapping[str, float]]) -> Floats:
    """(patents, companies) best product overlap, as :meth:`LexicalIndex.overlap` defines.

    Sparse all the way: each (patent, term) entry is joined with the products
    that use the term (postings), the products' sums come from one ``bincount``
    over the (patent, product) keys that occur, and the best product per company
    from ``maximum.at``; the cost follows the matches, not patents x products.
    """
    result = np.zeros((len(patent_terms), len(index.products)))
    columns = [(j, found) for j, company in enumerate(index.products) for _, found in company]
    if not columns or not patent_terms:
        return result
    vocabulary = {t: v for v, t in enumerate(sorted(index.idf))}
    counts, starts, product_of, share = _postings(index, columns, vocabulary)
    rows, terms_at, weights = [], [], []
    for i, patent in enumerate(patent_terms):
        for term, weight in patent.items():
            v = vocabulary.get(term)
            if v is not None:
                rows.append(i)
                terms_at.append(v)
                weights.append(weight)
    if not rows:
        return result
    entry_terms = np.array(terms_at, dtype=np.intp)
    repeat = counts[entry_terms]
    offsets = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    hit = np.repeat(starts[entry_terms], repeat) + offsets
    keys = np.repeat(np.array(rows, dtype=np.intp), repeat) * len(columns) + product_of[hit]
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=np.repeat(np.array(weights), repeat) * share[hit])
    owners = np.array([j for j, _ in columns], dtype=np.intp)
    np.maximum.at(result, (unique // len(columns), owners[unique % len(columns)]), sums)
    return result
