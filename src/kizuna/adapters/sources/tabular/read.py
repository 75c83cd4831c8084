"""The tabular source readers: CSV (``csv``) and JSON Lines (``jsonl``).

Each row or line is one Patent. A row whose number or a date cannot be read
is yielded as a :class:`~kizuna.errors.SourceError` naming the file and the
row, and the other rows go on. Columns neither mapping knows are ignored and
listed once, as a warning on every record of the file (and in the log).

CSV text is read as UTF-8 (with or without the BOM Excel writes), else as
cp932 (Shift_JIS as Excel in Japan saves it); a record read as cp932 says so
in its warnings.

    >>> from kizuna.adapters.sources.tabular import CSV_READER
    >>> for result in CSV_READER.read(FileInput(path=Path("export.csv"))):  # doctest: +SKIP
    ...     print(result.number.compact if isinstance(result, Patent) else result)
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.adapters.sources.tabular.columns import ColumnMapping, detect_mapping
from kizuna.adapters.sources.tabular.mapping import (
    Cell,
    RecordContext,
    RowError,
    record_to_patent,
)
from kizuna.errors import (
    EmptyFileError,
    EncodingError,
    MalformedDocumentError,
    UnsupportedFormatError,
)

__all__ = ["CsvReader", "JsonlReader", "decode_text"]

log = logging.getLogger(__name__)
_IGNORED = "columns ignored (not in the mapping): "

_EXPECTED = (
    "expected a Google Patents export (id, title, assignee, inventor/author, …) "
    "or Kizuna columns (number or numbers, title, …)"
)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode a tabular file: UTF-8 (BOM or not), else cp932. Returns (text, encoding)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise EncodingError(name, "the text is neither UTF-8 nor Shift_JIS (cp932); save it as UTF-8")


def _file_warnings(encoding: str, unknown: Sequence[str], name: str) -> list[str]:
    warnings = []
    if encoding == "cp932":
        warnings.append("read as cp932 (Shift_JIS): the file is not UTF-8")
    if unknown:
        warnings.append(_IGNORED + ", ".join(unknown))
    for warning in warnings:
        log.warning("%s: %s", name, warning)
    return warnings


def _one(
    record: Mapping[str, Cell], source: FileInput, fmt: str, where: str,
    mapping: ColumnMapping, warnings: list[str],
) -> ReadResult:
    ctx = RecordContext(
        file=source.name, sha256=source.sha256, format=fmt, where=where,
        mapping=mapping, warnings=list(warnings),
    )
    try:
        return record_to_patent(record, ctx)
    except RowError as exc:
        return MalformedDocumentError(source.path, f"{where}: {exc}")


class CsvReader:
    """Reads a CSV of patents: a Google Patents export or Kizuna's columns."""

    format = "csv"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for ``.csv`` files and for text starting with Google's ``search URL:``."""
        return path.suffix.lower() == ".csv" or head.lstrip(b"\xef\xbb\xbf").startswith(
            b"search URL:"
        )

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield one Patent (or a SourceError) per data row."""
        data = source.read_bytes()
        if not data.strip():
            raise EmptyFileError(source.name, "the file is empty")
        text, encoding = decode_text(data, source.name)
        reader = csv.reader(io.StringIO(text, newline=""))
        header, mapping, row_number = self._header(reader, source.name)
        warnings = _file_warnings(encoding, mapping.unknown(header), source.name)
        fields = [mapping.field_of(column) for column in header]
        for cells in reader:
            start, row_number = row_number + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            record: dict[str, Cell] = {
                f: c for f, c in zip(fields, cells, strict=False) if f is not None
            }
            yield _one(record, source, self.format, f"row {start}", mapping, warnings)

    @staticmethod
    def _header(
        reader: Iterator[list[str]], name: str
    ) -> tuple[list[str], ColumnMapping, int]:
        """Skip Google's ``search URL:`` line; return the header, its mapping, its line."""
        line = 0
        for cells in reader:
            line += 1
            if not cells or cells[0].strip().lower().startswith("search url"):
                continue
            mapping = detect_mapping(cells)
            if mapping is None:
                raise UnsupportedFormatError(
                    name, f"header {', '.join(cells)!r} is not a known mapping: {_EXPECTED}"
                )
            return cells, mapping, line
        raise EmptyFileError(name, "no header row")


class JsonlReader:
    """Reads JSON Lines: one JSON object per line, Kizuna's (or Google's) field names."""

    format = "jsonl"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for ``.jsonl`` / ``.ndjson`` files."""
        return path.suffix.lower() in {".jsonl", ".ndjson"}

    def read(self, source: FileInput) -> Iterator[ReadResult]:
        """Yield one Patent (or a SourceError) per non-blank line."""
        data = source.read_bytes()
        if not data.strip():
            raise EmptyFileError(source.name, "the file is empty")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                source.name, f"JSON Lines must be UTF-8; byte 0x{data[exc.start]:02x} "
                f"at offset {exc.start} is not"
            ) from exc
        logged: set[str] = set()
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield self._line(line, f"line {number}", source, logged)

    def _line(self, line: str, where: str, source: FileInput, logged: set[str]) -> ReadResult:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return MalformedDocumentError(source.path, f"{where}: not valid JSON: {exc.msg}")
        if not isinstance(obj, dict):
            return MalformedDocumentError(source.path, f"{where}: not a JSON object")
        mapping = detect_mapping(obj.keys(), jsonl=True)
        if mapping is None:
            return UnsupportedFormatError(source.path, f"{where}: {_EXPECTED}")
        unknown = mapping.unknown(obj.keys())
        warnings = _file_warnings("utf-8", [k for k in unknown if k not in logged], source.name)
        logged.update(unknown)
        if unknown:  # every record lists what it lost; the log names each column once
            warnings = [f"{_IGNORED}{', '.join(unknown)}"]
        record: dict[str, Cell] = {}
        for key, value in obj.items():
            name = mapping.field_of(key)
            if name is not None:
                record[name] = value
        return _one(record, source, self.format, where, mapping, warnings)
