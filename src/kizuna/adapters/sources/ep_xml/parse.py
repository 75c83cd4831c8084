"""Parse one EP XML file strictly, repairing known publication faults when needed.

Some EPO ``ep-patent-document`` files are not well-formed as published. The
policy (see ``docs/formats/ep-xml.md``):

1. Parse strictly with :func:`kizuna.adapters.sources.xml.parse_bytes`.
2. On a :class:`~kizuna.errors.MalformedDocumentError`, apply targeted repairs
   that only ever touch text which is not well-formed XML (outside comments,
   CDATA sections, processing instructions and the DOCTYPE):

   * a bare ``&`` that does not start an entity or character reference
     becomes ``&amp;`` ("Kador & Partner");
   * a stray ``<`` that cannot start markup (followed by a space or digit, or
     by a name that runs into another ``<`` before any ``>``) becomes ``&lt;``
     (``<heading><First Embodiment</heading>``);
   * an attribute without a value gets an empty value (``<p compact>`` ->
     ``<p compact="">``);
   * an HTML entity reference (``&lsquo;``) in a document without a DOCTYPE
     becomes the equivalent character reference (``&#8216;``).

3. Re-parse strictly. On success the document is *recovered* and
   :attr:`ParsedDocument.repairs` says exactly what was changed (counts and
   first line numbers); otherwise the remaining fault is raised.

lxml's ``recover=True`` is never used: it can silently drop content.

Undefined entity references that survive parsing (the DTD is never loaded)
are replaced by their HTML5 character where the name is an HTML/ISO entity,
else kept as literal text (``&name;``) with a warning; internal-subset
entities are never expanded, so entity-expansion attacks stay inert.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from kizuna.adapters.sources.xml import parse_bytes
from kizuna.errors import MalformedDocumentError

__all__ = ["ParsedDocument", "Repair", "parse_document", "repair_markup"]

_MAX_LINES_LISTED = 5

# Regions whose content XML leaves alone; repairs never touch them.
_PROTECTED = re.compile(
    rb"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)",
    re.DOTALL,
)
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
_STRAY_LESS_THAN = re.compile(rb"<(?![A-Za-z_:/!?])|<(?=[A-Za-z_:/][^<>]*(?:<|\Z))")
_START_TAG = re.compile(
    rb"<([A-Za-z_:][\w.:-]*)((?:\s+[^\s=<>/\"']+(?:\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))?)*)(\s*/?>)"
)
_ATTRIBUTE = re.compile(rb"(\s+)([^\s=<>/\"']+)(\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))?")
_ENTITY_REFERENCE = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_POSITION_SUFFIX = re.compile(r",\s*line \d+, column \d+\s*$")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


@dataclass(frozen=True, kw_only=True)
class Repair:
    """One kind of repair applied to a document: what, how often, where first."""

    fault: str
    fix: str
    count: int
    lines: tuple[int, ...]  # first line numbers (1-based), at most five

    def describe(self) -> str:
        """One line for a warning, e.g. ``2 bare '&' escaped as '&amp;' (lines 93, 96)``."""
        where = ", ".join(str(n) for n in self.lines)
        more = ", ..." if self.count > len(self.lines) else ""
        label = "line" if len(self.lines) == 1 else "lines"
        return f"{self.count} {self.fault} {self.fix} ({label} {where}{more})"


@dataclass(frozen=True, kw_only=True)
class ParsedDocument:
    """A parsed EP document: its root, the repairs it needed and any warnings."""

    root: etree._Element
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def recovered(self) -> bool:
        return bool(self.repairs)


def parse_document(data: bytes, name: str) -> ParsedDocument:
    """Parse ``data`` strictly, then with documented repairs; raise a SourceError on failure.

    >>> parse_document(b"<a>Kador & Partner</a>", "x.xml").repairs[0].count
    1
    """
    repairs: tuple[Repair, ...] = ()
    try:
        root = parse_bytes(data, name)
    except MalformedDocumentError as strict_error:
        repaired, repairs = repair_markup(data)
        if not repairs:
            raise _located(strict_error, name, ()) from strict_error
        try:
            root = parse_bytes(repaired, name)
        except MalformedDocumentError as still:
            raise _located(still, name, repairs) from still
    warnings = tuple(f"repaired: {r.describe()}" for r in repairs)
    unknown = _resolve_entity_nodes(root)
    if unknown:
        names = ", ".join(f"&{n};" for n in unknown[:_MAX_LINES_LISTED])
        warnings += (f"{len(unknown)} undefined entity reference(s) kept as text: {names}",)
    return ParsedDocument(root=root, repairs=repairs, warnings=warnings)


def _located(
    error: MalformedDocumentError, name: str, repairs: tuple[Repair, ...]
) -> MalformedDocumentError:
    """The fault as ``line L, column C: message``, saying which repairs were tried."""
    cause = error.__cause__
    if isinstance(cause, etree.XMLSyntaxError):
        line, column = cause.position
        message = _POSITION_SUFFIX.sub("", cause.msg)
        fault = f"not well-formed XML at line {line}, column {column}: {message}"
    else:
        fault = error.fault
    if repairs:
        done = "; ".join(r.describe() for r in repairs)
        fault += f" (still malformed after repairing {done})"
    return MalformedDocumentError(name, fault)


def repair_markup(data: bytes) -> tuple[bytes, tuple[Repair, ...]]:
    """Apply the targeted repairs outside protected regions; return the text and what changed.

    Repairs never add or remove line breaks, so line numbers stay those of the file.
    """
    has_doctype = b"<!DOCTYPE" in data
    fixers: list[tuple[str, str, Callable[[bytes, list[int], int], bytes]]] = [
        ("bare '&'", "escaped as '&amp;'", _escape_ampersands),
        ("stray '<'", "escaped as '&lt;'", _escape_less_thans),
        ("start tag(s) with value-less attributes", "given empty values", _fill_attributes),
    ]
    if not has_doctype:
        fixers.append(
            ("HTML entity reference(s)", "written as character references", _html_entities)
        )
    lines_by_fix: list[list[int]] = [[] for _ in fixers]
    out: list[bytes] = []
    line_base = 1
    for index, part in enumerate(_PROTECTED.split(data)):
        if index % 2 == 0:  # even parts lie outside the protected regions
            for (_, _, fix), lines in zip(fixers, lines_by_fix, strict=True):
                part = fix(part, lines, line_base)
        out.append(part)
        line_base += part.count(b"\n")
    repairs = tuple(
        Repair(fault=fault, fix=fix_text, count=len(lines), lines=tuple(lines[:_MAX_LINES_LISTED]))
        for (fault, fix_text, _), lines in zip(fixers, lines_by_fix, strict=True)
        if lines
    )
    return b"".join(out), repairs


def _recorder(
    part: bytes, lines: list[int], line_base: int, replace: Callable[[re.Match[bytes]], bytes]
) -> Callable[[re.Match[bytes]], bytes]:
    def record(match: re.Match[bytes]) -> bytes:
        replacement = replace(match)
        if replacement != match.group(0):
            lines.append(line_base + part.count(b"\n", 0, match.start()))
        return replacement

    return record


def _escape_ampersands(part: bytes, lines: list[int], line_base: int) -> bytes:
    return _BARE_AMPERSAND.sub(_recorder(part, lines, line_base, lambda m: b"&amp;"), part)


def _escape_less_thans(part: bytes, lines: list[int], line_base: int) -> bytes:
    return _STRAY_LESS_THAN.sub(_recorder(part, lines, line_base, lambda m: b"&lt;"), part)


def _fill_attributes(part: bytes, lines: list[int], line_base: int) -> bytes:
    def fill(tag: re.Match[bytes]) -> bytes:
        attributes = _ATTRIBUTE.sub(
            lambda a: a.group(0) if a.group(3) else a.group(1) + a.group(2) + b'=""',
            tag.group(2),
        )
        return b"<" + tag.group(1) + attributes + tag.group(3)

    return _START_TAG.sub(_recorder(part, lines, line_base, fill), part)


def _html_entities(part: bytes, lines: list[int], line_base: int) -> bytes:
    def numeric(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        char = html.entities.html5.get(name.decode("ascii") + ";")
        if name in _XML_ENTITIES or char is None:
            return match.group(0)
        return b"".join(b"&#%d;" % ord(c) for c in char)

    return _ENTITY_REFERENCE.sub(_recorder(part, lines, line_base, numeric), part)


def _resolve_entity_nodes(root: etree._Element) -> list[str]:
    """Replace unexpanded entity nodes by their HTML5 character; return unknown names.

    Unknown names (including every entity an internal subset declares) stay as
    literal ``&name;`` text: nothing is ever expanded recursively.
    """
    unknown: list[str] = []
    for entity in list(root.iter(etree.Entity)):
        if not isinstance(entity, etree._Entity):
            continue
        name = str(entity.name)
        char = html.entities.html5.get(name + ";")
        if char is None:
            unknown.append(name)
            char = f"&{name};"
        _splice_text(entity, char + (entity.tail or ""))
    return unknown


def _splice_text(node: etree._Element, text: str) -> None:
    """Remove ``node`` from the tree, putting ``text`` where it stood."""
    parent = node.getparent()
    if parent is None:
        return
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    node.tail = None
    parent.remove(node)
