"""``kizuna corpus applicants``: who files where — applicant activity by field and year.

Each partition is counted on its own (:class:`PartitionCounter`, a plain
function of one partition: Ray runs them in parallel, ``use_ray=False`` in a
loop) and the counts are merged. A document counts once for each of its
applicants (no fractional counting), under each WIPO technology field its IPC
(else CPC) symbols reach through the shipped IPC concordance, in its year
(priority, else filing, publication, grant). Applicants are grouped by their
normalised name key, so ``TOYOTA MOTOR CORP`` and ``Toyota Motor Corporation``
are one row; ``company_ids`` links the companies table where the build
resolved them. Counts of filings are activity evidence, not a finding that
anyone uses an invention.

    >>> applicant_activity(corpus=Path("c"), jurisdiction="JP", fields=["H04W"])  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from kizuna.adapters.corpus.store import CorpusLayout, read_manifest
from kizuna.errors import InvalidValueError, NotFoundError

__all__ = ["ActivityReport", "PartitionCounter", "applicant_activity"]

NOTICE = ("Filing counts from the corpus: activity evidence for targeting, not a finding that "
          "any company uses an invention.")
_COLUMNS = ["country", "year", "applicants", "applicant_keys", "company_ids", "ipc", "cpc"]


@dataclass(kw_only=True)
class ActivityReport:
    """Applicants, most documents first; :meth:`to_json` is the ``--json`` shape."""

    concordance: str
    jurisdiction: str | None
    fields: list[str]
    applicants: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0  # documents matching the filters

    def to_json(self) -> dict[str, Any]:
        return {"concordance": self.concordance, "jurisdiction": self.jurisdiction,
                "fields": self.fields, "documents": self.documents,
                "applicants": self.applicants, "notice": NOTICE}


def _wanted_fields(fields: Sequence[str]) -> tuple[set[int], list[str]]:
    numbers: set[int] = set()
    prefixes: list[str] = []
    for raw in fields:
        value = raw.strip().replace(" ", "").upper()
        if value.isdigit() and 1 <= int(value) <= 35:
            numbers.add(int(value))
        elif value and value[0] in "ABCDEFGHY" and len(value) <= 16:
            prefixes.append(value)
        else:
            raise InvalidValueError(f"--fields: {raw!r} is neither a WIPO field number "
                                    "(1-35) nor an IPC/CPC symbol prefix (H04W)")
    return numbers, prefixes


class PartitionCounter:
    """Counts one partition's documents per (applicant key, field, year)."""

    def __init__(self, *, corpus: str, jurisdiction: str | None, fields: Sequence[str],
                 year_from: int | None, year_to: int | None) -> None:
        from kizuna.adapters.reference import field_concordance

        self.layout = CorpusLayout(Path(corpus))
        self.jurisdiction = jurisdiction
        self.numbers, self.prefixes = _wanted_fields(fields)
        self.years = (year_from or 0, year_to or 9999)
        self.concordance = field_concordance()

    def __call__(self, name: str) -> Iterator[dict[str, Any]]:
        rows = pq.read_table(self.layout.document_part(name), columns=_COLUMNS).to_pylist()
        in_field: Counter[tuple[str, int]] = Counter()
        in_year: Counter[tuple[str, int]] = Counter()
        matched = 0
        names: dict[str, str] = {}
        companies: dict[str, set[int]] = defaultdict(set)
        for row in rows:
            year = row["year"]
            if (self.jurisdiction and row["country"] != self.jurisdiction) or year is None \
                    or not self.years[0] <= year <= self.years[1]:
                continue
            codes = [c.replace(" ", "").upper() for c in (row["ipc"] or row["cpc"] or [])]
            if self.prefixes and not any(c.startswith(p) for c in codes for p in self.prefixes):
                continue
            found = [f.number for f in self.concordance.fields_for(row["ipc"] or row["cpc"])]
            if self.numbers and not self.numbers & set(found):
                continue
            matched += 1
            for key, printed in zip(row["applicant_keys"], row["applicants"], strict=False):
                names.setdefault(key, printed)
                companies[key].update(row["company_ids"] or ())
                in_year[(key, year)] += 1
                for number in found or [0]:
                    in_field[(key, number)] += 1
        yield {"fields": [[k, f, n] for (k, f), n in sorted(in_field.items())],
               "years": [[k, y, n] for (k, y), n in sorted(in_year.items())],
               "names": names, "companies": {k: sorted(v) for k, v in companies.items()},
               "documents": matched}


