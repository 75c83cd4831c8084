"""The synthetic corpus generators of benchmarks/corpus.py (benchmarks/synthetic.py).

``mixed`` must make distinct documents (the ``templates`` near-copies made BM25 and dense
figures at 1M meaningless), deterministically by seed, with a vocabulary larger than the
samples' own; ``templates`` stays as it was so the earlier figures can be reproduced.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _corpus_module() -> Any:
    # Loaded by path, as scripts/demo_corpus.py loads it (benchmarks/ is not a package).
    spec = importlib.util.spec_from_file_location("bench_corpus_test",
                                                  ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> Any:
    return _corpus_module()


def _words(record: dict[str, Any]) -> set[str]:
    text = " ".join([record["title"], record["abstract"], *(c["text"] for c in record["claims"])])
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}|[\u4e00-\u9fff]{2,}", text)}


def test_mixed_is_deterministic_by_seed(corpus):
    one, again, other = (corpus.generator("mixed", seed) for seed in (3, 3, 4))
    assert [one(i) for i in range(50)] == [again(i) for i in range(50)]
    assert [one(i)["claims"] for i in range(50)] != [other(i)["claims"] for i in range(50)]


def test_mixed_documents_are_distinct(corpus):
    make = corpus.generator("mixed", 0)
    records = [make(i) for i in range(1000)]
    claims = {"\n".join(c["text"] for c in r["claims"]) for r in records}
    abstracts = [r["abstract"] for r in records if r["abstract"]]  # some samples have none
    assert len(claims) == 1000
    assert len(set(abstracts)) == len(abstracts) > 500
    assert len({r["number"] for r in records}) == 1000


def test_mixed_vocabulary_is_larger_and_long_tailed(corpus):
    bases = corpus._base_records()
    template_words = set().union(*(_words({**b, "claims": [{"text": t} for t in b["claims"]]})
                                   for b in bases))
    make = corpus.generator("mixed", 0)
    frequency = Counter(w for i in range(2000) for w in _words(make(i)))
    assert len(frequency) > 2 * len(template_words)
    # Document frequencies vary (posting lists of many lengths), unlike the near-copies
    # where each template word is in every copy of its template.
    rare = sum(1 for n in frequency.values() if n <= 2)
    assert rare > len(frequency) / 2
    assert max(frequency.values()) > 500


def test_mixed_keeps_topic_fields_and_language(corpus):
    bases = corpus._base_records()
    make = corpus.generator("mixed", 0)
    for index in range(len(bases)):
        record, base = make(index), bases[index]
        assert record["lang"] == base["lang"]
        assert record["cpc"] == base["cpc"]
        assert len(record["claims"]) == len(base["claims"])
        if base["lang"] == "ja":  # Japanese stays Japanese
            assert re.search(r"[\u3040-\u30ff]", record["claims"][0]["text"])


def test_templates_generator_is_unchanged(corpus):
    # The first generator's records, kept so its figures (benchmarks/README.md) reproduce.
    make = corpus.generator("templates")
    bases = corpus._base_records()
    record = make(40)
    assert record["title"] == bases[40 % len(bases)]["title"]
    assert sorted(record["abstract"].split()) == sorted(bases[40 % len(bases)]["abstract"].split())
    assert record["number"][-2:] in ("B2", "B1") or record["number"].endswith("A")


def test_unknown_generator_is_refused(corpus):
    with pytest.raises(ValueError, match="--synthetic: unknown generator 'other'"):
        corpus.generator("other")


def test_make_corpus_writes_jsonl_of_the_generator(corpus, tmp_path):
    files = corpus.make_corpus(tmp_path, 7, per_file=3, synthetic="mixed", seed=1)
    assert [p.name for p in files] == [f"synthetic-000{i}.jsonl" for i in range(3)]
    rows = [json.loads(line) for p in files for line in p.read_text("utf-8").splitlines()]
    make = corpus.generator("mixed", 1)
    assert rows == [make(i) for i in range(7)]
