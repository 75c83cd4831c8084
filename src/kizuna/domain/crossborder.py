"""Cross-border exposure: how far a foreign service's acts may be worked in Japan.

For each exposure :class:`~kizuna.domain.company.Signal` the assessment shows
whether the company record has it, its weight, and the fact of **Dwango v.
FC2, Supreme Court, 2025-03-03** (docs/legal-facts.md section 4, item 3,
sources S59-S63) that it corresponds to. The score is the sum of the weights
of the signals present (weights sum to 1.0); the level is ``high`` (>= 0.6),
``medium`` (>= 0.3), ``low`` (> 0) or ``none``. A Japanese company (country
``JP``) works in Japan by definition: it is ``domestic`` with score 1.0.

The weights are ours, for prioritising, not the court's: the Supreme Court
decided on the facts and did not adopt the lower court's abstract test, so
the reach of the ruling is unsettled [S63]. The table is mirrored in
``kizuna/data/exposure_signals.csv`` (a test keeps them equal).

    >>> from kizuna.domain.company import Company
    >>> assess_exposure(Company(name_en="FC2, Inc.", country="US",
    ...                         signals=("servers-abroad", "effect-in-japan"))).level
    'medium'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kizuna.domain.company import Company, Signal

__all__ = [
    "CAVEAT",
    "LEVELS",
    "SIGNAL_FACTS",
    "ExposureAssessment",
    "ExposureFactor",
    "SignalFact",
    "assess_exposure",
    "level_for",
]

CAVEAT = (
    "An indicator for prioritising, not a legal conclusion or legal opinion: the weights are "
    "Kizuna's, the Supreme Court in Dwango v. FC2 (2025-03-03) decided on its facts and did not "
    "adopt an abstract test, so the reach of the ruling is unsettled (docs/legal-facts.md §4, S63)."
)
_CASE = "Dwango v. FC2, Supreme Court, 2025-03-03"
_SOURCE = "docs/legal-facts.md §4 item 3 (S59-S62)"

#: Score thresholds of the levels, highest first.
LEVELS = (("high", 0.6), ("medium", 0.3))


@dataclass(frozen=True, kw_only=True)
class SignalFact:
    """One signal's weight and the fact of the ruling it bears on."""

    signal: Signal
    label: str
    weight: float
    fact: str
    source: str


def _fact(signal: Signal, label: str, weight: float, fact: str) -> SignalFact:
    return SignalFact(signal=signal, label=label, weight=weight, fact=fact, source=_SOURCE)


#: The signals, their weights and the facts (docs/legal-facts.md §4 item 3).
SIGNAL_FACTS: Mapping[Signal, SignalFact] = {
    f.signal: f
    for f in (
        _fact(Signal.SERVERS_ABROAD, "Servers abroad deliver programs to terminals in Japan", 0.20,
              f"{_CASE}, Case 1: sending a program from a US server to users' terminals in Japan "
              "was 'provision through a telecommunications line' (Art. 2(3)(i)); Case 2: a system "
              "of a US server and Japanese terminals was 'production' in Japan"),
        _fact(Signal.EFFECT_IN_JAPAN, "The invention's effect is realised in Japan", 0.25,
              f"{_CASE}, Case 1 fact (b): the invention's effect is realised on terminals in "
              "Japan through the installed program; lower-court factor: where the invention's "
              "effect is obtained"),
        _fact(Signal.JA_UI, "Japanese-language user interface", 0.15,
              f"{_CASE}, Case 1 fact (a): the program is sent automatically when a user in Japan "
              "opens the viewing page; lower-court factor: how the act was specifically carried "
              "out"),
        _fact(Signal.JPY_PRICING, "Prices in yen", 0.10,
              "Lower-court factor (IP High Court Grand Panel, 2023-05-26): the impact on the "
              "patentee's economic interests (in Japan)"),
        _fact(Signal.JP_TERMS, "Japanese terms of sale / 特定商取引法に基づく表記", 0.10,
              "Lower-court factor (IP High Court Grand Panel, 2023-05-26): how the act was "
              "specifically carried out (directed at users in Japan)"),
        _fact(Signal.JP_SUBSIDIARY, "Japanese subsidiary or branch", 0.10,
              "Lower-court factor (IP High Court Grand Panel, 2023-05-26): the function and role "
              "of the elements located in Japan"),
        _fact(Signal.JP_DOMAIN, ".jp domain", 0.05,
              f"{_CASE}, Case 1 fact (a): delivery when a user in Japan opens the page; (Kizuna's "
              "reading: a .jp domain suggests users in Japan)"),
        _fact(Signal.JP_APP_STORE, "Listed in a Japanese app store", 0.05,
              f"{_CASE}, Case 1: provision of a program to terminals in Japan; (Kizuna's "
              "reading: a Japanese app-store listing suggests such provision)"),
    )
}


