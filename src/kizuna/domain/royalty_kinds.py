"""Kinds of royalty comparables: licence rates apart from court awards and offers.

Only licence agreements and surveys are licence rates
(:data:`DEFAULT_BENCHMARK_KINDS`); a court's reasonable-royalty award is set
after infringement and runs higher (:data:`POST_INFRINGEMENT_NOTE`), and an
offer is not a concluded licence. docs/formats/comparables.md lists them.
"""

from __future__ import annotations

from enum import StrEnum

from kizuna.errors import InvalidValueError

__all__ = [
    "DEFAULT_BENCHMARK_KINDS",
    "KIND_ALIASES",
    "POST_INFRINGEMENT_NOTE",
    "ComparableKind",
    "parse_kind",
]


class ComparableKind(StrEnum):
    """What a figure is; only licence agreements and surveys are licence rates."""

    LICENCE_AGREEMENT = "licence_agreement"  # a concluded licence (filing, judgment record)
    SURVEY = "survey"  # a survey of licence rates (JPO/METI, ...)
    COURT_AWARD = "court_award"  # a court's reasonable-royalty award (post-infringement)
    REJECTED_OFFER = "rejected_offer"  # an offer a court or the other side rejected
    LICENCE_OFFER = "licence_offer"  # a published programme rate or offer, not a concluded licence
    COURT_FORMULA = "court_formula"  # an input of a court's formula (aggregate rates)
    ANALYST_ESTIMATE = "analyst_estimate"


#: Names used before the kinds were separated (imports and stored rows keep working).
KIND_ALIASES = {
    "survey_average": ComparableKind.SURVEY,
    "court_rate": ComparableKind.COURT_AWARD,
}

#: What a benchmark uses unless kinds are asked for.
DEFAULT_BENCHMARK_KINDS = (ComparableKind.LICENCE_AGREEMENT, ComparableKind.SURVEY)

#: Why court awards are a separate band (the court's reasoning, as summarised by [S10]).
POST_INFRINGEMENT_NOTE = (
    "Court reasonable-royalty awards are a separate band, not licence rates: a rate set after "
    "infringement runs higher. The IP High Court Grand Panel (2019-06-07, 平成30(ネ)10063) "
    "held that the rate to be imposed ex post on an infringer would be higher than the normal "
    "royalty rate [S10][S15]."
)


def parse_kind(text: str, *, name: str = "kind") -> ComparableKind:
    """A kind by its name or a former name (``survey_average``, ``court_rate``)."""
    value = text.strip().lower()
    if value in KIND_ALIASES:
        return KIND_ALIASES[value]
    try:
        return ComparableKind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in ComparableKind)
        raise InvalidValueError(f"{name} {text!r} is not one of: {allowed}") from None
