"""Patent Act Art. 102 damages exposure (特許法102条), as low/base/high ranges.

Formulas (LEGAL-FACTS §1.1; text in force since 2020-04-01 [S4]):

- **102(1)(i)** lost profits within the patentee's capacity::

      Q_i  = max(0, min(infringer_units, capacity_units) - unsellable_units)
      D_1i = Q_i x unit_margin                     # patentee's marginal profit [S8]

- **102(1)(ii)** (2019 amendment) royalty on the rest, unless the patentee could
  not have licensed [S5][S6][S7]::

      D_1ii = (infringer_units - Q_i) x unit_price x rate

  Whether the "circumstances" quantity (``unsellable_units``, 特定数量) also earns
  the royalty is UNVERIFIED; ``royalty_on_unsellable=False`` leaves it out.
- **102(2)** infringer's marginal profit (IP High Court Grand Panel 2019-06-07
  [S9][S10]) less the rebutted shares, by reason, plus a 102(3) royalty on the
  part rebutted because the patentee could not have sold it (販売することが
  できない事情: capacity, a different market, competing products, the
  infringer's sales effort), when the patentee could have licensed; none on
  the part rebutted because the invention contributes only part of the
  infringer's profit (寄与率). IP High Court Grand Panel 2022-10-20,
  令和2年(ネ)第10024号 "Massage Chair" [S112][S113][S114]::

      profit = max(0, sales - direct_costs)
      D_2    = profit x (1 - unsellable - contribution) + sales x unsellable x rate

  The two shares are of the whole presumed amount (their sum at most 100 %).

- **102(3)** reasonable royalty, the statutory minimum: ``D_3 = sales x rate``.

Ranges: every input is a :class:`Range` (low <= base <= high). The *low*
scenario takes, for each input, the end that lowers exposure (the low sales,
the high costs and rebuttal…), the *high* scenario the other end; so low and
high bracket every combination of the inputs, since each formula is monotone
in each input. Amounts are rounded ROUND_HALF_UP to the currency's minor unit
for display only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kizuna.domain.money import Money, format_percent, minor_unit, parse_amount, parse_rate
from kizuna.errors import InvalidValueError

__all__ = [
    "INPUTS",
    "DamagesCase",
    "InputSpec",
    "Method",
    "Range",
    "Scenario",
    "ScenarioResult",
    "compute_scenario",
    "parse_range",
]


class Method(StrEnum):
    ART_102_1 = "102-1"
    ART_102_2 = "102-2"
    ART_102_3 = "102-3"


class Scenario(StrEnum):
    LOW = "low"
    BASE = "base"
    HIGH = "high"


@dataclass(frozen=True, kw_only=True)
class Range:
    """Low, base and high values of one input (``low <= base <= high``)."""

    low: Decimal
    base: Decimal
    high: Decimal

    @classmethod
    def point(cls, value: Decimal) -> Range:
        return cls(low=value, base=value, high=value)

    def check(self, name: str) -> None:
        if not self.low <= self.base <= self.high:
            raise InvalidValueError(
                f"--{name}: range {self.low}:{self.base}:{self.high} is out of order "
                "(write low:base:high)"
            )

    def pick(self, scenario: Scenario, *, raises_exposure: bool) -> Decimal:
        """The value for ``scenario``: low exposure takes the end that lowers it."""
        if scenario is Scenario.BASE:
            return self.base
        want_low = (scenario is Scenario.LOW) == raises_exposure
        return self.low if want_low else self.high


@dataclass(frozen=True, kw_only=True)
class InputSpec:
    """One named input: its kind (money, units, rate, share) and direction."""

    name: str
    label: str
    kind: str  # "money" | "units" | "rate" | "share"
    raises_exposure: bool
    default: Decimal | None = None


def _spec(name: str, label: str, kind: str, up: bool, default: str | None = None) -> InputSpec:
    return InputSpec(
        name=name,
        label=label,
        kind=kind,
        raises_exposure=up,
        default=None if default is None else Decimal(default),
    )


#: The inputs of each method, in display order.
INPUTS: dict[Method, tuple[InputSpec, ...]] = {
    Method.ART_102_1: (
        _spec("infringer-units", "units sold by the infringer", "units", True),
        _spec("capacity-units", "units the patentee could have sold (capacity)", "units", True),
        _spec(
            "unsellable-units",
            "units the patentee could not have sold (circumstances)",
            "units",
            False,
            "0",
        ),
        _spec("unit-margin", "patentee's marginal profit per unit", "money", True),
        _spec("unit-price", "infringer's unit price (royalty base)", "money", True, "0"),
        _spec("rate", "reasonable royalty rate for 102(1)(ii)", "rate", True, "0"),
    ),
    Method.ART_102_2: (
        _spec("sales", "infringer's sales", "money", True),
        _spec("direct-costs", "costs directly and additionally incurred", "money", False, "0"),
        _spec(
            "rebuttal-unsellable",
            "share rebutted: patentee could not have sold (capacity, market, competitors)",
            "share",
            False,
            "0",
        ),
        _spec(
            "rebuttal-contribution",
            "share rebutted: the invention drives only part of the profit (寄与率)",
            "share",
            False,
            "0",
        ),
        _spec("rate", "reasonable royalty rate on the unsellable-rebutted part", "rate", True, "0"),
    ),
    Method.ART_102_3: (
        _spec("sales", "infringer's sales", "money", True),
        _spec("rate", "reasonable royalty rate", "rate", True),
    ),
}


def parse_range(text: str, *, name: str, kind: str) -> Range:
    """``"3%:5%:8%"`` or ``"5%"`` → a :class:`Range`; errors name ``--name``."""
    parts = str(text).split(":")
    if len(parts) not in (1, 3) or any(not p.strip() for p in parts):
        raise InvalidValueError(f"--{name}: {text!r} is not a value or low:base:high")
    flag = f"--{name}"
    if kind in ("rate", "share"):
        values = [parse_rate(p, name=flag) for p in parts]
    else:
        values = [parse_amount(p, name=flag) for p in parts]
    result = (
        Range.point(values[0])
        if len(values) == 1
        else Range(low=values[0], base=values[1], high=values[2])
    )
    result.check(name)
    return result


@dataclass(frozen=True, kw_only=True)
class DamagesCase:
    """A method, its currency and its named inputs (missing ones take defaults)."""

    method: Method
    currency: str
    inputs: Mapping[str, Range]
    licensable: bool = True
    royalty_on_unsellable: bool = True

    def __post_init__(self) -> None:
        minor_unit(self.currency)
        specs = {s.name: s for s in INPUTS[self.method]}
        unknown = sorted(set(self.inputs) - set(specs))
        if unknown:
            raise InvalidValueError(
                f"--{unknown[0]}: not an input of Art. {self.method.value} "
                f"(inputs: {', '.join('--' + n for n in specs)})"
            )
        filled: dict[str, Range] = {}
        for name, spec in specs.items():
            if name in self.inputs:
                value = self.inputs[name]
            elif spec.default is not None:
                value = Range.point(spec.default)
            else:
                raise InvalidValueError(
                    f"--{name}: required for Art. {self.method.value} ({spec.label})"
                )
            value.check(name)
            if value.low < 0:
                raise InvalidValueError(f"--{name}: {value.low} is negative")
            if spec.kind in ("rate", "share") and value.high > 1:
                raise InvalidValueError(f"--{name}: {format_percent(value.high)} is above 100%")
            filled[name] = value
        if self.method is Method.ART_102_2:
            both = filled["rebuttal-unsellable"].high + filled["rebuttal-contribution"].high
            if both > 1:
                raise InvalidValueError(
                    f"--rebuttal-unsellable + --rebuttal-contribution: {format_percent(both)} "
                    "is above 100% of the presumed amount"
                )
        object.__setattr__(self, "inputs", filled)

    def values(self, scenario: Scenario) -> dict[str, Decimal]:
        """Each input's value in ``scenario``."""
        specs = {s.name: s for s in INPUTS[self.method]}
        return {
            name: rng.pick(scenario, raises_exposure=specs[name].raises_exposure)
            for name, rng in self.inputs.items()
        }


