"""Cheap lexical terms for matching company products against patent text (ja and en).

The target ranking's ``text`` factor compares short product and service names
with a patent's title, abstract and independent claims. Both sides are cut
into the same kind of *terms*:

* the text is normalised with NFKC (full-width letters and digits, half-width
  katakana and compatibility characters become their plain forms) and
  case-folded;
* runs of Latin letters and digits become words, with a light plural rule
  (``robots`` -> ``robot``, ``batteries`` -> ``battery``, ``glasses`` ->
  ``glass``); words shorter than 2 characters and common English and patent
  words (``the``, ``method``, ``system``, ``device`` ...) are dropped;
* runs of kanji and runs of katakana (hiragana, mostly particles and verb
  endings, separate them) become character bigrams, as Japanese has no spaces:
  ``立体配線`` -> ``立体``, ``体配``, ``配線``; one-character runs (``内``, ``上``)
  and bigrams that are claim boilerplate (``前記``, ``工程``, ``方法`` ...) are
  dropped.

Character bigrams are the usual cheap choice for Japanese retrieval without a
morphological analyser; they cost nothing to compute and need no dictionary.
Only the standard library here.

    >>> sorted(terms("Industrial Robots"))
    ['industrial', 'robot']
    >>> sorted(terms("立体配線モジュール"))
    ['ジュ', 'モジ', 'ュー', 'ール', '体配', '立体', '配線']
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["STOP_BIGRAMS", "STOP_WORDS", "normalise", "terms", "word_stem"]

STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
        "into", "is", "it", "its", "of", "on", "or", "said", "such", "that", "the", "their",
        "them", "then", "there", "these", "this", "those", "to", "was", "were", "which", "with",
        "wherein", "whereby", "thereof", "claim", "claims", "method", "methods", "process",
        "system", "systems", "device", "devices", "apparatus", "apparatuses", "means", "unit",
        "units", "step", "steps", "use", "used", "using", "comprising", "comprises", "comprise",
        "including", "include", "includes", "first", "second", "third", "one", "two",
        "plurality", "least", "each", "other", "product", "products", "service", "services",
        "equipment", "part", "parts", "member", "members", "portion", "portions", "based",
        "further",
    }
)
STOP_BIGRAMS = frozenset(
    {
        "前記", "工程", "方法", "装置", "手段", "特徴", "請求", "記載", "所定", "複数",
        "場合", "該当", "一方", "他方", "以上", "以下", "各々", "第一", "第二", "部材",
        "構成", "製造", "ステ", "テッ", "ップ",
    }
)

_WORD = re.compile(r"[a-z0-9]+")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]+")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]+")


def normalise(text: str) -> str:
    """NFKC and case folding: ``ＲＯＢＯＴ`` equals ``robot``, ``ﾛﾎﾞｯﾄ`` equals ``ロボット``."""
    return unicodedata.normalize("NFKC", text).casefold()


def word_stem(word: str) -> str:
    """A light English plural rule; enough for product names against claims."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _bigrams(run: str) -> list[str]:
    return [run[k : k + 2] for k in range(len(run) - 1)]


def terms(text: str) -> frozenset[str]:
    """The distinct matching terms of ``text`` (words for Latin script, bigrams for Japanese)."""
    plain = normalise(text)
    found: set[str] = set()
    for word in _WORD.findall(plain):
        stem = word_stem(word)
        if len(stem) >= 2 and stem not in STOP_WORDS and word not in STOP_WORDS:
            found.add(stem)
    for pattern in (_KANJI, _KATAKANA):
        for run in pattern.findall(plain):
            found.update(b for b in _bigrams(run) if b not in STOP_BIGRAMS)
    return frozenset(found)
