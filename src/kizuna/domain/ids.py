"""Patent identifiers: parse, normalise and format JP, US, EP and WO numbers.

A :class:`PatentNumber` is a country, a number (digits, with an era or series
prefix where the office uses one), an optional kind code and a type: the
*application* number, or a *publication* / *grant* number. Publications and
grants share one namespace per office (EP 3383757 A1 and B1 are the same
number), applications have their own; :attr:`PatentNumber.key` captures that.

:func:`parse_number` reads the forms people write::

    >>> parse_number("US 8,930,553 B2").compact
    'US8930553B2'
    >>> parse_number("特許第７５３３８８９号").display
    'JP 7533889'
    >>> parse_number("特願2020-123456").type
    <NumberType.APPLICATION: 'application'>

Full-width digits and dashes are folded (NFKC) first. Japanese era years
(平成10 = H10 = 1998) are converted where the office's own numbering uses the
Western year (applications from 2000 on), and kept as the era prefix where it
does not (pre-2000 publications, e.g. ``JPH10123456A`` in DOCDB form).

The module also validates Japanese corporate numbers (法人番号, hōjin bangō).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from kizuna.errors import InvalidNumberError

__all__ = [
    "NumberType",
    "PatentNumber",
    "corporate_number_check_digit",
    "is_valid_corporate_number",
    "normalise_text",
    "parse_number",
]


class NumberType(StrEnum):
    """What a number identifies: the application, or a published document."""

    APPLICATION = "application"
    PUBLICATION = "publication"
    GRANT = "grant"


# Kind codes by office (WIPO ST.16). Used to validate and to tell grant from publication.
_GRANT_KINDS = {
    "US": {"B1", "B2", "B3", "E", "S", "S1", "P", "P2", "P3", "H", "H1"},
    "EP": {"B1", "B2", "B3", "B8", "B9"},
    "JP": {"B", "B1", "B2", "C", "U", "Y2"},
}
_PUBLICATION_KINDS = {
    "US": {"A1", "A2", "A9", "P1", "P4", "P9"},
    "EP": {"A1", "A2", "A3", "A4", "A8", "A9"},
    "JP": {"A", "A1", "T"},
    "WO": {"A1", "A2", "A3", "A4", "A8", "A9"},
}
_ERAS = {  # era name -> (DOCDB letter, first Western year - 1)
    "明治": ("M", 1867),
    "明": ("M", 1867),
    "大正": ("T", 1911),
    "大": ("T", 1911),
    "昭和": ("S", 1925),
    "昭": ("S", 1925),
    "S": ("S", 1925),
    "平成": ("H", 1988),
    "平": ("H", 1988),
    "H": ("H", 1988),
    "令和": ("R", 2018),
    "令": ("R", 2018),
    "R": ("R", 2018),
}
_ERA_PATTERN = "明治|明|大正|大|昭和|昭|平成|平|令和|令"
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−ｰー﹣－"), "-")


def normalise_text(text: str) -> str:
    """Fold full-width characters and dash variants, collapse whitespace.

    >>> normalise_text("特願２０２０－１２３４５６")
    '特願2020-123456'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(folded.split())


