"""Read the open-patent catalogue and SME profiles (CSV, UTF-8 or cp932; JSONL).

SME files accept Japanese or English headers (docs/matching.md lists both);
lists inside a cell are separated by ``;`` or ``、``. Errors name the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from kizuna.domain.ids import corporate_number_check_digit
from kizuna.domain.matching.scoring import OpenPatent, SmeProfile
from kizuna.errors import InvalidValueError
from kizuna.services.files import read_bounded
from kizuna.services.pools.pool_file import MAX_FILE_BYTES, read_table

__all__ = ["SME_HEADERS", "catalogue_of", "read_catalogue", "read_smes", "rows_of", "smes_of"]

SME_HEADERS = {
    "企業名": "name", "法人番号": "corporate_number", "業種": "jsic", "都道府県": "prefecture",
    "市区町村": "city", "従業員数": "employees", "設備・工程": "processes", "材料": "materials",
    "製品": "products", "技術": "skills", "希望": "wishes", "コーディネーター": "coordinator",
}  # fmt: skip
_SPLIT = re.compile(r"[;、]")


def _rows(path: Path) -> list[dict[str, str]]:
    return rows_of(read_bounded(path, limit=MAX_FILE_BYTES), name=str(path))


def rows_of(data: bytes, *, name: str) -> list[dict[str, str]]:
    """Rows of CSV/XLSX bytes, or of JSONL when ``name`` ends ``.jsonl``."""
    path = name
    if name.lower().endswith(".jsonl"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidValueError(f"{path}: JSONL must be UTF-8") from None
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InvalidValueError(
                        f"{path}: line {number}: not JSON ({exc.msg})"
                    ) from None
                if not isinstance(value, dict):
                    raise InvalidValueError(
                        f"{path}: line {number}: each line must be a JSON object"
                    )
                rows.append({str(k).strip().lower(): _cell(v) for k, v in value.items()})
        return rows
    return read_table(data, path=path)


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def _list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _SPLIT.split(text) if p.strip())


def _required(row: Mapping[str, str], key: str, where: str) -> str:
    value = row.get(key, "").strip()
    if not value:
        raise InvalidValueError(f"{where}: {key} is empty")
    return value


def read_catalogue(path: Path) -> list[OpenPatent]:
    """Open patents: ``id, number, title, summary, owner, jsic, processes, terms, expires``."""
    return catalogue_of(_rows(path), name=str(path))


def catalogue_of(rows: list[dict[str, str]], *, name: str) -> list[OpenPatent]:
    """Open patents from rows already read; errors name ``name`` and the line."""
    path = name
    patents = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}: line {number}"
        expires_text = row.get("expires", "").strip()
        try:
            expires = date.fromisoformat(expires_text) if expires_text else None
        except ValueError:
            raise InvalidValueError(
                f"{where}: expires {expires_text!r} is not a date (YYYY-MM-DD)"
            ) from None
        patents.append(
            OpenPatent(
                id=_required(row, "id", where),
                number=_required(row, "number", where),
                title=_required(row, "title", where),
                summary=row.get("summary", "").strip(),
                owner=row.get("owner", "").strip(),
                jsic=row.get("jsic", "").strip(),
                processes=_list(row.get("processes", "")),
                terms=row.get("terms", "").strip(),
                expires=expires,
            )
        )
    if len({p.id for p in patents}) != len(patents):
        raise InvalidValueError(f"{path}: an id appears twice")
    return patents


def read_smes(path: Path) -> list[SmeProfile]:
    """SME profiles with Japanese (企業名, 業種, 都道府県 …) or English headers."""
    return smes_of(_rows(path), name=str(path))


def smes_of(rows: list[dict[str, str]], *, name: str) -> list[SmeProfile]:
    """SME profiles from rows already read; errors name ``name`` and the line."""
    path = name
    smes = []
    for number, raw in enumerate(rows, start=2):
        row = {SME_HEADERS.get(k, k): v for k, v in raw.items()}
        where = f"{path}: line {number}"
        corporate = row.get("corporate_number", "").strip()
        if corporate and (
            not re.fullmatch(r"\d{13}", corporate)
            or int(corporate[0]) != corporate_number_check_digit(corporate[1:])
        ):
            raise InvalidValueError(f"{where}: 法人番号 {corporate} fails its check digit")
        employees_text = row.get("employees", "").strip()
        if employees_text and not employees_text.isdigit():
            raise InvalidValueError(f"{where}: 従業員数 {employees_text!r} is not a whole number")
        smes.append(
            SmeProfile(
                name=_required(row, "name", where),
                corporate_number=corporate,
                jsic=row.get("jsic", "").strip(),
                prefecture=row.get("prefecture", "").strip(),
                city=row.get("city", "").strip(),
                employees=int(employees_text) if employees_text else None,
                processes=_list(row.get("processes", "")),
                materials=_list(row.get("materials", "")),
                products=_list(row.get("products", "")),
                skills=_list(row.get("skills", "")),
                wishes=row.get("wishes", "").strip(),
                coordinator=row.get("coordinator", "").strip(),
            )
        )
    return smes
