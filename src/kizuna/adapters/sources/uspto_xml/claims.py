"""Raw claims out of USPTO claim markup, for every DTD vintage.

2004+ grants and applications nest ``<claim-text>`` elements inside each
``<claim num="…">``; ``pap`` (2001-2004) puts sibling ``<claim-text>``
elements in ``<claim id="CLM-00001">``; PATDOC (2001-2004 grants) has
``<CLM>`` with ``<PARA>`` and ``<CLMSTEP>`` parts. Each part becomes one
segment (its own text only), so claim splitting can follow the XML structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from kizuna.adapters.sources.uspto_xml.text import full_text, own_text
from kizuna.domain.claims import RawClaim

__all__ = ["SEGMENT_TAGS", "raw_claim", "raw_claims", "strip_claim_number"]

SEGMENT_TAGS = frozenset({"claim-text", "PARA", "CLMSTEP"})
_SEGMENT_PATTERNS = tuple(f"{{*}}{tag}" for tag in sorted(SEGMENT_TAGS))  # any namespace

# "1. A device", "1 . A device", "12.A method", "2-5. (canceled)"
_LEADING_NUMBER = re.compile(r"^\s*(\d+)(?:\s*[-–]\s*\d+)?\s*[.)]\s*")


def strip_claim_number(text: str) -> tuple[int | None, str]:
    """Split the printed number off a claim: ``"1. A device"`` -> ``(1, "A device")``."""
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return None, text.strip()
    return int(match[1]), text[match.end() :].strip()


def _number_from_attributes(claim: etree._Element) -> int | None:
    for attribute in ("num", "id", "ID"):
        digits = re.sub(r"\D", "", claim.get(attribute, ""))
        if digits:
            return int(digits)
    return None


def raw_claim(claim: etree._Element, position: int) -> RawClaim | None:
    """One claim element as a :class:`RawClaim`; None when it holds no text.

    ``position`` (1-based) numbers the claim when neither its attributes nor
    its text carry a number.
    """
    printed, text = strip_claim_number(full_text(claim))
    if not text:
        return None
    nodes = list(claim.iter(*_SEGMENT_PATTERNS))
    # One segment node or none gives no segments (below): skip their texts.
    parts = [own_text(node, SEGMENT_TAGS) for node in nodes] if len(nodes) > 1 else []
    segments = [part for part in parts if part]
    if segments:
        segments[0] = strip_claim_number(segments[0])[1]
        segments = [part for part in segments if part]
    number = _number_from_attributes(claim) or printed or position
    return RawClaim(
        number=number,
        text=text,
        lang="en",
        segments=tuple(segments) if len(segments) > 1 else (),
    )


def raw_claims(claims: Iterable[etree._Element]) -> tuple[RawClaim, ...]:
    """Raw claims of one document, in document order."""
    found = (raw_claim(claim, position) for position, claim in enumerate(claims, start=1))
    return tuple(claim for claim in found if claim is not None)
