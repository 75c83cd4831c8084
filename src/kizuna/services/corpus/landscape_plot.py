"""The field x applicant heatmap of a corpus landscape (``kizuna corpus landscape --plot``)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kizuna.errors import InvalidValueError

if TYPE_CHECKING:
    from kizuna.services.corpus.landscape import LandscapeResult

__all__ = ["PLOT_APPLICANTS", "landscape_plot"]

PLOT_APPLICANTS = 15


def landscape_plot(result: LandscapeResult, *, fmt: str = "png") -> bytes:
    """WIPO field x applicant heatmap of the landscape (PNG or SVG bytes).

    Columns: the :data:`PLOT_APPLICANTS` applicants with the most landscape patents;
    each cell the best relevance (x 100) of that applicant's patents in the field.
    """
    from kizuna.adapters.exports import landscape_plots as plots
    from kizuna.adapters.reference import field_concordance

    if fmt not in plots.FORMATS:
        raise InvalidValueError(f"plot format {fmt!r}: use png or svg")
    concordance = field_concordance()
    counts = Counter(a for row in result.patents for a in dict.fromkeys(row["applicants"]))
    applicants = [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                  ][:PLOT_APPLICANTS]
    best: dict[tuple[str, str], float] = {}
    for row in result.patents:
        for found in concordance.fields_for(row["ipc"] or row["cpc"]):
            label = f"{found.number} {found.name}"
            for applicant in row["applicants"]:
                key = (label, applicant)
                best[key] = max(best.get(key, 0.0), 100.0 * row["relevance"])
    fields = sorted({label for label, _ in best}, key=lambda text: int(text.split()[0]))
    values = [[best.get((f, a), 0.0) for a in applicants] for f in fields]
    return plots.heatmap_plot(fields, applicants, values, fmt=fmt,
                              title="Landscape: field x applicant / 分野×出願人",
                              label="best relevance x 100 / 最高関連度")
