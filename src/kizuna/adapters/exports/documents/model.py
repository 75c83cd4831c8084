"""The document model every Kizuna document is built as: headings, paragraphs, tables.

Services build a :class:`Document` (brief, ringi summary, letter, hantei
annex, negotiation record); :mod:`.render` turns it into HTML (then PDF) and
:mod:`.word` into DOCX, so the two formats always carry the same text.
Each block carries its language (``"ja"`` or ``"en"``) so HTML gets
``lang`` attributes and Japanese is set in the CJK font.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DRAFT_NOTICE_EN",
    "DRAFT_NOTICE_JA",
    "Block",
    "Document",
    "Heading",
    "Paragraph",
    "Table",
]

#: The honesty line every document carries (issue 6, section 4).
DRAFT_NOTICE_JA = (
    "本書はライセンサーによる確認のための草案であり、法的助言ではありません。"
    "Kizuna は本書をどこにも送付しません。送付の要否と内容はライセンサーが判断してください。"
)
DRAFT_NOTICE_EN = (
    "Draft for the licensor's review; not legal advice. "
    "Kizuna sends nothing: whether and what to send is the licensor's decision."
)


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A section heading (level 1 is the document title's level)."""

    text: str
    lang: str
    level: int = 2


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    """A paragraph. ``style``: body, right, center, note, small, mono, indent."""

    text: str
    lang: str
    style: str = "body"


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths (optional)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lang: str
    widths: tuple[int, ...] = ()
    style: str = "grid"  # grid | facts (two columns, label and value) | small


Block = Heading | Paragraph | Table


@dataclass(frozen=True, kw_only=True)
class Document:
    """A whole document: its kind (template), language, title and blocks.

    ``kind`` picks the HTML template (``brief``, ``ringi``, ``letter``,
    ``hantei``, ``record``); ``lang`` is ``ja``, ``en`` or ``both``.
    """

    kind: str
    lang: str
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    notices: tuple[str, ...] = (DRAFT_NOTICE_JA, DRAFT_NOTICE_EN)

    @property
    def html_lang(self) -> str:
        """The ``lang`` of the whole page: ``ja`` unless the document is English only."""
        return "en" if self.lang == "en" else "ja"

    def text(self) -> str:
        """All the document's text, one block per line (for tests and search)."""
        lines = [self.title, self.subtitle, *self.notices]
        for block in self.blocks:
            if isinstance(block, Table):
                lines.append(" | ".join(block.headers))
                lines.extend(" | ".join(row) for row in block.rows)
            else:
                lines.append(block.text)
        return "\n".join(line for line in lines if line)
