"""Landscape plots: PNG and SVG are valid and carry their Japanese labels; no CJK font fails."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kizuna.adapters.exports import landscape_plots as plots
from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError
from kizuna.services.landscape_plots import plot_landscape
from tests.landscape_setup import AS_OF, landscape_db, landscape_path, landscape_template

__all__ = ["landscape_db", "landscape_path", "landscape_template"]

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("kind", ["heatmap", "expiry", "funnel"])
def test_each_plot_renders_png_and_svg(landscape_db: Database, kind: str) -> None:
    png = plot_landscape(landscape_db, kind=kind, fmt="png", as_of=AS_OF)
    assert png.startswith(PNG) and len(png) > 10_000
    svg = plot_landscape(landscape_db, kind=kind, fmt="svg", as_of=AS_OF).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert "Noto Sans CJK JP" in svg  # text kept as text, in the CJK font
    assert {"heatmap": "分野×企業", "expiry": "満了", "funnel": "ファネル"}[kind] in svg


def test_bad_kind_and_format(landscape_db: Database) -> None:
    with pytest.raises(InvalidValueError, match="--kind 'pie'"):
        plot_landscape(landscape_db, kind="pie")
    with pytest.raises(InvalidValueError, match="format 'gif'"):
        plot_landscape(landscape_db, kind="funnel", fmt="gif")


def test_without_a_cjk_font_the_plot_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plots, "CJK_FONT", "No Such Font JP")

    def fail(*args: Any, **kwargs: Any) -> None:
        raise ValueError("not found")

    from matplotlib import font_manager

    monkeypatch.setattr(font_manager, "findfont", fail)
    with pytest.raises(InvalidValueError, match="no CJK font"):
        plots.funnel_plot([("a", 1)], title="t")


def test_empty_heatmap_still_renders() -> None:
    data = plots.heatmap_plot([], [], [], title="empty")
    assert data.startswith(PNG)
    assert plots.expiry_plot([("X", date(2030, 1, 1), "g")], as_of=AS_OF, title="t")
