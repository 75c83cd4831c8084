"""Plain text (``.txt``) and Markdown (``.md``) evidence.

Paragraphs are separated by blank lines; lines wrapped inside a paragraph are
joined (with a space in English, without one between Japanese characters).

* Markdown: ``#`` to ``######`` lines are headings; each list item (``-``,
  ``*``, ``+``, ``1.``) and each table row is a paragraph of its own; emphasis
  marks, link targets, images, code fences and HTML comments are dropped.
* Plain text: a short line on its own that is bracketed as a heading in
  Japanese documents (``【仕様】``, ``■ 特長``, ``◆…``, ``［…］``) or a Markdown
  ``#`` line is a heading.

Bytes are decoded by :func:`~kizuna.adapters.sources.evidence.decoding.decode_limited`.
"""

from __future__ import annotations

import re
from pathlib import Path

from kizuna.adapters.sources.evidence.decoding import decode_limited
from kizuna.adapters.sources.evidence.limits import DEFAULT_LIMITS, EvidenceLimits
from kizuna.adapters.sources.evidence.passages import Block, normalise_space

__all__ = [
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


def _inline(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub("", text)


def _drop_comments(text: str) -> str:
    """``text`` without ``<!-- … -->`` comments (an unclosed one stays), in one pass."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def _heading_text(captured: str) -> str:
    """A Markdown heading without its closing ``#`` marks (``## Pump ##`` -> ``Pump``)."""
    return captured.rstrip().rstrip("#").rstrip() or captured[:1]


def _paragraph(lines: list[str]) -> Block | None:
    text = normalise_space(" ".join(lines))
    return Block(text=text) if text else None


def markdown_blocks(text: str) -> tuple[str | None, list[Block]]:
    """Title (the first heading) and blocks of a Markdown text."""
    text = _drop_comments(text)
    blocks: list[Block] = []
    lines: list[str] = []
    in_code = False

    def flush() -> None:
        block = _paragraph(lines)
        if block:
            blocks.append(block)
        lines.clear()

    for raw in text.splitlines():
        if raw.lstrip().startswith(("```", "~~~")):
            flush()
            in_code = not in_code
            continue
        if in_code or _MD_TABLE_RULE.match(raw):
            continue
        heading = _MD_HEADING.match(raw)
        if heading or not raw.strip() or _MD_ITEM.match(raw) or raw.lstrip().startswith("|"):
            flush()
        if heading:
            blocks.append(Block(text=_inline(_heading_text(heading.group(2))), heading=True))
        elif raw.lstrip().startswith("|"):
            cells = [_inline(c).strip() for c in raw.strip().strip("|").split("|")]
            lines.append(" | ".join(c for c in cells if c))
            flush()
        elif raw.strip():
            lines.append(_inline(_MD_ITEM.sub("", raw, count=1)).strip())
    flush()
    return _title(blocks), blocks


def text_blocks(text: str) -> tuple[str | None, list[Block]]:
    """Title (the first heading) and blocks of a plain text."""
    blocks: list[Block] = []
    lines: list[str] = []
    for raw in text.splitlines():
        heading = _TEXT_HEADING.match(raw)
        if (heading and len(raw.strip()) <= _TEXT_HEADING_MAX) or not raw.strip():
            block = _paragraph(lines)
            if block:
                blocks.append(block)
            lines = []
            if heading and raw.strip():
                name = next(g for g in heading.groups() if g)
                blocks.append(Block(text=name.strip(), heading=True))
            continue
        lines.append(raw.strip())
    block = _paragraph(lines)
    if block:
        blocks.append(block)
    title = blocks[0].text if blocks and blocks[0].heading else _first_line(text)
    return title, blocks


def _title(blocks: list[Block]) -> str | None:
    return next((b.text for b in blocks if b.heading), None)


def _first_line(text: str) -> str | None:
    line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return line[:200] if line else None


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
