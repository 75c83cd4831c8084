"""Documents a licensor sends: one model, rendered to HTML/PDF (Jinja2, WeasyPrint) and DOCX."""

from kizuna.adapters.exports.documents.model import (
    DRAFT_NOTICE_EN,
    DRAFT_NOTICE_JA,
    Block,
    Document,
    Heading,
    Paragraph,
    Table,
)

__all__ = [
    "DRAFT_NOTICE_EN",
    "DRAFT_NOTICE_JA",
    "Block",
    "Document",
    "Heading",
    "Paragraph",
    "Table",
]
