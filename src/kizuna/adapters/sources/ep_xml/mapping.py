"""Map the bibliographic part (``SDOBI``, INID B-codes) of an EP document to a Patent.

Codes read (EPO ``ep-patent-document`` DTD v1.0 to v1.5.1, INID codes of WIPO ST.9):

* B110/B130/B140/B190: publication number, kind code, publication date, office
* B210/B220: application number (the check digit after the dot is dropped), filing date
* B250/B260 and the root ``lang``: language of proceedings
* B300 (B310/B320/B330): Paris priorities
* B430: publication of the application; B450: publication of the mention of grant
* B510 (B511 main, B512 further; IPC editions 1-7) and B510EP ``classification-ipcr``;
  B520EP ``classification-cpc``
* B540 (B541 language, B542 title)
* B620 ``parent/pdoc``: this application is a divisional of the parent;
  B620EP ``parent/cdoc``: divisional applications filed from this one
* B710/B711 applicants, B720/B721 inventors, B730/B731 proprietors, B740/B741 representatives
* B860/B861 PCT application, B870/B871 PCT publication
* ``<abstract lang="..">``
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from kizuna.adapters.sources.xml import text_of
from kizuna.domain.ids import PatentNumber, parse_number
from kizuna.domain.patent import (
    Classification,
    ClassificationScheme,
    FamilyLink,
    FamilyRelation,
    LocalText,
    Party,
    PartyRole,
    PatentDates,
    PriorityClaim,
)
from kizuna.errors import InvalidNumberError

__all__ = [
    "abstracts",
    "classifications",
    "dates",
    "family",
    "normalise_symbol",
    "parse_date",
    "parties",
    "priorities",
    "titles",
]

_SYMBOL = re.compile(r"^([A-H])\s*(\d\d)\s*([A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})")
# classification-ipcr text: symbol, version date, then level, first/later, inventive/additional
_IPCR_TAIL = re.compile(r"(?:(\d{8})\s*)?[ACS]?\s*([FL])?\s*([IN])?(?![A-Za-z])")
_CPC_TAIL = re.compile(r"(?:(\d{8})\s*)?([FL])?\s*([IA])?(?![A-Za-z])")

_PARTY_GROUPS = (
    ("B710", "B711", PartyRole.APPLICANT),
    ("B720", "B721", PartyRole.INVENTOR),
    ("B730", "B731", PartyRole.ASSIGNEE),
    ("B740", "B741", PartyRole.AGENT),
)


def parse_date(text: str | None) -> date | None:
    """``20060719`` -> ``date(2006, 7, 19)``; None for empty or impossible dates."""
    digits = (text or "").strip()
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _date_in(element: etree._Element | None) -> date | None:
    if element is None:
        return None
    found = element.find("date")
    return parse_date(found.text if found is not None else element.text)


def titles(sdobi: etree._Element) -> tuple[LocalText, ...]:
    """Every B542 title with the language of the B541 before it."""
    found: list[LocalText] = []
    lang = ""
    for child in sdobi.iterfind("B500/B540/*"):
        if child.tag == "B541":
            lang = text_of(child).lower()
        elif child.tag == "B542" and (text := text_of(child)):
            found.append(LocalText(lang=lang, text=text))
    return tuple(found)


def dates(sdobi: etree._Element, *, kind: str) -> PatentDates:
    """Filing, earliest priority, first publication and grant dates.

    For a B document the grant date is B450 (mention of grant); a B2 re-publishes
    the patent after opposition, so its own date (B140) is not the grant date.
    """
    published = _date_in(sdobi.find("B100/B140"))
    grant = None
    if kind.startswith("B"):
        grant = _date_in(sdobi.find("B400/B450")) or published
    first_publication = _date_in(sdobi.find("B400/B430"))
    if first_publication is None and kind.startswith("A"):
        first_publication = published
    priority_dates = [p.date for p in priorities(sdobi) if p.date is not None]
    return PatentDates(
        filing=_date_in(sdobi.find("B200/B220")),
        priority=min(priority_dates, default=None),
        publication=first_publication,
        grant=grant,
    )


def priorities(sdobi: etree._Element) -> tuple[PriorityClaim, ...]:
    """Paris priorities from B300; B310 starts a new claim, B320/B330 complete it."""
    found: list[PriorityClaim] = []
    for group in sdobi.iterfind("B300"):
        number, when, country = "", None, ""
        for child in group:
            if child.tag == "B310":
                if number:
                    found.append(PriorityClaim(country=country, number=number, date=when))
                number, when, country = text_of(child), None, ""
            elif child.tag == "B320":
                when = _date_in(child)
            elif child.tag == "B330":
                country = text_of(child).upper()
        if number:
            found.append(PriorityClaim(country=country, number=number, date=when))
    return tuple(found)


def parties(sdobi: etree._Element) -> tuple[Party, ...]:
    """Applicants, inventors, proprietors (role assignee) and representatives (role agent)."""
    found: list[Party] = []
    for group, member, role in _PARTY_GROUPS:
        for sequence, person in enumerate(sdobi.iterfind(f"B700/{group}/{member}"), start=1):
            name = text_of(person.find("snm")) or text_of(person.find("onm"))
            if not name:
                continue
            address = ", ".join(
                t for t in (text_of(person.find("adr/str")), text_of(person.find("adr/city"))) if t
            )
            found.append(
                Party(
                    role=role,
                    name=name,
                    name_latin=name,  # EP register names are printed in Latin script
                    country=text_of(person.find("adr/ctry")).upper() or None,
                    address=address or None,
                    office_code=text_of(person.find("iid")) or None,
                    sequence=sequence,
                )
            )
    return tuple(found)


def normalise_symbol(text: str) -> str | None:
    """``"A01D  17/10  19680901AFI..."`` or ``" 7C 07C  29/44   A"`` -> ``"A01D 17/10"``."""
    split = _split_symbol(text)
    return split[0] if split else None


def _split_symbol(text: str) -> tuple[str, str] | None:
    """The normalised symbol and the text after it (version date and flags)."""
    stripped = re.sub(r"^\s*\d{0,2}(?=\s*[A-H]\s*\d)", "", text).strip()  # B511 edition prefix
    match = _SYMBOL.match(stripped)
    if match is None:
        return None
    section, klass, subclass, group, subgroup = match.groups()
    return f"{section}{klass}{subclass} {int(group)}/{subgroup}", stripped[match.end():]


def classifications(sdobi: etree._Element) -> tuple[Classification, ...]:
    """IPC (B510 editions 1-7 and B510EP IPC-R) then CPC (B520EP); first of each symbol kept."""
    found: list[Classification] = []
    edition = text_of(sdobi.find("B500/B510/B516")) or None
    for child in sdobi.iterfind("B500/B510/*"):
        if child.tag in {"B511", "B512"} and (code := normalise_symbol(text_of(child))):
            found.append(
                Classification(
                    scheme=ClassificationScheme.IPC, code=code, version=edition,
                    inventive=True if child.tag == "B511" else None,
                )
            )
    for path, scheme, tail in (
        ("B500/B510EP/classification-ipcr/text", ClassificationScheme.IPC, _IPCR_TAIL),
        ("B500/B520EP/classifications-cpc/classification-cpc/text", ClassificationScheme.CPC,
         _CPC_TAIL),
    ):
        for element in sdobi.iterfind(path):
            split = _split_symbol(element.text or "")
            if split is None:
                continue
            details = tail.match(split[1].strip())
            found.append(
                Classification(
                    scheme=scheme, code=split[0],
                    version=details.group(1) if details else None,
                    inventive=details.group(3) == "I" if details and details.group(3) else None,
                )
            )
    unique: dict[tuple[str, str], Classification] = {}
    for item in found:
        unique.setdefault((item.scheme, item.code), item)
    return tuple(unique.values())


def family(sdobi: etree._Element, warnings: list[str]) -> tuple[FamilyLink, ...]:
    """PCT application and publication (B861/B871), divisional parent and children (B620)."""
    links: list[FamilyLink] = []
    sources = (
        ("B800/B860/B861", "dnum/anum", "PCT", FamilyRelation.PCT),
        ("B800/B870/B871", "dnum/pnum", "", FamilyRelation.PCT),
        ("B600/B620/parent/pdoc", "dnum/anum", "EP", FamilyRelation.DIVISION),
        ("B600/B620EP/parent/cdoc", "dnum/anum", "EP", FamilyRelation.PARENT_OF),
    )
    for path, number_path, prefix, relation in sources:
        for element in sdobi.iterfind(path):
            raw = text_of(element.find(number_path))
            if not raw:
                continue
            try:
                number = _family_number(prefix, raw)
            except InvalidNumberError as exc:
                warnings.append(f"{path}: {exc}")
                continue
            links.append(FamilyLink(relation=relation, number=number, date=_date_in(element)))
    return tuple(links)


def _family_number(prefix: str, raw: str) -> PatentNumber:
    compact = re.sub(r"\s+", "", raw)
    if prefix == "EP" and not compact.upper().startswith("EP"):
        compact = "EP" + compact
    elif prefix == "PCT" and not compact.upper().startswith("PCT"):
        compact = "PCT" + compact
    return parse_number(compact)


def abstracts(root: etree._Element, *, default_lang: str) -> tuple[LocalText, ...]:
    """Every ``<abstract>`` with its language."""
    found: list[LocalText] = []
    for element in root.iterchildren("abstract"):
        text = text_of(element)
        if text:
            found.append(LocalText(lang=(element.get("lang") or default_lang).lower(), text=text))
    return tuple(found)
