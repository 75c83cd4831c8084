"""Snippets with highlighted query terms, in the analysers' own terms.

English words match when their stems meet (the project's light stemmer,
:func:`~kizuna.adapters.text.tokenise.stem`, on both sides); Japanese words
when a Sudachi morpheme's normalised form (the compound or one of its short
units) is a query token, so a query for サーバ highlights サーバー. Only the
first :data:`SCAN_CHARS` characters are analysed: work per hit is bounded.

    >>> make_snippet("A mobile terminal connects to a base station.", "terminals")
    ('A mobile terminal connects to a base station.', ((9, 17),))
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.adapters.text.tokenise import stem, tokenise_en

__all__ = ["SCAN_CHARS", "SNIPPET_CHARS", "Span", "make_snippet", "match_spans"]

SCAN_CHARS = 20_000
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


def _japanese_spans(text: str, terms: set[str]) -> list[Span]:
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


def match_spans(text: str, query: str) -> list[Span]:
    """Character spans of ``text`` (its first :data:`SCAN_CHARS`) that match ``query``."""
    text = text[:SCAN_CHARS]
    english = set(tokenise_en(query))
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)
             if stem(unicodedata.normalize("NFKC", m.group()).lower()) in english]
    if _JA_CHAR.search(query) and _JA_CHAR.search(text):
        japanese = {t for t in search_tokens(query) if _JA_CHAR.search(t)}
        spans += _japanese_spans(text, japanese)
    return sorted(set(spans))


def make_snippet(text: str, query: str, *,
                 width: int = SNIPPET_CHARS) -> tuple[str, tuple[Span, ...]]:
    """A window of ``text`` around its first match, and the matches' spans inside it."""
    text = " ".join(text.split())  # one line: claims and abstracts carry layout breaks
    spans = match_spans(text, query)
    start = max(0, spans[0][0] - _BEFORE) if spans else 0
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return f"{prefix}{text[start:end]}{suffix}", inside
