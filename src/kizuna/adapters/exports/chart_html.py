"""A claim chart as a printable HTML page (Jinja2 template ``templates/chart.html``).

The same layout as the DOCX export: header block, then *claim element |
evidence of use with citations | assessment*. Japanese spans carry
``lang="ja"`` and a CJK font stack (Noto CJK, Hiragino, Yu, Meiryo); the page
prints A4 landscape with the table header repeated on each page.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kizuna.adapters.exports.chart_common import (
    evidence_lines,
    header_block,
    visible,
    words_for,
)
from kizuna.domain.evidence import ClaimChart, ElementMatch, PassageMatch

__all__ = ["chart_html"]

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _is_ja(text: object) -> bool:
    return isinstance(text, str) and bool(_JAPANESE.search(text))


def chart_html(chart: ClaimChart, lang: str = "en") -> str:
    """The whole HTML document for ``chart`` (reviewed state; rejected passages left out),
    its own words in ``lang`` (``en`` or ``ja``)."""
    words = words_for(lang)

    def evidence(element: ElementMatch) -> list[tuple[str, str, PassageMatch]]:
        return [(*evidence_lines(match, lang), match) for match in visible(element)]

    template = _environment().get_template("chart.html")
    return template.render(
        chart=chart, meta=header_block(chart, lang=lang)[:-1], disclaimer=words.disclaimer,
        is_ja=_is_ja, evidence=evidence, words=words, lang=lang,
    )
