"""Kizuna: an analytical workbench for licensing patents in Japan.

Kizuna presents evidence and estimates; it does not give legal opinions.

The library API (the CLI and the web are thin clients of it)::

    import kizuna
    db = kizuna.open_database("sqlite:///kizuna.db")
    report = kizuna.ingest_paths(paths=[Path("samples")], database=db)
    patent = kizuna.get_patent(database=db, number="特許第7533889号")
    expiry = kizuna.compute_expiry(patent)

The names are imported on first use (PEP 562), so ``import kizuna`` and the
command line start without loading SQLAlchemy, Alembic or the services.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database, open_database
    from kizuna.domain.ids import NumberType, PatentNumber, parse_number
    from kizuna.domain.patent import Patent
    from kizuna.domain.term import compute_expiry, remaining_term
    from kizuna.errors import KizunaError
    from kizuna.services.ingest import IngestReport, ingest_paths
    from kizuna.services.patent_view import patent_to_json
    from kizuna.services.patents import get_patent, list_patents

__version__ = "0.1.0"

_HOMES = {
    "Database": "kizuna.adapters.storage.db",
    "IngestReport": "kizuna.services.ingest",
    "KizunaError": "kizuna.errors",
    "NumberType": "kizuna.domain.ids",
    "Patent": "kizuna.domain.patent",
    "PatentNumber": "kizuna.domain.ids",
    "compute_expiry": "kizuna.domain.term",
    "get_patent": "kizuna.services.patents",
    "ingest_paths": "kizuna.services.ingest",
    "list_patents": "kizuna.services.patents",
    "open_database": "kizuna.adapters.storage.db",
    "parse_number": "kizuna.domain.ids",
    "patent_to_json": "kizuna.services.patent_view",
    "remaining_term": "kizuna.domain.term",
}

__all__ = [
    "Database",
    "IngestReport",
    "KizunaError",
    "NumberType",
    "Patent",
    "PatentNumber",
    "__version__",
    "compute_expiry",
    "get_patent",
    "ingest_paths",
    "list_patents",
    "open_database",
    "parse_number",
    "patent_to_json",
    "remaining_term",
]


def __getattr__(name: str) -> _Any:
    """Import an exported name from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kizuna' has no attribute {name!r}")
    value = getattr(_importlib.import_module(home), name)
    globals()[name] = value
    return value
