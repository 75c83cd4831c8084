"""Plain text (``.txt``) and Markdown (``.md``) evidence.

Paragraphs are separated by blank lines; lines wrapped inside a paragraph are
joined (with a space in English, without one between Japanese characters).

* Markdown: ``#`` to ``######`` lines are headings; each list item (``-``,
  ``*``, ``+``, ``1.``) and each table row is a paragraph of its own; emphasis
  marks, link targets, images, code fences and HTML comments are dropped.
* Plain text: a short line on its own that is bracketed as a heading in
  Japanese documents (``【仕様】``, ``■ 特長``, ``◆…``, ``［…］``) or a Markdown
  ``#`` line is a heading.

Bytes are decoded by :func:`~kizuna.adapters.sources.evidence.decoding.decode_limited`;
:func:`iter_text_blocks` and :func:`iter_markdown_blocks` read the lines of a
file streamed in chunks (:mod:`~kizuna.adapters.sources.evidence.lines`) and
give a paragraph longer than a piece (64 Ki characters) in parts that continue
it, so memory stays bounded whatever the file's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kizuna.adapters.sources.evidence.decoding import decode_limited
from kizuna.adapters.sources.evidence.limits import DEFAULT_LIMITS, EvidenceLimits
from kizuna.adapters.sources.evidence.lines import PIECE_CHARS, iter_lines, strip_comments
from kizuna.adapters.sources.evidence.passages import Block

__all__ = [
    "Title",
    "iter_markdown_blocks",
    "iter_text_blocks",
    "markdown_blocks",
    "read_markdown",
    "read_plain_text",
    "text_blocks",
]

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+)$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# Bracket and parenthesis runs stop at the next opening one, so that a line of
# thousands of "[" costs linear time (no rescan to the end of the line per "[").
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_TEXT_HEADING = re.compile(r"^\s*(?:【(.+)】|[■◆●□◇▼]\s*(.+)|［(.+)］|#{1,6}\s+(.+))\s*$")
_TEXT_HEADING_MAX = 40
# First characters of a line that may start a heading, a table row or a list item.
_MD_MARKERS = frozenset("#|-*+")


def _inline(text: str) -> str:
    # Most lines have no link and no emphasis: a substring test is cheaper than a regex pass.
    if "](" in text:
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = _MD_EMPHASIS.sub("", text)
    return text


def _drop_comments(text: str) -> str:
    """``text`` without ``<!-- … -->`` comments (an unclosed one stays), in one pass."""
    return "".join(strip_comments([text], text.rfind("-->")))


def _heading_text(captured: str) -> str:
    """A Markdown heading without its closing ``#`` marks (``## Pump ##`` -> ``Pump``)."""
    return captured.rstrip().rstrip("#").rstrip() or captured[:1]