@dataclass(frozen=True, kw_only=True)
class ScenarioResult:
    """One scenario's amount, its parts and the arithmetic."""

    scenario: Scenario
    values: Mapping[str, Decimal]
    components: tuple[tuple[str, Money], ...]
    total: Money
    steps: tuple[str, ...] = field(default_factory=tuple)


def _fmt(value: Decimal) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def _compute_102_1(
    v: Mapping[str, Decimal], case: DamagesCase
) -> tuple[list[tuple[str, Decimal]], list[str]]:
    sold, cap, unsellable = v["infringer-units"], v["capacity-units"], v["unsellable-units"]
    q_i = max(Decimal(0), min(sold, cap) - unsellable)
    d_1i = q_i * v["unit-margin"]
    royalty_units = sold - q_i if case.royalty_on_unsellable else sold - min(sold, cap)
    d_1ii = royalty_units * v["unit-price"] * v["rate"] if case.licensable else Decimal(0)
    steps = [
        f"Q_i = max(0, min({_fmt(sold)}, {_fmt(cap)}) - {_fmt(unsellable)}) = {_fmt(q_i)} units",
        f"102(1)(i) = {_fmt(q_i)} x {_fmt(v['unit-margin'])} = {_fmt(d_1i)}",
    ]
    if case.licensable:
        steps.append(
            f"102(1)(ii) = {_fmt(royalty_units)} units x {_fmt(v['unit-price'])} x "
            f"{format_percent(v['rate'])} = {_fmt(d_1ii)}"
        )
    else:
        steps.append("102(1)(ii) = 0 (the patentee could not have licensed)")
    return [("102(1)(i) lost profits", d_1i), ("102(1)(ii) royalty on the rest", d_1ii)], steps


