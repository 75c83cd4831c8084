"""Campaign reference data: response periods (settings) and escalation facts.

Both come from the packaged ``kizuna/data/campaign.toml`` (see its SOURCES.md
row). A user's TOML file (``KIZUNA_CAMPAIGN_PERIODS``) with the same
``[periods.<track>]`` / ``[periods.escalation]`` tables overrides the periods it
names; the rest keep their shipped values.

    >>> response_periods()["relationship"]["ringi"]  # doctest: +SKIP
    90
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from kizuna.adapters.reference import read_data_text
from kizuna.domain.campaign_rules import (
    ESCALATIONS,
    TRACKS,
    EscalationFacts,
    EscalationPath,
    stage_keys,
)
from kizuna.errors import InvalidValueError, SourceError

__all__ = ["escalation_paths", "response_periods", "shipped_periods"]

Periods = dict[str, dict[str, int]]


@cache
def _shipped() -> dict[str, Any]:
    return tomllib.loads(read_data_text("campaign.toml"))


def _valid_keys(group: str) -> tuple[str, ...]:
    return tuple(ESCALATIONS) if group == "escalation" else stage_keys(group)


def _periods(table: Mapping[str, Any], origin: str) -> Periods:
    periods: Periods = {}
    for group, values in table.items():
        if group not in (*TRACKS, "escalation") or not isinstance(values, Mapping):
            raise InvalidValueError(
                f"{origin}: [periods.{group}] is not one of: {', '.join((*TRACKS, 'escalation'))}"
            )
        allowed = _valid_keys(group)
        for key, days in values.items():
            if key not in allowed:
                raise InvalidValueError(
                    f"{origin}: [periods.{group}] {key!r} is not one of: {', '.join(allowed)}"
                )
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise InvalidValueError(
                    f"{origin}: [periods.{group}] {key} = {days!r} is not a number of days (>= 0)"
                )
            periods.setdefault(group, {})[key] = days
    return periods


def shipped_periods() -> Periods:
    """The shipped expected response periods in days, by track (and ``escalation``)."""
    return _periods(_shipped().get("periods", {}), "campaign.toml")


def _read_override(path: Path) -> Mapping[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SourceError(path, f"cannot read the periods file: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(path, f"not a valid TOML periods file: {exc}") from None
    periods = data.get("periods")
    if not isinstance(periods, Mapping):
        raise SourceError(path, "no [periods.<track>] table")
    return periods


def response_periods(override: Path | None = None) -> Periods:
    """Shipped periods, with those named in ``override`` (a TOML file) replacing them."""
    periods = shipped_periods()
    if override is not None:
        for group, values in _periods(_read_override(override), override.name).items():
            periods.setdefault(group, {}).update(values)
    return periods


def escalation_paths() -> dict[str, EscalationPath]:
    """:data:`~kizuna.domain.campaign_rules.ESCALATIONS` with their facts and sources."""
    facts = _shipped().get("escalations", {})
    paths = {}
    for key, path in ESCALATIONS.items():
        row = facts.get(key, {})
        paths[key] = replace(
            path,
            facts=EscalationFacts(
                fees=str(row.get("fees", "not recorded")),
                duration=str(row.get("duration", "not recorded")),
                notes=tuple(str(n) for n in row.get("notes", ())),
                sources=str(row.get("sources", "not recorded")),
                as_of=str(row.get("as_of", "not recorded")),
            ),
        )
    return paths
