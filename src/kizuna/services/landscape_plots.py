"""The three landscape plots from the stored portfolio and companies.

    >>> png = plot_landscape(database, kind="funnel")  # doctest: +SKIP

``heatmap``: WIPO field x company, each cell the best score of a pair whose
patent is in the field (or the company's activity, ``value="activity"``), for
the companies with the best pairs. ``expiry``: each patent's expiry date,
coloured by its first field or its country. ``funnel``: pairs kept at each
stage of targeting (docs/landscape.md).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from kizuna.adapters.exports import landscape_plots as plots
from kizuna.domain.landscape import PatentProfile
from kizuna.domain.targets import TargetWeights
from kizuna.errors import InvalidValueError
from kizuna.services.landscape import portfolio_profiles
from kizuna.services.target_inputs import PairContext
from kizuna.services.target_scoring import ScoreMatrix, score_matrix
from kizuna.services.targets import TargetSources, prepare, rank_with

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["KINDS", "plot_landscape"]

KINDS = ("heatmap", "expiry", "funnel")
_MAX_COMPANIES = 15


def _heatmap(matrix: ScoreMatrix, ctx: PairContext, value: str, fmt: str) -> bytes:
    grid = np.where(np.isfinite(matrix.score), matrix.score, 0.0)
    if value == "activity":
        grid = np.where(np.isfinite(matrix.score), matrix.activity * 100.0, 0.0)
    fields = sorted({f for p in ctx.profiles for f in p.fields})
    best = grid.max(axis=0) if grid.size else np.zeros(0)
    columns = [int(j) for j in np.argsort(-best, kind="stable")[:_MAX_COMPANIES]]
    values = []
    for f in fields:
        rows = [i for i, p in enumerate(ctx.profiles) if f in p.fields]
        values.append([float(grid[rows, j].max()) for j in columns])
    title = ("Field x company: best pair score / 分野×企業 最高スコア" if value == "score"
             else "Field x company: activity / 分野×企業 事業活動")
    return plots.heatmap_plot(
        [f"{f.number} {f.name}" for f in fields],
        [ctx.companies[j].display_name for j in columns], values, title=title, fmt=fmt,
    )


def _first_field(profile: PatentProfile) -> str:
    return profile.fields[0].name if profile.fields else "unclassified / 未分類"


def plot_landscape(
    database: Database,
    *,
    kind: str,
    fmt: str = "png",
    as_of: date | None = None,
    top: int = 10,
    weights: TargetWeights | None = None,
    colour_by: str = "field",
    value: str = "score",
    sources: TargetSources | None = None,
) -> bytes:
    """One landscape plot (``heatmap``, ``expiry`` or ``funnel``) as PNG or SVG bytes."""
    if kind not in KINDS:
        raise InvalidValueError(f"--kind {kind!r}: use one of {', '.join(KINDS)}")
    if fmt not in plots.FORMATS:
        raise InvalidValueError(f"plot format {fmt!r}: use png or svg")
    as_of = as_of or date.today()
    if kind == "expiry":
        if colour_by not in {"field", "country"}:
            raise InvalidValueError(f"--colour {colour_by!r}: use field or country")
        items = [
            (p.number, p.expiry, p.country if colour_by == "country" else _first_field(p))
            for p in portfolio_profiles(database, as_of=as_of) if p.expiry is not None
        ]
        return plots.expiry_plot(items, as_of=as_of, fmt=fmt,
                                 title="Portfolio expiry / ポートフォリオ満了時期")
    inputs, ctx = prepare(database, as_of=as_of, sources=sources)
    weights = weights or TargetWeights()
    if kind == "heatmap":
        if value not in {"score", "activity"}:
            raise InvalidValueError(f"--value {value!r}: use score or activity")
        return _heatmap(score_matrix(inputs, weights), ctx, value, fmt)
    ranking = rank_with(inputs, ctx, weights=weights, top=top, as_of=as_of)
    stages = [(f"{s.label_ja}\n{s.label}", s.count) for s in ranking.funnel]
    return plots.funnel_plot(stages, title="Target funnel / ターゲット選定ファネル", fmt=fmt)
