"""Citations: the documents a patent document cites, as its office printed them.

A :class:`Citation` is one entry of a citation list: a patent document (its
number normalised with :func:`kizuna.domain.ids.parse_number`, linkable to a
corpus document by :attr:`Citation.key`) or non-patent literature (its text
kept, ``npl`` set; never used to link documents). ``source`` says who cited it:

- ``examiner``: the examiner (USPTO "cited by examiner"; a JPO notice of
  reasons for refusal 拒絶理由通知書, 引用文献等一覧);
- ``applicant``: the applicant (USPTO "cited by applicant"; the EP "references
  cited in the description" list);
- ``search-report``: a search report or search record (EP B560 list of the B
  publication, which the EPO fills from its search report and examination; the
  JPO 先行技術文献調査結果の記録);
- ``other``: USPTO "cited by other" (grants before 2006-ish did not say who).

``category`` keeps the office's own wording (``cited by examiner``,
``well-known art`` for 周知技術を示す文献, an EP search-report category such
as ``X`` where the document states one).

:func:`cited_number` reads the forms offices print for a cited document:
``US`` + ``2007/0140112`` + ``A1``, ``WO 89/02682``, ``JP`` ``11-167215``
(Heisei 11), ``US-A- 5 948 634`` (EP B561), ``特開平４−０８７３８３号公報``.

    >>> cited_number("JP", "11-167215", "A").compact
    'JPH11167215A'
    >>> cited_number("WO", "WO 89/02682", "A1").compact
    'WO1989002682A1'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kizuna.domain.ids import PatentNumber, normalise_text, parse_number
from kizuna.errors import InvalidNumberError

__all__ = ["CITATION_SOURCES", "Citation", "cited_number", "ep_cited_number", "jp_cited_number"]

CITATION_SOURCES = ("examiner", "applicant", "search-report", "other")

# A JP publication written with a two-digit year and no era: Heisei 1-11 (1989-1999)
# for years up to 11, Showa for larger ones (JPO numbered by Western year from 2000).
_JP_SHORT_YEAR = re.compile(r"^(\d{1,2})-(\d{1,6})$")
_EP_B561 = re.compile(r"^([A-Z]{2})\s*-\s*([A-Z]\d?)?\s*-\s*(.+)$")
_JP_PRINTED = re.compile(
    r"(特開|特表|特公|再表|再公表|実開|実公|特許第)\s*(\S+?)(?:号公報|号|公報|$)")


@dataclass(frozen=True, kw_only=True)
class Citation:
    """One cited document. ``number`` is None for non-patent literature (``npl`` True)."""

    number: PatentNumber | None
    country: str = ""  # the cited document's office, as printed
    kind: str = ""  # its kind code, as printed
    source: str = "other"  # one of CITATION_SOURCES
    category: str = ""  # the office's own wording
    text: str = ""  # the citation as printed (NPL: the bibliographic text)
    npl: bool = False

    @property
    def key(self) -> tuple[str, str, str] | None:
        """Identity for linking to a document (kind ignored: A1 and B2 share a number)."""
        return self.number.key if self.number is not None else None


def _without_country(country: str, doc_number: str) -> str:
    text = normalise_text(doc_number).upper()
    text = re.sub(rf"^{country}[\s/-]*", "", text) if country else text
    return text.strip()


@lru_cache(maxsize=16_384)
def cited_number(country: str, doc_number: str, kind: str | None = None) -> PatentNumber:
    """The normalised number of a cited patent document (country, number, kind as printed).

    A kind code the office does not use for that country is dropped rather
    than refused (the number still links). Raises :class:`InvalidNumberError`.
    Cached: well-known prior art is cited by many documents of a bulk file.
    """
    country = normalise_text(country).upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidNumberError(f"{country!r} is not a country code")
    body = _without_country(country, doc_number)
    if not body:
        raise InvalidNumberError("empty cited document number")
    kind_code = normalise_text(kind or "").upper().replace(" ", "")
    if country == "JP" and (m := _JP_SHORT_YEAR.match(body)):
        year, serial = int(m[1]), int(m[2])
        era = "平" if year <= 11 else "昭"
        prefix = "特公" if kind_code.startswith("B") else "特開"
        return parse_number(f"{prefix}{era}{year}-{serial:06d}")
    if country == "JP" and kind_code[:1] in {"A", "U"} and re.fullmatch(r"\d{7,8}", body):
        body = f"{body[:-6]}-{body[-6:]}"  # DOCDB JP58181591A: Showa 58, serial 181591
        return cited_number(country, body, kind_code)
    if country == "JP" and (m := re.match(r"^(\d{4})-(\d{1,6})$", body)):
        body = f"{m[1]}{int(m[2]):06d}"
    compact = re.sub(r"[\s,.]", "", body)
    if country == "US" and re.fullmatch(r"(19|20)\d{8}", compact):
        compact = f"{compact[:4]}0{compact[4:]}"  # EPO prints US 2007/0204872 as 2007 204 872
    for candidate in (f"{country}{compact}{kind_code}", f"{country}{compact}"):
        try:
            return parse_number(candidate)
        except InvalidNumberError:
            continue
    raise InvalidNumberError(f"{country} {doc_number!r}: not a readable document number")


def ep_cited_number(text: str) -> PatentNumber:
    """An EP B561 entry: ``US-A- 5 948 634``, ``WO-A-01/92999``, ``DE-A1-102009 041 527``."""
    match = _EP_B561.match(normalise_text(text).upper())
    if match is None:
        raise InvalidNumberError(f"{text!r}: not a B561 citation (CC-KIND-NUMBER)")
    country, kind, body = match[1], match[2] or "", match[3]
    if country == "JP" and (m := re.fullmatch(r"(\d{1,2})\s+(\d{3}\s*\d{3})", body)):
        body = f"{m[1]}-{m[2].replace(' ', '')}"  # JP-A- 7 300 979: Heisei 7 publication
    elif country == "US" and body.startswith("R E"):
        body = "RE" + body[3:]
    return cited_number(country, body, kind)


_FOREIGN_PRINTED = (  # how JPO notices write foreign documents
    (re.compile(r"米国特許出願公開第\s*(\d{4})/(\d{7})号"), "US{0}{1}A1"),
    (re.compile(r"米国特許第\s*([\d,]+)号"), "US{0}"),
    (re.compile(r"国際公開第\s*(\d{4})/(\d{6})号"), "WO{0}/{1}"),
    (re.compile(r"欧州特許出願公開第\s*(\d+)号"), "EP{0}"),
    (re.compile(r"欧州特許第\s*(\d+)号"), "EP{0}B1"),
)


def jp_cited_number(text: str) -> PatentNumber:
    """A JPO notice's list entry: ``特開平４−０８７３８３号公報``, ``米国特許第5,123,456号``."""
    folded = normalise_text(text)
    for pattern, form in _FOREIGN_PRINTED:
        if found := pattern.search(folded):
            return parse_number(form.format(*(g.replace(",", "") for g in found.groups())))
    match = _JP_PRINTED.search(folded)
    if match is None:
        raise InvalidNumberError(f"{text!r}: not a patent publication")
    series, rest = match[1], match[2]
    series = {"実開": "特開", "実公": "特公"}.get(series, series)
    if series == "特許第":
        return parse_number(f"特許第{rest}号")
    return parse_number(f"{series}{rest}")
