"""Entity resolution over a set of companies: exact keys, then fuzzy scores (rapidfuzz).

Every name of every company (``name_ja``, ``name_en``, ``name_kana``, aliases,
former names) is normalised once (:func:`kizuna.domain.company_names.normalise_name`).
A query is scored against each name:

- ``corporate_number``: a 13-digit query equal to the stored 法人番号 (1.0);
- ``exact``: equal normalised keys (1.0);
- ``prefix``: the query is the start or end of a longer name (0.75-0.95);
- ``fuzzy``: ``rapidfuzz.fuzz.ratio`` of the keys (0-1).

Each company keeps its best-scoring name; :func:`~kizuna.domain.company_names.decide`
then returns a match only when it is clearly ahead. The rule is reported as
``kind:field`` (``exact:name_en``, ``fuzzy:former_name``…).

    >>> index = CompanyIndex(companies)  # doctest: +SKIP
    >>> index.resolve("(株)トヨタ自動車").match.name_en  # doctest: +SKIP
    'TOYOTA MOTOR CORPORATION'
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from kizuna.domain.company import Company
from kizuna.domain.company_names import (
    CANDIDATE_FLOOR,
    ScoredName,
    corporate_number_query,
    decide,
    normalise_name,
    prefix_score,
)

__all__ = ["MAX_CANDIDATES", "Candidate", "CompanyIndex", "Resolution", "company_ref"]

#: Candidates shown with a resolution, best first.
MAX_CANDIDATES = 5


def company_ref(company: Company) -> dict[str, Any]:
    """``{id, name_ja, name_en, corporate_number}``: how a company is named in JSON."""
    return {
        "id": company.id,
        "name_ja": company.name_ja,
        "name_en": company.name_en,
        "corporate_number": company.corporate_number,
    }


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A company that may be the one meant, with its best name and the rule that scored it."""

    company: Company
    score: float
    matched_name: str
    rule: str

    def to_json(self) -> dict[str, Any]:
        """``{id, name_ja, name_en, corporate_number, score, matched_name, rule}``."""
        return {
            **company_ref(self.company),
            "score": self.score,
            "matched_name": self.matched_name,
            "rule": self.rule,
        }


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """The result of resolving a name: a confident match or None, and the candidates."""

    query: str
    match: Company | None
    score: float
    candidates: list[Candidate]

    @property
    def status(self) -> str:
        """``match``, ``ambiguous`` (candidates but no clear winner) or ``none``."""
        if self.match is not None:
            return "match"
        return "ambiguous" if self.candidates else "none"

    def to_json(self) -> dict[str, Any]:
        """``{"query", "match": {id, name_ja, name_en, corporate_number} | null, "score",
        "status", "candidates": [...]}``; ``score`` is the best candidate's (0.0 if none)."""
        return {
            "query": self.query,
            "match": company_ref(self.match) if self.match else None,
            "score": self.score,
            "status": self.status,
            "candidates": [c.to_json() for c in self.candidates],
        }


@dataclass(frozen=True)
class _Name:
    company_id: int
    field: str
    name: str
    key: str


def _names(company: Company) -> list[tuple[str, str]]:
    fields = [("name_ja", company.name_ja), ("name_en", company.name_en),
              ("name_kana", company.name_kana)]
    named = [(f, n) for f, n in fields if n]
    named += [("alias", a) for a in company.aliases]
    named += [("former_name", n) for n in company.former_names]
    return named


class CompanyIndex:
    """The normalised names of a set of companies, ready to resolve queries against."""

    def __init__(self, companies: Sequence[Company]) -> None:
        self.companies = {c.id: c for c in companies if c.id is not None}
        self.names: list[_Name] = [
            _Name(cid, field, name, normalise_name(name))
            for cid, c in self.companies.items()
            for field, name in _names(c)
        ]
        self.keys = [n.key for n in self.names]
        self.by_key: dict[str, list[_Name]] = defaultdict(list)
        for n in self.names:
            self.by_key[n.key].append(n)
        self.by_number = {c.corporate_number: c for c in self.companies.values()
                          if c.corporate_number}
        self.forward = sorted((n.key, i) for i, n in enumerate(self.names))
        self.backward = sorted((n.key[::-1], i) for i, n in enumerate(self.names))

    def _affixed(self, key: str) -> set[int]:
        """Positions of names that start or end with ``key`` (binary search, not a scan)."""
        found: set[int] = set()
        for table, wanted in ((self.forward, key), (self.backward, key[::-1])):
            start = bisect_left(table, (wanted, -1))
            for stored, position in table[start:]:
                if not stored.startswith(wanted):
                    break
                found.add(position)
        return found

    def score(self, query: str) -> list[ScoredName]:
        """Each company's best-scoring name for ``query`` (above the candidate floor)."""
        number = corporate_number_query(query)
        if number is not None and number in self.by_number:
            company = self.by_number[number]
            assert company.id is not None
            return [ScoredName(company_id=company.id, score=1.0, matched_name=number,
                               rule="corporate_number")]
        key = normalise_name(query)
        if not key:
            return []
        best: dict[int, ScoredName] = {}

        def offer(name: _Name, score: float, kind: str) -> None:
            current = best.get(name.company_id)
            if score >= CANDIDATE_FLOOR and (current is None or score > current.score):
                best[name.company_id] = ScoredName(
                    company_id=name.company_id, score=round(score, 4),
                    matched_name=name.name, rule=f"{kind}:{name.field}")

        for name in self.by_key.get(key, ()):
            offer(name, 1.0, "exact")
        for _, similarity, position in process.extract(
            key, self.keys, scorer=fuzz.ratio, score_cutoff=CANDIDATE_FLOOR * 100, limit=50
        ):
            offer(self.names[position], similarity / 100, "fuzzy")
        for position in self._affixed(key):
            name = self.names[position]
            offer(name, prefix_score(key, name.key), "prefix")
        return sorted(best.values(), key=lambda s: (-s.score, s.company_id))

    def resolve(self, query: str) -> Resolution:
        """Resolve ``query``: the confident match (or None) and up to 5 candidates."""
        scored = self.score(query)
        chosen = decide(scored)
        candidates = [
            Candidate(company=self.companies[s.company_id], score=s.score,
                      matched_name=s.matched_name, rule=s.rule)
            for s in scored[:MAX_CANDIDATES]
        ]
        return Resolution(
            query=query,
            match=self.companies[chosen.company_id] if chosen else None,
            score=scored[0].score if scored else 0.0,
            candidates=candidates,
        )
