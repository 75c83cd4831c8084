"""Landscape plots (matplotlib): field x company heatmap, expiry timeline, target funnel.

Each function returns the image as bytes (PNG or SVG); callers write them
atomically or serve them. Labels mix Japanese and English, so the plots use
the Noto Sans CJK JP font found through fontconfig (Debian ``fonts-noto-cjk``);
without a CJK font the plot fails with one clear line rather than drawing
empty boxes. SVG text is kept as text (``svg.fonttype = none``).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from kizuna.errors import InvalidValueError

__all__ = ["CJK_FONT", "FORMATS", "expiry_plot", "funnel_plot", "heatmap_plot"]

CJK_FONT = "Noto Sans CJK JP"
FORMATS = ("png", "svg")
_NOTICE = "Kizuna — analytical aid, not a legal opinion"


def _pyplot() -> Any:
    """pyplot on the Agg backend with the CJK font as default family."""
    try:
        matplotlib = importlib.import_module("matplotlib")
        matplotlib.use("Agg")
        plt = importlib.import_module("matplotlib.pyplot")
        font_manager = importlib.import_module("matplotlib.font_manager")
    except ImportError:
        raise InvalidValueError(
            "plots need matplotlib (pip install 'kizuna[bench]' or pip install matplotlib)"
        ) from None
    try:
        font_manager.findfont(
            font_manager.FontProperties(family=CJK_FONT), fallback_to_default=False
        )
    except ValueError:
        raise InvalidValueError(
            f"no CJK font: install {CJK_FONT!r} (Debian: apt-get install fonts-noto-cjk) "
            "so Japanese labels can render"
        ) from None
    plt.rcParams["font.family"] = [CJK_FONT, "DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"
    return plt


def _save(plt: Any, figure: Any, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InvalidValueError(f"plot format {fmt!r}: use png or svg")
    figure.text(0.99, 0.01, _NOTICE, ha="right", va="bottom", fontsize=6, color="#777777")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()


def heatmap_plot(
    rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float]], *,
    title: str, fmt: str = "png", label: str = "best pair score / 最高スコア",
) -> bytes:
    """Field (rows) x company (columns) heatmap of ``values`` (0-100; ``label`` says what)."""
    plt = _pyplot()
    width = max(6.0, 0.55 * len(columns) + 3.5)
    height = max(3.0, 0.4 * len(rows) + 2.2)
    figure, axis = plt.subplots(figsize=(width, height), layout="constrained")
    if not rows or not columns:
        axis.text(0.5, 0.5, "no scored pairs / スコア対象なし", ha="center", va="center")
        axis.set_axis_off()
        axis.set_title(title, fontsize=10)
        return _save(plt, figure, fmt)
    image = axis.imshow(values, cmap="YlOrRd", vmin=0, vmax=100, aspect="auto")
    axis.set_xticks(range(len(columns)), labels=columns, rotation=55, ha="right", fontsize=8)
    axis.set_yticks(range(len(rows)), labels=rows, fontsize=8)
    for r, line in enumerate(values):
        for c, value in enumerate(line):
            if value > 0:
                axis.text(c, r, f"{value:.0f}", ha="center", va="center", fontsize=6)
    figure.colorbar(image, ax=axis, label=label)
    axis.set_title(title, fontsize=10)
    return _save(plt, figure, fmt)


def expiry_plot(
    items: Sequence[tuple[str, date, str]], *, as_of: date, title: str, fmt: str = "png"
) -> bytes:
    """Timeline of (label, expiry, group) points, one row per patent, coloured by group."""
    plt = _pyplot()
    ordered = sorted(items, key=lambda item: (item[1], item[0]))
    figure, axis = plt.subplots(
        figsize=(9, max(4.0, 0.22 * len(ordered) + 2.5)), layout="constrained"
    )
    groups = sorted({g for _, _, g in ordered})
    colours = plt.get_cmap("tab10" if len(groups) <= 10 else "tab20")
    for n, group in enumerate(groups):
        points = [(d, r) for r, (_, d, g) in enumerate(ordered) if g == group]
        axis.scatter([d for d, _ in points], [r for _, r in points], s=18,
                     color=colours(n % colours.N), label=group, zorder=3)
    axis.axvline(as_of, color="#444444", linestyle="--", linewidth=1)
    axis.set_ylim(-1, len(ordered) + 1)
    axis.text(as_of, len(ordered), f" {as_of.isoformat()}", fontsize=7, va="bottom")
    axis.set_yticks(range(len(ordered)), labels=[label for label, _, _ in ordered], fontsize=6)
    axis.set_xlabel("expiry / 存続期間満了日")
    axis.grid(axis="x", alpha=0.3)
    if groups:
        axis.legend(fontsize=6, loc="lower right", framealpha=0.8)
    axis.set_title(title, fontsize=10)
    return _save(plt, figure, fmt)


def funnel_plot(stages: Sequence[tuple[str, int]], *, title: str, fmt: str = "png") -> bytes:
    """Horizontal funnel: one bar per stage, widest at the top, counts at the ends."""
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(8, 0.6 * len(stages) + 1.6), layout="constrained")
    labels = [label for label, _ in stages]
    counts = [count for _, count in stages]
    positions = list(range(len(stages)))[::-1]
    axis.barh(positions, counts, color="#c0392b", alpha=0.8)
    axis.set_yticks(positions, labels=labels, fontsize=8)
    top = max(counts, default=0) or 1
    for y, count in zip(positions, counts, strict=True):
        axis.text(count + top * 0.01, y, f"{count:,}", va="center", fontsize=8)
    axis.set_xlim(0, top * 1.15)
    axis.set_xlabel("(patent, company) pairs / ペア数")
    axis.set_title(title, fontsize=10)
    return _save(plt, figure, fmt)
