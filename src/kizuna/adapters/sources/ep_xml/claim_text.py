"""Read the ``<claims lang="..">`` blocks of an EP document into raw claims.

EP grants state the claims in the three official languages (one ``<claims>``
block each); applications usually in the language of proceedings only. Each
``<claim>`` holds one or more ``<claim-text>`` elements, nested where the claim
is drafted as a list of features. The segments handed to
:func:`kizuna.domain.claims.build_claims` are the text before, between and
inside those nested parts, in document order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from lxml import etree

from kizuna.adapters.sources.xml import local_name
from kizuna.domain.claims import RawClaim

__all__ = ["RawClaimSet", "raw_claim_sets"]

# "1.", "1)", "1.)" before the claim text, as some older documents print it.
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,4})\s*(?:\.\)|\.|\))(?=\s|$)\s*")


@dataclass(frozen=True, kw_only=True)
class RawClaimSet:
    """The raw claims of one ``<claims>`` block."""

    lang: str
    claims: tuple[RawClaim, ...]
    warnings: tuple[str, ...] = ()


def raw_claim_sets(root: etree._Element, *, default_lang: str) -> tuple[RawClaimSet, ...]:
    """Every ``<claims>`` block of the document, in document order.

    ``default_lang`` is used for a block without a ``lang`` attribute.
    """
    sets: list[RawClaimSet] = []
    for block in root.iterchildren("claims"):
        lang = (block.get("lang") or default_lang).strip().lower()
        claims = tuple(
            _raw_claim(claim, lang, position)
            for position, claim in enumerate(block.iterchildren("claim"), start=1)
        )
        if claims:
            claims, warnings = _unique_numbers(claims, lang)
            sets.append(RawClaimSet(lang=lang, claims=claims, warnings=warnings))
    return tuple(sets)


def _unique_numbers(
    claims: tuple[RawClaim, ...], lang: str
) -> tuple[tuple[RawClaim, ...], tuple[str, ...]]:
    """Number claims by position when the printed numbers repeat (a drafting slip).

    EP1921219A1 prints "5." on two claims; document order is then the only
    unambiguous numbering. The warning keeps the fact.
    """
    numbers = [c.number for c in claims]
    repeated = sorted(n for n, k in Counter(numbers).items() if k > 1)
    if not repeated:
        return claims, ()
    renumbered = tuple(
        replace(claim, number=position) for position, claim in enumerate(claims, start=1)
    )
    listed = ", ".join(str(n) for n in repeated)
    return renumbered, (
        f"{lang} claims: printed claim number(s) {listed} repeat; claims numbered by position",
    )


def _raw_claim(claim: etree._Element, lang: str, position: int) -> RawClaim:
    segments: list[str] = []
    for part in claim.iterchildren("claim-text"):
        _collect_segments(part, segments)
    segments = [s for s in segments if s]
    number = _claim_number(claim.get("num"), segments, position)
    if segments:
        segments[0] = _strip_number(segments[0], number)
        segments = [s for s in segments if s]
    text = " ".join(segments)
    return RawClaim(
        number=number, text=text, lang=lang, segments=tuple(segments) if len(segments) > 1 else ()
    )


def _collect_segments(element: etree._Element, out: list[str]) -> None:
    """Append the text of ``element`` split at nested ``<claim-text>`` children."""
    current: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local_name(child) == "claim-text":
            out.append(_collapse(current))
            _collect_segments(child, out)
            current = []
        else:
            current.extend(t for t in child.itertext() if isinstance(t, str))
        current.append(child.tail or "")
    out.append(_collapse(current))


def _collapse(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def _claim_number(num: str | None, segments: list[str], position: int) -> int:
    """The ``num`` attribute, else the number printed before the text, else the position."""
    if num and num.strip().isdigit() and int(num) > 0:
        return int(num)
    if segments and (match := _LEADING_NUMBER.match(segments[0])):
        return int(match.group(1))
    return position


def _strip_number(text: str, number: int) -> str:
    match = _LEADING_NUMBER.match(text)
    if match and int(match.group(1)) == number:
        return text[match.end():]
    return text
