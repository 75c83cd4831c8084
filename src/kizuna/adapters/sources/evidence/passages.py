"""Split extracted blocks into citable passages that keep their location.

Every format reader turns its file into :class:`Block` objects (a heading or a
paragraph, with its PDF page when known). :func:`split_passages` then cuts each
paragraph into passages of one to three sentences and at most about
:data:`MAX_CHARS` characters, and records for each the page, the nearest
heading above it and the 1-based paragraph number, so a chart can cite
``p. 2, "Specifications", ¶ 14``.

Sentences end at ``.``, ``!`` or ``?`` followed by a space (English) and at
``。``, ``！``, ``？`` (Japanese; also ``．`` in Japanese text). A single
sentence longer than the limit is cut at the last space, ``、`` or ``，``
before it. Passage ids are ``"<first 12 hex of the sha256>-<index>"`` (index
from 1), so the same bytes always give the same ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kizuna.adapters.sources.evidence.lang import lang_of_counts, script_counts
from kizuna.adapters.sources.evidence.limits import (
    DEFAULT_LIMITS,
    EvidenceLimits,
    LimitExceededError,
)
from kizuna.domain.evidence import Location, Passage

__all__ = [
    "MAX_CHARS",
    "MAX_SENTENCES",
    "Block",
    "LangTally",
    "PassageRow",
    "iter_passage_rows",
    "iter_passages",
    "normalise_space",
    "passages_of_rows",
    "split_passages",
    "split_sentences",
]

MAX_CHARS = 500
MAX_SENTENCES = 3

# English: terminal punctuation (optionally closed by a quote or bracket), then space.
# Japanese: 。！？ (and full-width ．) end a sentence wherever they stand.
# Matched from the punctuation on (a pattern that starts with a character set is
# scanned for fast), the sentence ends after the punctuation and the space after it
# is stripped from the next one. This cuts
# where the lookbehind form r"(?<=[.!?][\"'”’)\]])\s+|(?<=[.!?])\s+|(?<=[。！？．])\s*"
# splits (tests/adapters/sources/test_evidence_stream.py checks it), at about
# two thirds of its cost.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]?(?=\s)|[。！？．]")
# "e.g. ", "No. 5", "approx. 3": abbreviations that do not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|approx|No|Nos|Fig|Figs|vs|Inc|Co|Ltd|Corp|Mr|Ms|Dr)\.|\b[A-Z]\.)$"
)
_ABBREVIATION_TAIL = 12  # longest abbreviation above ("approx.") plus a word boundary
# The last soft break in the second half of a window (greedy, so the rightmost one).
_LAST_SOFT_BREAK = re.compile(r"(?s).*[\s、，,]")


@dataclass(frozen=True, kw_only=True)
class Block:
    """One heading or paragraph of an extracted document, in reading order."""

    text: str
    heading: bool = False
    page: int | None = None
    #: True for a later part of a paragraph too long to read at once: same paragraph number.
    continues: bool = False


class LangTally:
    """Japanese characters and English words summed over passages: the document's language."""

    def __init__(self) -> None:
        self.ja_chars = 0
        self.en_words = 0

    def add(self, text: str) -> str:
        """Count ``text`` in and return its own language."""
        ja_chars, en_words = script_counts(text)
        self.ja_chars += ja_chars
        self.en_words += en_words
        return lang_of_counts(ja_chars, en_words)

    def lang(self) -> str:
        """The language of every passage counted, as :func:`detect_lang` of their joined text."""
        return lang_of_counts(self.ja_chars, self.en_words)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (English and Japanese rules above), stripped, none empty.

    Linear in ``len(text)``: a piece after an abbreviation is collected and the
    sentence joined once, and only the tail of a piece is tested for an
    abbreviation.

    >>> split_sentences("It pumps. 水を送る。速い！")
    ['It pumps.', '水を送る。', '速い！']
    """
    first = _SENTENCE_END.search(text)
    if first is None or first.end() == len(text):  # one sentence (a list item, a heading)
        whole = text.strip()
        return [whole] if whole else []
    sentences: list[str] = []
    current: list[str] = []
    start = 0
    for found in _SENTENCE_END.finditer(text):
        end = found.end()
        piece = text[start:end].strip()
        start = end
        if not piece:
            continue
        if current or (piece[-1] == "." and _ABBREVIATION.search(piece[-_ABBREVIATION_TAIL:])):
            _add_piece(piece, current, sentences)
        else:  # the usual case, inlined: a whole sentence
            sentences.append(piece)
    piece = text[start:].strip()
    if piece:
        _add_piece(piece, current, sentences)
    if current:
        sentences.append(" ".join(current))
    return sentences


def _add_piece(piece: str, current: list[str], sentences: list[str]) -> None:
    """A piece ends a sentence unless it ends with an abbreviation ("e.g.")."""
    current.append(piece)
    if piece[-1] != "." or not _ABBREVIATION.search(piece[-_ABBREVIATION_TAIL:]):
        sentences.append(current[0] if len(current) == 1 else " ".join(current))
        current.clear()


def _cut_long(sentence: str) -> Iterator[str]:
    """A sentence longer than MAX_CHARS, cut at soft breaks (spaces, 、) before the limit.

    Walks the sentence by index: each character is looked at a bounded number
    of times (no copy of the remaining text per cut), so the cost is linear.
    """
    start = 0
    end = len(sentence)
    while start < end and sentence[start].isspace():
        start += 1
    while end - start > MAX_CHARS:
        window_end = start + MAX_CHARS
        last_break = _LAST_SOFT_BREAK.match(sentence, start + MAX_CHARS // 2, window_end)
        cut = last_break.end() if last_break else window_end
        piece = sentence[start:cut].strip()
        if piece:
            yield piece
        start = cut
        while start < end and sentence[start].isspace():
            start += 1
    rest = sentence[start:end].strip()
    if rest:
        yield rest


_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
# After collapsing, the only whitespace left is single spaces.
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def normalise_space(text: str) -> str:
    """Whitespace collapsed to single spaces, and none left between two Japanese characters.

    >>> normalise_space("水を\n 送る  pump")
    '水を送る pump'
    """
    collapsed = " ".join(text.split())
    if collapsed.isascii() or " " not in collapsed:
        return collapsed
    return _SPACE_BETWEEN_CJK.sub("", collapsed)


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if left[-1] in "。！？．、" or not left[-1].isascii():
        return left + right
    return f"{left} {right}"


def _chunks(paragraph: str) -> Iterator[str]:
    """Group the sentences of one paragraph into passages (<= 3 sentences, <= MAX_CHARS)."""
    sentences = split_sentences(paragraph)
    if len(sentences) == 1 and len(sentences[0]) <= MAX_CHARS:  # the usual case: one passage
        yield sentences[0]
        return
    current = ""
    count = 0
    for sentence in sentences:
        for part in (sentence,) if len(sentence) <= MAX_CHARS else _cut_long(sentence):
            joined = _join(current, part)
            if current and (count >= MAX_SENTENCES or len(joined) > MAX_CHARS):
                yield current
                current, count = part, 1
            else:
                current, count = joined, count + 1
    if current:
        yield current


def split_passages(
    blocks: Iterable[Block], sha256: str, *, limits: EvidenceLimits = DEFAULT_LIMITS
) -> list[Passage]:
    """Passages of ``blocks`` with their locations; ids from ``sha256`` (see module doc).

    Raises :class:`~kizuna.adapters.sources.evidence.limits.LimitExceededError` as
    soon as the text passes ``limits.max_chars`` or the passages
    ``limits.max_passages``.

    >>> blocks = [Block(text="Pump", heading=True), Block(text="It pumps. It is quiet.")]
    >>> [(p.id, p.location.cite()) for p in split_passages(blocks, "ab" * 32)]
    [('abababababab-1', '"Pump", ¶ 1')]
    """
    return list(iter_passages(blocks, sha256, limits=limits))


#: A passage as a plain row: ``(id, index, text, lang, page, heading, paragraph)``, what
#: storage inserts (building a :class:`~kizuna.domain.evidence.Passage` per row costs
#: about as much as cutting it, and storing needs none).
PassageRow = tuple[str, int, str, str, int | None, str | None, int]


def iter_passages(
    blocks: Iterable[Block],
    sha256: str,
    *,
    limits: EvidenceLimits = DEFAULT_LIMITS,
    tally: LangTally | None = None,
) -> Iterator[Passage]:
    """:func:`split_passages` one passage at a time; ``tally`` sums their scripts."""
    return passages_of_rows(iter_passage_rows(blocks, sha256, limits=limits, tally=tally))


def passages_of_rows(rows: Iterable[PassageRow]) -> Iterator[Passage]:
    """The :class:`~kizuna.domain.evidence.Passage` of each row (one Location per paragraph)."""
    location: Location | None = None
    for pid, index, text, lang, page, heading, paragraph in rows:
        if location is None or location.paragraph != paragraph:
            location = Location(page=page, heading=heading, paragraph=paragraph)
        yield Passage(id=pid, index=index, text=text, lang=lang, location=location)


def iter_passage_rows(
    blocks: Iterable[Block],
    sha256: str,
    *,
    limits: EvidenceLimits = DEFAULT_LIMITS,
    tally: LangTally | None = None,
) -> Iterator[PassageRow]:
    """:func:`iter_passages` as :data:`PassageRow` tuples (the same passages, in order)."""
    tally = tally if tally is not None else LangTally()
    count = tally.add
    prefix = f"{sha256[:12]}-"
    heading: str | None = None
    page: int | None = None
    paragraph = index = chars = 0
    max_chars, max_passages = limits.max_chars, limits.max_passages
    open_paragraph = False
    for block in blocks:
        chars += len(block.text)
        if chars > max_chars:
            raise LimitExceededError(
                f"more than {max_chars:,} characters of text (KIZUNA_EVIDENCE_MAX_CHARS)"
            )
        if not block.continues:
            open_paragraph = False  # a new paragraph (or heading) starts here
        text = normalise_space(block.text)
        if not text:
            continue
        if block.heading:
            heading = text
            continue
        if not open_paragraph:
            paragraph += 1
            page = block.page
            open_paragraph = True
        for chunk in _chunks(text):
            index += 1
            if index > max_passages:
                raise LimitExceededError(
                    f"more than {max_passages:,} passages (KIZUNA_EVIDENCE_MAX_PASSAGES)"
                )
            yield (f"{prefix}{index}", index, chunk, count(chunk), page, heading, paragraph)
