"""PDF from HTML with WeasyPrint, Japanese set in Noto CJK (shared by every PDF export).

WeasyPrint and its Debian libraries (Pango, HarfBuzz subsetting) and the
``fonts-noto-cjk`` package are installed by ``scripts/system-deps.sh``; fonts
are found through fontconfig, so the CSS names the family and nothing is
downloaded. Without HarfBuzz subsetting CJK PDFs are about 9x slower
(DESIGN.md). WeasyPrint is imported only when a PDF is asked for.

Writes are atomic: the PDF is written to a temporary file beside the target
and renamed over it, so a failed render never leaves half a file.
"""

from __future__ import annotations

import importlib
import logging
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from kizuna.errors import InvalidValueError

__all__ = ["CJK_CSS", "html_to_pdf", "write_atomic"]

#: Base stylesheet: Noto CJK JP for Japanese (and Latin), A4 pages with page numbers.
CJK_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
html { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; font-size: 10pt;
       line-height: 1.6; }
:lang(ja) { font-family: "Noto Serif CJK JP", "Noto Sans CJK JP", serif; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #888; padding: 3pt 5pt; vertical-align: top; }
th { background: #eee; }
"""


def _weasyprint() -> Any:
    try:
        module = importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise InvalidValueError(
            "PDF export needs WeasyPrint and its Debian libraries "
            f"(pip install 'kizuna[documents]'; bash scripts/system-deps.sh): {exc}"
        ) from None
    # fontTools logs every subsetting step at INFO; keep the console quiet.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    return module


@cache
def _umask() -> int:
    """The process umask, read once (reading it means setting it for an instant)."""
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; a user's file follows the umask
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def html_to_pdf(html: str, path: Path, *, css: str = "", base_url: str | None = None) -> Path:
    """Render ``html`` (a whole document) to ``path`` with :data:`CJK_CSS` plus ``css``."""
    weasyprint = _weasyprint()
    stylesheets = [weasyprint.CSS(string=CJK_CSS + css)]
    document = weasyprint.HTML(string=html, base_url=base_url)
    data = document.write_pdf(stylesheets=stylesheets)
    return write_atomic(path, data)
