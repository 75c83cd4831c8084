"""Text out of USPTO XML elements: entity references folded, whitespace collapsed.

The hardened parser never expands entities. Documents that point at an
external DTD (PATDOC, ``pap``) keep references such as ``&lsquo;`` as entity
nodes; the HTML names among them are folded to their characters here, any
other reference stays as written (``&lol9;`` is never expanded).
"""

from __future__ import annotations

from html.entities import name2codepoint

from lxml import etree

__all__ = [
    "abstract_text",
    "child",
    "children",
    "collapse",
    "find_text",
    "full_text",
    "local_name",
    "own_text",
]

# Entities of the USPTO DTDs that HTML does not name.
_EXTRA_ENTITIES = {"lsqb": "[", "rsqb": "]", "apos": "'", "plus": "+", "equals": "="}


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def local_name(element: etree._Element) -> str:
    """Tag without namespace; '' for comments, entities and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _entity_text(element: etree._Element) -> str:
    name = str(element.text or "").strip("&;")
    if name in _EXTRA_ENTITIES:
        return _EXTRA_ENTITIES[name]
    if name in name2codepoint:
        return chr(name2codepoint[name])
    return str(element.text or "")


def _pieces(element: etree._Element, skip: frozenset[str], out: list[str]) -> None:
    """Append the text inside ``element`` to ``out``, without subtrees whose tag is in ``skip``."""
    out.append(element.text or "")
    for node in element:
        tag = node.tag
        if tag is etree.Entity:
            out.append(_entity_text(node))
        elif isinstance(tag, str) and local_name(node) not in skip:
            _pieces(node, skip, out)
        out.append(node.tail or "")


def _stops(skip: frozenset[str]) -> tuple[object, ...]:
    """The ``iterdescendants`` filter for the subtrees ``skip`` names and for entity nodes."""
    stops = _STOPS.get(skip)
    if stops is None:
        stops = _STOPS[skip] = (*(f"{{*}}{name}" for name in sorted(skip)), etree.Entity)
    return stops


_STOPS: dict[frozenset[str], tuple[object, ...]] = {}  # by tag names, a handful of entries


def _joined(element: etree._Element, skip: frozenset[str]) -> str:
    # lxml's text serialisation is the same walk done in C (comments and processing
    # instructions left out, tails kept), but keeps entity references as written: use
    # it where there are none to fold (and no subtree to skip).
    if not len(element):  # a leaf: its text is all there is
        return element.text or ""
    if next(element.iterdescendants(*_stops(skip)), None) is None:
        return etree.tostring(element, method="text", encoding=str, with_tail=False)
    out: list[str] = []
    _pieces(element, skip, out)
    return "".join(out)


_NO_SKIP: frozenset[str] = frozenset()


def full_text(element: etree._Element | None) -> str:
    """All text inside ``element``, whitespace collapsed; '' for None."""
    if element is None:
        return ""
    if not len(element):  # a leaf (the common case): its own text
        text = element.text
        return " ".join(text.split()) if text else ""
    return collapse(_joined(element, _NO_SKIP))


def own_text(element: etree._Element, skip: frozenset[str]) -> str:
    """Text inside ``element`` without the subtrees whose tag is in ``skip``."""
    return collapse(_joined(element, skip))


def abstract_text(element: etree._Element | None) -> str | None:
    """The abstract's paragraphs without headings ("Abstract of Disclosure"); None if empty."""
    if element is None:
        return None
    return own_text(element, frozenset({"heading", "H"})) or None


def children(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Direct children with local name ``name``."""
    if element is None:
        return []
    return list(element.iterchildren(f"{{*}}{name}"))


def _steps(path: str) -> tuple[str, ...]:
    """The ``iterchildren`` tag patterns of a ``/``-separated path (compiled once per path)."""
    steps = _STEPS.get(path)
    if steps is None:
        steps = _STEPS[path] = tuple(f"{{*}}{name}" for name in path.split("/"))
    return steps


_STEPS: dict[str, tuple[str, ...]] = {}  # by path: the few dozen paths the parsers name


def child(element: etree._Element | None, path: str) -> etree._Element | None:
    """Follow a ``/``-separated path of local names, first match at each step."""
    current = element
    for tag in _STEPS.get(path) or _steps(path):
        if current is None:
            return None
        current = next(current.iterchildren(tag), None)
    return current


def find_text(element: etree._Element | None, path: str) -> str:
    """Collapsed text at ``path`` below ``element``; '' when absent."""
    return full_text(child(element, path))