@dataclass(frozen=True, kw_only=True, order=True)
class PatentNumber:
    """One identifier of a patent document or application.

    ``number`` holds digits, with a leading series/era prefix where the office
    uses one (``RE43123``, ``D612345``, ``H10123456``). ``kind`` is the WIPO
    ST.16 kind code when known. ``type`` is ``None`` when the written form does
    not say (``JP2020123456`` may be an application or a publication).
    """

    country: str
    number: str
    kind: str | None = None
    type: NumberType | None = None

    @property
    def compact(self) -> str:
        """DOCDB-like compact form: ``US8930553B2``, ``JP2021090037A``."""
        if self.type is NumberType.APPLICATION and self.country == "WO":
            return f"PCT/{self.number[:2]}{self.number[2:6]}/{self.number[6:]}"
        return f"{self.country}{self.number}{self.kind or ''}"

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity for matching records: applications vs published documents."""
        space = "application" if self.type is NumberType.APPLICATION else "document"
        return (self.country, space, self.number)

    @property
    def display(self) -> str:
        """The form a practitioner writes; :func:`parse_number` reads it back."""
        if self.type is NumberType.APPLICATION:
            return _display_application(self)
        body = _display_document_body(self)
        return f"{self.country} {body}" + (f" {self.kind}" if self.kind else "")

    @property
    def display_ja(self) -> str:
        """Japanese form for JP numbers (特許第7533889号, 特開2021-090037, 特願…)."""
        if self.country != "JP":
            return self.display
        if self.type is NumberType.GRANT:
            return f"特許第{self.number}号"
        if self.type is NumberType.APPLICATION:
            return f"特願{self.number[:4]}-{self.number[4:]}"
        if self.type is NumberType.PUBLICATION and self.number[:1].isdigit():
            prefix = "特表" if self.kind == "T" else "特開"
            return f"{prefix}{self.number[:4]}-{self.number[4:]}"
        return self.display

    def __str__(self) -> str:
        return self.compact


def _display_application(n: PatentNumber) -> str:
    if n.country == "JP" and len(n.number) == 10:
        return f"特願{n.number[:4]}-{n.number[4:]}"
    if n.country == "US" and len(n.number) == 8:
        return f"US {n.number[:2]}/{n.number[2:5]},{n.number[5:]}"
    if n.country == "WO":
        return n.compact
    if n.country == "EP":
        return f"EP {n.number}"
    return f"{n.country} application {n.number}"


def _display_document_body(n: PatentNumber) -> str:
    digits = n.number
    if n.country == "US":
        if len(digits) == 11 and digits[:2] in {"19", "20"}:
            return f"{digits[:4]}/{digits[4:]}"
        prefix = digits.rstrip("0123456789")
        tail = digits[len(prefix) :]
        return prefix + f"{int(tail):,}"
    if n.country == "EP" and digits.isdigit():
        return f"{digits[0]} {digits[1:4]} {digits[4:]}"
    if n.country == "JP" and len(digits) == 10 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:]}"
    if n.country == "WO" and len(digits) == 10:
        return f"{digits[:4]}/{digits[4:]}"
    return digits


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_JP_GRANT = re.compile(r"^特許(?:第)?\s*(\d{1,7})\s*号?$")
_JP_APPLICATION = re.compile(rf"^特願\s*(?:({_ERA_PATTERN})\s*)?(\d{{1,4}})\s*-\s*(\d{{1,6}})$")
_JP_PUBLICATION = re.compile(
    rf"^(特開|特表|特公|再表|再公表)\s*(?:({_ERA_PATTERN})\s*)?(\d{{1,4}})\s*[-/]\s*(\d{{1,6}})$"
)
_PCT = re.compile(r"^PCT/?([A-Z]{2})(\d{4}|\d{2})/?(\d{5,6})$")
_WO = re.compile(r"^WO(\d{4}|\d{2})/?(\d{5,6})([A-Z]\d?)?$")
_US_APPLICATION = re.compile(r"^US(?:APPL(?:ICATION)?\.?(?:NO\.?)?|SN)?(\d{2})/(\d{3}),?(\d{3})$")
_EP_APPLICATION = re.compile(r"^EP(\d{8})\.(\d)$")
_ANY_APPLICATION = re.compile(r"^([A-Z]{2})APPL(?:ICATION)?\.?(?:NO\.?)?([\dA-Z\-/.,]+)$")
_GENERIC = re.compile(
    r"^(?P<cc>[A-Z]{2})(?P<prefix>RE|PP|D|H|S|T|M|R)?(?P<digits>\d(?:[\d,./-]*\d)?)"
    r"(?P<kind>[A-Z]\d?)?$"
)


def parse_number(text: str) -> PatentNumber:
    """Read a patent, publication or application number written in any common form.

    Raises :class:`InvalidNumberError` naming the input when it cannot be read.

    >>> parse_number("EP 3 383 757 B1").compact
    'EP3383757B1'
    """
    if not text or not text.strip():
        raise InvalidNumberError("empty patent number")
    folded = normalise_text(text)
    parsed = _parse_japanese(folded)
    if parsed is None:
        parsed = _parse_latin(re.sub(r"\s+", "", folded).upper())
    if parsed is None:
        raise InvalidNumberError(f"{text!r} is not a patent, publication or application number")
    _check_kind(text, parsed)
    return parsed


def _western_year(era: str | None, year: int) -> int:
    if era is None:
        return year
    return _ERAS[era][1] + year


def _parse_japanese(s: str) -> PatentNumber | None:
    if m := _JP_GRANT.match(s):
        return PatentNumber(country="JP", number=str(int(m[1])), type=NumberType.GRANT)
    if m := _JP_APPLICATION.match(s):
        year = _western_year(m[1], int(m[2]))
        return PatentNumber(
            country="JP", number=f"{year:04d}{int(m[3]):06d}", type=NumberType.APPLICATION
        )
    if m := _JP_PUBLICATION.match(s):
        series, era, year, serial = m[1], m[2], int(m[3]), int(m[4])
        kind = {"特開": "A", "特表": "A", "特公": "B2", "再表": "A1", "再公表": "A1"}[series]
        if series in {"再表", "再公表"}:  # re-publication of a WO application
            year = year + 2000 if year < 100 else year
            return PatentNumber(
                country="JP",
                number=f"WO{year}{serial:06d}",
                kind=kind,
                type=NumberType.PUBLICATION,
            )
        if era is not None and _western_year(era, year) < 2000:
            number = f"{_ERAS[era][0]}{year:02d}{serial:06d}"
        else:
            number = f"{_western_year(era, year):04d}{serial:06d}"
        return PatentNumber(country="JP", number=number, kind=kind, type=NumberType.PUBLICATION)
    return None


def _parse_latin(s: str) -> PatentNumber | None:
    if m := _PCT.match(s):
        year = _full_year(m[2])
        return PatentNumber(
            country="WO", number=f"{m[1]}{year}{int(m[3]):06d}", type=NumberType.APPLICATION
        )
    if m := _WO.match(s):
        year = _full_year(m[1])
        return PatentNumber(
            country="WO",
            number=f"{year}{int(m[2]):06d}",
            kind=m[3],
            type=NumberType.PUBLICATION,
        )
    if m := _US_APPLICATION.match(s):
        return PatentNumber(country="US", number=f"{m[1]}{m[2]}{m[3]}", type=NumberType.APPLICATION)
    if m := _EP_APPLICATION.match(s):
        return PatentNumber(country="EP", number=m[1], type=NumberType.APPLICATION)
    if m := _ANY_APPLICATION.match(s):
        digits = re.sub(r"[-/.,]", "", m[2])
        return PatentNumber(country=m[1], number=digits, type=NumberType.APPLICATION)
    if m := _GENERIC.match(s):
        digits = re.sub(r"[-/.,]", "", m["digits"])
        return _normalise_generic(m["cc"], m["prefix"] or "", digits, m["kind"])
    return None


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    two = int(year)
    return 1900 + two if two >= 78 else 2000 + two  # PCT numbering began in 1978


def _normalise_generic(cc: str, prefix: str, digits: str, kind: str | None) -> PatentNumber | None:
    if cc == "US":
        return _normalise_us(prefix, digits, kind)
    if cc == "JP":
        return _normalise_jp(prefix, digits, kind)
    if prefix:
        return None
    if cc == "EP":
        if len(digits) == 8 and kind is None:
            return PatentNumber(country="EP", number=digits, type=NumberType.APPLICATION)
        if len(digits) > 7:
            return None
        return PatentNumber(
            country="EP", number=f"{int(digits):07d}", kind=kind, type=_type_from_kind("EP", kind)
        )
    if cc == "WO" and len(digits) in {7, 10}:
        return _parse_latin(f"WO{digits[:-6]}/{digits[-6:]}{kind or ''}")
    return PatentNumber(country=cc, number=digits, kind=kind, type=_type_from_kind(cc, kind))


def _normalise_us(prefix: str, digits: str, kind: str | None) -> PatentNumber | None:
    if prefix:
        return PatentNumber(
            country="US", number=f"{prefix}{int(digits)}", kind=kind, type=NumberType.GRANT
        )
    if len(digits) == 11 and digits[:2] in {"19", "20"}:
        return PatentNumber(country="US", number=digits, kind=kind, type=NumberType.PUBLICATION)
    if len(digits) > 9:
        return None
    # Before 2001 US grants carried kind "A"; from 2001 "A" kinds are publications.
    return PatentNumber(
        country="US",
        number=str(int(digits)),
        kind=kind,
        type=NumberType.GRANT if kind in {None, "A"} else _type_from_kind("US", kind),
    )


def _normalise_jp(prefix: str, digits: str, kind: str | None) -> PatentNumber | None:
    if prefix:  # pre-2000 era-numbered publication, e.g. JPH10123456A
        if prefix not in {"H", "S", "T", "M"}:
            return None
        return PatentNumber(
            country="JP",
            number=f"{prefix}{digits}",
            kind=kind,
            type=_type_from_kind("JP", kind) or NumberType.PUBLICATION,
        )
    if len(digits) <= 7:
        return PatentNumber(
            country="JP",
            number=str(int(digits)),
            kind=kind,
            type=_type_from_kind("JP", kind) or NumberType.GRANT,
        )
    if len(digits) == 10:
        return PatentNumber(
            country="JP", number=digits, kind=kind, type=_type_from_kind("JP", kind)
        )
    return None


def _type_from_kind(country: str, kind: str | None) -> NumberType | None:
    if kind is None:
        return None
    if kind in _GRANT_KINDS.get(country, set()) or (
        country not in _GRANT_KINDS and kind[0] in "BC"
    ):
        return NumberType.GRANT
    return NumberType.PUBLICATION


def _check_kind(text: str, n: PatentNumber) -> None:
    if n.kind is None:
        return
    known = _GRANT_KINDS.get(n.country, set()) | _PUBLICATION_KINDS.get(n.country, set())
    if n.country == "US":
        known = known | {"A"}
    if known and n.kind not in known:
        raise InvalidNumberError(f"{text!r}: {n.kind!r} is not a {n.country} kind code")


# ---------------------------------------------------------------------------
# Corporate numbers (法人番号)
# ---------------------------------------------------------------------------


def corporate_number_check_digit(base12: str) -> int:
    """Check digit of a Japanese corporate number from its 12 base digits.

    Rule (National Tax Agency, 法人番号の指定等に関する省令 第2条, as of 2015-10-05):
    ``9 - (sum(P_n * Q_n) mod 9)`` where ``P_n`` is the n-th base digit counted
    from the right and ``Q_n`` is 1 for odd n, 2 for even n.

    >>> corporate_number_check_digit("180301018771")  # Toyota Motor Corporation
    1
    """
    if len(base12) != 12 or not base12.isdigit():
        raise InvalidNumberError(f"{base12!r}: a corporate number base has 12 digits")
    total = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def is_valid_corporate_number(text: str) -> bool:
    """True if ``text`` (full/half width, hyphens allowed) is a valid 13-digit 法人番号."""
    digits = normalise_text(text).replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit():
        return False
    return int(digits[0]) == corporate_number_check_digit(digits[1:])
