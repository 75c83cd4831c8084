"""Fetch single patent documents from the offices' APIs; save them; optionally ingest them.

:func:`fetch_documents` reads every number first (a bad number stops the run
before any request), picks each number's office (``auto``: from its country
code), checks that the user set the credentials of every office it needs,
then asks the offices one number at a time. A number the office does not know,
or a refusal, goes into ``FetchReport.failed`` and the others go on.

The answers are saved as the office sent them (``--out DIR``; written to a
temporary name and renamed, so a file is whole or absent) and ``ingest=True``
stores them through :func:`kizuna.services.ingest.ingest_paths`: the same
readers, validation, per-document transaction and report as ``kizuna ingest``.

    >>> report = fetch_documents(numbers=["EP3404678B1"], fetchers=build_fetchers(settings),
    ...                          out_dir=Path("fetched"))  # doctest: +SKIP
    >>> report.to_json()["fetched"][0]["files"][0]["name"]  # doctest: +SKIP
    'EP3404678B1.ops-biblio.xml'
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kizuna.domain.ids import PatentNumber, parse_number
from kizuna.errors import InvalidNumberError, InvalidValueError, KizunaError
from kizuna.services.fetch.ports import DocumentFetcher, FetchedDocument
from kizuna.services.ingest import IngestReport

__all__ = ["MAX_NUMBERS", "NOTICE", "OFFICES", "FetchReport", "fetch_documents"]

Office = Literal["ep", "us", "jp", "auto"]
OFFICES: tuple[str, ...] = ("ep", "us", "jp")
MAX_NUMBERS = 100
"""Numbers per run: single documents, not bulk downloads (use the offices' bulk files)."""
NOTICE = ("Documents as the offices publish them through their APIs, fetched with your own "
          "credentials; bibliographic evidence, not a legal opinion on status or scope.")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_COUNTRY_OFFICE = {"EP": "ep", "US": "us", "JP": "jp"}


@dataclass(kw_only=True)
class FetchReport:
    """What a fetch run did; :meth:`to_json` is a documented interface (docs/json.md)."""

    fetched: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    ingest: IngestReport | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"fetched", "failed", "ingest", "notice"}``."""
        return {
            "fetched": list(self.fetched),
            "failed": list(self.failed),
            "ingest": self.ingest.to_json() if self.ingest is not None else None,
            "notice": NOTICE,
        }


def fetch_documents(
    *,
    numbers: Sequence[str],
    fetchers: Mapping[str, DocumentFetcher],
    office: Office = "auto",
    out_dir: Path | None = None,
    ingest: Callable[[Sequence[Path]], IngestReport] | None = None,
) -> FetchReport:
    """Fetch each number from its office; see the module docstring.

    Raises :class:`~kizuna.errors.InvalidNumberError` for an unreadable number and
    :class:`~kizuna.errors.InvalidValueError` for too many numbers, an office that
    cannot serve a number, or missing credentials, all before the first request.
    """
    plan = _plan(numbers, office)
    for name in dict.fromkeys(office_name for _, office_name in plan):
        fetchers[name].check()
    if out_dir is not None:
        _prepare(out_dir)
    report = FetchReport()
    with tempfile.TemporaryDirectory(prefix="kizuna-fetch-") as scratch:
        folder = out_dir if out_dir is not None else Path(scratch)
        saved: list[Path] = []
        for number, office_name in plan:
            try:
                document = fetchers[office_name].fetch(number)
            except KizunaError as exc:
                report.failed.append({"number": number.compact, "error": str(exc)})
                continue
            paths = _save(document, folder) if (out_dir is not None or ingest) else []
            saved.extend(paths)
            report.fetched.append(_entry(document, paths if out_dir is not None else None))
        if ingest is not None and saved:
            report.ingest = ingest(saved)
    return report


def _plan(numbers: Sequence[str], office: Office) -> list[tuple[PatentNumber, str]]:
    if not numbers:
        raise InvalidValueError("give at least one patent number to fetch")
    if len(numbers) > MAX_NUMBERS:
        raise InvalidValueError(f"{len(numbers)} numbers given; fetch at most {MAX_NUMBERS} "
                                "per run (bulk data comes from the offices' bulk files)")
    plan: list[tuple[PatentNumber, str]] = []
    for text in numbers:
        number = parse_number(text)
        chosen = _COUNTRY_OFFICE.get(number.country) if office == "auto" else office
        if chosen is None:
            raise InvalidNumberError(f"{text}: no office API for {number.country} numbers; "
                                     "fetch EP, US or JP numbers")
        if _COUNTRY_OFFICE.get(number.country) != chosen:
            raise InvalidValueError(f"{text}: a {number.country} number cannot be fetched from "
                                    f"--office {chosen}")
        plan.append((number, chosen))
    return plan


def _prepare(folder: Path) -> None:
    """Create ``--out`` before any request, so a bad folder costs no office quota."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidValueError(f"--out {folder}: cannot create the folder: "
                                f"{exc.strerror or exc}") from exc


def _save(document: FetchedDocument, folder: Path) -> list[Path]:
    paths: list[Path] = []
    for item in document.files:
        if not _SAFE_NAME.match(item.name):
            raise InvalidValueError(f"{item.name!r}: not a safe file name for a fetched document")
        target = folder / item.name
        try:
            _write_atomically(target, item.data)
        except OSError as exc:
            raise InvalidValueError(f"{target}: cannot write the fetched file: "
                                    f"{exc.strerror or exc}") from exc
        paths.append(target)
    return paths


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, then rename: whole or absent."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".fetch-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _entry(document: FetchedDocument, paths: list[Path] | None) -> dict[str, Any]:
    files = [{"name": item.name, "bytes": len(item.data),
              "path": str(paths[index]) if paths else None}
             for index, item in enumerate(document.files)]
    return {"number": document.number, "office": document.office, "files": files,
            "notes": list(document.notes)}
