"""Kizuna: an analytical workbench for licensing patents in Japan.

Kizuna presents evidence and estimates; it does not give legal opinions.

The library API (the CLI and the web are thin clients of it)::

    import kizuna
    db = kizuna.open_database("sqlite:///kizuna.db")
    report = kizuna.ingest_paths(paths=[Path("samples")], database=db)
    patent = kizuna.get_patent(database=db, number="特許第7533889号")
    expiry = kizuna.compute_expiry(patent)
"""

from kizuna.adapters.storage.db import Database, open_database
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.domain.patent import Patent
from kizuna.domain.term import compute_expiry, remaining_term
from kizuna.errors import KizunaError
from kizuna.services.ingest import IngestReport, ingest_paths
from kizuna.services.patent_view import patent_to_json
from kizuna.services.patents import get_patent, list_patents

__version__ = "0.1.0"

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
