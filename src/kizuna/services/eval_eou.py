"""Evaluate evidence-of-use retrieval and labels on graded cases (``kizuna eval eou``).

A cases file (format in ``docs/cli/eval.md``) holds claim elements, passages,
gold grades (2 = the passage shows the element, 1 = partially) and optional
gold verdicts (``met`` / ``not met``). Each element's passages are ranked by a
:class:`~kizuna.adapters.text.retriever.Retriever` and scored with:

- **nDCG@3**: gains are the grades (2/1); DCG = sum of gain / log2(rank + 1)
  over the first three, divided by the ideal DCG;
- **recall@3**: relevant passages (grade >= 1) in the first three / all relevant;
- **MRR**: 1 / rank of the first relevant passage;
- **verdict agreement**: share of elements whose label agrees with the gold
  verdict, ``supported`` counting as ``met`` (``partial`` and ``unsupported``
  as ``not met``);
- **balanced accuracy**: mean of the hit rate on ``met`` elements (labelled
  supported) and on ``not met`` elements (labelled otherwise), so "always
  supported" and "always unsupported" both score 0.5;
- **label consistency**: share of element groups (the same element written in
  Japanese and in English, ``"group"`` in the cases file) whose variants get
  the same label on the same passages; ``null`` when no case has both.

Ranking metrics are averaged over elements that have at least one relevant
passage (an element with none has no ideal ranking); verdict agreement over
elements with a verdict. Overall and per-language-pair figures average over
elements, so large cases weigh more than small ones.

Example::

    cases = load_cases(Path("tests/data/eou/cases.json"))
    report = evaluate_eou(cases, method="hybrid")
    print(report.to_json()["overall"])
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kizuna.domain.charting import THRESHOLDS, Thresholds, element_label
from kizuna.domain.evidence import Location, Passage
from kizuna.errors import MalformedDocumentError

__all__ = [
    "CaseResult",
    "ElementResult",
    "EouCase",
    "EouElement",
    "EouReport",
    "evaluate_eou",
    "load_cases",
    "mrr",
    "ndcg_at",
    "parse_cases",
    "recall_at",
]

VERDICTS = ("met", "not met")
LABEL_DEPTH = 3  # an element's label: the best its first three passages earn (as in a chart)
NOTICE = "Retrieval quality on labelled cases; an analytical aid, not a legal opinion."


@dataclass(frozen=True, kw_only=True)
class EouElement:
    """One element of a case with its gold grades and verdict."""

    id: str
    text: str
    lang: str
    gold: Mapping[str, int]
    verdict: str | None
    group: str | None = None


@dataclass(frozen=True, kw_only=True)
class EouCase:
    """One case: elements ranked against the same passages."""

    id: str
    elements: tuple[EouElement, ...]
    passages: tuple[Passage, ...]

    @property
    def passage_lang(self) -> str:
        """The passages' language: ``mixed`` when the minority language holds 20 % or more."""
        counts = Counter(p.lang for p in self.passages).most_common()
        if len(counts) > 1 and counts[1][1] >= 0.2 * len(self.passages):
            return "mixed"
        return counts[0][0]


