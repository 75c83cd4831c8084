"""Rank evidence passages for each claim element: BM25, dense similarity, or both fused.

:func:`build_retriever` gives a :class:`Retriever`; :meth:`Retriever.rank`
takes the elements of a claim (:class:`ElementQuery`) and a product's passages
and returns, per element, the best passages as :class:`Hit` values with a
score in [0, 1] and its :class:`~kizuna.domain.evidence.ScoreExplanation`.

- Lexical: BM25 over SudachiPy / English-analyser tokens, normalised
  (:mod:`kizuna.adapters.text.bm25`).
- Semantic: cosine of element and passage vectors, turned into a z-score
  against the element's cosines to a fixed off-topic background set in the
  passage's language, then calibrated per model; an English element against an
  English passage uses MiniLM, any pair involving Japanese uses multilingual e5
  (:mod:`kizuna.adapters.text.embed`).
- Fusion weights: :mod:`kizuna.adapters.text.fusion`.
- A short element ("前記制御部は…", "wherein the hub…") is embedded twice, alone
  and with its ``context`` (the claim preamble and the element before it,
  where the antecedent usually is); the two vectors are averaged 0.7 / 0.3.

Passage vectors and tokens are cached on disk by model name and SHA-256 of the
text (:mod:`kizuna.adapters.text.cache`), so a chart rebuilt against the same
evidence only embeds the elements.

Example::

    retriever = build_retriever("hybrid")
    hits = retriever.rank([ElementQuery(id="1A", text="…", lang="ja")], passages, top_k=3)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kizuna.adapters.text.bm25 import BM25Index
from kizuna.adapters.text.cache import RetrievalCache, text_key
from kizuna.adapters.text.embed import (
    E5Embedder,
    Embedder,
    HashingEmbedder,
    MiniLMEmbedder,
    background_passages,
    background_z,
    calibrate,
)
from kizuna.adapters.text.fusion import fuse, proximity, weights_for
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


def _group(lang: str) -> str:
    """Analyser / model group of a language tag: ``en`` or ``ja`` (mixed text is read as ja)."""
    return "en" if lang == "en" else "ja"


EmbedderChoice = Callable[[str, str], Embedder]


def _auto_embedders() -> EmbedderChoice:
    minilm, e5 = MiniLMEmbedder(), E5Embedder()

    def choose(element_group: str, passage_group: str) -> Embedder:
        return minilm if element_group == passage_group == "en" else e5

    return choose


def _hashing_embedders() -> EmbedderChoice:
    hashing = HashingEmbedder()
    return lambda element_group, passage_group: hashing


def build_retriever(
    method: str = "hybrid", *, embedder: str = "auto", cache_dir: Path | None = None
) -> Retriever:
    """A retriever for ``method`` ("hybrid", "bm25", "dense") with real or hashing embedders.

    ``cache_dir`` defaults to the ``cache_dir`` setting (``KIZUNA_CACHE_DIR``).
    Nothing is loaded until the first :meth:`Retriever.rank`.
    """
    if method not in METHODS:
        raise InvalidValueError(f"unknown retrieval method {method!r}; use one of {METHODS}")
    if embedder not in ("auto", "hashing"):
        raise InvalidValueError(f"unknown embedder {embedder!r}; use 'auto' or 'hashing'")
    if cache_dir is None:
        from kizuna.settings import get_settings

        cache_dir = get_settings().cache_dir
    choose = _auto_embedders() if embedder == "auto" else _hashing_embedders()
    return Retriever(method, choose=choose, cache=RetrievalCache(cache_dir))


class Retriever:
    """Ranks passages per element; see the module docstring for the method."""

    def __init__(self, method: str, *, choose: EmbedderChoice, cache: RetrievalCache) -> None:
        self.method = method
        self._choose = choose
        self.cache = cache
        self._tiebreak = np.zeros(0, np.int64)
        self._queries: dict[tuple[str, str], npt.NDArray[np.float32]] = {}

    def rank(
        self, elements: Sequence[ElementQuery], passages: Sequence[Passage], *, top_k: int = 5
    ) -> list[list[Hit]]:
        """The ``top_k`` best passages for each element, best first (one list per element)."""
        if not passages:
            return [[] for _ in elements]
        tokens = self.passage_tokens(passages)
        index = BM25Index(tokens)
        groups = np.array([_group(p.lang) for p in passages])
        # ties (e.g. every passage at 0 for BM25 across scripts) break on a hash of the text,
        # not on input order, so evaluation cannot reward the order passages were listed in
        self._tiebreak = np.array([int(text_key(p.text)[:12], 16) for p in passages], np.int64)
        queries = self._query_vectors(elements, groups)
        results = []
        for n, element in enumerate(elements):
            query = tokenise(element.text, element.lang)
            lexical = index.normalised_scores(query)
            semantic = self._semantic(element, queries, n, passages, groups)
            results.append(
                self._best(element, query, passages, tokens, groups, lexical, semantic, top_k)
            )
        return results

    def passage_tokens(self, passages: Sequence[Passage]) -> list[list[str]]:
        """Analysed tokens of each passage, from the cache when known."""
        out: list[list[str] | None] = [None] * len(passages)
        for group in ("ja", "en"):
            positions = [i for i, p in enumerate(passages) if _group(p.lang) == group]
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

    def _query_vectors(
        self, elements: Sequence[ElementQuery], groups: npt.NDArray[np.str_]
    ) -> dict[tuple[str, int], npt.NDArray[np.float32]]:
        """Each element's query vector per embedder it needs, embedded in one batch per model."""
        if self.method == "bm25":
            return {}
        wanted: dict[str, tuple[Embedder, list[int]]] = {}
        for n, element in enumerate(elements):
            for group in sorted(set(groups.tolist())):
                embedder = self._choose(_group(element.lang), group)
                wanted.setdefault(embedder.name, (embedder, []))[1].append(n)
        vectors: dict[tuple[str, int], npt.NDArray[np.float32]] = {}
        for name, (embedder, positions) in wanted.items():
            positions = sorted(set(positions))
            texts, slots = [], []
            for n in positions:
                element = elements[n]
                short = len(tokenise(element.text, element.lang)) < SHORT_ELEMENT_TOKENS
                texts.append(element.text)
                if short and element.context.strip():
                    texts.append(f"{element.context} {element.text}")
                    slots.append((n, len(texts) - 2, len(texts) - 1))
                else:
                    slots.append((n, len(texts) - 1, -1))
            embedded = self._embed_queries(embedder, texts)
            for n, alone, with_context in slots:
                vector = embedded[alone]
                if with_context >= 0:
                    vector = (1 - CONTEXT_SHARE) * vector + CONTEXT_SHARE * embedded[with_context]
                    vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
                vectors[(name, n)] = np.asarray(vector, dtype=np.float32)
        return vectors

    def _embed_queries(self, embedder: Embedder, texts: list[str]) -> npt.NDArray[np.float32]:
        """Query vectors, memoised in process: screening ranks the same claim many times."""
        missing = [t for t in dict.fromkeys(texts) if (embedder.name, t) not in self._queries]
        if missing:
            for text, vector in zip(missing, embedder.embed_queries(missing), strict=True):
                self._queries[(embedder.name, text)] = vector
        return np.stack([self._queries[(embedder.name, t)] for t in texts])

    def _semantic(
        self,
        element: ElementQuery,
        queries: dict[tuple[str, int], npt.NDArray[np.float32]],
        n: int,
        passages: Sequence[Passage],
        groups: npt.NDArray[np.str_],
    ) -> npt.NDArray[np.float32]:
        semantic = np.zeros(len(passages), dtype=np.float32)
        if self.method == "bm25":
            return semantic
        for group in ("ja", "en"):
            positions = np.flatnonzero(groups == group)
            if not len(positions):
                continue
            embedder = self._choose(_group(element.lang), group)
            query = queries[(embedder.name, n)]
            vectors = self.passage_vectors(embedder, [passages[int(i)].text for i in positions])
            background = self.passage_vectors(embedder, background_passages(group)) @ query
            semantic[positions] = calibrate(
                embedder,
                background_z(vectors @ query, background),
                same_language=group == _group(element.lang),
            )
        return semantic

    def _best(
        self,
        element: ElementQuery,
        query: list[str],
        passages: Sequence[Passage],
        tokens: list[list[str]],
        groups: npt.NDArray[np.str_],
        lexical: npt.NDArray[np.float32],
        semantic: npt.NDArray[np.float32],
        top_k: int,
    ) -> list[Hit]:
        same = groups == _group(element.lang)
        same_w = weights_for(self.method, same_language=True)
        cross_w = weights_for(self.method, same_language=False)
        # first pass without position (position <= its weight), then rescore a candidate pool
        base = np.where(
            same,
            same_w.lexical * lexical + same_w.semantic * semantic,
            cross_w.lexical * lexical + cross_w.semantic * semantic,
        )
        pool = min(len(passages), max(top_k * 4, 20))
        candidates = np.lexsort((self._tiebreak, -base))[:pool]
        hits = []
        for i in (int(c) for c in candidates):
            passage_tokens = set(tokens[i])
            matched = tuple(t for t in dict.fromkeys(query) if t in passage_tokens)
            position = proximity(tokens[i], matched)
            weights = same_w if same[i] else cross_w
            score = fuse(float(lexical[i]), float(semantic[i]), position, weights)
            explanation = ScoreExplanation(
                lexical=round(float(lexical[i]), 4),
                semantic=round(float(semantic[i]), 4),
                position=round(position, 4),
                matched_terms=matched,
            )
            hits.append(Hit(passage=passages[i], score=score, explanation=explanation))
        order = sorted(
            range(len(hits)), key=lambda n: (-hits[n].score, self._tiebreak[candidates[n]])
        )
        return [hits[n] for n in order[:top_k]]


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
