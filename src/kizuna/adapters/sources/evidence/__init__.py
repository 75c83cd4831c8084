"""Product evidence files (HTML, PDF, text/Markdown, DOCX) read into citable passages.

:func:`read_evidence` is pure extraction: bytes in, an :class:`ExtractedDoc`
out (title, media type, language, passages with page, heading and paragraph).
It touches no database, so evaluation and benchmarks use it directly.
:func:`open_evidence` is the streaming form that storing uses: it hashes and
checks the file in one pass over its chunks, then gives the passages one at a
time, so a large text file never sits in memory whole.

    >>> doc = read_evidence(Path("tests/data/evidence/aquaflow/aquaflow-ja.md"))  # doctest: +SKIP
    >>> doc.passages[0].location.cite()  # doctest: +SKIP
    '"仕様", ¶ 1'
"""

from __future__ import annotations

from kizuna.adapters.sources.evidence.limits import DEFAULT_LIMITS, EvidenceLimits
from kizuna.adapters.sources.evidence.read import (
    SUPPORTED_SUFFIXES,
    EvidenceReader,
    ExtractedDoc,
    check_size,
    media_type_for,
    open_evidence,
    read_evidence,
)

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "EvidenceLimits",
    "EvidenceReader",
    "ExtractedDoc",
    "check_size",
    "media_type_for",
    "open_evidence",
    "read_evidence",
]