def ndcg_at(ranking: Sequence[str], gold: Mapping[str, int], k: int = 3) -> float:
    """nDCG@k with the gold grades as gains.

    >>> ndcg_at(["a", "b", "c"], {"b": 2})
    0.6309297535714575
    """
    dcg = sum(gold.get(pid, 0) / math.log2(rank + 2) for rank, pid in enumerate(ranking[:k]))
    ideal = sorted(gold.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at(ranking: Sequence[str], gold: Mapping[str, int], k: int = 3) -> float:
    """Share of relevant passages (grade >= 1) found in the first ``k``."""
    relevant = {pid for pid, grade in gold.items() if grade >= 1}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def mrr(ranking: Sequence[str], gold: Mapping[str, int]) -> float:
    """Reciprocal rank of the first relevant passage (0 when none is ranked)."""
    for rank, pid in enumerate(ranking, start=1):
        if gold.get(pid, 0) >= 1:
            return 1.0 / rank
    return 0.0


@dataclass(frozen=True, kw_only=True)
class ElementResult:
    """Metrics of one element."""

    id: str
    lang_pair: str
    ranking: tuple[str, ...]
    score: float
    label: str
    verdict: str | None
    ndcg: float | None
    recall: float | None
    mrr: float | None
    group: str | None = None
    case: str = ""

    @property
    def agrees(self) -> bool | None:
        """Whether the label agrees with the gold verdict (None without a verdict)."""
        if self.verdict is None:
            return None
        return (self.label == "supported") == (self.verdict == "met")

    def to_json(self) -> dict[str, Any]:
        """The element's entry in ``cases[].elements``."""
        return {
            "id": self.id,
            "lang_pair": self.lang_pair,
            "top3": list(self.ranking[:3]),
            "score": round(self.score, 4),
            "label": self.label,
            "verdict": self.verdict,
            "agrees": self.agrees,
            "ndcg@3": _r(self.ndcg),
            "recall@3": _r(self.recall),
            "mrr": _r(self.mrr),
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _summary(elements: Sequence[ElementResult]) -> dict[str, Any]:
    ranked = [e for e in elements if e.ndcg is not None]
    judged = [e.agrees for e in elements if e.agrees is not None]

    def mean(values: Sequence[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return round(sum(present) / len(present), 4) if present else None

    return {
        "ndcg@3": mean([e.ndcg for e in ranked]),
        "recall@3": mean([e.recall for e in ranked]),
        "mrr": mean([e.mrr for e in ranked]),
        "verdict_agreement": round(sum(judged) / len(judged), 4) if judged else None,
        "elements": len(elements),
    }


def balanced_accuracy(elements: Sequence[ElementResult]) -> float | None:
    """Mean of the met and not-met hit rates (None unless both verdicts occur)."""
    rates = []
    for verdict in VERDICTS:
        judged = [e.agrees for e in elements if e.verdict == verdict]
        if not judged:
            return None
        rates.append(sum(bool(a) for a in judged) / len(judged))
    return round(sum(rates) / len(rates), 4)


def label_consistency(elements: Sequence[ElementResult]) -> float | None:
    """Share of element groups with ja and en variants whose labels are all equal."""
    groups: dict[tuple[str, str], list[ElementResult]] = {}
    for e in elements:
        if e.group is not None:
            groups.setdefault((e.case, e.group), []).append(e)
    both = [g for g in groups.values() if {e.lang_pair.split("-")[0] for e in g} >= {"ja", "en"}]
    if not both:
        return None
    return round(sum(len({e.label for e in g}) == 1 for g in both) / len(both), 4)


@dataclass(frozen=True, kw_only=True)
class CaseResult:
    """Metrics of one case."""

    id: str
    elements: tuple[ElementResult, ...]

    def to_json(self) -> dict[str, Any]:
        """The case's entry in ``cases``."""
        summary = _summary(self.elements)
        return {
            "id": self.id,
            **{k: summary[k] for k in ("ndcg@3", "recall@3", "mrr", "verdict_agreement")},
            "elements": [e.to_json() for e in self.elements],
        }


@dataclass(frozen=True, kw_only=True)
class EouReport:
    """The evaluation of one method on one cases file."""

    method: str
    cases: tuple[CaseResult, ...]

    @property
    def elements(self) -> list[ElementResult]:
        """Every element result, in case order."""
        return [e for case in self.cases for e in case.elements]

    def to_json(self) -> dict[str, Any]:
        """The documented ``--json`` shape (docs/cli/eval.md)."""
        summary = _summary(self.elements)
        pairs = sorted({e.lang_pair for e in self.elements})
        return {
            "method": self.method,
            "overall": {
                **{k: summary[k] for k in ("ndcg@3", "recall@3", "mrr", "verdict_agreement")},
                "balanced_accuracy": balanced_accuracy(self.elements),
                "label_consistency": label_consistency(self.elements),
            },
            "by_language_pair": {
                pair: _summary([e for e in self.elements if e.lang_pair == pair]) for pair in pairs
            },
            "cases": [case.to_json() for case in self.cases],
            "notice": NOTICE,
        }


def evaluate_eou(
    cases: Sequence[EouCase],
    *,
    method: str = "hybrid",
    embedder: str = "auto",
    retriever: Any = None,
    thresholds: Thresholds = THRESHOLDS,
) -> EouReport:
    """Rank every case's passages for its elements and score them against the gold."""
    from kizuna.adapters.text.retriever import ElementQuery, build_retriever

    if retriever is None:
        retriever = build_retriever(method, embedder=embedder)
    results = []
    for case in cases:
        queries = [ElementQuery(id=e.id, text=e.text, lang=e.lang) for e in case.elements]
        rankings = retriever.rank(queries, case.passages, top_k=len(case.passages))
        elements = []
        for element, hits in zip(case.elements, rankings, strict=True):
            ranking = tuple(h.passage.id for h in hits)
            best = hits[0].score if hits else 0.0
            has_relevant = any(g >= 1 for g in element.gold.values())
            elements.append(
                ElementResult(
                    id=element.id,
                    lang_pair=f"{element.lang}-{case.passage_lang}",
                    ranking=ranking,
                    score=best,
                    group=element.group,
                    case=case.id,
                    label=element_label(hits[:LABEL_DEPTH], thresholds),
                    verdict=element.verdict,
                    ndcg=ndcg_at(ranking, element.gold) if has_relevant else None,
                    recall=recall_at(ranking, element.gold) if has_relevant else None,
                    mrr=mrr(ranking, element.gold) if has_relevant else None,
                )
            )
        results.append(CaseResult(id=case.id, elements=tuple(elements)))
    return EouReport(method=getattr(retriever, "method", method), cases=tuple(results))


def load_cases(path: Path) -> list[EouCase]:
    """Read and check a cases file; errors name the file and the fault."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MalformedDocumentError(path, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise MalformedDocumentError(path, "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise MalformedDocumentError(
            path, f"not valid JSON ({exc.msg}, line {exc.lineno})"
        ) from exc
    return parse_cases(data, source=str(path))


def parse_cases(data: Any, *, source: str) -> list[EouCase]:
    """Check the cases format (see module docstring) and build :class:`EouCase` values."""

    def fault(message: str) -> MalformedDocumentError:
        return MalformedDocumentError(source, message)

    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise fault('expected an object with a "cases" list')
    if not data["cases"]:
        raise fault('"cases" is empty')
    cases, seen = [], set()
    for n, raw in enumerate(data["cases"], start=1):
        if not isinstance(raw, dict):
            raise fault(f"case {n} is not an object")
        case_id = str(raw.get("id") or f"case-{n}")
        if case_id in seen:
            raise fault(f"case id {case_id!r} appears twice")
        seen.add(case_id)
        cases.append(_parse_case(raw, case_id, fault))
    return cases


def _items(raw: dict[str, Any], key: str, case_id: str, fault: Any) -> list[dict[str, Any]]:
    items = raw.get(key)
    if not isinstance(items, list) or not items:
        raise fault(f"case {case_id!r}: {key!r} must be a non-empty list")
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise fault(f"case {case_id!r}: every entry of {key!r} needs a string 'id'")
        if not isinstance(item.get("text"), str) or not item["text"].strip():
            raise fault(f"case {case_id!r}: {key[:-1]} {item['id']!r} has no text")
        if item.get("lang") not in ("ja", "en", "mixed"):
            raise fault(f"case {case_id!r}: {item['id']!r} needs lang 'ja', 'en' or 'mixed'")
    ids = [i["id"] for i in items]
    counts = Counter(ids)
    duplicate = next((i for i in ids if counts[i] > 1), None)
    if duplicate is not None:
        raise fault(f"case {case_id!r}: {key[:-1]} id {duplicate!r} appears twice")
    return items


def _parse_case(raw: dict[str, Any], case_id: str, fault: Any) -> EouCase:
    elements = _items(raw, "elements", case_id, fault)
    passages = _items(raw, "passages", case_id, fault)
    passage_ids = {p["id"] for p in passages}
    element_ids = {e["id"] for e in elements}
    gold = raw.get("gold") or {}
    verdicts = raw.get("verdicts") or {}
    if not isinstance(gold, dict) or not isinstance(verdicts, dict):
        raise fault(f"case {case_id!r}: 'gold' and 'verdicts' must be objects")
    for element_id, grades in gold.items():
        if element_id not in element_ids:
            raise fault(f"case {case_id!r}: gold names element {element_id!r}, not in the case")
        if not isinstance(grades, dict):
            raise fault(f"case {case_id!r}: gold of {element_id!r} must map passage ids to grades")
        for pid, grade in grades.items():
            if pid not in passage_ids:
                raise fault(
                    f"case {case_id!r}: gold of {element_id!r} names passage {pid!r}, "
                    "not in the case"
                )
            if grade not in (0, 1, 2) or isinstance(grade, bool):
                raise fault(
                    f"case {case_id!r}: grade {grade!r} of {element_id!r}/{pid!r} must be 0, 1 or 2"
                )
    for element_id, verdict in verdicts.items():
        if element_id not in element_ids:
            raise fault(f"case {case_id!r}: verdict names element {element_id!r}, not in the case")
        if verdict not in VERDICTS:
            raise fault(
                f"case {case_id!r}: verdict {verdict!r} of {element_id!r} must be "
                "'met' or 'not met'"
            )
    return EouCase(
        id=case_id,
        elements=tuple(
            EouElement(
                id=e["id"],
                text=e["text"],
                lang=e["lang"],
                gold=dict(gold.get(e["id"], {})),
                verdict=verdicts.get(e["id"]),
                group=str(e["group"]) if e.get("group") is not None else None,
            )
            for e in elements
        ),
        passages=tuple(
            Passage(
                id=p["id"],
                index=i,
                text=p["text"],
                lang=p["lang"],
                location=Location(paragraph=i + 1),
            )
            for i, p in enumerate(passages)
        ),
    )
