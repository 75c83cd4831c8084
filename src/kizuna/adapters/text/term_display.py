"""Element terms as the reader wrote them: whole words and compounds, never analyser fragments.

Retrieval compares analysed tokens: Sudachi normalised forms for Japanese (in
mode C Sudachi still cuts 導電性 into 導電 + 性, 導電路形成工程 into 導 + 電路 + 形成 +
工程, リードフレーム into リード + フレーム) and light stems for English ("bia" for
"bias", "contain" and "closur" for "container-closure"). A chart that says
"matched: 性; missing: 導" explains nothing to a reviewer, so each analysed term
is shown as the written unit it came from:

- **Japanese**: a suffix (接尾辞, 性 / 溝 / 路) joins the word before it, a prefix
  (接頭辞, 導) the word after it, adjacent katakana words join (リード + フレーム,
  コンサ + ベータ) and a single kanji joins the kanji word beside it (凹 + 設, 付 + 勢);
  particles, symbols, verbs of claim drafting (する) and 前記 / 当該 end a unit.
- **English**: the word as written, hyphen compounds whole ("container-closure").

Reference signs are removed first (:func:`kizuna.adapters.text.query_terms.query_text`),
so （44）, (44) or (L14) never become terms. Display only: matching, weights and
scores use the analysed terms.

Example::

    >>> term_display("a spring that tends to bias the overshell (9)", "en")["bia"]
    'bias'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kizuna.adapters.text.query_terms import query_text
from kizuna.adapters.text.tokenise import ja_morphemes, retrieval_tokens

__all__ = ["term_display"]

_KATAKANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]+")
_KANJI = re.compile(r"[\u3400-\u9fff]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_WRITTEN_EN = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_BREAK_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "動詞", "形容詞", "連体詞"})
_BREAK_FORMS = frozenset({"前記", "当該", "該", "上記", "為る"})


@lru_cache(maxsize=20_000)
def term_display(text: str, lang: str) -> dict[str, str]:
    """Each analysed term of an element text -> the word or compound it was written as."""
    cleaned = query_text(text)
    if lang == "en" or not _JAPANESE.search(cleaned):  # as tokenise: German, French claims too
        return _display_en(cleaned)
    out: dict[str, str] = {}
    for surface, forms in _units_ja(cleaned):
        for form in forms:
            for term in (retrieval_tokens(form, "en") if form.isascii() else [form]):
                out.setdefault(term, surface)
    return out


def _display_en(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for word in _WRITTEN_EN.findall(unicodedata.normalize("NFKC", text)):
        for term in retrieval_tokens(word, "en"):
            out.setdefault(term, word)
    return out


def _joins(prev: tuple[str, str], cur: tuple[str, str], prev_prefix: bool) -> bool:
    """Whether morpheme ``cur`` (surface, POS) continues the unit ending in ``prev``."""
    (prev_surface, _), (surface, pos) = prev, cur
    if pos == "接尾辞" or prev_prefix:
        return True
    if _KATAKANA.fullmatch(prev_surface) and _KATAKANA.fullmatch(surface):
        return True
    single = (len(prev_surface) == 1 and _KANJI.match(prev_surface)) or (
        len(surface) == 1 and _KANJI.match(surface)
    )
    return bool(single and _KANJI.search(prev_surface) and _KANJI.search(surface))


def _units_ja(text: str) -> list[tuple[str, list[str]]]:
    """Written units of Japanese ``text``: (surface, the analysed forms inside it)."""
    units: list[tuple[str, list[str]]] = []
    prev: tuple[str, str] | None = None  # last morpheme of the open unit: (surface, POS)
    prev_prefix = False
    for surface, form, pos in ja_morphemes(text):
        katakana = bool(_KATAKANA.fullmatch(surface))
        if form in _BREAK_FORMS or (pos in _BREAK_POS and not (pos == "形容詞" and _KANJI.match(
                surface) and len(surface) == 1)) or (pos == "記号" and not katakana):
            if pos in ("動詞", "形容詞") and form not in _BREAK_FORMS:
                units.append((surface, [form]))  # a verb is a unit of its own
            prev, prev_prefix = None, False
            continue
        if prev is not None and _joins(prev, (surface, pos), prev_prefix):
            joined, forms = units[-1]
            units[-1] = (joined + surface, [*forms, form])
        else:
            units.append((surface, [form]))
        prev, prev_prefix = (surface, pos), pos == "接頭辞"
    return units