class _Paragraph:
    """Lines of the paragraph being read; a long one is given out in parts of about a piece."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.continues = False

    def add(self, line: str) -> Block | None:
        """Add a line; a part of the paragraph when the lines held reach a piece."""
        self.lines.append(line)
        self.size += len(line)
        if self.size < PIECE_CHARS:
            return None
        block = Block(text=" ".join(self.lines), continues=self.continues)
        self.lines, self.size, self.continues = [], 0, True
        return block

    def end(self) -> Block | None:
        """The rest of the paragraph, which ends here."""
        if not self.lines:  # most calls: a blank line or a list item after another block
            self.continues = False
            return None
        block = Block(text=" ".join(self.lines), continues=self.continues)
        self.lines, self.size, self.continues = [], 0, False
        return block


class Title:
    """The title found while blocks stream by (filled in once they are all read)."""

    def __init__(self) -> None:
        self.value: str | None = None


def _markdown_line(raw: str, lead: str, paragraph: _Paragraph) -> list[Block]:
    """Blocks that a non-blank Markdown line (``lead``: it without leading space) completes.

    Each pattern is tried only when the line's first character can start it.
    """
    first = lead[0]
    heading = _MD_HEADING.match(raw) if first == "#" else None
    table = first == "|"
    item = _MD_ITEM.match(raw) if first in "-*+" or first.isdigit() else None
    blocks: list[Block] = []
    if (heading or item or table) and (block := paragraph.end()):
        blocks.append(block)
    if heading:
        blocks.append(Block(text=_inline(_heading_text(heading.group(2))), heading=True))
    elif table:
        # A row is a paragraph of its own (the one before was ended above), never over a piece.
        cells = [_inline(c).strip() for c in raw.strip().strip("|").split("|")]
        blocks.append(Block(text=" | ".join(c for c in cells if c)))
    elif block := paragraph.add(_inline(raw[item.end() :] if item else raw).strip()):
        blocks.append(block)
    return blocks


def iter_markdown_blocks(lines: Iterable[tuple[str, bool]], title: Title) -> Iterator[Block]:
    """Blocks of Markdown lines (from :func:`iter_lines`, comments dropped); fills ``title``.

    Parts of an over-long line are paragraph text.
    """
    paragraph = _Paragraph()
    in_code = False
    for raw, whole in lines:
        if not whole:
            if not in_code and (block := paragraph.add(_inline(raw).strip())):
                yield block
            continue
        lead = raw.lstrip()
        if lead.startswith(("```", "~~~")):
            if block := paragraph.end():
                yield block
            in_code = not in_code
            continue
        if in_code or (lead[:1] in ("|", ":", "-") and _MD_TABLE_RULE.match(raw)):
            continue
        if not lead:
            if block := paragraph.end():
                yield block
            continue
        first = lead[0]
        if first not in _MD_MARKERS and not first.isdigit():  # plain paragraph text
            if block := paragraph.add(_inline(raw).strip()):
                yield block
            continue
        for block in _markdown_line(raw, lead, paragraph):
            if block.heading and title.value is None:
                title.value = block.text
            yield block
    if block := paragraph.end():
        yield block


def iter_text_blocks(lines: Iterable[tuple[str, bool]], title: Title) -> Iterator[Block]:
    """Blocks of plain text lines (from :func:`iter_lines`); fills ``title``.

    The title is the first block when it is a heading, else the first line.
    """
    paragraph = _Paragraph()
    first_line: str | None = None
    first_block = True
    for raw, whole in lines:
        stripped = raw.strip()
        if first_line is None and stripped:
            first_line = stripped[:200]
        heading = _TEXT_HEADING.match(raw) if whole and len(stripped) <= _TEXT_HEADING_MAX else None
        if heading or (whole and not stripped):
            if block := paragraph.end():
                first_block = False
                yield block
            if heading:
                name = next(g for g in heading.groups() if g)
                if first_block:
                    title.value = name.strip()
                first_block = False
                yield Block(text=name.strip(), heading=True)
            continue
        if (block := paragraph.add(stripped)) is not None:
            first_block = False
            yield block
    if block := paragraph.end():
        yield block
    if title.value is None:
        title.value = first_line


def markdown_blocks(text: str) -> tuple[str | None, list[Block]]:
    """Title (the first heading) and blocks of a Markdown text."""
    title = Title()
    chunks = strip_comments([text], text.rfind("-->"))
    blocks = list(iter_markdown_blocks(iter_lines(chunks), title))
    return title.value, blocks


def text_blocks(text: str) -> tuple[str | None, list[Block]]:
    """Title (the first heading) and blocks of a plain text."""
    title = Title()
    blocks = list(iter_text_blocks(iter_lines([text]), title))
    return title.value, blocks


def read_markdown(
    data: bytes, path: Path, limits: EvidenceLimits = DEFAULT_LIMITS
) -> tuple[str | None, list[Block]]:
    """Decode and read a Markdown file."""
    return markdown_blocks(decode_limited(data, path, limits))


def read_plain_text(
    data: bytes, path: Path, limits: EvidenceLimits = DEFAULT_LIMITS
) -> tuple[str | None, list[Block]]:
    """Decode and read a plain text file."""
    return text_blocks(decode_limited(data, path, limits))
