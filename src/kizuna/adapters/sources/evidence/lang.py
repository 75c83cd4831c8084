"""Language of a passage or document by script share: ``"ja"``, ``"en"`` or ``"mixed"``.

The rule (documented in docs/evidence.md):

* Japanese characters (hiragana, katakana, kanji, half-width katakana) are
  counted and divided by :data:`CHARS_PER_JA_WORD` (Japanese averages about two
  characters per word), giving Japanese "words".
* English words are runs of Latin letters (digits and symbols do not count).
* ``share`` = Japanese words / (Japanese words + English words).
  ``share >= 0.55`` is ``"ja"``; ``share <= 0.2`` is ``"en"``; between is
  ``"mixed"``. Text with no letters at all is ``"en"``.

The bands are not symmetric on purpose: Japanese product pages are full of
Latin model names and acronyms (USB, Bluetooth, IoT) and are still Japanese,
while English pages rarely carry Japanese words.
"""

from __future__ import annotations

import re

__all__ = [
    "CHARS_PER_JA_WORD",
    "EN_MAX_SHARE",
    "JA_MIN_SHARE",
    "detect_lang",
    "japanese_share",
    "lang_of_counts",
    "script_counts",
]

CHARS_PER_JA_WORD = 2.0
JA_MIN_SHARE = 0.55
EN_MAX_SHARE = 0.2

# Runs of everything else: deleting them leaves the Japanese characters to count
# (fewer, longer matches than counting the Japanese characters one by one).
_NOT_JAPANESE = re.compile(
    r"[^\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+")


def script_counts(text: str) -> tuple[int, int]:
    """(Japanese characters, English words) of ``text``; the counts of texts joined by a space add.

    >>> script_counts("本装置はBluetooth Low Energyで通信する。")
    (9, 3)
    """
    # subn counts the words in C without building a list of them; ASCII text has
    # no Japanese characters, so that scan is skipped.
    ja_chars = 0 if text.isascii() else len(_NOT_JAPANESE.sub("", text))
    return ja_chars, _LATIN_WORD.subn("", text)[1]


def _share(ja_chars: int, en_words: int) -> float | None:
    ja_words = ja_chars / CHARS_PER_JA_WORD
    if ja_words + en_words == 0:
        return None
    return ja_words / (ja_words + en_words)


def japanese_share(text: str) -> float | None:
    """Japanese words / all words in ``text`` (see the module doc); None when it has no letters."""
    return _share(*script_counts(text))


def lang_of_counts(ja_chars: int, en_words: int) -> str:
    """``"ja"``, ``"en"`` or ``"mixed"`` from the counts of :func:`script_counts`.

    A document's language is that of its passages' summed counts, so it is found
    without joining their text.
    """
    share = _share(ja_chars, en_words)
    if share is None or share <= EN_MAX_SHARE:
        return "en"
    if share >= JA_MIN_SHARE:
        return "ja"
    return "mixed"


def detect_lang(text: str) -> str:
    """``"ja"``, ``"en"`` or ``"mixed"`` by script share.

    >>> detect_lang("本装置はBluetooth Low Energyで通信する。"), detect_lang("It pumps water.")
    ('ja', 'en')
    """
    return lang_of_counts(*script_counts(text))
