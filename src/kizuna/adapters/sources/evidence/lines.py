"""Lines of decoded text arriving in chunks, with bounded memory.

:func:`iter_lines` turns chunks of text into lines as ``str.splitlines`` would
cut the whole text (a ``\\r\\n`` split between two chunks is one line break).
A line longer than :data:`PIECE_CHARS` characters (a file of one paragraph on
one line) comes in pieces of about that size, cut after a space or ``。`` where
the piece has one, each marked as a part of a line (``whole=False``).

:class:`CommentStripper` drops Markdown ``<!-- … -->`` comments from the chunks
as :func:`~kizuna.adapters.sources.evidence.text.markdown_blocks` always has
(an unclosed one stays), given the offset of the last ``-->`` that the first
pass found, so it never holds more than three characters back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["PIECE_CHARS", "CommentStripper", "iter_lines", "strip_comments"]

#: The longest piece of a line handled at once; longer lines come in pieces.
PIECE_CHARS = 64 * 1024
# The characters str.splitlines breaks at ("\r\n" counts once).
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _cut(text: str, start: int) -> int:
    """Where to end the piece that begins at ``start``: after a space or 。 in its second half."""
    end = start + PIECE_CHARS
    low = start + PIECE_CHARS // 2
    found = max(text.rfind(" ", low, end), text.rfind("。", low, end))
    return found + 1 if found != -1 else end


def _pieces(head: str) -> tuple[list[str], str]:
    """Full pieces of an unfinished line, and what is left (shorter than a piece)."""
    pieces: list[str] = []
    start = 0
    while len(head) - start > PIECE_CHARS:
        cut = _cut(head, start)
        pieces.append(head[start:cut])
        start = cut
    return pieces, head[start:]


def iter_lines(chunks: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """``(line, whole)`` per line of the text in ``chunks``, without line breaks.

    >>> list(iter_lines(["a\\r", "\\nb\\n\\nc"]))
    [('a', True), ('b', True), ('', True), ('c', True)]
    """
    head = ""  # the unfinished line, shorter than a piece
    split = False  # part of the unfinished line was already given out
    skip_lf = False
    for chunk in chunks:
        if skip_lf and chunk.startswith("\n"):
            chunk = chunk[1:]
        skip_lf = False
        if not chunk:
            continue
        skip_lf = chunk[-1] == "\r"
        parts = chunk.splitlines(keepends=True)
        if chunk[-1] not in _BREAKS:
            last = parts.pop()
            done = parts
        else:
            last, done = "", parts
        for index, part in enumerate(done):
            line = part.rstrip(_BREAKS)
            if index == 0 and (head or split):
                line = head + line
                head = ""
            yield line, not split
            split = False
        if last:
            pieces, head = _pieces(head + last)
            for piece in pieces:
                yield piece, False
                split = True
    if head or split:
        yield head, not split


class CommentStripper:
    """Drops ``<!-- … -->`` from text fed in chunks; ``last_close``: offset of the last ``-->``.

    A comment is dropped when a ``-->`` follows its ``<!--`` (that is when
    ``last_close`` lies at or after the ``<!--`` plus four); from the first
    unclosed one on, the text is kept as it is.
    """

    def __init__(self, last_close: int) -> None:
        self._last_close = last_close
        self._held = ""  # characters held back: a "<!--" or "-->" may go on in the next chunk
        self._offset = 0  # offset of the held text in the whole text
        self._inside = False
        self._done = last_close < 0

    def feed(self, text: str) -> str:
        """The text of this chunk that is kept (some may come with the next chunk)."""
        if self._done and not self._held:
            return text
        work = self._held + text
        base = self._offset
        kept: list[str] = []
        position = 0
        while True:
            if self._inside:
                end = work.find("-->", position)
                if end == -1:  # the close comes later: keep only what may start it
                    position = max(position, len(work) - 2)
                    break
                position = end + 3
                self._inside = False
                continue
            start = -1 if self._done else work.find("<!--", position)
            if start != -1 and base + start + 4 <= self._last_close:
                kept.append(work[position:start])
                position = start + 4
                self._inside = True
                continue
            if start != -1 or self._done:
                self._done = True
                kept.append(work[position:])
                position = len(work)
            else:
                hold = max(position, len(work) - 3)
                kept.append(work[position:hold])
                position = hold
            break
        self._held = work[position:]
        self._offset = base + position
        return "".join(kept)

    def finish(self) -> str:
        """What is still held at the end of the text."""
        held, self._held = ("" if self._inside else self._held), ""
        return held


def strip_comments(chunks: Iterable[str], last_close: int) -> Iterator[str]:
    """``chunks`` without their closed ``<!-- … -->`` comments (see :class:`CommentStripper`)."""
    stripper = CommentStripper(last_close)
    for chunk in chunks:
        if kept := stripper.feed(chunk):
            yield kept
    if tail := stripper.finish():
        yield tail
