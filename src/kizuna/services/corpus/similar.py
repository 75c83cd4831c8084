"""``kizuna corpus similar PATENT``: the documents nearest one corpus document.

Two rankings fused as in search (reciprocal rank fusion, k = 60): the
document's nearest neighbours by its dense vector, and BM25 with its title and
the start of its abstract as the query. The document itself is left out.
Nearness in text is a lead for a person to read, not a finding of similarity
in law.

    >>> similar_patents(corpus=Path("corpus"), number="US8930553B2")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

import tantivy

from kizuna.adapters.corpus.lexical import TEXT_FIELDS, text_query
from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.domain.ids import parse_number
from kizuna.errors import InvalidNumberError, InvalidValueError, NotFoundError
from kizuna.services.corpus.filters import filter_query, parse_filter
from kizuna.services.corpus.indexing import partition_vectors
from kizuna.services.corpus.search import (
    FUSION_DEPTH,
    MAX_LIMIT,
    Corpus,
    SearchResults,
    and_query,
    dense_rows,
    fuse,
    make_hits,
    open_corpus,
)

__all__ = ["find_row", "similar_patents", "vector_of"]

_QUERY_CHARS = 400


def find_row(handle: Corpus, number: str) -> int:
    candidates = {number.strip().upper().replace(" ", "")}
    with suppress(InvalidNumberError, ValueError):
        candidates.add(parse_number(number).compact)
    schema = handle.index.schema
    for value in sorted(candidates):
        for field in ("number", "numbers"):
            found = handle.rows_of(tantivy.Query.term_query(schema, field, value), 1)
            if found:
                return found[0][0]
    raise NotFoundError(f"{number}: not in the corpus (give a publication, grant or "
                        "application number it holds)")


def vector_of(handle: Corpus, row: int) -> object | None:
    for name, start, count in handle.meta["partitions"]:
        if start <= row < start + count:
            vectors = partition_vectors(handle.layout, name)
            return vectors[row - start : row - start + 1] if vectors.shape[1] else None
    return None


def similar_patents(*, corpus: Path | Corpus, number: str, filters: Sequence[str] = (),
                    limit: int = 10) -> SearchResults:
    """The ``limit`` documents nearest ``number``, best first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValueError(f"--limit: {limit} is not between 1 and {MAX_LIMIT}")
    handle = corpus if isinstance(corpus, Corpus) else open_corpus(corpus)
    restrict = filter_query(handle.index.schema, [parse_filter(f) for f in filters])
    row = find_row(handle, number)
    doc = handle.documents_by_row([row])[row]
    words = " ".join(f"{doc['title'][0] if doc['title'] else ''} "
                     f"{doc['abstract'][0] if doc['abstract'] else ''}".split())
    query = re.sub(r'["+\-:()\[\]{}^~*?\\/!]', " ", words)[:_QUERY_CHARS]
    lexical: list[tuple[int, float]] = []
    scoring = text_query(handle.index, query, fields=TEXT_FIELDS, ja_tokens=search_tokens)
    if scoring is not None:
        lexical = [(r, s) for r, s in handle.rows_of(and_query(scoring, restrict), FUSION_DEPTH + 1)
                   if r != row]
    dense: list[tuple[int, float]] = []
    vector = vector_of(handle, row) if handle.dense is not None else None
    if vector is not None:
        dense = dense_rows(handle, vector, restrict, FUSION_DEPTH, exclude=row)
    own = doc["number"][0]
    ranked = fuse(lexical, dense)
    hits = tuple(h for h in make_hits(handle, ranked, query, None, limit + 1) if h.number != own)
    return SearchResults(hits=hits[:limit], mode="hybrid",
                         documents=handle.documents)
