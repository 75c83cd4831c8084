"""The documents a JPO notice of reasons for refusal (拒絶理由通知書, A131) cites.

The notice's body ends with two lists, written as text lines:

* ``＜引用文献等一覧＞`` (list of cited documents): numbered entries such as
  ``１．特開２００２−２３３０３３号公報``; an entry marked ``（周知技術を示す文献）``
  shows well-known art. Source ``examiner``, category ``refusal`` or
  ``well-known art``.
* ``＜先行技術文献調査結果の記録＞`` (record of the prior-art search; the notice says
  it is not a reason for refusal): the documents after ``・先行技術文献``. Source
  ``search-report``, category ``search record``.

An entry with a publication number that cannot be read (``…号公報`` /
``…号明細書``) is left out with a warning; one with none is kept as non-patent
literature.
"""

from __future__ import annotations

import re

from kizuna.domain.citations import Citation, jp_cited_number
from kizuna.domain.ids import normalise_text
from kizuna.errors import InvalidNumberError

__all__ = ["notice_citations"]

_LIST = "<引用文献等一覧>"
_SEARCH = "<先行技術文献調査結果の記録>"
_ENTRY = re.compile(r"^(\d+)\s*[.．、]\s*(.+)$")
_WELL_KNOWN = "周知技術を示す文献"
_PATENT_WORDS = ("号公報", "号明細書", "号パンフレット")
_MAX_ENTRIES = 1_000


def notice_citations(lines: list[str]) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    """The cited documents in a notice's body lines, and warnings for unreadable ones."""
    found: list[Citation] = []
    warnings: list[str] = []
    section, in_record = "", False
    for raw in lines[: _MAX_ENTRIES * 20]:
        line = normalise_text(raw)
        if line.startswith("<"):
            section, in_record = (line if line in (_LIST, _SEARCH) else ""), False
            continue
        if section == _LIST and (entry := _ENTRY.match(line)):
            category = "well-known art" if _WELL_KNOWN in line else "refusal"
            found += _entry(entry[2], "examiner", category, warnings)
        elif section == _SEARCH and line.startswith("・"):
            in_record = line.startswith("・先行技術文献")
            if in_record:
                text = line.removeprefix("・先行技術文献").strip()
                found += _entry(text, "search-report", "search record", warnings)
        elif in_record and any(word in line for word in _PATENT_WORDS):
            found += _entry(line, "search-report", "search record", warnings)
        else:
            in_record = False
    return tuple(dict.fromkeys(found)), tuple(warnings)


def _entry(text: str, source: str, category: str, warnings: list[str]) -> list[Citation]:
    text = text.strip()
    if not text:
        return []
    try:
        number = jp_cited_number(text)
    except InvalidNumberError as exc:
        if any(word in text for word in _PATENT_WORDS):
            warnings.append(f"cited document {text!r} left out: {exc}")
            return []
        return [Citation(number=None, source=source, category=category, text=text, npl=True)]
    return [Citation(number=number, country=number.country, kind=number.kind or "",
                     source=source, category=category, text=text)]
