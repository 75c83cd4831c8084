"""The evaluation harness: metrics on a hand-computed case, the JSON shape, bad files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kizuna.errors import MalformedDocumentError
from kizuna.services.eval_eou import evaluate_eou, load_cases, mrr, ndcg_at, parse_cases, recall_at

CASES = Path(__file__).resolve().parents[1] / "data" / "eou" / "cases.json"


def test_metrics_on_a_hand_computed_ranking() -> None:
    gold = {"p1": 2, "p4": 1}
    ranking = ["p3", "p1", "p2", "p4"]
    # DCG@3 = 0/log2(2) + 2/log2(3) + 0/log2(4); IDCG = 2/log2(2) + 1/log2(3)
    expected = (2 / math.log2(3)) / (2 + 1 / math.log2(3))
    assert ndcg_at(ranking, gold) == pytest.approx(expected)
    assert recall_at(ranking, gold) == 0.5
    assert mrr(ranking, gold) == 0.5
    assert ndcg_at(["p1", "p4", "p2"], gold) == pytest.approx(1.0)
    assert mrr(["p2"], gold) == 0.0


def test_development_set_is_well_formed_and_covers_all_language_pairs() -> None:
    cases = load_cases(CASES)
    elements = [e for c in cases for e in c.elements]
    assert len(cases) >= 12 and len(elements) >= 60
    pairs = {f"{e.lang}-{c.passage_lang}" for c in cases for e in c.elements}
    assert pairs == {"ja-ja", "ja-en", "en-en", "en-ja"}


def test_json_shape_of_the_report() -> None:
    cases = load_cases(CASES)[:3]
    data = evaluate_eou(cases, method="bm25", embedder="hashing").to_json()
    assert set(data["overall"]) == {"ndcg@3", "recall@3", "mrr", "verdict_agreement",
                                    "balanced_accuracy", "label_consistency"}
    assert data["overall"]["label_consistency"] is None  # no ja/en variants in this set
    assert set(data["by_language_pair"]) == {"ja-ja", "ja-en"}
    case = data["cases"][0]
    assert {"id", "ndcg@3", "recall@3", "mrr", "verdict_agreement", "elements"} <= set(case)
    assert {"id", "lang_pair", "top3", "score", "label", "verdict", "agrees"} <= set(
        case["elements"][0]
    )
    json.dumps(data)


def test_balanced_accuracy_and_label_consistency_on_the_mixed_set() -> None:
    mixed = load_cases(CASES.parent / "mixed.json")
    report = evaluate_eou(mixed, method="bm25", embedder="hashing")
    data = report.to_json()
    assert set(data["by_language_pair"]) == {"ja-mixed", "en-mixed"}
    rows = report.elements
    met = [r for r in rows if r.verdict == "met"]
    not_met = [r for r in rows if r.verdict == "not met"]
    expected = (sum(r.label == "supported" for r in met) / len(met)
                + sum(r.label != "supported" for r in not_met) / len(not_met)) / 2
    assert data["overall"]["balanced_accuracy"] == pytest.approx(expected, abs=1e-4)
    groups: dict[tuple[str, str | None], set[str]] = {}
    for r in rows:
        groups.setdefault((r.case, r.group), set()).add(r.label)
    same = sum(len(labels) == 1 for labels in groups.values()) / len(groups)
    assert data["overall"]["label_consistency"] == pytest.approx(same, abs=1e-4)


def test_mixed_development_set_is_realistic() -> None:
    """About 40 % minority language per pool, a third of elements not met, ja and en variants."""
    mixed = load_cases(CASES.parent / "mixed.json")
    verdicts = [e.verdict for c in mixed for e in c.elements]
    assert verdicts.count("not met") >= len(verdicts) / 3
    for case in mixed:
        langs = [p.lang for p in case.passages]
        assert 0.3 <= min(langs.count("ja"), langs.count("en")) / len(langs) <= 0.5, case.id
        assert {e.lang for e in case.elements} == {"ja", "en"}
        relevant = [sum(g >= 1 for g in e.gold.values()) for e in case.elements]
        assert max(relevant) >= 2, case.id  # several relevant passages for some elements


def test_verdict_agreement_is_null_without_verdicts() -> None:
    raw = {
        "cases": [
            {
                "id": "c",
                "elements": [{"id": "1A", "text": "wireless charging", "lang": "en"}],
                "passages": [{"id": "p1", "text": "wireless charging pad", "lang": "en"}],
                "gold": {"1A": {"p1": 2}},
            }
        ]
    }
    data = evaluate_eou(parse_cases(raw, source="x"), method="bm25", embedder="hashing").to_json()
    assert data["overall"]["verdict_agreement"] is None
    assert data["overall"]["mrr"] == 1.0


@pytest.mark.parametrize(
    ("content", "fault"),
    [
        ("{not json", "not valid JSON"),
        ('{"cases": []}', '"cases" is empty'),
        (
            '{"cases": [{"id": "c", "elements": [{"id": "1A", "text": "x", "lang": "en"}], '
            '"passages": [{"id": "p1", "text": "y", "lang": "en"}], "gold": {"1A": {"p9": 2}}}]}',
            "names passage 'p9'",
        ),
        (
            '{"cases": [{"id": "c", "elements": [{"id": "1A", "text": "x", "lang": "en"}], '
            '"passages": [{"id": "p1", "text": "y", "lang": "en"}], "verdicts": {"1A": "yes"}}]}',
            "must be 'met' or 'not met'",
        ),
        (
            '{"cases": [{"id": "c", "elements": [{"id": "1A", "text": "x", "lang": "de"}], '
            '"passages": [{"id": "p1", "text": "y", "lang": "en"}]}]}',
            "needs lang",
        ),
    ],
)
def test_bad_cases_file_names_the_file_and_the_fault(
    tmp_path: Path, content: str, fault: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MalformedDocumentError, match=fault) as info:
        load_cases(path)
    assert str(info.value).startswith("bad.json: ")
