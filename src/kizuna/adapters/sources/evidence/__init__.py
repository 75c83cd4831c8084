"""Product evidence files (HTML, PDF, text/Markdown, DOCX) read into citable passages.

:func:`read_evidence` is pure extraction: bytes in, an :class:`ExtractedDoc`
out (title, media type, language, passages with page, heading and paragraph).
It touches no database, so evaluation and benchmarks use it directly.

    >>> doc = read_evidence(Path("tests/data/evidence/aquaflow/aquaflow-ja.md"))  # doctest: +SKIP
    >>> doc.passages[0].location.cite()  # doctest: +SKIP
    '"仕様", ¶ 1'
"""

from __future__ import annotations

from kizuna.adapters.sources.evidence.limits import DEFAULT_LIMITS, EvidenceLimits
from kizuna.adapters.sources.evidence.read import (
    SUPPORTED_SUFFIXES,
    ExtractedDoc,
    check_size,
    media_type_for,
    read_evidence,
)

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "EvidenceLimits",
    "ExtractedDoc",
    "check_size",
    "media_type_for",
    "read_evidence",
]
