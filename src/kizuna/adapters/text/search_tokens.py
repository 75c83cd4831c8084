"""Tokens for portfolio full-text search: Sudachi short units for Japanese, stems for English.

Retrieval (:mod:`kizuna.adapters.text.tokenise`) uses Sudachi mode C, which keeps
compounds whole; a search box needs the opposite, so that ``配線`` finds
``立体配線構造体``. This module splits Japanese in mode A (short units) and adds
the mode-C compound when it differs, each as its ``normalized_form``; Latin words
go through the same English analyser as retrieval. The index and the query are
tokenised by the same function, so both sides always meet.

    >>> search_tokens("Lithium battery")
    ['lithium', 'battery']
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from typing import Any

from kizuna.adapters.text.tokenise import tokenise_en

__all__ = ["search_tokens"]

_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白"}
_SLICE_CHARS = 12_000  # Sudachi refuses inputs over about 49 KB


def search_tokens(text: str) -> list[str]:
    """Search tokens of ``text``, in order, duplicates kept (the index counts them)."""
    text = unicodedata.normalize("NFKC", text)
    if not _JA_CHAR.search(text):
        return tokenise_en(text)
    tokens: list[str] = []
    short, whole = _sudachi()
    for start in range(0, len(text), _SLICE_CHARS):
        piece = text[start : start + _SLICE_CHARS]
        for compound in whole.tokenize(piece):
            tokens.extend(_forms(compound, short))
    return tokens


def _forms(compound: Any, short: Any) -> list[str]:
    """The short units of one mode-C morpheme, and the compound itself when it splits."""
    if compound.part_of_speech()[0] in _DROP_POS:
        return []
    form = compound.normalized_form()
    if not _JA_CHAR.search(form):
        return tokenise_en(form)
    parts = [m.normalized_form() for m in compound.split(short)]
    return parts if len(parts) == 1 else [*parts, form]


_local = threading.local()


@cache
def _dictionary() -> Any:
    """The Sudachi dictionary, loaded once on first use (shared: it is read-only)."""
    from sudachipy import Dictionary  # type: ignore[import-untyped]

    return Dictionary(dict="core")


def _sudachi() -> tuple[Any, Any]:
    """Sudachi's split mode A and a mode-C tokenizer of this thread.

    A Sudachi tokenizer is not safe to share between threads (the web server
    tokenises queries in its worker threads; sharing one fails with a
    SudachiError under load), so each thread makes its own from the shared
    dictionary.
    """
    from sudachipy import SplitMode

    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
    return SplitMode.A, tokenizer
