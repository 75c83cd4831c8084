"""The patent record: identifiers, parties, classifications, dates, family, claims.

Pure value objects. A :class:`Patent` is what one or more source documents say
about one patent right; :func:`merge` combines records of the same patent from
different files (the JPO progress record and the JPO claims document of the
same application, an EP A1 and its B1, a US publication and its grant).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from kizuna.domain.citations import Citation
from kizuna.domain.claims import Claim
from kizuna.domain.ids import NumberType, PatentNumber

__all__ = [
    "ClaimSet",
    "ClaimsBasis",
    "Classification",
    "ClassificationScheme",
    "FamilyLink",
    "FamilyRelation",
    "LocalText",
    "Party",
    "PartyRole",
    "Patent",
    "PatentDates",
    "PatentStatus",
    "PriorityClaim",
    "SourceRef",
    "TermFacts",
    "canonical_number",
    "merge",
]


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    ASSIGNEE = "assignee"  # also the JP patentee (特許権者)
    INVENTOR = "inventor"
    AGENT = "agent"  # patent attorney / representative (代理人)


@dataclass(frozen=True, kw_only=True)
class Party:
    """A person or organisation named on the patent.

    ``name`` is as printed (Japanese names keep their kanji/kana);
    ``name_latin`` is a Latin-script form when the source gives one;
    ``office_code`` is the office's own identifier (JPO 識別番号 / applicant code).
    """

    role: PartyRole
    name: str
    name_latin: str | None = None
    country: str | None = None
    address: str | None = None
    office_code: str | None = None
    sequence: int = 0


class ClassificationScheme(StrEnum):
    IPC = "IPC"
    CPC = "CPC"
    FI = "FI"  # JPO File Index
    FTERM = "F-term"
    USPC = "USPC"
    LOCARNO = "Locarno"


@dataclass(frozen=True, kw_only=True)
class Classification:
    """One classification symbol, normalised: ``H01L 21/56`` (subclass, space, group/subgroup)."""

    scheme: ClassificationScheme
    code: str
    version: str | None = None
    inventive: bool | None = None  # True: inventive/first; False: additional; None: not stated


@dataclass(frozen=True, kw_only=True)
class PatentDates:
    filing: date | None = None
    priority: date | None = None  # earliest claimed priority
    publication: date | None = None  # first publication of the application
    grant: date | None = None  # grant (US issue date, EP B1 date, JP registration 登録日)


@dataclass(frozen=True, kw_only=True)
class PriorityClaim:
    """A claimed priority. ``kind``: ``paris`` (foreign), ``domestic`` (JP 国内優先権),
    ``provisional`` (US 35 USC 119(e)), ``pct``."""

    country: str
    number: str
    date: date | None
    kind: str = "paris"


class FamilyRelation(StrEnum):
    CONTINUATION = "continuation"
    CONTINUATION_IN_PART = "continuation-in-part"
    DIVISION = "division"  # this patent is a divisional of `number`
    PARENT_OF = "parent-of"  # `number` is a child (divisional/continuation) of this
    REISSUE = "reissue"
    PCT = "pct"  # the international application this entered from
    PROVISIONAL = "provisional"
    EQUIVALENT = "equivalent"  # same invention, other office (from a family list)


@dataclass(frozen=True, kw_only=True)
class FamilyLink:
    relation: FamilyRelation
    number: PatentNumber
    date: date | None = None


class PatentStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    LAPSED = "lapsed"  # fees not paid, withdrawn, refused, revoked (消滅)
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class TermFacts:
    """Inputs to the term calculation that only the source documents know.

    ``office_expiry`` is the expiry the office itself reports (JPO 存続期間満了日),
    kept beside Kizuna's own computation for cross-checking.
    """

    examination_request: date | None = None  # JP 審査請求日
    pta_days: int | None = None  # US patent term adjustment (35 USC 154(b))
    terminal_disclaimer: bool | None = None  # US; None: not stated in the source
    earliest_us_nonprovisional: date | None = (
        None  # US: the earliest non-provisional filing claimed
    )
    delay_extension_days: int | None = None  # JP Art. 67(2) extension granted (registered)
    regulatory_extension_days: int | None = None  # JP Art. 67(4) extension granted (registered)
    office_expiry: date | None = None
    lapse_date: date | None = None  # JP 本権利消滅日 / withdrawal


@dataclass(frozen=True, kw_only=True)
class LocalText:
    lang: str
    text: str


class ClaimsBasis(StrEnum):
    """Which version of the claims a claim set is; higher wins on merge."""

    AS_FILED = "as-filed"
    AS_PUBLISHED = "as-published"
    AMENDED = "amended"
    GRANTED = "granted"

    @property
    def rank(self) -> int:
        return list(ClaimsBasis).index(self)


@dataclass(frozen=True, kw_only=True)
class ClaimSet:
    """All claims of one language from one source document."""

    lang: str
    basis: ClaimsBasis
    claims: tuple[Claim, ...]
    source: str = ""  # source file name
    as_of: date | None = None  # date of the document that states these claims


@dataclass(frozen=True, kw_only=True)
class SourceRef:
    """Where part of a record came from: file name, SHA-256 of its bytes, format, document."""

    file: str
    sha256: str
    format: str  # "uspto-xml", "ep-xml", "jpo-xml", "jpo-json", "csv", "jsonl"
    document: str = ""  # document kind or index within a bulk file, e.g. "B1", "A523", "#3"
    recovered: bool = False  # parsed in recovery mode from malformed input
    warnings: tuple[str, ...] = ()
    date: date | None = None  # the date the document states about itself (drafting/dispatch)


@dataclass(frozen=True, kw_only=True)
class Patent:
    """One patent right (or application) as the ingested sources describe it."""

    number: PatentNumber  # canonical: grant > publication > application
    numbers: tuple[PatentNumber, ...]  # every known identifier (includes `number`)
    titles: tuple[LocalText, ...] = ()
    lang: str | None = None  # language of the proceedings / original text
    dates: PatentDates = field(default_factory=PatentDates)
    parties: tuple[Party, ...] = ()
    classifications: tuple[Classification, ...] = ()
    priorities: tuple[PriorityClaim, ...] = ()
    family: tuple[FamilyLink, ...] = ()
    claim_sets: tuple[ClaimSet, ...] = ()
    abstracts: tuple[LocalText, ...] = ()
    status: PatentStatus = PatentStatus.UNKNOWN
    term: TermFacts = field(default_factory=TermFacts)
    sources: tuple[SourceRef, ...] = ()
    citations: tuple[Citation, ...] = ()  # documents this patent's documents cite

    @property
    def title(self) -> str | None:
        """Title in the proceedings language, else English, else the first known."""
        return _pick_text(self.titles, self.lang)

    @property
    def abstract(self) -> str | None:
        return _pick_text(self.abstracts, self.lang)

    @property
    def claims(self) -> tuple[Claim, ...]:
        """All claims of all languages, proceedings language first."""
        sets = sorted(self.claim_sets, key=lambda s: (s.lang != self.lang, s.lang))
        return tuple(c for s in sets for c in s.claims)

    def number_of(self, kind: NumberType) -> PatentNumber | None:
        return next((n for n in self.numbers if n.type is kind), None)


def _pick_text(texts: tuple[LocalText, ...], lang: str | None) -> str | None:
    for wanted in (lang, "en"):
        for t in texts:
            if t.lang == wanted:
                return t.text
    return texts[0].text if texts else None


_TYPE_RANK = {NumberType.GRANT: 0, NumberType.PUBLICATION: 1, None: 2, NumberType.APPLICATION: 3}


def canonical_number(numbers: Iterable[PatentNumber]) -> PatentNumber:
    """The number a patent is known by: its grant, else its publication, else its application."""
    ordered = sorted(numbers, key=lambda n: (_TYPE_RANK[n.type], n.kind is None, n.number))
    if not ordered:
        raise ValueError("a patent needs at least one number")
    return ordered[0]


def _union(*groups: Iterable[object]) -> tuple[object, ...]:
    seen: dict[object, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)


def _merge_numbers(
    a: Iterable[PatentNumber], b: Iterable[PatentNumber]
) -> tuple[PatentNumber, ...]:
    """Union by key; a number with a kind code (or type) replaces the same number without."""
    by_key: dict[tuple[str, str, str], PatentNumber] = {}
    for n in (*a, *b):
        old = by_key.get(n.key)
        if old is None or (old.kind is None and n.kind) or (old.type is None and n.type):
            by_key[n.key] = n
        elif old.kind and n.kind and old.kind != n.kind and n.type is NumberType.GRANT:
            by_key[n.key] = n  # EP A1 then B1: the grant kind wins
    return tuple(by_key.values())


def _merge_claim_sets(a: tuple[ClaimSet, ...], b: tuple[ClaimSet, ...]) -> tuple[ClaimSet, ...]:
    """Per language keep the most authoritative set: higher basis, then later document."""
    best: dict[str, ClaimSet] = {}
    for s in (*a, *b):
        old = best.get(s.lang)
        if old is None or (s.basis.rank, s.as_of or date.min) >= (
            old.basis.rank,
            old.as_of or date.min,
        ):
            best[s.lang] = s
    return tuple(best.values())


def _first(*values: object) -> object:
    return next((v for v in values if v not in (None, (), "")), None)


def merge(old: Patent, new: Patent) -> Patent:
    """Combine two records of the same patent; ``new`` wins where both state a fact.

    Lists (numbers, parties, classifications, family, sources, citations) are unioned;
    claim sets keep, per language, the most authoritative version.
    """
    numbers = _merge_numbers(old.numbers, new.numbers)
    od, nd = old.dates, new.dates
    dates = PatentDates(
        filing=nd.filing or od.filing,
        priority=min((d for d in (nd.priority, od.priority) if d), default=None),
        publication=min((d for d in (nd.publication, od.publication) if d), default=None),
        grant=nd.grant or od.grant,
    )
    term_fields = {
        f: _first(getattr(new.term, f), getattr(old.term, f))
        for f in TermFacts.__dataclass_fields__
    }
    status = new.status if new.status is not PatentStatus.UNKNOWN else old.status
    titles = {t.lang: t for t in (*old.titles, *new.titles)}
    abstracts = {t.lang: t for t in (*old.abstracts, *new.abstracts)}
    parties = new.parties or old.parties
    if new.parties and old.parties:
        # Keep roles the new record does not state (e.g. inventors from the publication).
        new_roles = {p.role for p in new.parties}
        parties = new.parties + tuple(p for p in old.parties if p.role not in new_roles)
    return replace(
        new,
        number=canonical_number(numbers),
        numbers=numbers,
        titles=tuple(titles.values()),
        lang=new.lang or old.lang,
        dates=dates,
        parties=parties,
        classifications=_union(old.classifications, new.classifications),  # type: ignore[arg-type]
        priorities=_union(old.priorities, new.priorities),  # type: ignore[arg-type]
        family=_union(old.family, new.family),  # type: ignore[arg-type]
        claim_sets=_merge_claim_sets(old.claim_sets, new.claim_sets),
        abstracts=tuple(abstracts.values()),
        status=status,
        term=TermFacts(**term_fields),  # type: ignore[arg-type]
        sources=_union(old.sources, new.sources),  # type: ignore[arg-type]
        citations=_union(old.citations, new.citations),  # type: ignore[arg-type]
    )
