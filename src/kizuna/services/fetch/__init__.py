"""``kizuna fetch``: single documents from the offices' public APIs, saved and optionally
ingested (:mod:`~kizuna.services.fetch.documents`); the port is
:mod:`~kizuna.services.fetch.ports`."""
