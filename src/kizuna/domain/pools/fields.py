"""Fields of use: whether a pool licence or a pledge covers a (patent, company) pair.

A pool's ``fields`` and a pledge's ``field`` are free text ("wireless charging
accessories", "COVID-19"). :func:`resolve_field` reads such a text against the
landscape's vocabulary:

* a **WIPO technology field** is named when the text contains its English name
  ("Computer technology") or says ``WIPO 6`` / ``WIPO field 6``;
* a **sector** (``kizuna/data/sector_labels.csv``) is named when the text is its
  code, contains its English or Japanese name, or contains one of its keywords
  under the same rule that matches company products (whole Latin words, plurals
  included; Japanese anywhere): "wireless charging accessories" names
  ``wireless-standards`` through the keyword ``wireless``.

The area of a pair is the patent's WIPO fields and its sectors, narrowed to the
sectors the company works in when it works in any of them (that is where the
company would use the patent). :func:`pair_in_field` then says:

* ``True`` (blocked): the scope names one of the pair's fields or sectors; or the
  text names nothing Kizuna knows, or the patent has no field or sector on record
  — Kizuna cannot tell, so it blocks as a precaution and says why;
* ``False`` (not blocked, flagged): every text names something and none of it is
  in the pair's area — the licence or pledge exists but lies outside this use.

An aid for triage, not a reading of the licence or the pledge: their own words
decide (docs/pools.md).

    >>> scope = resolve_field("wireless charging", wipo=(), sectors=sectors)  # doctest: +SKIP
    >>> pair_in_field((scope,), wipo=frozenset({4}), sectors=frozenset({"software-digital"}))
    ... # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kizuna.domain.fields import TechnologyField
from kizuna.domain.landscape import Sector
from kizuna.domain.lexical import normalise

__all__ = ["FieldScope", "pair_area", "pair_in_field", "resolve_field"]

_WIPO_NUMBER = re.compile(r"\bwipo\s*(?:field\s*)?(\d{1,2})\b")


@dataclass(frozen=True, kw_only=True)
class FieldScope:
    """What a field-of-use text names: WIPO field numbers and sector codes."""

    text: str
    wipo: frozenset[int] = frozenset()
    sectors: frozenset[str] = frozenset()

    @property
    def resolved(self) -> bool:
        """True when the text names at least one WIPO field or sector."""
        return bool(self.wipo or self.sectors)

    def describe(self) -> str:
        """``'text' (WIPO 4, 6; sectors wireless-standards)`` or ``(not matched)``."""
        if not self.resolved:
            return f"{self.text!r} (matches no WIPO field or sector)"
        parts = []
        if self.wipo:
            parts.append("WIPO " + ", ".join(str(n) for n in sorted(self.wipo)))
        if self.sectors:
            parts.append("sectors " + ", ".join(sorted(self.sectors)))
        return f"{self.text!r} ({'; '.join(parts)})"


def resolve_field(
    text: str, *, wipo: Iterable[TechnologyField], sectors: Sequence[Sector]
) -> FieldScope:
    """The WIPO fields and sectors that a field-of-use ``text`` names (see module doc)."""
    plain = normalise(text).strip()
    numbers = {int(m) for m in _WIPO_NUMBER.findall(plain) if 1 <= int(m) <= 35}
    numbers.update(f.number for f in wipo if f.name and normalise(f.name) in plain)
    named = {
        s.code for s in sectors
        if plain == normalise(s.code) or (s.name_en and normalise(s.name_en) in plain)
        or (s.name_ja and normalise(s.name_ja) in plain) or s.hits(text)
    }  # fmt: skip
    return FieldScope(text=text.strip(), wipo=frozenset(numbers), sectors=frozenset(named))


def pair_area(
    *, wipo: Iterable[int], patent_sectors: Iterable[str], company_sectors: Iterable[str]
) -> tuple[frozenset[int], frozenset[str]]:
    """The pair's WIPO fields and sectors: the patent's, sectors narrowed to the company's."""
    mine = frozenset(patent_sectors)
    shared = mine & frozenset(company_sectors)
    return frozenset(wipo), shared or mine


def pair_in_field(
    scopes: Sequence[FieldScope], *, wipo: frozenset[int], sectors: frozenset[str]
) -> bool:
    """Whether the licence or pledge limited to ``scopes`` covers a pair with this area.

    No scope (every field), an unmatched text or a patent without any field or
    sector gives True: Kizuna cannot tell, so the pair stays blocked.
    """
    if not scopes or any(not s.resolved for s in scopes) or not (wipo or sectors):
        return True
    return any(s.wipo & wipo or s.sectors & sectors for s in scopes)
