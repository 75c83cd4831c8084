"""The landscape: technology fields to Japanese sectors and industries, and patent factors.

The mappings are data (``kizuna/data/sectors.csv``, ``sector_labels.csv``,
``field_jsic.csv``; see SOURCES.md and docs/landscape.md); :class:`LandscapeMap`
is built from their rows by :mod:`kizuna.adapters.landscape_data`.

* A WIPO field maps to one or more of eight sectors where licensing demand in
  Japan is concentrated, each with a weight in (0, 1] (how strongly the field
  belongs to the sector). A row with an ``ipc_prefix`` (``G06N``, ``H04L 5``)
  applies to any patent classified there, whatever its field: it lets AI and
  wireless patents, which WIPO files under broader fields, reach their sector.
* A WIPO field maps to JSIC (日本標準産業分類) major groups, two digits.

The per-patent factors of the target score (remaining term, live JP right,
claim breadth) are computed here from the patent record; the per-pair factors
and the weighted sum are in :mod:`kizuna.domain.targets`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from kizuna.domain.claims import Claim
from kizuna.domain.fields import TechnologyField, split_symbol
from kizuna.domain.lexical import normalise, terms
from kizuna.domain.patent import ClassificationScheme, Patent, PatentStatus

__all__ = [
    "FULL_TERM_YEARS",
    "Factor",
    "LandscapeMap",
    "PatentProfile",
    "Sector",
    "SectorRule",
    "TextProfile",
    "breadth_claims",
    "breadth_factor",
    "field_codes",
    "live_jp_factor",
    "term_factor",
    "text_profile",
]

FULL_TERM_YEARS = 20.0  # a patent with 20 years left scores 1.0 on remaining term
# FI (the JPO File Index) subdivides IPC groups, so it maps to fields the same way.
_FIELD_SCHEMES = {ClassificationScheme.IPC, ClassificationScheme.CPC, ClassificationScheme.FI}


@dataclass(frozen=True, kw_only=True)
class Sector:
    """A Japanese industrial sector; ``keywords`` match company products (ja/en)."""

    code: str
    name_en: str
    name_ja: str
    keywords: tuple[str, ...] = ()

    def matches(self, products: Iterable[str]) -> bool:
        """True when a product or service name contains one of the sector keywords.

        Latin keywords match whole words, plurals included (``car`` matches
        ``cars`` but not ``card``); Japanese keywords match anywhere in the name.
        Both sides are NFKC-normalised and case-folded.
        """
        texts = [normalise(p) for p in products]
        return any(_keyword_in(keyword, text) for keyword in self.keywords for text in texts)

    def hits(self, text: str) -> tuple[str, ...]:
        """The sector keywords found in ``text`` (a patent's title, abstract, claims)."""
        plain = normalise(text)
        return tuple(k for k in self.keywords if _keyword_in(k, plain))


@cache
def _keyword_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?:s|es)?(?![a-z0-9])")


def _keyword_in(keyword: str, plain: str) -> bool:
    """``keyword`` in the normalised ``plain`` text: whole (plural) words for Latin script."""
    word = normalise(keyword)
    if word.isascii():
        return _keyword_pattern(word).search(plain) is not None
    return word in plain


@dataclass(frozen=True, kw_only=True)
class SectorRule:
    """One mapping row: a field (or an IPC subclass/main group) to a sector, weighted."""

    field_number: int
    sector: str
    weight: float
    ipc_prefix: str | None = None


