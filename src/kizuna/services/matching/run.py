"""Score every (open patent, SME) pair and shortlist the best SMEs per patent.

>>> lists = match(patents=read_catalogue(a), smes=read_smes(b), on=today)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kizuna.domain.matching.scoring import (
    WEIGHTS,
    WEIGHTS_LEXICAL,
    OpenPatent,
    PairScore,
    SmeProfile,
    industry_fit,
    life_fit,
    process_fit,
)
from kizuna.errors import InvalidValueError

if TYPE_CHECKING:
    from kizuna.adapters.text.embed import Embedder

__all__ = ["Shortlist", "match", "shortlist_json"]

MAX_PAIRS = 1_000_000


@dataclass(frozen=True, kw_only=True)
class Shortlist:
    patent: OpenPatent
    pairs: tuple[PairScore, ...]
    weights: dict[str, float]


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
    dense: bool = True,
    embedder: Embedder | None = None,
) -> list[Shortlist]:
    """For each patent, the ``top`` SMEs (in ``region`` if given) by score, explained.

    ``text_only`` scores by BM25 alone (the benchmark's baseline); ``dense`` adds the
    embedding score (``embedder``, default USE multilingual; a fake in tests).
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
    dense = dense and not text_only
    weights = {"text": 1.0} if text_only else WEIGHTS if dense else WEIGHTS_LEXICAL
    similarity = _similarity(patents, smes, embedder) if dense and smes and patents else None
    result = []
    for row, patent in enumerate(patents):
        query = tokenise(_patent_text(patent), "ja")
        raw = [float(x) for x in index.scores(query)] if smes else []
        best = max(raw, default=0.0)
        query_terms = set(query)
        life = life_fit(patent, on)
        pairs = []
        closeness = _scaled(similarity[row]) if similarity is not None else None
        for column, (sme, score, tokens) in enumerate(zip(smes, raw, documents, strict=True)):
            text = score / best if best > 0 else 0.0
            shared: tuple[str, ...] = ()
            if text_only:
                parts = {"text": text}
                total = text
            else:
                fit, shared = process_fit(patent, sme)
                parts = {"text": text}
                if closeness is not None:
                    parts["dense"] = closeness[column]
                parts |= {
                    "process": fit,
                    "industry": industry_fit(patent, sme),
                    "life": life,
                }
                total = sum(weights[k] * v for k, v in parts.items())
            common = tuple(sorted(query_terms & set(tokens), key=lambda t: -len(t)))
            pairs.append(
                PairScore(
                    patent=patent.id,
                    sme=sme.name,
                    score=total,
                    parts=parts,
                    shared_processes=shared,
                    shared_terms=common,
                    weights=weights,
                )
            )
        pairs.sort(key=lambda p: (-p.score, p.sme))
        result.append(Shortlist(patent=patent, pairs=tuple(pairs[:top]), weights=weights))
    return result


def _similarity(
    patents: Sequence[OpenPatent], smes: Sequence[SmeProfile], embedder: Embedder | None
) -> list[list[float]]:
    """Cosine of every (patent, SME) pair of texts."""
    if embedder is None:
        from kizuna.adapters.text.embed import USEEmbedder

        embedder = USEEmbedder()
    left = embedder.embed_queries([_patent_text(p) for p in patents])
    right = embedder.embed_passages([s.text() for s in smes])
    matrix = left @ right.T
    return [[float(x) for x in line] for line in matrix]


def _scaled(values: list[float]) -> list[float]:
    """Min-max over the SMEs considered for one patent (0 when they are all alike)."""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def shortlist_json(shortlists: Sequence[Shortlist]) -> dict[str, object]:
    """``kizuna match run --json`` (docs/json.md)."""
    return {
        "weights": shortlists[0].weights if shortlists else WEIGHTS,
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