@dataclass(frozen=True, kw_only=True)
class ExposureFactor:
    """One signal in an assessment: present or not, weight, contribution, fact."""

    signal: str
    label: str
    present: bool
    weight: float
    contribution: float
    fact: str
    source: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict of every field."""
        return {
            "signal": self.signal,
            "label": self.label,
            "present": self.present,
            "weight": self.weight,
            "contribution": self.contribution,
            "fact": self.fact,
            "source": self.source,
        }


@dataclass(frozen=True, kw_only=True)
class ExposureAssessment:
    """The exposure of one company; ``level`` is high/medium/low/none, or domestic."""

    company: str
    country: str
    domestic: bool
    score: float
    level: str
    factors: tuple[ExposureFactor, ...]
    other_signals: tuple[str, ...]
    caveat: str = CAVEAT

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: company, country, domestic, score, level, factors, other_signals,
        caveat."""
        return {
            "company": self.company,
            "country": self.country,
            "domestic": self.domestic,
            "score": self.score,
            "level": self.level,
            "factors": [f.to_json() for f in self.factors],
            "other_signals": list(self.other_signals),
            "caveat": self.caveat,
        }


def level_for(score: float) -> str:
    """``high`` (>= 0.6), ``medium`` (>= 0.3), ``low`` (> 0) or ``none``."""
    for name, floor in LEVELS:
        if score >= floor:
            return name
    return "low" if score > 0 else "none"


def _known(signal: str) -> Signal | None:
    try:
        return Signal(signal.strip().lower().replace("_", "-").replace(" ", "-"))
    except ValueError:
        return None


def assess_exposure(
    company: Company, facts: Mapping[Signal, SignalFact] = SIGNAL_FACTS
) -> ExposureAssessment:
    """Assess ``company``'s exposure from its recorded signals (an indicator, see CAVEAT).

    A Japanese company is ``domestic`` (score 1.0); its signals are still listed.
    Signals that are not :class:`Signal` codes are kept in ``other_signals``, unscored.

    >>> assess_exposure(Company(name_ja="トヨタ自動車株式会社")).level
    'domestic'
    """
    present = {s for s in map(_known, company.signals) if s is not None}
    others = tuple(s for s in company.signals if _known(s) is None)
    factors = tuple(
        ExposureFactor(
            signal=f.signal.value,
            label=f.label,
            present=f.signal in present,
            weight=f.weight,
            contribution=f.weight if f.signal in present else 0.0,
            fact=f.fact,
            source=f.source,
        )
        for f in facts.values()
    )
    if company.is_japanese:
        score, level = 1.0, "domestic"
    else:
        score = round(min(1.0, sum(f.contribution for f in factors)), 4)
        level = level_for(score)
    return ExposureAssessment(
        company=company.display_name,
        country=company.country,
        domestic=company.is_japanese,
        score=score,
        level=level,
        factors=factors,
        other_signals=others,
    )
