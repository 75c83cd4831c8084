"""Which elements a claim chart charts, and the context each element is scored with (pure).

A dependent claim includes every element of the claims it depends on, so its
chart lists the ancestors' elements first (in claim-number order), then its
own. Where a claim depends on alternatives ("claim 1 or 2"), the chart uses
every claim named, the narrowest reading.

Short elements ("said processor is configured to …", 「前記導電路を被覆する…」)
mean little alone. Each element is scored with a *context*: the claim's
preamble and, for each antecedent it refers to (English ``said X`` / ``the X``,
Japanese 前記X), the earlier element that introduced X.

    >>> claim_contexts([ClaimElement(id="1A", text="A lid comprising:", kind=ElementKind.PREAMBLE),
    ...                 ClaimElement(id="1B", text="a hinge"),
    ...                 ClaimElement(id="1C", text="wherein said hinge is sprung")])["1C"]
    'A lid comprising: | a hinge'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kizuna.domain.claims import Claim, ClaimElement, ElementKind

__all__ = ["CONTEXT_CHARS", "antecedent_terms", "chart_elements", "claim_contexts"]

#: Each context part is cut to this many characters (the end is kept: a Japanese
#: preamble names its subject last, 「…立体配線構造体の製造方法であって」).
CONTEXT_CHARS = 200

_JA_ANTECEDENT = re.compile(r"前記([^前記のをにがとはでやへも、，。,（(）)\s]{1,30})")
_EN_ANTECEDENT = re.compile(r"\b(?:said|the)\s+((?:[A-Za-z][\w-]*\s+){0,3}[A-Za-z][\w-]*)", re.I)
_EN_STOP = {"same", "other", "one", "at", "of", "in", "to", "and", "or",
            "is", "are", "be", "with", "from", "by", "for", "on", "that", "which", "wherein"}


def chart_elements(claim: Claim, claims: Sequence[Claim]) -> tuple[ClaimElement, ...]:
    """The elements a chart of ``claim`` lists: its ancestors' (by claim number), then its own."""
    by_number = {c.number: c for c in claims}
    seen: set[int] = set()
    stack = list(claim.depends_on)
    while stack:
        number = stack.pop()
        if number in seen or number not in by_number or number == claim.number:
            continue
        seen.add(number)
        stack.extend(by_number[number].depends_on)
    ancestors = [by_number[n] for n in sorted(seen)]
    return tuple(e for c in (*ancestors, claim) for e in c.elements)


def antecedent_terms(text: str) -> list[str]:
    """The terms ``text`` refers back to: 前記X, ``said X``, ``the X`` (longest form first).

    >>> antecedent_terms("前記導電路（４）の表面に")
    ['導電路']
    """
    terms = [m.group(1) for m in _JA_ANTECEDENT.finditer(text)]
    for m in _EN_ANTECEDENT.finditer(text):
        words: list[str] = []
        for word in m.group(1).split():
            if word.lower() in _EN_STOP:
                break
            words.append(word)
        if words:
            terms.append(" ".join(words))
    return terms


def _introduces(element: ClaimElement, term: str) -> bool:
    """True when ``element`` mentions ``term`` other than as a back-reference."""
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", term):
        return any(not element.text[max(0, i - 2):i].endswith("前記")
                   for i in _positions(element.text, term))
    pattern = re.compile(rf"(\w+\s+)?{re.escape(term)}\b", re.I)
    return any((m.group(1) or "").strip().lower() not in {"said", "the"}
               for m in pattern.finditer(element.text))


def _positions(text: str, term: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(term), text)]


def _introducer(term: str, earlier: Sequence[ClaimElement]) -> ClaimElement | None:
    """The earliest element introducing ``term`` (or a shorter head of it)."""
    words = term.split()
    candidates = [" ".join(words[:n]) for n in range(len(words), 0, -1)] if " " in term else [term]
    for candidate in candidates:
        for element in earlier:
            if _introduces(element, candidate):
                return element
    return None


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else "…" + text[-CONTEXT_CHARS:]


def claim_contexts(elements: Sequence[ClaimElement]) -> dict[str, str]:
    """Element id -> context (preamble, then introducing elements), parts joined by `` | ``."""
    preambles = [e for e in elements if e.kind is ElementKind.PREAMBLE]
    contexts: dict[str, str] = {}
    for index, element in enumerate(elements):
        parts: list[ClaimElement] = [p for p in preambles if p.id != element.id][-1:]
        earlier = elements[:index]
        for term in antecedent_terms(element.text):
            found = _introducer(term, earlier)
            if found is not None and found not in parts:
                parts.append(found)
        if element.kind is ElementKind.PREAMBLE and not parts:
            # a preamble names what the body defines ("A container-closure system
            # comprising:"): its context is the first body element, so that evidence of
            # the whole product ("a bottle ... and a closure") meets it
            parts = [e for e in elements[index + 1:] if e.kind is not ElementKind.PREAMBLE][:1]
        contexts[element.id] = " | ".join(_cut(p.text) for p in parts)
    return contexts
