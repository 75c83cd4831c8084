"""The fast BM25 path gives the result list the query parser and an exhaustive search give.

The corpus is the test samples multiplied into 1,500 distinct documents (words of
abstracts and claims shuffled, seeded), large enough for block-max WAND to skip
blocks. The reference is the search as it was before the fast path: tantivy's query
parser (one nested disjunction per word), a counting (exhaustive) collector, stored
documents found by a term-set search on ``row``, snippets from a full scan of the text.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import tantivy

from kizuna.adapters.corpus.highlight import SNIPPET_CHARS, make_snippet
from kizuna.adapters.corpus.lexical import FIELD_BOOSTS, TEXT_FIELDS, text_query
from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.adapters.text.tokenise import stem, tokenise_en
from kizuna.services.corpus.build import build_corpus
from kizuna.services.corpus.filters import filter_query, parse_filter
from kizuna.services.corpus.search import and_query, open_corpus, search_corpus
from tests.services.corpus.support import SOURCES

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")


def _records(rows: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    rng = random.Random(3)
    records = []
    for index in range(count):
        base = rows[index % len(rows)]
        words = (base["claims_text"] or base["abstract"] or base["title"]).split()
        rng.shuffle(words)
        abstract = (base["abstract"] or "").split()
        rng.shuffle(abstract)
        records.append({
            "number": f"US{40_000_000 + index}B2", "title": base["title"] or "untitled",
            "lang": base["lang"] or "en", "filing_date": f"{1995 + index % 30}-01-01",
            "applicants": [f"Example {index % 17}"], "cpc": list(base["cpc"] or []),
            "abstract": " ".join(abstract),
            "claims": [{"number": 1, "text": " ".join(words)}]})
    return records


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    work = tmp_path_factory.mktemp("fast")
    small = work / "small"
    build_corpus(sources=SOURCES, out=small, embedder="none", use_ray=False, partition_size=50)
    rows = pq.read_table(small / "documents").to_pylist()
    source = work / "many.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for record in _records(rows, 1_500):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    out = work / "corpus"
    build_corpus(sources=[source], out=out, embedder="none", use_ray=False, partition_size=500)
    words = sorted({w for r in rows for w in re.findall(r"[A-Za-z]{3,}", f"{r['title']} "
                                                        f"{r['abstract']} {r['claims_text']}")})
    return out, words


def _reference_query(index: tantivy.Index, text: str, fields: list[str]) -> tantivy.Query:
    boosts = {f: FIELD_BOOSTS[f] for f in fields}
    query, _ = index.parse_query_lenient(text, default_field_names=fields, field_boosts=boosts)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query)])


def _reference_snippet(text: str, query: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    text = " ".join(text.split())
    english = set(tokenise_en(query))
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text[:20_000])
             if stem(unicodedata.normalize("NFKC", m.group()).lower()) in english]
    start = max(0, spans[0][0] - 60) if spans else 0
    end = min(len(text), start + SNIPPET_CHARS)
    prefix, suffix = "…" if start > 0 else "", "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return f"{prefix}{text[start:end]}{suffix}", inside


def _reference(root: Path, query: str, filters: list[str]) -> list[tuple[str, float, str]]:
    handle = open_corpus(root)
    searcher = handle.index.searcher()
    restrict = filter_query(handle.index.schema, [parse_filter(f) for f in filters])
    scoring = and_query(_reference_query(handle.index, query, list(TEXT_FIELDS)), restrict)
    found = searcher.search(scoring, 10, count=True).hits
    out = []
    for score, address in found:
        doc = searcher.doc(address)
        texts = [doc[name][0] if doc[name] else "" for name in ("claims", "abstract", "title")]
        made = [_reference_snippet(text, query) for text in texts]
        snippet = next((s for s, spans in made if spans), made[0][0])
        out.append((doc["number"][0], score, snippet))
    return out


def _queries(words: list[str]) -> list[str]:
    rng = random.Random(5)
    queries = [" ".join(rng.sample(words, rng.randint(1, 8))) for _ in range(120)]
    # a word twice, in two cases, and two words of one stem: the parser's counting
    queries += ["terminal terminal station", "Terminal terminal", "agent agents message",
                "connected connection connects base"]
    return queries


def test_the_fast_path_returns_the_reference_result_list(big: tuple[Path, list[str]]) -> None:
    root, words = big
    for query in _queries(words):
        for filters in ([], ["year>=2010"]):
            fast = search_corpus(corpus=root, query=query, mode="bm25", filters=filters)
            reference = _reference(root, query, filters)
            assert [h.number for h in fast.hits] == [n for n, _, _ in reference], query
            for hit, (_, score, snippet) in zip(fast.hits, reference, strict=True):
                assert hit.score == pytest.approx(score, rel=1e-5, abs=1e-5)
                assert hit.snippet == snippet, query


@pytest.mark.parametrize("query", ["title:wireless terminal", "wireless AND terminal",
                                   "base-station handover", '"base station" terminal',
                                   "wireless -terminal", "サーバ terminal"])
def test_query_syntax_still_goes_through_the_parser(big: tuple[Path, list[str]],
                                                    query: str) -> None:
    root, _ = big
    handle = open_corpus(root)
    fast = text_query(handle.index, query, fields=list(TEXT_FIELDS), ja_tokens=search_tokens)
    assert fast is not None
    assert "BooleanQuery" in repr(fast)
    if "サーバ" not in query and '"' not in query:
        reference = _reference_query(handle.index, query, list(TEXT_FIELDS))
        got = handle.searcher.search(fast, 10, count=True).hits
        want = handle.searcher.search(reference, 10, count=True).hits
        assert [a for _, a in got] == [a for _, a in want]


def test_plain_words_make_one_flat_disjunction(big: tuple[Path, list[str]]) -> None:
    root, _ = big
    handle = open_corpus(root)
    query = text_query(handle.index, "wireless terminals", fields=list(TEXT_FIELDS),
                       ja_tokens=search_tokens)
    shown = repr(query)
    assert shown.count("BooleanQuery") == 1  # flat: what block-max WAND prunes
    assert '"termin"' in shown and '"wireless"' in shown  # tantivy's en_stem terms


def test_snippets_are_the_full_scan_snippets_on_long_text() -> None:
    text = " ".join(["alpha beta gamma"] * 400 + ["connected terminals"] + ["delta"] * 300)
    for query in ("terminal connection", "delta", "zeta", "Alpha gamma"):
        assert make_snippet(text, query) == _reference_snippet(text, query)
