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

__all__ = ["CHARS_PER_JA_WORD", "EN_MAX_SHARE", "JA_MIN_SHARE", "detect_lang", "japanese_share"]

CHARS_PER_JA_WORD = 2.0
JA_MIN_SHARE = 0.55
EN_MAX_SHARE = 0.2

_JAPANESE = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+")


def japanese_share(text: str) -> float | None:
    """Japanese words / all words in ``text`` (see the module doc); None when it has no letters."""
    # subn counts matches in C without building a list of them (findall did).
    ja_words = _JAPANESE.subn("", text)[1] / CHARS_PER_JA_WORD
    en_words = _LATIN_WORD.subn("", text)[1]
    if ja_words + en_words == 0:
        return None
    return ja_words / (ja_words + en_words)


def detect_lang(text: str) -> str:
    """``"ja"``, ``"en"`` or ``"mixed"`` by script share.

    >>> detect_lang("本装置はBluetooth Low Energyで通信する。"), detect_lang("It pumps water.")
    ('ja', 'en')
    """
    share = japanese_share(text)
    if share is None or share <= EN_MAX_SHARE:
        return "en"
    if share >= JA_MIN_SHARE:
        return "ja"
    return "mixed"
