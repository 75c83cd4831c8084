"""Open patents and SME profiles, and the explained score of each (patent, SME) pair.

The score (docs/matching.md) is a weighted sum of parts in [0, 1]:

- ``text``: BM25 of the patent's title, summary and processes against the SME's
  products, skills, equipment, materials and wishes (Sudachi normalised forms),
  divided by the best SME's score for that patent;
- ``dense``: cosine of the two texts' multilingual sentence embeddings (USE
  multilingual v3), min-max scaled over the SMEs considered for that patent, so
  an SME that describes the same work in other words (or in English) still scores;
- ``process``: share of the processes the patent needs that the SME runs;
- ``industry``: 1 for the same JSIC division (2 digits), 0.5 for the same major
  group (letter), else 0;
- ``life``: remaining years of the patent, ``min(years, 10) / 10``.

Weights are fixed a priori (:data:`WEIGHTS`), not tuned on the development set: the text
evidence keeps its half of the score, split 3:2 between the lexical and the embedding
signal. Without embeddings (``dense=False``) :data:`WEIGHTS_LEXICAL` applies.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "WEIGHTS",
    "WEIGHTS_LEXICAL",
    "OpenPatent",
    "PairScore",
    "SmeProfile",
    "industry_fit",
    "life_fit",
    "process_fit",
    "terms_of",
]

WEIGHTS: dict[str, float] = {
    "text": 0.3, "dense": 0.2, "process": 0.3, "industry": 0.1, "life": 0.1,
}  # fmt: skip
WEIGHTS_LEXICAL: dict[str, float] = {"text": 0.5, "process": 0.3, "industry": 0.1, "life": 0.1}
LIFE_YEARS = 10


@dataclass(frozen=True, kw_only=True)
class OpenPatent:
    """A patent its owner is willing to license, with a plain-language summary (ja)."""

    id: str
    number: str
    title: str
    summary: str
    owner: str
    jsic: str
    processes: tuple[str, ...]
    terms: str
    expires: date | None


@dataclass(frozen=True, kw_only=True)
class SmeProfile:
    """A small or medium-sized manufacturer as a regional coordinator records it."""

    name: str
    corporate_number: str = ""
    jsic: str = ""
    prefecture: str = ""
    city: str = ""
    employees: int | None = None
    processes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    wishes: str = ""
    coordinator: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    def text(self) -> str:
        """What the text score reads about the SME."""
        return " ".join(
            (*self.products, *self.skills, *self.processes, *self.materials, self.wishes)
        )


@dataclass(frozen=True, kw_only=True)
class PairScore:
    patent: str
    sme: str
    score: float
    parts: dict[str, float]
    shared_processes: tuple[str, ...]
    shared_terms: tuple[str, ...]
    weights: dict[str, float] = field(default_factory=lambda: WEIGHTS)

    @property
    def explanation(self) -> str:
        bits = [
            f"{name} {value:.2f}×{self.weights.get(name, 1.0)}"
            for name, value in self.parts.items()
        ]
        why = []
        if self.shared_processes:
            why.append("processes: " + "、".join(self.shared_processes))
        if self.shared_terms:
            why.append("shared words: " + "、".join(self.shared_terms[:6]))
        return "; ".join([" + ".join(bits), *why])


def terms_of(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFKC", i).strip() for i in items if i.strip())


def process_fit(patent: OpenPatent, sme: SmeProfile) -> tuple[float, tuple[str, ...]]:
    need = terms_of(patent.processes)
    shared = tuple(sorted(need & terms_of(sme.processes)))
    return (len(shared) / len(need) if need else 0.0), shared


def industry_fit(patent: OpenPatent, sme: SmeProfile) -> float:
    a, b = patent.jsic.strip().upper(), sme.jsic.strip().upper()
    if not a or not b:
        return 0.0
    if len(a) >= 3 and len(b) >= 3 and a[:3] == b[:3]:
        return 1.0
    return 0.5 if a[0] == b[0] else 0.0


def life_fit(patent: OpenPatent, on: date) -> float:
    if patent.expires is None:
        return 0.5
    years = max(0.0, (patent.expires - on).days / 365.25)
    return min(years, LIFE_YEARS) / LIFE_YEARS
