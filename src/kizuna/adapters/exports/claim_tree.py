"""A claim tree as SVG: independent claims on the left, each dependent indented under its parent.

Server-rendered, static SVG (no script), embedded in the patent page. Each claim
is a box; a line runs from the claim it depends on down and across to it. A
claim that refers to several claims sits under the first and gets a dashed line
from each of the others. A reference to a claim that is not in the set makes
the claim a root, so the picture never loops or drops a claim. The layout is
one row per claim, so its size grows linearly with the claims drawn (at most
:data:`MAX_CLAIMS`).

    >>> svg = claim_tree_svg([(1, ()), (2, (1,))], label=lambda n: f"Claim {n}")
    >>> svg.startswith("<svg")
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

__all__ = ["MAX_CLAIMS", "claim_tree_svg"]

MAX_CLAIMS = 400
_ROW, _INDENT, _BOX_W, _BOX_H, _PAD = 30, 36, 120, 22, 8


def _layout(claims: Sequence[tuple[int, tuple[int, ...]]]) -> list[tuple[int, int]]:
    """(claim number, depth) in drawing order: depth-first from each independent claim."""
    known = {number for number, _ in claims}
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for number, parents in claims:
        first = next((p for p in parents if p in known and p < number), None)
        if first is None:
            roots.append(number)
        else:
            children.setdefault(first, []).append(number)
    order: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        number, depth = stack.pop()
        if number in seen:
            continue
        seen.add(number)
        order.append((number, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(number, [])))
    return order


def claim_tree_svg(claims: Sequence[tuple[int, tuple[int, ...]]], *,
                   label: Callable[[int], str], title: str = "") -> str:
    """The SVG of ``claims`` given as ``(number, depends_on)``; ``label(n)`` names a box."""
    drawn = list(claims)[:MAX_CLAIMS]
    order = _layout(drawn)
    place = {number: (_PAD + depth * _INDENT, _PAD + row * _ROW)
             for row, (number, depth) in enumerate(order)}
    width = _PAD * 2 + _BOX_W + max((d for _, d in order), default=0) * _INDENT
    height = _PAD * 2 + len(order) * _ROW
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="claim-tree" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{escape(title)}</title>"]
    for number, parents in drawn:
        x, y = place[number]
        for index, parent in enumerate(p for p in parents if p in place and p < number):
            px, py = place[parent]
            dash = ' stroke-dasharray="4 3"' if index else ""
            parts.append(f'<path d="M{px + 12} {py + _BOX_H} V{y + _BOX_H // 2} H{x}" '
                         f'fill="none" stroke="#666"{dash}/>')
    for number, _depth in order:
        x, y = place[number]
        root = not any(p in place and p < number for p in dict(drawn)[number])
        fill = "#dbe8f6" if root else "#f4f4f4"
        parts.append(f'<g id="claim-node-{number}"><rect x="{x}" y="{y}" width="{_BOX_W}" '
                     f'height="{_BOX_H}" rx="4" fill="{fill}" stroke="#445"/>'
                     f'<text x="{x + 8}" y="{y + 15}" font-size="12">'
                     f"{escape(label(number))}</text></g>")
    parts.append("</svg>")
    return "".join(parts)
