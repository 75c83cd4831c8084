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

from kizuna.adapters.sources.evidence.lang import detect_lang
from kizuna.domain.evidence import Location, Passage

__all__ = [
    "MAX_CHARS",
    "MAX_SENTENCES",
    "Block",
    "normalise_space",
    "split_passages",
    "split_sentences",
]

MAX_CHARS = 500
MAX_SENTENCES = 3

# English: terminal punctuation (optionally closed by a quote or bracket), then space.
# Japanese: 。！？ (and full-width ．) end a sentence wherever they stand.
_SENTENCE_END = re.compile(r"(?<=[.!?][\"'”’)\]])\s+|(?<=[.!?])\s+|(?<=[。！？．])\s*")
# "e.g. ", "No. 5", "approx. 3": abbreviations that do not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|approx|No|Nos|Fig|Figs|vs|Inc|Co|Ltd|Corp|Mr|Ms|Dr)\.|\b[A-Z]\.)$"
)
_SOFT_BREAK = re.compile(r"[\s、，,]")


@dataclass(frozen=True, kw_only=True)
class Block:
    """One heading or paragraph of an extracted document, in reading order."""

    text: str
    heading: bool = False
    page: int | None = None


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (English and Japanese rules above), stripped, none empty.

    >>> split_sentences("It pumps. 水を送る。速い！")
    ['It pumps.', '水を送る。', '速い！']
    """
    pieces = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _cut_long(sentence: str) -> Iterator[str]:
    """A sentence longer than MAX_CHARS, cut at soft breaks (spaces, 、) before the limit."""
    rest = sentence
    while len(rest) > MAX_CHARS:
        window = rest[:MAX_CHARS]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = breaks[-1] if breaks and breaks[-1] > MAX_CHARS // 2 else MAX_CHARS
        yield rest[:cut].strip()
        rest = rest[cut:].strip()
    if rest:
        yield rest


_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def normalise_space(text: str) -> str:
    """Whitespace collapsed to single spaces, and none left between two Japanese characters.

    >>> normalise_space("水を\n 送る  pump")
    '水を送る pump'
    """
    return _SPACE_BETWEEN_CJK.sub("", " ".join(text.split()))


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if left[-1] in "。！？．、" or not left[-1].isascii():
        return left + right
    return f"{left} {right}"


def _chunks(paragraph: str) -> Iterator[str]:
    """Group the sentences of one paragraph into passages (<= 3 sentences, <= MAX_CHARS)."""
    current = ""
    count = 0
    for sentence in split_sentences(paragraph):
        for part in _cut_long(sentence):
            joined = _join(current, part)
            if current and (count >= MAX_SENTENCES or len(joined) > MAX_CHARS):
                yield current
                current, count = part, 1
            else:
                current, count = joined, count + 1
    if current:
        yield current


def split_passages(blocks: Iterable[Block], sha256: str) -> list[Passage]:
    """Passages of ``blocks`` with their locations; ids from ``sha256`` (see module doc).

    >>> blocks = [Block(text="Pump", heading=True), Block(text="It pumps. It is quiet.")]
    >>> [(p.id, p.location.cite()) for p in split_passages(blocks, "ab" * 32)]
    [('abababababab-1', '"Pump", ¶ 1')]
    """
    prefix = sha256[:12]
    passages: list[Passage] = []
    heading: str | None = None
    paragraph = 0
    for block in blocks:
        text = normalise_space(block.text)
        if not text:
            continue
        if block.heading:
            heading = text
            continue
        paragraph += 1
        location = Location(page=block.page, heading=heading, paragraph=paragraph)
        for chunk in _chunks(text):
            index = len(passages) + 1
            passages.append(
                Passage(
                    id=f"{prefix}-{index}",
                    index=index,
                    text=chunk,
                    lang=detect_lang(chunk),
                    location=location,
                )
            )
    return passages
