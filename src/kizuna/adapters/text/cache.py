"""On-disk cache of passage vectors and tokens, keyed by model name + SHA-256 of the text.

Embedding is the slow part of retrieval (the multilingual model embeds a few
dozen passages a second on two cores), and evidence is immutable once stored,
so each passage is embedded once per model and read back afterwards. Entries
live in one SQLite file, ``<cache_dir>/retrieval.sqlite3``: table ``vectors``
(model, sha256, dim, float32 bytes) and table ``tokens`` (analyser, sha256,
space-joined tokens). The folder is created on first write, never at import.

Example::

    cache = RetrievalCache(Path(".kizuna-cache"))
    found = cache.get_vectors("e5-small", [text_key("some passage")])
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["RetrievalCache", "text_key"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL, sha256 TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, sha256));
CREATE TABLE IF NOT EXISTS tokens (
    analyser TEXT NOT NULL, sha256 TEXT NOT NULL, tokens TEXT NOT NULL,
    PRIMARY KEY (analyser, sha256));
"""
_CHUNK = 500  # SQLite host-parameter limit is 999 on old builds


def text_key(text: str) -> str:
    """SHA-256 (hex) of ``text`` encoded as UTF-8: the cache key of a passage."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RetrievalCache:
    """Vectors and token lists on disk, with an in-process layer in front."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "retrieval.sqlite3"
        self._vectors: dict[tuple[str, str], npt.NDArray[np.float32]] = {}
        self._tokens: dict[tuple[str, str], list[str]] = {}
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.executescript(_SCHEMA)
        return connection

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The cached vectors of ``keys`` for ``model`` (missing keys are absent)."""
        found = {k: self._vectors[(model, k)] for k in keys if (model, k) in self._vectors}
        wanted = [k for k in dict.fromkeys(keys) if k not in found]
        for key, blob in self._select("SELECT sha256, vector FROM vectors WHERE model = ?",
                                      model, wanted):
            vector = np.frombuffer(blob, dtype=np.float32)
            self._vectors[(model, key)] = vector
            found[key] = vector
        return found

    def _select(self, query: str, owner: str, wanted: Sequence[str]) -> list[tuple[str, Any]]:
        """Rows of ``query`` (``... WHERE model/analyser = ?``) for the ``wanted`` keys."""
        if not wanted or not self.path.exists():
            return []
        found: list[tuple[str, Any]] = []
        with self._lock:
            connection = self._connect()
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.extend(connection.execute(f"{query} AND sha256 IN ({marks})",
                                                (owner, *chunk)))
            connection.close()
        return found

    def put_vectors(self, model: str, items: Mapping[str, npt.NDArray[np.float32]]) -> None:
        """Store vectors for ``model`` (one transaction)."""
        rows = [
            (model, key, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for key, v in items.items()
        ]
        with self._lock:
            connection = self._connect()
            with connection:
                connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
            connection.close()
            for key, vector in items.items():
                self._vectors[(model, key)] = np.asarray(vector, dtype=np.float32)

    def get_tokens(self, analyser: str, keys: Sequence[str]) -> dict[str, list[str]]:
        """The cached token lists of ``keys`` for ``analyser``."""
        found = {k: self._tokens[(analyser, k)] for k in keys if (analyser, k) in self._tokens}
        wanted = [k for k in dict.fromkeys(keys) if k not in found]
        for key, joined in self._select(
            "SELECT sha256, tokens FROM tokens WHERE analyser = ?", analyser, wanted
        ):
            tokens = joined.split(" ") if joined else []
            self._tokens[(analyser, key)] = tokens
            found[key] = tokens
        return found

    def put_tokens(self, analyser: str, items: Iterable[tuple[str, list[str]]]) -> None:
        """Store token lists for ``analyser`` (tokens never contain spaces)."""
        rows = [
            (analyser, key, " ".join(t.replace(" ", "_") for t in tokens)) for key, tokens in items
        ]
        with self._lock:
            connection = self._connect()
            with connection:
                connection.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)", rows)
            connection.close()
            for _, key, joined in rows:
                self._tokens[(analyser, key)] = joined.split(" ") if joined else []
