"""Corpus filings as the activity factor of ``kizuna targets rank --activity-from-corpus DIR``.

The applicant counts of ``kizuna corpus applicants``
(:class:`~kizuna.services.corpus.applicants.PartitionCounter`: a document counts
once per applicant and WIPO field, in every year, optionally one office only) are
turned into filings per (company, field): an applicant
key counts for the companies the build resolved it to (``company_ids``) or,
failing that, the company its printed name resolves to now
(:class:`~kizuna.services.company_resolution.CompanyIndex`, the resolver of
``kizuna companies resolve``). The ranking then uses, per company and field,
the larger of these corpus filings and the portfolio's own applicant links
(the larger, not the sum: a portfolio patent that is also in the corpus is
not counted twice). The activity factor is ``n / (n + 2)`` of the filings
``n`` in the patent's fields (docs/targets.md), so a company filing in a
patent's fields scores higher. Filing counts are evidence of activity, not of
use of any invention.

    >>> filings, summary = corpus_filings(corpus=Path("c"), companies=companies)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kizuna.adapters.corpus.store import CorpusLayout, read_manifest
from kizuna.domain.company import Company
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.corpus.applicants import PartitionCounter

__all__ = ["FIELD_COUNT", "corpus_filings"]

FIELD_COUNT = 35  # WIPO technology fields 1..35 (the columns of the filings matrix)


def corpus_filings(
    *, corpus: Path, companies: Sequence[Company], jurisdiction: str | None = None,
) -> tuple[npt.NDArray[np.float64], dict[str, Any]]:
    """Filings per (company, WIPO field) in ``corpus``; rows in the order of ``companies``.

    Also returns a summary for the ranking's JSON: the corpus, documents counted,
    applicants matched to a company.
    """
    from kizuna.services.company_resolution import CompanyIndex

    if jurisdiction is not None and not (len(jurisdiction) == 2 and jurisdiction.isalpha()):
        raise InvalidValueError(f"--activity-jurisdiction: {jurisdiction!r} is not a "
                                "two-letter office code (JP, US, EP)")
    manifest = read_manifest(CorpusLayout(corpus))
    if manifest is None:
        raise NotFoundError(f"--activity-from-corpus {corpus}: not a built corpus (no "
                            "manifest.json)")
    office = jurisdiction.upper() if jurisdiction else None
    counter = PartitionCounter(corpus=str(corpus), jurisdiction=office, fields=(),
                               year_from=None, year_to=None)
    column = {c.id: j for j, c in enumerate(companies) if c.id is not None}
    index = CompanyIndex(list(companies))
    filings = np.zeros((len(companies), FIELD_COUNT))
    documents = 0
    matched: set[str] = set()
    resolved: dict[str, list[int]] = {}
    for name in manifest.partitions():
        for result in counter(name):
            documents += result["documents"]
            for key, printed in result["names"].items():
                if key not in resolved:
                    ids = [i for i in result["companies"].get(key, []) if i in column]
                    if not ids:
                        match = index.resolve(printed).match
                        ids = [match.id] if match is not None and match.id in column else []
                    resolved[key] = [column[i] for i in ids if i is not None]
            for key, number, count in result["fields"]:
                if 1 <= number <= FIELD_COUNT:
                    for j in resolved.get(key, []):
                        filings[j, number - 1] += count
                        matched.add(key)
    return filings, {"corpus": str(corpus), "jurisdiction": office, "documents": documents,
                     "applicants_matched": len(matched),
                     "companies_active": int((filings.sum(axis=1) > 0).sum())}
