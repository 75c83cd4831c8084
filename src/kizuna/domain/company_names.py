"""Company-name normalisation and the rules that decide a resolution (pure).

:func:`normalise_name` turns the ways people write one company into one key;
docs/companies.md lists the rules with examples. In order:

1. NFKC (full-width Latin and digits to half-width, half-width kana to
   full-width, ``㈱`` to ``(株)``), then lower case (``casefold``).
2. Japanese legal forms before or after the name are removed: 株式会社,
   有限会社, 合同会社, 合資会社, 合名会社, 一般社団法人…, and the bracketed
   abbreviations ``(株)`` ``(有)`` ``(同)`` (also ``（株）`` and ``㈱``).
3. Latin legal forms at the end (or ``Kabushiki Kaisha`` at the start) are
   removed: ``Co., Ltd.``, ``Inc.``, ``Corporation``, ``K.K.``, ``LLC``,
   ``GmbH``, ``AG``, ``S.A.``, ``plc``… (:data:`LATIN_FORMS`).
4. Long-vowel mark variants after kana (``ｰ - ‐ − ～``) become ``ー``;
   hiragana becomes katakana (``とよた`` = ``トヨタ``).
5. Spaces and punctuation (``・`` ``,`` ``.`` ``&`` ``-``…) are removed.

A name that is nothing but a legal form keeps its folded form, so the key is
never empty for a non-empty name. Normalising twice gives the same key.

    >>> normalise_name("(株)トヨタ自動車")
    'トヨタ自動車'
    >>> normalise_name("TOYOTA MOTOR CORP.") == normalise_name("Toyota Motor Corporation")
    True
    >>> normalise_name("ﾄﾖﾀ")
    'トヨタ'

:func:`decide` applies the resolution rule to scored candidates: a match only
when the best score reaches :data:`MATCH_THRESHOLD` and is ahead of the best
*other* company by at least :data:`MARGIN`; otherwise the result is ambiguous
(or there is no match) and the candidates are shown, never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CANDIDATE_FLOOR",
    "JAPANESE_FORMS",
    "LATIN_FORMS",
    "MARGIN",
    "MATCH_THRESHOLD",
    "PREFIX_BASE",
    "ScoredName",
    "corporate_number_query",
    "decide",
    "normalise_name",
    "prefix_score",
]

#: Lowest score for a confident match (exact normalised names score 1.0).
MATCH_THRESHOLD = 0.85
#: How far the best company must be ahead of the next different company.
MARGIN = 0.08
#: Candidates scoring below this are not shown.
CANDIDATE_FLOOR = 0.5
#: A longer name that starts (or ends) with the whole query scores PREFIX_BASE + 0.2 x coverage.
PREFIX_BASE = 0.75

#: Japanese legal-form words removed before or after a name (after NFKC).
JAPANESE_FORMS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "国立大学法人",
    "独立行政法人",
    "(株)",
    "(有)",
    "(同)",
    "(資)",
    "(名)",
)
#: Latin legal forms (as word sequences after punctuation is turned to spaces), longest first.
LATIN_FORMS = (
    ("kabushiki", "kaisha"),
    ("kabushikigaisha",),
    ("kabushikikaisha",),
    ("company", "limited"),
    ("company", "ltd"),
    ("co", "ltd"),
    ("co", "limited"),
    ("gmbh", "co", "kg"),
    ("k", "k"),
    ("kk",),
    ("ltd",),
    ("limited",),
    ("inc",),
    ("incorporated",),
    ("corporation",),
    ("corp",),
    ("company",),
    ("co",),
    ("llc",),
    ("gmbh",),
    ("ag",),
    ("s", "a"),
    ("sa",),
    ("plc",),
    ("b", "v"),
    ("bv",),
    ("publ",),
)
_LEADING_LATIN = (("kabushiki", "kaisha"), ("kabushikigaisha",), ("kabushikikaisha",), ("the",))
_LONG_VOWELS = "-‐‑‒–—―−ｰ～〜"
_KANA_BEFORE = re.compile(rf"(?<=[\u3041-\u309f\u30a1-\u30ff])[{re.escape(_LONG_VOWELS)}]")
_WORDS = re.compile(r"[^\w]+")
_CORPORATE = re.compile(r"^\d{13}$")


@dataclass(frozen=True, kw_only=True)
class ScoredName:
    """One company's best-scoring name for a query: what :func:`decide` ranks."""

    company_id: int
    score: float
    matched_name: str
    rule: str


def _strip_japanese_forms(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in JAPANESE_FORMS:
            if text.startswith(form) and len(text) > len(form):
                text, changed = text[len(form) :].strip(), True
            if text.endswith(form) and len(text) > len(form):
                text, changed = text[: -len(form)].strip(), True
    return text


def _strip_latin_forms(words: list[str]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in LATIN_FORMS:
            n = len(form)
            if len(words) > n and tuple(words[-n:]) == form:
                words, changed = words[:-n], True
                break
        for form in _LEADING_LATIN:
            n = len(form)
            if len(words) > n and tuple(words[:n]) == form:
                words, changed = words[n:], True
                break
    return words


def _katakana(text: str) -> str:
    return "".join(
        chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text
    )


def normalise_name(name: str) -> str:
    """The resolution key of a company name (rules in the module docstring).

    >>> normalise_name("株式会社 安川電機") == normalise_name("安川電機（株）")
    True
    """
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    text = _KANA_BEFORE.sub("ー", " ".join(text.split()))
    text = _strip_japanese_forms(text)
    words = [w for w in _WORDS.split(text.replace("_", " ")) if w]
    if not words:
        return "".join(text.split())
    joined = _strip_japanese_forms("".join(_strip_latin_forms(words)))
    return _katakana(joined)


def corporate_number_query(text: str) -> str | None:
    """The 13 digits when ``text`` is a corporate number (spaces and hyphens allowed)."""
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))
    return digits if _CORPORATE.match(digits) else None


def prefix_score(query_key: str, name_key: str) -> float:
    """Score of the prefix rule: the query is the start or end of a longer stored name.

    Only a *shorter* query counts (an abbreviation such as ``トヨタ``); a stored
    name that is the start of a longer query is not evidence (``キヤノン電子`` is
    not ``キヤノン``). The query needs at least 2 characters (3 for Latin text).

    >>> prefix_score("トヨタ", "トヨタジドウシャ")
    0.825
    >>> prefix_score("トヨタ紡織", "トヨタ")
    0.0
    """
    minimum = 3 if query_key.isascii() else 2
    if len(query_key) < minimum or len(query_key) >= len(name_key):
        return 0.0
    if not (name_key.startswith(query_key) or name_key.endswith(query_key)):
        return 0.0
    return round(PREFIX_BASE + 0.2 * len(query_key) / len(name_key), 4)


def decide(scored: Sequence[ScoredName]) -> ScoredName | None:
    """The confident match among ``scored`` (one entry per company), or None.

    The best must reach :data:`MATCH_THRESHOLD` and beat every other company
    by :data:`MARGIN`. Two companies with the same exact name are ambiguous.

    >>> decide([ScoredName(company_id=1, score=1.0, matched_name="A", rule="exact"),
    ...         ScoredName(company_id=2, score=0.6, matched_name="B", rule="fuzzy")]).company_id
    1
    """
    ranked = sorted(scored, key=lambda s: (-s.score, s.company_id))
    if not ranked or ranked[0].score < MATCH_THRESHOLD:
        return None
    best = ranked[0]
    others = [s.score for s in ranked[1:] if s.company_id != best.company_id]
    if others and round(best.score - max(others), 6) < MARGIN:
        return None
    return best
