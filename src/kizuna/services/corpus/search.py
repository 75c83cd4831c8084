"""Search a built corpus: BM25, dense, or both fused (the default).

- **bm25**: tantivy over title, abstract and claims (boosts 3/2/1; Japanese by
  Sudachi normalised forms; quoted phrases must occur), filters applied in the
  index;
- **dense**: the query embedded with the corpus's embedder, nearest documents
  from faiss (over-fetched ×10, then the filters applied to the candidates);
- **hybrid**: reciprocal rank fusion of the two top-:data:`FUSION_DEPTH` lists,
  ``score = Σ 1 / (RRF_K + rank)`` with ``RRF_K = 60`` (Cormack, Clarke and
  Büttcher, SIGIR 2009), robust to the two scores' different scales.

Results are evidence for a person to read, not a conclusion about any
patent's scope or validity.

    >>> results = search_corpus(corpus=Path("corpus"), query="配線パターン")  # doctest: +SKIP
    >>> results.to_json()["results"][0]["number"]  # doctest: +SKIP
    'JP2020123456'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import tantivy

from kizuna.adapters.corpus.dense import load_dense, search_dense
from kizuna.adapters.corpus.highlight import Span, make_snippet
from kizuna.adapters.corpus.lexical import TEXT_FIELDS, open_index, text_query
from kizuna.adapters.corpus.store import CorpusLayout, read_manifest
from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.corpus.filters import MAX_FILTERS, Filter, filter_query, parse_filter
from kizuna.services.corpus.partitions import make_embedder

__all__ = ["FUSION_DEPTH", "MAX_LIMIT", "MAX_QUERY_CHARS", "MODES", "RRF_K", "Corpus",
           "SearchHit", "SearchResults", "and_query", "dense_rows", "fuse", "make_hits",
           "open_corpus", "search_corpus"]

MODES = ("hybrid", "bm25", "dense")
RRF_K = 60
FUSION_DEPTH = 100
MAX_LIMIT = 100
MAX_QUERY_CHARS = 1_000


@dataclass(frozen=True, kw_only=True)
class SearchHit:
    number: str
    title: str
    score: float
    snippet: str
    highlights: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "score": self.score,
                "snippet": self.snippet}


@dataclass(frozen=True, kw_only=True)
class SearchResults:
    """Hits best first; ``to_json`` is ``{"results": [{number, title, score, snippet}]}``."""

    hits: tuple[SearchHit, ...]
    mode: str
    documents: int

    def to_json(self) -> dict[str, Any]:
        return {"results": [hit.to_json() for hit in self.hits]}


class Corpus:
    """An opened corpus folder: manifest, BM25 searcher, dense index, embedder."""

    def __init__(self, root: Path) -> None:
        self.layout = CorpusLayout(root)
        manifest = read_manifest(self.layout)
        meta_path = self.layout.index / "meta.json"
        if manifest is None or not meta_path.is_file():
            raise NotFoundError(f"{root}: not a built corpus (no manifest.json or index); "
                                "build one with kizuna corpus build SOURCES --out DIR")
        self.meta: dict[str, Any] = json.loads(meta_path.read_text("utf-8"))
        self.index = open_index(self.layout.index / "bm25")
        self.searcher = self.index.searcher()
        dense = self.meta.get("dense")
        self.dense = load_dense(self.layout.index / "dense.faiss", dense) if dense else None
        self.embedder_name = manifest.embedder
        self._embedder: Any = None

    @property
    def documents(self) -> int:
        return int(self.meta["documents"])

    def embed(self, text: str) -> Any:
        if self._embedder is None:
            self._embedder = make_embedder(self.embedder_name)
        return self._embedder.embed_queries([text])

    def top(self, query: tantivy.Query, limit: int) -> list[tuple[int, float, Any]]:
        """(row, score, document address) of the best ``limit`` documents matching ``query``.

        Hits are not counted (``count=False``): tantivy's top-k collector then skips
        blocks that cannot enter the top ``limit`` (block-max WAND)."""
        hits = self.searcher.search(query, limit, count=False).hits
        rows = self.searcher.fast_field_values("row", [address for _, address in hits])
        return [(int(row or 0), float(score), address)
                for (score, address), row in zip(hits, rows, strict=True)]

    def rows_of(self, query: tantivy.Query, limit: int) -> list[tuple[int, float]]:
        """(row, score) of the best ``limit`` documents matching ``query``."""
        return [(row, score) for row, score, _ in self.top(query, limit)]

    def documents_by_row(self, rows: Sequence[int],
                         addresses: Mapping[int, Any] | None = None) -> dict[int, Any]:
        """The stored documents of ``rows``: read at their ``addresses`` where known (a BM25
        search gave them), else found by a term-set search on ``row``."""
        known = addresses or {}
        docs = {row: self.searcher.doc(known[row]) for row in rows if row in known}
        rest = [row for row in rows if row not in known]
        if rest:
            query = tantivy.Query.term_set_query(self.index.schema, "row", rest)
            found = self.searcher.search(query, len(rest), count=False).hits
            docs.update((int(doc["row"][0]), doc)
                        for doc in (self.searcher.doc(a) for _, a in found))
        return docs


@lru_cache(maxsize=4)
def _cached(root: str, stamp: float) -> Corpus:
    return Corpus(Path(root))


def open_corpus(root: Path) -> Corpus:
    """The corpus at ``root``, cached while its index is unchanged (the web reuses it)."""
    meta = CorpusLayout(root).index / "meta.json"
    stamp = meta.stat().st_mtime if meta.is_file() else 0.0
    return _cached(str(root.resolve()), stamp)


def _checked(query: str, limit: int, mode: str, lang: str | None, field: str | None) -> str:
    query = query.strip()
    if not query:
        raise InvalidValueError("query: empty; give words or a quoted phrase")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidValueError(f"query: {len(query):,} characters, over the limit of "
                                f"{MAX_QUERY_CHARS:,}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValueError(f"--limit: {limit} is not between 1 and {MAX_LIMIT}")
    if mode not in MODES:
        raise InvalidValueError(f"--mode: {mode!r} is not one of {', '.join(MODES)}")
    if lang not in (None, "ja", "en"):
        raise InvalidValueError(f"--lang: {lang!r} is not ja or en")
    if field not in (None, *TEXT_FIELDS):
        raise InvalidValueError(f"--field: {field!r} is not one of {', '.join(TEXT_FIELDS)}")
    return query


def search_corpus(
    *, corpus: Path | Corpus, query: str, lang: str | None = None, field: str | None = None,
    filters: Sequence[str] = (), mode: str = "hybrid", limit: int = 10,
) -> SearchResults:
    """The best ``limit`` documents for ``query``; see the module docstring."""
    query = _checked(query, limit, mode, lang, field)
    if len(filters) > MAX_FILTERS:
        raise InvalidValueError(f"--filter: {len(filters)} filters, at most {MAX_FILTERS}")
    handle = corpus if isinstance(corpus, Corpus) else open_corpus(corpus)
    parsed = [parse_filter(f) for f in filters] + ([Filter("lang", "=", lang)] if lang else [])
    restrict = filter_query(handle.index.schema, parsed)
    depth = limit if mode == "bm25" else max(FUSION_DEPTH, limit)
    lexical: list[tuple[int, float]] = []
    addresses: dict[int, Any] = {}
    if mode != "dense":
        scoring = text_query(handle.index, query, fields=[field] if field else TEXT_FIELDS,
                             ja_tokens=search_tokens)
        if scoring is None and mode == "bm25":
            raise InvalidValueError(f"query {query!r}: no searchable words")
        if scoring is not None:
            top = handle.top(and_query(scoring, restrict), depth)
            lexical = [(row, score) for row, score, _ in top]
            addresses = {row: address for row, _, address in top}
    dense: list[tuple[int, float]] = []
    if mode != "bm25" and handle.dense is not None:
        dense = dense_rows(handle, handle.embed(query), restrict, depth)
    ranked = lexical if mode == "bm25" else dense if mode == "dense" else fuse(lexical, dense)
    return SearchResults(hits=make_hits(handle, ranked, query, field, limit, addresses),
                         mode=mode, documents=handle.documents)


def and_query(scoring: tantivy.Query, restrict: tantivy.Query | None) -> tantivy.Query:
    if restrict is None:
        return scoring
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, scoring),
                                        (tantivy.Occur.Must, restrict)])


def dense_rows(handle: Corpus, vector: Any, restrict: tantivy.Query | None, depth: int,
                exclude: int | None = None) -> list[tuple[int, float]]:
    fetch = min(handle.documents, depth * (10 if restrict is not None else 1) + 1)
    scores, ids = search_dense(handle.dense, vector, max(fetch, 1))
    found = [(int(i), float(s)) for s, i in zip(scores[0], ids[0], strict=True)
             if i >= 0 and int(i) != exclude]
    if restrict is not None and found:
        rows = tantivy.Query.term_set_query(handle.index.schema, "row", [r for r, _ in found])
        allowed = {r for r, _ in handle.rows_of(and_query(rows, restrict), len(found))}
        found = [(r, s) for r, s in found if r in allowed]
    return found[:depth]


def fuse(*rankings: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: ``Σ 1/(RRF_K + rank)`` over the rankings, best first."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (row, _score) in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def make_hits(handle: Corpus, ranked: Sequence[tuple[int, float]], query: str,
              field: str | None, limit: int,
              addresses: Mapping[int, Any] | None = None) -> tuple[SearchHit, ...]:
    """The first ``limit`` hits, one per number (a corpus row is a document: an
    application's several office documents share its number; the best one stands).

    Stored fields are read, and snippets made, only for the rows that become hits
    (a row whose number is already shown costs one more read, up to ``limit × 3`` rows)."""
    window = ranked[: limit * 3]
    hits: list[SearchHit] = []
    numbers: set[str] = set()
    position = 0
    while len(hits) < limit and position < len(window):
        batch = window[position: position + limit - len(hits)]
        position += len(batch)
        docs = handle.documents_by_row([row for row, _ in batch], addresses)
        for row, score in batch:
            doc = docs[row]
            if doc["number"][0] in numbers:
                continue
            numbers.add(doc["number"][0])
            snippet, spans = _snippet(doc, query, field)
            hits.append(SearchHit(number=doc["number"][0], title=_first(doc, "title"),
                                  score=round(score, 6), snippet=snippet, highlights=spans))
    return tuple(hits)


def _first(doc: Any, name: str) -> str:
    values = doc[name]
    return str(values[0]) if values else ""


def _snippet(doc: Any, query: str, field: str | None) -> tuple[str, tuple[Span, ...]]:
    """From the field searched, else the first of claims, abstract, title with a match."""
    order = [field] if field else ["claims", "abstract", "title"]
    first = ""
    for name in order:
        text = _first(doc, name)
        first = first or text
        snippet, spans = make_snippet(text, query)
        if spans:
            return snippet, spans
    return make_snippet(first, query)
