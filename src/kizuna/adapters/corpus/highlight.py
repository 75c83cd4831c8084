"""Snippets with highlighted query terms, in the analysers' own terms.

English words match when their stems meet (the project's light stemmer,
:func:`~kizuna.adapters.text.tokenise.stem`, on both sides); Japanese words
when a Sudachi morpheme's normalised form (the compound or one of its short
units) is a query token, so a query for サーバ highlights サーバー. Only the
first :data:`SCAN_CHARS` characters are analysed: work per hit is bounded.

Speed (the search service builds a snippet per result): a query's terms are
analysed once (:func:`query_terms`, memoised), a word's stem is memoised
(:data:`STEM_CACHE` words; a corpus's vocabulary repeats), and
:func:`make_snippet` stops reading English words once past its window.

    >>> make_snippet("A mobile terminal connects to a base station.", "terminals")
    ('A mobile terminal connects to a base station.', ((9, 17),))
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.adapters.text.tokenise import stem, tokenise_en

__all__ = ["SCAN_CHARS", "SNIPPET_CHARS", "STEM_CACHE", "Span", "make_snippet", "match_spans",
           "query_terms"]

SCAN_CHARS = 20_000
STEM_CACHE = 65_536
SNIPPET_CHARS = 220
_BEFORE = 60
_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")
_SLICE = 10_000

Span = tuple[int, int]


@cache
def _tokenizer() -> tuple[Any, Any]:
    from sudachipy import Dictionary, SplitMode  # type: ignore[import-untyped]

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C), SplitMode.A


def _japanese_spans(text: str, terms: frozenset[str]) -> list[Span]:
    tokenizer, short = _tokenizer()
    spans: list[Span] = []
    for start in range(0, len(text), _SLICE):
        piece = text[start : start + _SLICE]
        for morpheme in tokenizer.tokenize(piece):
            forms = {morpheme.normalized_form()}
            forms.update(m.normalized_form() for m in morpheme.split(short))
            if forms & terms:
                spans.append((start + morpheme.begin(), start + morpheme.end()))
    return spans


@lru_cache(maxsize=1_024)
def query_terms(query: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of ``query``'s English words and its Japanese normalised forms."""
    english = frozenset(tokenise_en(query))
    japanese = frozenset(t for t in search_tokens(query) if _JA_CHAR.search(t)) \
        if _JA_CHAR.search(query) else frozenset()
    return english, japanese


@lru_cache(maxsize=STEM_CACHE)
def _word_stem(word: str) -> str:
    return stem(unicodedata.normalize("NFKC", word).lower())


@lru_cache(maxsize=1_024)
def _candidates(english: frozenset[str]) -> re.Pattern[str]:
    """Words that may stem to one of ``english``: the light stemmer only strips a suffix
    (``ies`` → ``y``), so a stem less a final ``y`` starts its word; the pattern finds the
    words :data:`_WORD` finds that start with a stem's first letters, the rest unread."""
    heads = {(term[:-1] if term.endswith("y") else term)[:3] for term in english}
    alternatives = "|".join(sorted(re.escape(h) for h in heads if h))
    return re.compile(rf"(?<![A-Za-z0-9])(?<![A-Za-z0-9][-.])(?:{alternatives})"
                      r"[A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*", re.ASCII | re.IGNORECASE)


def _english_spans(text: str, english: frozenset[str], width: int | None) -> list[Span]:
    """Spans of English words whose stems are query stems; with ``width``, those past the
    window of ``width`` characters around the first one are not looked for."""
    spans: list[Span] = []
    stop = len(text)
    if not english:
        return spans
    for match in _candidates(english).finditer(text):
        if match.start() > stop:
            break
        if _word_stem(match.group()) in english:
            if not spans and width is not None:
                stop = max(0, match.start() - _BEFORE) + width
            spans.append((match.start(), match.end()))
    return spans


def match_spans(text: str, query: str, *, width: int | None = None) -> list[Span]:
    """Character spans of ``text`` (its first :data:`SCAN_CHARS`) that match ``query``;
    with ``width``, English matches past the snippet window of the first are left out."""
    text = text[:SCAN_CHARS]
    english, japanese = query_terms(query)
    spans = _english_spans(text, english, width)
    if japanese and _JA_CHAR.search(text):
        spans += _japanese_spans(text, japanese)
    return sorted(set(spans))


def make_snippet(text: str, query: str, *,
                 width: int = SNIPPET_CHARS) -> tuple[str, tuple[Span, ...]]:
    """A window of ``text`` around its first match, and the matches' spans inside it."""
    text = " ".join(text.split())  # one line: claims and abstracts carry layout breaks
    spans = match_spans(text, query, width=width)
    start = max(0, spans[0][0] - _BEFORE) if spans else 0
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return f"{prefix}{text[start:end]}{suffix}", inside
