"""Render a :class:`~.model.Document` to HTML (Jinja2) and to PDF (WeasyPrint, Noto CJK).

Templates live beside this module in ``templates/`` (``document.html.j2`` and
one per document kind extending it); autoescaping is on, so text from the
record or evidence cannot inject markup.

    >>> html = render_html(document)               # doctest: +SKIP
    >>> write_pdf(document, Path("brief.pdf"))     # doctest: +SKIP
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from kizuna.adapters.exports.documents.model import Document
from kizuna.adapters.exports.pdf import html_to_pdf

__all__ = ["KINDS", "render_html", "write_pdf"]

#: Document kinds with a template of their own.
KINDS = ("brief", "ringi", "letter", "hantei", "record")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kizuna.adapters.exports.documents", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(document: Document) -> str:
    """The whole HTML page of ``document`` (its kind's template, else the base one)."""
    name = f"{document.kind}.html.j2" if document.kind in KINDS else "document.html.j2"
    return _environment().get_template(name).render(doc=document)


def write_pdf(document: Document, path: Path) -> Path:
    """Render ``document`` to a PDF at ``path`` (atomic write); returns ``path``."""
    return html_to_pdf(render_html(document), path)