def _compute_102_2(
    v: dict[str, Decimal], case: DamagesCase, scenario: Scenario
) -> tuple[list[tuple[str, Decimal]], list[str]]:
    sales, costs = v["sales"], v["direct-costs"]
    profit = max(Decimal(0), sales - costs)
    rate = v["rate"] if case.licensable else Decimal(0)
    if scenario is not Scenario.BASE:
        # the amount is linear in the unsellable share, rising or falling with
        # sales x rate - profit: take the end that gives this scenario's extreme
        ends = case.inputs["rebuttal-unsellable"]
        rising = sales * rate > profit
        v["rebuttal-unsellable"] = ends.high if rising == (scenario is Scenario.HIGH) else ends.low
    unsellable, contribution = v["rebuttal-unsellable"], v["rebuttal-contribution"]
    kept = profit * (1 - unsellable - contribution)
    royalty = sales * unsellable * rate
    steps = [
        f"marginal profit = max(0, {_fmt(sales)} - {_fmt(costs)}) = {_fmt(profit)}",
        f"after rebuttal = {_fmt(profit)} x (1 - {format_percent(unsellable)} - "
        f"{format_percent(contribution)}) = {_fmt(kept)}",
    ]
    if case.licensable:
        steps.append(
            f"102(3) on the unsellable-rebutted part = {_fmt(sales)} x "
            f"{format_percent(unsellable)} x {format_percent(rate)} = {_fmt(royalty)}"
        )
    else:
        steps.append("102(3) on the rebutted part = 0 (the patentee could not have licensed)")
    steps.append("102(3) on the contribution-rebutted part: none (Grand Panel 2022-10-20)")
    return [("102(2) infringer's profit", kept), ("102(3) on rebutted part", royalty)], steps


def _compute_102_3(v: Mapping[str, Decimal]) -> tuple[list[tuple[str, Decimal]], list[str]]:
    amount = v["sales"] * v["rate"]
    steps = [f"102(3) = {_fmt(v['sales'])} x {format_percent(v['rate'])} = {_fmt(amount)}"]
    return [("102(3) reasonable royalty", amount)], steps


def compute_scenario(
    case: DamagesCase, scenario: Scenario, overrides: Mapping[str, Decimal] | None = None
) -> ScenarioResult:
    """Damages for one scenario; ``overrides`` replace inputs (a year's sales)."""
    values = case.values(scenario)
    values.update(overrides or {})
    if case.method is Method.ART_102_1:
        parts, steps = _compute_102_1(values, case)
    elif case.method is Method.ART_102_2:
        parts, steps = _compute_102_2(values, case, scenario)
    else:
        parts, steps = _compute_102_3(values)
    components = tuple((label, Money(amount=a, currency=case.currency)) for label, a in parts)
    total = Money.total((m for _, m in components), case.currency)
    return ScenarioResult(
        scenario=scenario, values=values, components=components, total=total, steps=tuple(steps)
    )


def notes_for(case: DamagesCase) -> Sequence[str]:
    """Legal-basis notes and UNVERIFIED flags for ``case``'s method."""
    notes = [
        "Patent Act Art. 102 (text in force since 2020-04-01) [S4]; negligence presumed "
        "(Art. 103) [S1][S2]; the patentee chooses the method [S3]."
    ]
    if case.method is Method.ART_102_1:
        notes.append(
            "Unit profit is the patentee's marginal profit; capacity may be potential "
            "(IP High Court Grand Panel 2020-02-28, 令和元(ネ)10003) [S8]."
        )
        if case.royalty_on_unsellable:
            notes.append(
                "UNVERIFIED: whether 102(1)(ii) also covers the 'circumstances' "
                "quantity (特定数量) — included here; pass --no-royalty-on-unsellable "
                "to leave it out."
            )
    elif case.method is Method.ART_102_2:
        notes.append(
            "Profit = sales minus costs directly and additionally incurred (IP High "
            "Court Grand Panel 2019-06-07, 平成30(ネ)10063) [S9][S10]."
        )
        notes.append(
            "102(3) royalty on the part rebutted because the patentee could not have sold "
            "(販売することができない事情: capacity, market, competitors, sales effort), when "
            "it could have licensed; none on the part rebutted for the invention's partial "
            "contribution (IP High Court Grand Panel 2022-10-20, 令和2年(ネ)第10024号) "
            "[S112][S113][S114]. Checked against published summaries; the judgment's full "
            "text was not read here."
        )
    else:
        notes.append(
            "102(3) factors: actual or industry rates, the invention's value, its "
            "contribution, the parties' competition [S14]; a post-infringement rate is "
            "naturally higher than an ordinary licence rate [S10][S15]. Any uplift must "
            "be in the --rate you give: none is added."
        )
    return notes
