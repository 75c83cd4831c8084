"""Claims: number, text, dependencies, category and the elements a claim chart needs.

Adapters hand over :class:`RawClaim` values (number, text, and the nested
``<claim-text>`` segments when the XML has them); :func:`build_claims` turns a
document's raw claims into :class:`Claim` values with dependencies resolved and
checked (no missing claim, no cycle) and elements split.

Element ids follow Japanese infringement practice (構成要件 A, B, C…): claim 1's
elements are ``1A``, ``1B``, … in order; the preamble, when there is one, is the
first element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Claim",
    "ClaimCategory",
    "ClaimElement",
    "ElementKind",
    "RawClaim",
    "build_claims",
]


class ClaimCategory(StrEnum):
    PRODUCT = "product"  # product / apparatus / system / composition (物の発明)
    METHOD = "method"  # method / process (方法の発明, 物を生産する方法の発明)
    USE = "use"  # use claims, second medical use, "use of X for"
    PROGRAM = "program"  # program / storage medium (プログラム, 記録媒体)


class ElementKind(StrEnum):
    PREAMBLE = "preamble"  # "A device comprising:" / 「…であって、」
    LIMITATION = "limitation"  # a body limitation (…と、 / "; ")
    CHARACTERISING = "characterising"  # 「…を特徴とする」 / "characterised in that"
    WHEREIN = "wherein"  # "wherein …" / "whereby …" clause


@dataclass(frozen=True, kw_only=True)
class ClaimElement:
    id: str  # "1A", "1B", …
    text: str
    kind: ElementKind = ElementKind.LIMITATION


@dataclass(frozen=True, kw_only=True)
class RawClaim:
    """A claim as read from a source, before splitting and dependency resolution."""

    number: int
    text: str
    lang: str
    segments: tuple[str, ...] = ()  # nested <claim-text> parts, in order, when the XML has them


@dataclass(frozen=True, kw_only=True)
class Claim:
    number: int
    lang: str
    text: str
    independent: bool
    depends_on: tuple[int, ...]
    category: ClaimCategory
    elements: tuple[ClaimElement, ...]


def build_claims(raw: Sequence[RawClaim], *, source: str) -> tuple[Claim, ...]:
    """Resolve dependencies, classify and split the raw claims of one document.

    ``source`` is the file name used in error messages. Raises
    :class:`~kizuna.errors.ClaimStructureError` when a claim refers to a claim
    that does not exist or the dependencies form a cycle.
    """
    from kizuna.domain.claim_parsing import build_claims as _build  # split to keep files small

    return _build(raw, source=source)
