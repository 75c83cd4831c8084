"""Shared set-up for the claim chart tests: sample patents, product evidence, a fake retriever.

The patents are the real JPO, USPTO and EPO samples in tests/data; the product
evidence is in tests/data/charts (see its SOURCES.md). ``OverlapRetriever``
scores a passage by the share of the element's terms it contains (Japanese:
character bigrams; English: the first six letters of words of four or more), so tests do not
depend on embedding models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kizuna.adapters.storage.db import Database
from kizuna.adapters.text.retriever import ElementQuery, Hit
from kizuna.domain.evidence import Passage, ScoreExplanation
from kizuna.services.companies import import_companies
from kizuna.services.evidence import add_evidence
from kizuna.services.ingest import ingest_paths

DATA = Path(__file__).parent / "data"
CHARTS = DATA / "charts"
PATENT_FILES = (
    DATA / "jpo" / "2020123456-progress.json",
    DATA / "jpo" / "2020123456-A523-amendment.xml",
    DATA / "uspto" / "US08930553.xml",
    DATA / "epo" / "grant-v1-5-B1.xml",
)
JP = "JP7533889B2"
US = "US8930553B2"
EP = "EP3404678B1"
MID = "MID-3000"
SIP = "SipGate 5"

_STOP = {"from", "that", "with", "which", "wherei", "this", "will", "their", "there", "into"}
_JA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def terms(text: str) -> set[str]:
    """Japanese character bigrams and English words of four or more letters."""
    japanese = "".join(ch for ch in text if _JA.match(ch))
    grams = {japanese[i:i + 2] for i in range(len(japanese) - 1)}
    words = {w.lower()[:6] for w in re.findall(r"[A-Za-z]{4,}", text)}
    return grams | (words - _STOP)


class OverlapRetriever:
    """A fake retriever: score = share of the element's terms found in the passage."""

    def __init__(self) -> None:
        self.calls: list[list[ElementQuery]] = []

    def rank(self, elements: Sequence[ElementQuery], passages: Sequence[Passage], *,
             top_k: int = 5) -> list[list[Hit]]:
        self.calls.append(list(elements))
        results = []
        for element in elements:
            wanted = terms(element.text)
            hits = []
            for passage in passages:
                found = wanted & terms(passage.text)
                score = len(found) / len(wanted) if wanted else 0.0
                explanation = ScoreExplanation(lexical=score, semantic=0.0, position=0.0,
                                               matched_terms=tuple(sorted(found))[:5])
                hits.append(Hit(passage=passage, score=score, explanation=explanation))
            hits.sort(key=lambda h: -h.score)
            results.append(hits[:top_k])
        return results


def load_samples(database: Database, *, products: bool = True) -> None:
    """Ingest the sample patents and (by default) the two products' first evidence."""
    report = ingest_paths(paths=list(PATENT_FILES), database=database, max_file_bytes=10**8)
    assert not report.failed, report.failed
    if products:
        imported = import_companies(database, CHARTS / "companies.csv")
        assert not imported.failed, imported.failed
        add_evidence(database, [CHARTS / "mid3000-datasheet-ja.md"], product=MID,
                     company="Example Moulding K.K.")
        add_evidence(database, [CHARTS / "sipgate-admin-guide-en.md"], product=SIP,
                     company="Example Voice Inc.")
