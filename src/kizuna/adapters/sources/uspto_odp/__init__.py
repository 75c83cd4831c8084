"""USPTO Open Data Portal answers saved by ``kizuna fetch`` (Patent File Wrapper JSON).

``READER`` is the :class:`~kizuna.adapters.sources.base.SourceReader` for the
format ``odp-json``; see ``docs/formats/fetch.md`` for the mapping.
"""

from __future__ import annotations

from kizuna.adapters.sources.uspto_odp.read import OdpJsonReader, record_to_patent

__all__ = ["READER", "OdpJsonReader", "record_to_patent"]

READER = OdpJsonReader()