@dataclass(frozen=True, kw_only=True)
class LandscapeMap:
    """Fields -> sectors (weighted) and fields -> JSIC major groups, with JSIC names."""

    sectors: tuple[Sector, ...]
    rules: tuple[SectorRule, ...]
    field_jsic: Mapping[int, tuple[str, ...]]
    jsic_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # code: (ja, en)

    def sector(self, code: str) -> Sector:
        """The sector with ``code`` (KeyError if unknown)."""
        for sector in self.sectors:
            if sector.code == code:
                return sector
        raise KeyError(code)

    def sector_weights(
        self, fields: Iterable[TechnologyField], codes: Iterable[str] = ()
    ) -> dict[str, float]:
        """Sector code -> weight for a patent: the highest weight any of its fields or
        classification symbols reaches, in sector order."""
        numbers = {f.number for f in fields}
        symbols = {split_symbol(code) for code in codes}
        subclasses = {s for s, _ in symbols}
        best: dict[str, float] = {}
        for rule in self.rules:
            if rule.ipc_prefix:
                subclass, group = split_symbol(rule.ipc_prefix)
                hit = (subclass, group) in symbols if group else subclass in subclasses
            else:
                hit = rule.field_number in numbers
            if hit and rule.weight > best.get(rule.sector, 0.0):
                best[rule.sector] = rule.weight
        return {s.code: best[s.code] for s in self.sectors if s.code in best}

    def jsic_for(self, fields: Iterable[TechnologyField]) -> tuple[str, ...]:
        """Distinct JSIC major groups of ``fields``, in field order."""
        seen: dict[str, None] = {}
        for f in fields:
            for code in self.field_jsic.get(f.number, ()):
                seen.setdefault(code, None)
        return tuple(seen)

    def jsic_name(self, code: str) -> tuple[str, str]:
        """(Japanese, English) name of a JSIC code, or the code itself when unknown."""
        return self.jsic_names.get(code, (code, code))


@dataclass(frozen=True, kw_only=True)
class Factor:
    """A factor value in [0, 1] and the sentence that explains it."""

    value: float
    detail: str


@dataclass(frozen=True, kw_only=True)
class TextProfile:
    """What the patent's own words say: matching terms and the sectors its text names.

    ``terms`` maps each term (:func:`kizuna.domain.lexical.terms`) of the title,
    abstract and independent claims to its weight: ``TITLE_WEIGHT`` when the
    title has it, else ``BODY_WEIGHT``. ``sectors`` maps a sector to
    ``TEXT_SECTOR_CAP * n / (n + 1)`` for ``n`` distinct sector keywords found
    in that text (``keywords`` lists them): weaker than a classification,
    but it places a patent that has none.
    """

    terms: Mapping[str, float] = field(default_factory=dict)
    sectors: Mapping[str, float] = field(default_factory=dict)
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


TITLE_WEIGHT, BODY_WEIGHT = 1.0, 0.6
TEXT_SECTOR_CAP = 0.4  # 1 keyword -> 0.2, 2 -> 0.27, 3 -> 0.3: weaker than a product named


def text_profile(patent: Patent, sectors: Sequence[Sector]) -> TextProfile:
    """Terms and text sectors of the titles, abstracts and independent claims (all languages)."""
    titles = " \n".join(t.text for t in patent.titles)
    body = " \n".join([*(a.text for a in patent.abstracts),
                       *(c.text for c in patent.claims if c.independent)])
    weights = dict.fromkeys(terms(body), BODY_WEIGHT)
    weights.update(dict.fromkeys(terms(titles), TITLE_WEIGHT))
    text = f"{titles} \n{body}"
    keywords = {s.code: found for s in sectors if (found := s.hits(text))}
    return TextProfile(
        terms=weights,
        sectors={code: TEXT_SECTOR_CAP * len(k) / (len(k) + 1) for code, k in keywords.items()},
        keywords=keywords,
    )


@dataclass(frozen=True, kw_only=True)
class PatentProfile:
    """What the landscape and the ranking need to know about one stored patent."""

    number: str  # compact canonical number
    numbers: tuple[str, ...]  # every compact number of the patent
    country: str
    title: str | None
    fields: tuple[TechnologyField, ...]
    sectors: Mapping[str, float]
    jsic: tuple[str, ...]
    expiry: date | None
    term: Factor
    live_jp: Factor
    breadth: Factor
    text: TextProfile = field(default_factory=lambda: TextProfile())

    @property
    def live_jp_right(self) -> bool:
        """A verified live Japanese right (a JP record in the portfolio, not expired)."""
        return self.live_jp.value >= 1.0


def term_factor(end: date | None, *, as_of: date) -> Factor:
    """Remaining term as a share of 20 years; 0 once expired or lapsed.

    >>> term_factor(date(2036, 1, 1), as_of=date(2026, 1, 1)).value
    0.5
    """
    if end is None:
        return Factor(value=0.0, detail="expiry unknown (dates missing in the record)")
    days = (end - as_of).days
    if days <= 0:
        return Factor(value=0.0, detail=f"expired on {end.isoformat()}")
    years = days / 365.25
    value = min(years, FULL_TERM_YEARS) / FULL_TERM_YEARS
    return Factor(value=value, detail=f"{years:.1f} years left (ends {end.isoformat()})")


