"""EPO OPS answers saved by ``kizuna fetch`` (exchange format): ``biblio`` and ``claims``.

``READER`` is the :class:`~kizuna.adapters.sources.base.SourceReader` for the
format ``ops-xml``; see ``docs/formats/fetch.md`` for the fields read.
"""

from __future__ import annotations

from kizuna.adapters.sources.epo_ops.read import OpsXmlReader

__all__ = ["READER", "OpsXmlReader"]

READER = OpsXmlReader()
