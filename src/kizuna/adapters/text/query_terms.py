"""Claim-element text as a query: reference signs and drafting words removed, in both languages.

A claim element carries things that are not limitations of the claim and that a
product's documentation never states:

- **reference signs** of the drawings, in parentheses after a feature: 配線溝（２）,
  "lead frame (44)", "level (L14)", "opened end (9c)", "(2a)". Japanese
  tokenisation drops most of them and English keeps them, so they gave the
  English variant of an element rare, heavily weighted terms its Japanese
  variant lacked, and made the two variants' labels differ. Reference signs do
  not limit a claim (EPC Rule 43(7): they "shall not be construed as limiting
  the claim"; JPO Examination Guidelines Part II Ch. 2 Sec. 3 treat them the same
  way; both as of 2026-12), so they are removed from the element text, in either
  language, before it is analysed or embedded.
- **drafting words**: ordinals that label claim parts (第1の / "first", "second"),
  "provided", "disposed", "one or more" / 一つ以上, 少なくとも. They name parts
  rather than state features, so they are not query terms.

:func:`query_text` removes the reference signs; :func:`query_tokens` analyses the
result (:func:`kizuna.adapters.text.tokenise.retrieval_tokens`) and drops drafting
words. Passages are analysed unchanged.

Example::

    >>> query_text("a lead frame (44) passing through the wiring grooves (2a)")
    'a lead frame passing through the wiring grooves'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kizuna.adapters.text.jmdict import english_equivalents, japanese_senses
from kizuna.adapters.text.specificity import written_word
from kizuna.adapters.text.tokenise import retrieval_tokens, stem, tokenise_en

__all__ = ["DRAFTING_WORDS", "expansions", "query_text", "query_tokens"]

# A parenthesised sign: digits with an optional letter suffix (2, 44, 2a, 9c, 1a'),
# or one or two capital letters before digits (L14, S10), comma-separated lists too.
_SIGN = r"(?:[0-9]{1,4}[a-z]?'?|[A-Z]{1,2}[0-9]{1,4}[a-z]?)"
_LATIN_WORD = re.compile(r"[a-z]+")  # hyphen compounds count word by word, as in retrieval
_REFERENCE = re.compile(rf"\s*\(\s*{_SIGN}(?:\s*[,、]\s*{_SIGN})*\s*\)")
# Analysed forms (tokenise's output) of drafting words that label parts of a claim.
DRAFTING_WORDS = frozenset({
    # English (light-stemmed forms, as tokenise_en writes them)
    "first", "second", "third", "fourth", "fifth", "provid", "dispos", "respectiv",
    # Japanese (Sudachi mode-C normalised forms): 第1の, 一つ以上, 少なくとも, 設けられ
    # ("provided", since 2026-12-08)
    "第", "つ", "少ない", "設ける",
})


def query_text(text: str) -> str:
    """``text`` without parenthesised reference signs (full-width forms folded first)."""
    folded = "".join(
        unicodedata.normalize("NFKC", c) if c in "（）０１２３４５６７８９" or "ａ" <= c <= "ｚ"
        or "Ａ" <= c <= "Ｚ" else c
        for c in text
    )
    return _REFERENCE.sub("", folded).strip()


@lru_cache(maxsize=100_000)
def query_tokens(text: str, lang: str) -> tuple[str, ...]:
    """Analysed query terms of an element text (memoised: screening ranks each claim often)."""
    return tuple(t for t in retrieval_tokens(query_text(text), lang) if t not in DRAFTING_WORDS)


@lru_cache(maxsize=100_000)
def expansions(text: str) -> dict[str, frozenset[str]]:
    """Bilingual concepts of the English words of an element, through the reverse JMdict index.

    A Japanese term stands for itself and its JMdict English glosses
    (:func:`kizuna.adapters.text.specificity.concepts`). For the same element
    written in English to see the same bag of concepts, an English word stands
    for itself, the Japanese headwords whose first sense glosses it
    (:func:`~kizuna.adapters.text.jmdict.japanese_senses`) and *their* English
    glosses: "internal" -> 内部 -> inside, interior. Keys are analysed (stemmed) words.

    The bag also holds, as :func:`~kizuna.adapters.text.specificity.written_word`
    concepts, the glosses of the sense that translates the word: the round trip
    within two dictionary steps, which the screening's review decision trusts
    (:attr:`~kizuna.adapters.text.specificity.ElementTerms.direct_concepts`). The
    plain glosses also meet the glosses of a passage's Japanese words (a third
    step) and come from the first three senses, so they drift: "closure" -> 閉鎖 -> "closing"
    <- 側 "close to", "container" -> 器 -> "capacity" <- 容量.
    """
    out: dict[str, set[str]] = {}
    folded = unicodedata.normalize("NFKC", query_text(text)).lower()
    for word in _LATIN_WORD.findall(folded):
        if not tokenise_en(word) or stem(word) in DRAFTING_WORDS:
            continue  # stopwords and drafting words are not query terms
        senses = japanese_senses(word)
        if senses:
            bag = out.setdefault(stem(word), set())
            for headword, glosses in senses:
                bag.add(headword)
                bag.update(english_equivalents(headword))
                # only a passage's own words carry written-word concepts (Pool.words), so
                # these leave ranking and labels as they were
                bag.update(written_word(gloss) for gloss in glosses)
    return {k: frozenset(v) for k, v in out.items()}
