"""WIPO technology fields (35 fields in 5 sectors) from IPC/CPC symbols.

The concordance (Schmoch 2008, as updated by WIPO) maps IPC subclasses, and
for some subclasses main groups, to one of 35 fields. The most specific
pattern wins: ``A61K 8/…`` (cosmetics) is *Organic fine chemistry* although
``A61K`` as a whole is *Pharmaceuticals*. CPC symbols share IPC's
subclass/main-group structure, so they map the same way.

The table itself is data (``kizuna/data/ipc_technology.csv``, see SOURCES.md);
:class:`FieldConcordance` is built from its rows by the reference-data adapter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ConcordanceRow", "FieldConcordance", "TechnologyField", "split_symbol"]


@dataclass(frozen=True, kw_only=True, order=True)
class TechnologyField:
    number: int  # WIPO field number, 1..35
    name: str  # e.g. "Computer technology"
    sector: str  # e.g. "Electrical engineering"


@dataclass(frozen=True, kw_only=True)
class ConcordanceRow:
    """One concordance row: a subclass (``H04N``), optionally with a main group (``21``)."""

    field: TechnologyField
    subclass: str
    main_group: str | None = None


_SYMBOL = re.compile(r"^([A-HY]\d{2}[A-Z])\s*(?:(\d{1,4})\s*(?:/\s*(\d+))?)?")


def split_symbol(code: str) -> tuple[str, str | None]:
    """``"H04N 21/234"`` -> ``("H04N", "21")``; ``"H04N"`` -> ``("H04N", None)``."""
    m = _SYMBOL.match(code.strip().upper())
    if m is None:
        return ("", None)
    return (m[1], str(int(m[2])) if m[2] else None)


@dataclass(frozen=True)
class FieldConcordance:
    """Looks up the technology field of classification symbols."""

    rows: tuple[ConcordanceRow, ...]
    version: str = ""

    def __post_init__(self) -> None:
        by_group: dict[tuple[str, str | None], TechnologyField] = {}
        for row in self.rows:
            by_group[(row.subclass, row.main_group)] = row.field
        object.__setattr__(self, "_index", by_group)

    def field_of(self, code: str) -> TechnologyField | None:
        """The field of one IPC/CPC symbol, or None if the concordance has none."""
        index: dict[tuple[str, str | None], TechnologyField] = self._index  # type: ignore[attr-defined]
        subclass, group = split_symbol(code)
        if not subclass:
            return None
        return index.get((subclass, group)) or index.get((subclass, None))

    def fields_for(self, codes: Iterable[str]) -> tuple[TechnologyField, ...]:
        """Distinct fields of ``codes``, in the order the codes first reach them."""
        seen: dict[TechnologyField, None] = {}
        for code in codes:
            found = self.field_of(code)
            if found is not None:
                seen.setdefault(found, None)
        return tuple(seen)
