"""Write a corpus job's result table as Parquet or CSV (by the file's suffix), atomically.

CSV is UTF-8 with a byte-order mark, so Excel shows Japanese names correctly;
list values are joined with ``;`` and nested values written as JSON. Parquet
keeps lists as lists and nested values as JSON text.

    >>> write_result(Path("landscape.csv"), rows, ["number", "relevance"])  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kizuna.adapters.corpus.store import atomic_write_bytes
from kizuna.errors import InvalidValueError

__all__ = ["RESULT_SUFFIXES", "check_result_path", "write_result"]

RESULT_SUFFIXES = (".parquet", ".csv")


def check_result_path(path: Path) -> str:
    """The format of ``path`` (``parquet`` or ``csv``); checked before any work starts."""
    suffix = path.suffix.lower()
    if suffix not in RESULT_SUFFIXES:
        raise InvalidValueError(f"--out {path.name}: the file must end in .parquet or .csv")
    if not path.parent.is_dir():
        raise InvalidValueError(f"--out {path}: the folder {path.parent} does not exist")
    return suffix.lstrip(".")


def _flat(value: Any, *, csv_cell: bool) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)) and csv_cell:
        return ";".join(str(v) for v in value)
    return value


def write_result(path: Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write ``rows`` (only ``columns``, in that order) to ``path``."""
    if check_result_path(path) == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else _flat(row.get(c), csv_cell=True)
                             for c in columns])
        atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
        return
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pa.Table.from_pylist(
        [{c: _flat(row.get(c), csv_cell=False) for c in columns} for row in rows])
    if not rows:
        table = pa.table({c: pa.array([], pa.string()) for c in columns})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(path, sink.getvalue().to_pybytes())
