"""Read the landscape mappings shipped in ``kizuna/data`` and the user's weights file.

``sectors.csv`` (field or IPC group -> sector, weighted), ``sector_labels.csv``
(sector names in English and Japanese, product keywords), ``field_jsic.csv``
(field -> JSIC major groups) and ``jsic.json`` (JSIC rev. 14 names). Their
sources are in ``kizuna/data/SOURCES.md``; the reasoning in docs/landscape.md.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from kizuna.adapters.reference import read_data_text
from kizuna.domain.landscape import LandscapeMap, Sector, SectorRule
from kizuna.domain.targets import TargetWeights
from kizuna.errors import EmptyFileError, MalformedDocumentError, SourceError

__all__ = ["LANDSCAPE_DATA_VERSION", "jsic_names", "landscape_map", "read_weights"]

LANDSCAPE_DATA_VERSION = "kizuna-landscape-2026-11 (sectors.csv, field_jsic.csv, JSIC rev. 14)"


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_data_text(name))))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


@cache
def jsic_names() -> dict[str, tuple[str, str]]:
    """JSIC code (division letter, 2-, 3- and 4-digit) -> (Japanese, English) name."""
    names: dict[str, tuple[str, str]] = {}

    def walk(items: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
        for item in items:
            names[item["code"]] = (item["name"], item["name_en"].capitalize())
            if keys:
                walk(item.get(keys[0], []), keys[1:])

    data = json.loads(read_data_text("jsic.json"))
    walk(
        data["major_categories"],
        ("middle_categories", "minor_categories", "detail_categories"),
    )
    return names


@cache
def landscape_map() -> LandscapeMap:
    """The shipped field -> sector and field -> JSIC mappings."""
    sectors = tuple(
        Sector(
            code=r["sector"],
            name_en=r["name_en"],
            name_ja=r["name_ja"],
            keywords=_split(r["keywords"]),
        )
        for r in _rows("sector_labels.csv")
    )
    rules = tuple(
        SectorRule(
            field_number=int(r["field_number"]),
            sector=r["sector"],
            weight=float(r["weight"]),
            ipc_prefix=r["ipc_prefix"].strip() or None,
        )
        for r in _rows("sectors.csv")
    )
    field_jsic = {int(r["field_number"]): _split(r["jsic"]) for r in _rows("field_jsic.csv")}
    return LandscapeMap(
        sectors=sectors, rules=rules, field_jsic=field_jsic, jsic_names=jsic_names()
    )


def read_weights(path: Path) -> TargetWeights:
    """Target weights from a TOML file; errors name the file and the fault.

    ``remaining_term = 2.0`` at the top level or under ``[weights]``; factors
    left out keep their defaults (docs/landscape.md).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read weights file: {exc.strerror or exc}") from None
    if not data.strip():
        raise EmptyFileError(path, "the weights file is empty")
    try:
        values = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MalformedDocumentError(path, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise MalformedDocumentError(path, f"not valid TOML: {exc}") from None
    return TargetWeights.from_mapping(values, source=path)