def _encode(result: dict[str, Any]) -> dict[str, Any]:
    return {"json": json.dumps(result, ensure_ascii=False)}


def applicant_activity(
    *, corpus: Path, jurisdiction: str | None = None, fields: Sequence[str] = (),
    year_from: int | None = None, year_to: int | None = None, top: int = 50,
    use_ray: bool = True, workers: int | None = None, ray_address: str | None = None,
) -> ActivityReport:
    """Applicant activity over the corpus at ``corpus``; see the module docstring."""
    if not 1 <= top <= 10_000:
        raise InvalidValueError(f"--top: {top} is not between 1 and 10,000")
    if jurisdiction is not None and not (len(jurisdiction) == 2 and jurisdiction.isalpha()):
        raise InvalidValueError(f"--jurisdiction: {jurisdiction!r} is not a two-letter office "
                                "code (JP, US, EP)")
    layout = CorpusLayout(corpus)
    manifest = read_manifest(layout)
    if manifest is None:
        raise NotFoundError(f"{corpus}: not a built corpus (no manifest.json); build one with "
                            "kizuna corpus build SOURCES --out DIR")
    jurisdiction = jurisdiction.upper() if jurisdiction else None
    args: dict[str, Any] = {"corpus": str(corpus), "jurisdiction": jurisdiction,
                            "fields": list(fields), "year_from": year_from, "year_to": year_to}
    counter = PartitionCounter(**args)  # validates the arguments before any work starts
    partitions = manifest.partitions()
    if use_ray:
        from kizuna.adapters.scale.ray_jobs import ray_map

        results: Iterator[dict[str, Any]] = (
            json.loads(r["json"]) for r in ray_map(
                PartitionCounter, args, partitions, workers=workers or 2,
                address=ray_address, encode=_encode))
    else:
        results = (result for name in partitions for result in counter(name))
    return _merge(results, counter, jurisdiction, list(fields), top)


def _merge(results: Iterator[dict[str, Any]], counter: PartitionCounter,
           jurisdiction: str | None, fields: list[str], top: int) -> ActivityReport:
    by_field: dict[str, Counter[str]] = defaultdict(Counter)
    by_year: dict[str, Counter[int]] = defaultdict(Counter)
    names: dict[str, str] = {}
    companies: dict[str, set[int]] = defaultdict(set)
    field_names = {r.field.number: r.field.name for r in counter.concordance.rows}
    documents = 0
    for result in results:
        documents += result["documents"]
        for key, number, count in result["fields"]:
            by_field[key][field_names.get(number, "unclassified")] += count
        for key, year, count in result["years"]:
            by_year[key][year] += count
        for key, printed in result["names"].items():
            names.setdefault(key, printed)
        for key, ids in result["companies"].items():
            companies[key].update(ids)
    totals = {key: sum(by_year[key].values()) for key in by_year}
    ranked = sorted(totals, key=lambda k: (-totals[k], k))[:top]
    report = ActivityReport(concordance=counter.concordance.version,
                            jurisdiction=jurisdiction, fields=fields)
    report.documents = documents
    report.applicants = [
        {"applicant": names.get(key, key), "key": key, "company_ids": sorted(companies[key]),
         "documents": totals[key], "fields": dict(by_field[key].most_common()),
         "years": {str(y): n for y, n in sorted(by_year[key].items())}}
        for key in ranked]
    return report
