"""Score every (open patent, SME) pair and shortlist the best SMEs per patent.

>>> lists = match(patents=read_catalogue(a), smes=read_smes(b), on=today)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kizuna.domain.matching.scoring import (
    WEIGHTS,
    OpenPatent,
    PairScore,
    SmeProfile,
    industry_fit,
    life_fit,
    process_fit,
)
from kizuna.errors import InvalidValueError

__all__ = ["Shortlist", "match", "shortlist_json"]

MAX_PAIRS = 1_000_000


@dataclass(frozen=True, kw_only=True)
class Shortlist:
    patent: OpenPatent
    pairs: tuple[PairScore, ...]


def _patent_text(p: OpenPatent) -> str:
    return " ".join((p.title, p.summary, *p.processes))


def match(
    *,
    patents: Sequence[OpenPatent],
    smes: Sequence[SmeProfile],
    on: date,
    region: str = "",
    top: int = 10,
    text_only: bool = False,
) -> list[Shortlist]:
    """For each patent, the ``top`` SMEs (in ``region`` if given) by score, explained.

    ``text_only`` scores by BM25 alone (the benchmark's baseline).
    """
    from kizuna.adapters.text.bm25 import BM25Index
    from kizuna.adapters.text.tokenise import tokenise

    if region:
        smes = [s for s in smes if region in (s.prefecture, s.city, f"{s.prefecture}{s.city}")]
    if len(patents) * len(smes) > MAX_PAIRS:
        raise InvalidValueError(
            f"{len(patents)} patents × {len(smes)} SMEs: at most {MAX_PAIRS} pairs at once"
        )
    documents = [tokenise(s.text(), "ja") for s in smes]
    index = BM25Index(documents)
    result = []
    for patent in patents:
        query = tokenise(_patent_text(patent), "ja")
        raw = [float(x) for x in index.scores(query)] if smes else []
        best = max(raw, default=0.0)
        query_terms = set(query)
        life = life_fit(patent, on)
        pairs = []
        for sme, score, tokens in zip(smes, raw, documents, strict=True):
            text = score / best if best > 0 else 0.0
            shared: tuple[str, ...] = ()
            if text_only:
                parts = {"text": text}
                total = text
            else:
                fit, shared = process_fit(patent, sme)
                parts = {
                    "text": text,
                    "process": fit,
                    "industry": industry_fit(patent, sme),
                    "life": life,
                }
                total = sum(WEIGHTS[k] * v for k, v in parts.items())
            common = tuple(sorted(query_terms & set(tokens), key=lambda t: -len(t)))
            pairs.append(
                PairScore(
                    patent=patent.id,
                    sme=sme.name,
                    score=total,
                    parts=parts,
                    shared_processes=shared,
                    shared_terms=common,
                )
            )
        pairs.sort(key=lambda p: (-p.score, p.sme))
        result.append(Shortlist(patent=patent, pairs=tuple(pairs[:top])))
    return result


def shortlist_json(shortlists: Sequence[Shortlist]) -> dict[str, object]:
    """``kizuna match run --json`` (docs/json.md)."""
    return {
        "weights": WEIGHTS,
        "shortlists": [
            {
                "patent": s.patent.id,
                "number": s.patent.number,
                "title": s.patent.title,
                "owner": s.patent.owner,
                "terms": s.patent.terms,
                "candidates": [
                    {
                        "sme": p.sme,
                        "score": round(p.score, 4),
                        "parts": {k: round(v, 4) for k, v in p.parts.items()},
                        "explanation": p.explanation,
                    }
                    for p in s.pairs
                ],
            }
            for s in shortlists
        ],
        "notice": "Candidates for a coordinator's judgement; an introduction needs a visit.",
    }
