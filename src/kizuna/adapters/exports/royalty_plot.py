"""Benchmark distribution plot (PNG) with matplotlib, an optional dependency.

matplotlib is imported only when a plot is asked for; without it the command
fails with one clear line telling how to install it. Japanese labels need a
CJK font (Debian ``fonts-noto-cjk``); the plot itself uses Latin labels.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from kizuna.domain.money import format_percent
from kizuna.domain.royalty import Benchmark
from kizuna.errors import InvalidValueError

__all__ = ["write_benchmark_plot"]


def _pyplot() -> Any:
    try:
        matplotlib = importlib.import_module("matplotlib")
        matplotlib.use("Agg")
        plt = importlib.import_module("matplotlib.pyplot")
    except ImportError:
        raise InvalidValueError(
            "--plot: matplotlib is not installed (pip install matplotlib); "
            "the text plot above the table shows the same range"
        ) from None
    return plt


def write_benchmark_plot(benchmark: Benchmark, path: Path) -> Path:
    """Strip plot of the rates with the quartile box and median; returns ``path``."""
    plt = _pyplot()
    stats = benchmark.statistics
    rates = [float(c.rate * 100) for c in benchmark.comparables]
    labels = [c.id for c in benchmark.comparables]
    figure, axis = plt.subplots(figsize=(8, 2.8))
    axis.boxplot([rates], orientation="horizontal", whis=(0, 100), widths=0.5)
    axis.scatter(rates, [1.0] * len(rates), zorder=3, s=18)
    for rate, label in zip(rates, labels, strict=True):
        axis.annotate(
            label, (rate, 1.0), xytext=(0, 12), textcoords="offset points", rotation=45, fontsize=6
        )
    axis.set_yticks([])
    axis.set_xlabel("royalty rate (%)")
    axis.set_title(
        f"n={stats.n}, median {format_percent(stats.median)}, "
        f"IQR {format_percent(stats.lower_quartile)}–{format_percent(stats.upper_quartile)}",
        fontsize=9,
    )
    figure.tight_layout()
    figure.savefig(path, dpi=150)
    plt.close(figure)
    return path
