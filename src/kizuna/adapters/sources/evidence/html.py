"""HTML evidence: the main content of a page, without navigation, footers or cookie banners.

Site furniture is removed first: ``<nav>``, ``<aside>``, ``<form>``, scripts,
page-level ``<header>``/``<footer>`` (those outside ``<main>``/``<article>``)
and elements whose id or class names a cookie or consent banner. trafilatura
then finds the main content (it also drops sidebars, share buttons and
comments) and returns it as XML with headings kept (``<head>``), which become headings for citation.
Lists give one paragraph per item and tables one per row (cells joined with
`` | ``). Timeouts by signal are switched off so that extraction also runs in
web worker threads.

A page with no main text raises :class:`~kizuna.errors.EmptyFileError`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from kizuna.adapters.sources.evidence.decoding import decode_limited
from kizuna.adapters.sources.evidence.limits import DEFAULT_LIMITS, EvidenceLimits
from kizuna.adapters.sources.evidence.passages import Block, normalise_space
from kizuna.errors import EmptyFileError, MalformedDocumentError

__all__ = ["html_blocks", "read_html", "strip_furniture"]

_PARAGRAPH_TAGS = {"p", "item", "quote", "cell"}
_FURNITURE = {"nav", "aside", "form", "script", "style", "noscript", "template", "iframe"}
_PAGE_FURNITURE = {"header", "footer"}
_BANNER = re.compile(r"cookie|consent|gdpr|banner", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# [^<>] and [^<] stop at the next tag, so many unclosed <title> tags cost linear time.
_TITLE = re.compile(r"<title[^<>]*>([^<]*)</title>", re.IGNORECASE)


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: safe in threads
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")  # short product pages are still pages
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


def _text(element: Any) -> str:
    return normalise_space("".join(element.itertext()))


def _walk(element: Any, blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "head":
            blocks.append(Block(text=_text(child), heading=True))
        elif tag == "row":
            cells = [_text(cell) for cell in child if isinstance(cell.tag, str)]
            blocks.append(Block(text=" | ".join(c for c in cells if c)))
        elif tag in _PARAGRAPH_TAGS and not any(
            isinstance(g.tag, str) and g.tag in {"list", "table", "p"} for g in child
        ):
            blocks.append(Block(text=_text(child)))
        elif tag in {"graphic", "ref"} and not len(child):
            continue
        else:
            if tag in _PARAGRAPH_TAGS and child.text and child.text.strip():
                blocks.append(Block(text=normalise_space(child.text)))
            _walk(child, blocks)


def _inside_content(element: Any) -> bool:
    return any(
        a.tag in {"main", "article"} for a in element.iterancestors() if isinstance(a.tag, str)
    )


def _is_furniture(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _FURNITURE:
        return True
    if tag in _PAGE_FURNITURE and not _inside_content(element):
        return True
    names = f"{element.get('id', '')} {element.get('class', '')}"
    return tag not in {"html", "body", "main", "article"} and bool(_BANNER.search(names))


def strip_furniture(html: str, path: Path | str) -> str:
    """``html`` without navigation, page headers and footers, forms and cookie banners."""
    import lxml.html

    try:
        root = lxml.html.fromstring(_XML_DECLARATION.sub("", html))
    except (ValueError, etree.ParserError) as exc:
        raise MalformedDocumentError(path, f"cannot parse the HTML: {exc}") from exc
    furniture: list[Any] = [e for e in root.iter() if _is_furniture(e)]
    for element in furniture:
        if element.getparent() is not None:
            element.drop_tree()
    return str(lxml.html.tostring(root, encoding="unicode"))


def html_blocks(html: str, path: Path | str) -> tuple[str | None, list[Block]]:
    """Title and blocks of the main content of ``html``; EmptyFileError when it has none."""
    import trafilatura

    title = _page_title(html)
    html = strip_furniture(html, path)

    try:
        extracted = trafilatura.extract(
            html,
            output_format="xml",
            include_tables=True,
            include_comments=False,
            include_images=False,
            favor_recall=True,
            with_metadata=True,
            config=_config(),
        )
    except (ValueError, etree.LxmlError) as exc:
        raise MalformedDocumentError(path, f"cannot parse the HTML: {exc}") from exc
    if not extracted:
        raise EmptyFileError(path, "no main text found in the HTML page")
    root = etree.fromstring(extracted.encode("utf-8"))
    blocks: list[Block] = []
    main = root.find("main")
    _walk(main if main is not None else root, blocks)
    title = root.get("title") or title
    if not any(not block.heading and block.text for block in blocks):
        raise EmptyFileError(path, "no main text found in the HTML page")
    return title, blocks


def _page_title(html: str) -> str | None:
    match = _TITLE.search(html)
    return normalise_space(match.group(1)) if match else None


def read_html(
    data: bytes, path: Path, limits: EvidenceLimits = DEFAULT_LIMITS
) -> tuple[str | None, list[Block]]:
    """Decode (declared charset first) and read an HTML page."""
    return html_blocks(decode_limited(data, path, limits, html=True), path)
