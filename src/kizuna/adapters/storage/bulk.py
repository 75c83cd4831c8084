"""Bulk ``INSERT`` of many rows straight through the DBAPI cursor's ``executemany``.

SQLAlchemy Core spends more time building the parameters of a large
``executemany`` (a dict per row, looked up by bind name) than the database
spends inserting them. :func:`insert_rows` compiles each table's ``INSERT``
once per dialect, turns the rows into plain parameter tuples (or dicts, for a
named paramstyle such as psycopg's) with the same bind processors SQLAlchemy
would apply (dates and times as SQLite stores them, JSON, booleans), and runs
it with :meth:`Connection.exec_driver_sql`, which keeps the connection's
transaction, savepoints and the wrapping of DBAPI errors in SQLAlchemy's own.

    >>> insert_rows(session.connection(), patent_titles, rows)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = ["insert_rows"]


@dataclass(frozen=True)
class _Insert:
    """A table's compiled INSERT for one dialect and one set of columns."""

    sql: str
    keys: tuple[str, ...]  # bind names, in the statement's parameter order if positional
    positional: bool
    processed: tuple[tuple[int, Callable[[Any], Any]], ...]  # (index in keys, bind processor)

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        """One parameter tuple (positional) or dict (named) per row."""
        get = itemgetter(*self.keys, *self.keys[:1])  # two keys at least: always a tuple
        if not self.processed:  # nothing to convert: one C-level pass
            if self.positional:
                return [get(r)[:-1] for r in rows]
            return [dict(zip(self.keys, get(r), strict=False)) for r in rows]
        values = [list(get(r))[:-1] for r in rows]
        for index, process in self.processed:
            for row in values:
                row[index] = process(row[index])
        if self.positional:
            return [tuple(v) for v in values]
        return [dict(zip(self.keys, v, strict=True)) for v in values]


@lru_cache(maxsize=64)
def _compiled(table: sa.Table, dialect: Dialect, columns: tuple[str, ...]) -> _Insert:
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=list(columns))
    positional = bool(compiled.positional)
    keys = tuple(compiled.positiontup or ()) if positional else columns
    processed = []
    for index, key in enumerate(keys):
        column_type = table.c[key].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processed.append((index, process))
    return _Insert(sql=compiled.string, keys=keys, positional=positional,
                   processed=tuple(processed))


def insert_rows(connection: sa.Connection, table: sa.Table,
                rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, column names) into ``table`` in one go."""
    if not rows:
        return
    insert = _compiled(table, connection.dialect, tuple(rows[0]))
    connection.exec_driver_sql(insert.sql, insert.parameters(rows))