def live_jp_factor(
    patent: Patent,
    *,
    end: date | None,
    as_of: date,
    stored_jp: Mapping[tuple[str, str, str], date | None],
) -> Factor:
    """Whether a live Japanese right exists, the right to assert in Japan.

    1.0: the patent is itself a JP record, or a family link points to a JP
    patent stored in the portfolio, and that right has not ended. 0.5: a JP
    family link or JP priority application that is not in the portfolio, while
    this patent's own term runs (likely, unverified). 0.0 otherwise.
    ``stored_jp`` maps the number keys (``PatentNumber.key``) of the JP patents
    in the portfolio to the day their right ends.
    """
    if patent.number.country == "JP":
        if patent.status in {PatentStatus.LAPSED, PatentStatus.EXPIRED}:
            return Factor(value=0.0, detail=f"JP right {patent.status.value}")
        if end is not None and end < as_of:
            return Factor(value=0.0, detail=f"JP right ended {end.isoformat()}")
        return Factor(value=1.0, detail=f"JP record {patent.number.compact} in force")
    jp_links = [link.number for link in patent.family if link.number.country == "JP"]
    for number in jp_links:
        if number.key in stored_jp:
            jp_end = stored_jp[number.key]
            if jp_end is None or jp_end >= as_of:
                return Factor(value=1.0, detail=f"JP family member {number.compact} in portfolio")
    running = end is None or end >= as_of
    if jp_links and running:
        return Factor(value=0.5, detail=f"JP family link {jp_links[0].compact} (not stored)")
    jp_priority = [p for p in patent.priorities if p.country == "JP"]
    if jp_priority and running:
        return Factor(
            value=0.5, detail=f"JP priority {jp_priority[0].number}: JP member likely, unverified"
        )
    return Factor(value=0.0, detail="no JP family member known")


# Broad claims have few elements and few words; see docs/landscape.md.
_ELEMENTS_BROAD, _ELEMENTS_NARROW = 2, 12
_LENGTH_BROAD = {"ja": 80, "en": 40}  # characters (ja) / words (other languages)
_LENGTH_NARROW = {"ja": 500, "en": 250}


def _length(claim: Claim) -> tuple[int, str]:
    if claim.lang == "ja":
        return len("".join(claim.text.split())), "characters"
    return len(claim.text.split()), "words"


def _scale(value: float, broad: float, narrow: float) -> float:
    return min(1.0, max(0.0, (narrow - value) / (narrow - broad)))


def breadth_factor(claims: Sequence[Claim]) -> Factor:
    """Breadth of the broadest independent claim: mean of an element score and a
    length score, each 1 at or below the broad bound and 0 at the narrow bound."""
    best: tuple[float, str] | None = None
    for claim in claims:
        if not claim.independent:
            continue
        size, unit = _length(claim)
        key = "ja" if claim.lang == "ja" else "en"
        elements = max(1, len(claim.elements))
        value = 0.5 * _scale(elements, _ELEMENTS_BROAD, _ELEMENTS_NARROW) + 0.5 * _scale(
            size, _LENGTH_BROAD[key], _LENGTH_NARROW[key]
        )
        detail = f"claim {claim.number} ({claim.lang}): {elements} elements, {size} {unit}"
        if best is None or value > best[0]:
            best = (value, detail)
    if best is None:
        return Factor(value=0.0, detail="no independent claim stored")
    return Factor(value=best[0], detail=best[1])


def breadth_claims(patent: Patent) -> tuple[Claim, ...]:
    """The claims breadth is measured on: one language, so patents compare alike.

    English first (most of a mixed portfolio has it), then Japanese, then the
    proceedings language, then any.
    """
    by_lang = {s.lang: s.claims for s in patent.claim_sets}
    for lang in ("en", "ja", patent.lang):
        if lang in by_lang:
            return by_lang[lang]
    return next(iter(by_lang.values()), ())


def field_codes(patent: Patent) -> tuple[str, ...]:
    """The IPC/CPC/FI symbols of ``patent`` (the ones the field concordance reads)."""
    return tuple(c.code for c in patent.classifications if c.scheme in _FIELD_SCHEMES)
