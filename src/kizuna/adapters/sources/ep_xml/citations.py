"""The documents an EP publication cites.

* ``B560`` (references cited, on B publications; the EPO fills it from its search
  report and examination): ``B561`` patent documents as printed text
  (``US-A- 5 948 634``, ``WO-A-01/92999``) or a ``dnum``; ``B562`` non-patent
  literature (text kept, ``npl``). Source ``search-report``.
* ``srep-citation`` (the search report of an A1/A3): ``patcit dnum=…`` with the
  search-report ``category`` (X, Y, A, …). Source ``search-report``.
* ``ep-reference-list`` ("references cited in the description", which the EPO
  compiles from the applicant's description): ``patcit dnum=…``. Source
  ``applicant``. Entries typed ``dnum-type="L"`` are application numbers, not
  publications: they are counted in one warning and not linked.

A number that cannot be read is left out with a warning naming it.
"""

from __future__ import annotations

import re

from lxml import etree

from kizuna.adapters.sources.xml import text_of
from kizuna.domain.citations import Citation, cited_number, ep_cited_number
from kizuna.domain.ids import PatentNumber
from kizuna.errors import InvalidNumberError

__all__ = ["citations"]

_DNUM = re.compile(r"^([A-Z]{2})(\D{0,2}\d+)([A-Z]\d?)?$")
_MAX_NPL_CHARS = 2_000


def _dnum_number(dnum: str) -> tuple[PatentNumber, str, str]:
    compact = re.sub(r"\s", "", dnum).upper()
    match = _DNUM.match(compact)
    if match is None:
        raise InvalidNumberError(f"{dnum!r}: not a DOCDB number")
    return cited_number(match[1], match[2], match[3]), match[1], match[3] or ""


def citations(root: etree._Element, warnings: list[str]) -> tuple[Citation, ...]:
    """Every citation of an ``ep-patent-document``; faults appended to ``warnings``."""
    found: list[Citation] = []
    for node in root.iter("B561"):
        found += _b561(node, warnings)
    for node in root.iter("B562"):
        text = " ".join(text_of(node).split())[:_MAX_NPL_CHARS]
        if text:
            found.append(Citation(number=None, source="search-report", text=text, npl=True))
    for node in root.iter("srep-citation"):
        category = " ".join(text_of(node.find("category")).split())
        for patcit in node.iter("patcit"):
            found += _patcit(patcit, "search-report", category, warnings)
    applications = 0
    for reflist in root.iter("ep-reference-list"):
        for patcit in reflist.iter("patcit"):
            if patcit.get("dnum-type") == "L":
                applications += 1
                continue
            found += _patcit(patcit, "applicant", "cited in the description", warnings)
    if applications:
        warnings.append(f"{applications} cited application number(s) (dnum-type L) not linked")
    return tuple(dict.fromkeys(found))


def _b561(node: etree._Element, warnings: list[str]) -> list[Citation]:
    dnum = node.find(".//dnum")
    printed = " ".join(text_of(node.find("text")).split())
    try:
        if printed:
            number = ep_cited_number(printed)
            country, kind = number.country, _printed_kind(printed)
        elif dnum is not None:
            number, country, kind = _dnum_number(" ".join(text_of(dnum).split()))
            printed = number.compact
        else:
            return []
    except InvalidNumberError as exc:
        warnings.append(f"B561 citation {printed!r} left out: {exc}")
        return []
    return [Citation(number=number, country=country, kind=kind, source="search-report",
                     text=printed)]


def _printed_kind(printed: str) -> str:
    parts = printed.split("-")
    return parts[1].strip() if len(parts) > 2 else ""


def _patcit(node: etree._Element, source: str, category: str,
            warnings: list[str]) -> list[Citation]:
    dnum = (node.get("dnum") or "").strip()
    if not dnum:
        return []
    try:
        number, country, kind = _dnum_number(dnum)
    except InvalidNumberError as exc:
        warnings.append(f"citation {node.get('id') or dnum} ({dnum!r}) left out: {exc}")
        return []
    return [Citation(number=number, country=country, kind=kind, source=source,
                     category=category, text=dnum)]
