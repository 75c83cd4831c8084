"""EPO ``ep-patent-document`` XML (DTD v1.0 to v1.5.1): one Patent per file.

``READER`` is the :class:`~kizuna.adapters.sources.base.SourceReader` for the
format ``ep-xml``; see ``docs/formats/ep-xml.md`` for what is read and how
malformed published files are repaired.
"""

from __future__ import annotations

from kizuna.adapters.sources.ep_xml.read import EpXmlReader, document_to_patent

__all__ = ["READER", "EpXmlReader", "document_to_patent"]

READER = EpXmlReader()
