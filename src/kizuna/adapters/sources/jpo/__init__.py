"""JPO sources: procedural XML documents and the patent information API's progress JSON.

``XML_READER`` (format ``jpo-xml``) reads amendments (手続補正書), written
opinions (意見書) and notices of reasons for refusal (拒絶理由通知書);
``JSON_READER`` (format ``jpo-json``) reads the progress record
(特許経過情報). See ``docs/formats/jpo.md`` for the field mapping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizuna.adapters.sources.jpo.parse import JpoDocument, claim_text, parse_document
from kizuna.adapters.sources.jpo.progress import ProgressRecord, parse_progress
from kizuna.adapters.sources.jpo.read import (
    JpoProgressReader,
    JpoXmlReader,
    guess_japanese_encoding,
)

if TYPE_CHECKING:
    from kizuna.adapters.sources.base import SourceReader

__all__ = [
    "JSON_READER",
    "XML_READER",
    "JpoDocument",
    "JpoProgressReader",
    "JpoXmlReader",
    "ProgressRecord",
    "claim_text",
    "guess_japanese_encoding",
    "parse_document",
    "parse_progress",
]

XML_READER: SourceReader = JpoXmlReader()
JSON_READER: SourceReader = JpoProgressReader()
