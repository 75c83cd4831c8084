"""Synthetic patents for the corpus benchmarks: two generators over the real samples.

``templates`` (the first generator, kept so its figures stay reproducible): every
document is a near-copy of one of the 37 real sample documents (tests/data) with
its clauses shuffled and its number, year and applicant suffix changed. Every copy
of a template has the same bag of words, so at 100k documents an 8-term query
matches about half the corpus and thousands of documents tie on the BM25 score,
and the dense vectors form 37 tight clusters.

``mixed`` (the default of the scale figures since 2026-12-07): documents that
differ from each other as real patents do, still made only from the samples:

- a *topic* template (document ``i`` takes sample ``i mod 37``, as ``templates``
  does) gives the title, country, language, classification and applicant, and
  about two thirds of the clauses of the abstract and of each claim; the other
  clauses come from other samples of the same language (same field: abstract
  clauses into abstracts, claim clauses into claims), then clauses are shuffled;
- term-level mutation: a share of the content words (Latin words of 4+ letters
  that are not function words, runs of 2+ kanji/katakana) is replaced by words
  of the samples' own vocabulary of that language, drawn with Zipf weights
  (rank r has weight 1/r, ranks by frequency in the samples), and a share of those
  replacements are *coined* words (a blend of two sample words: the long tail of
  rare terms that real corpora have: part names, compounds, chemical names), so
  the vocabulary grows with the corpus and posting lists vary in length;
- number, filing date and applicant suffix as in ``templates``.

Both are deterministic (``mixed`` by ``seed`` and document index) and made one
document at a time, so a 1M-document corpus is streamed in bounded memory.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any

KINDS = ("templates", "mixed")
TOPIC_SHARE = 0.65  # a clause is the topic template's own with this probability
MUTATE = 0.25  # share of content words replaced
COINED = 0.15  # share of replacements that are coined (blended) words
_CLAUSE = re.compile(r"(?<=[,;、。])\s*")
_CONTENT = re.compile(r"([A-Za-zÄÖÜäöüß]{4,}|[\u4e00-\u9fff\u30a1-\u30fa\u30fc]{2,})")
_FUNCTION = frozenset(str.split(
    "that with which from said each into wherein being have having comprising comprises "
    "this than when where whereby least further their such other between claim claims "
    "these those there then also only more most some thereof thereby first second third "
    "oder eine einer einem eines einen wobei dass durch sowie nach über unter eines "
    "welche welcher welches diese dieser dieses ersten zweiten"))

Clause = tuple[list[str], list[int]]  # tokens (text pieces) and the indexes of content words


def _clause(text: str) -> Clause:
    tokens = _CONTENT.split(text)
    content = [i for i in range(1, len(tokens), 2) if tokens[i].lower() not in _FUNCTION]
    return tokens, content


def _clauses(text: str) -> list[Clause]:
    return [_clause(part) for part in _CLAUSE.split(text) if part]


def _shuffled(text: str, rng: random.Random) -> str:
    parts = [p for p in _CLAUSE.split(text) if p]
    rng.shuffle(parts)
    return " ".join(parts)


def _number(country: str, index: int) -> str:
    country = country if country in ("US", "EP", "JP") else "US"
    return {"US": f"US{30_000_000 + index}B2", "EP": f"EP{5_000_000 + index}B1",
            "JP": f"JP{2090_000_000 + index}A"}[country]


def _shell(base: dict[str, Any], index: int) -> dict[str, Any]:
    """Number, date, applicant and classification: the same in both generators."""
    year = 1995 + index % 30
    return {"number": _number(base["country"], index), "title": base["title"],
            "lang": base["lang"],
            "filing_date": f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d}",
            "applicants": [f"{base['applicant']} {index % 997}"],
            "ipc": base["ipc"], "cpc": base["cpc"]}


def template_record(base: dict[str, Any], index: int) -> dict[str, Any]:
    """The ``templates`` generator: a near-copy of ``base`` (clauses shuffled)."""
    rng = random.Random(index)
    record = _shell(base, index)
    record["abstract"] = _shuffled(base["abstract"], rng)
    record["claims"] = [{"number": n, "text": _shuffled(text, rng)}
                        for n, text in enumerate(base["claims"], start=1)]
    return record


class _Vocabulary:
    """One language's content words, ranked by frequency, drawn with Zipf weights."""

    def __init__(self, words: Counter[str]) -> None:
        self.words = sorted(words, key=lambda w: (-words[w], w))
        self.cumulative = list(accumulate(1.0 / rank for rank in range(1, len(self.words) + 1)))

    def draw(self, rng: random.Random) -> str:
        word = rng.choices(self.words, cum_weights=self.cumulative)[0]
        if rng.random() >= COINED:
            return word
        other = self.words[rng.randrange(len(self.words))]
        return word[: max(2, len(word) // 2)] + other[len(other) // 2:]


class MixedGenerator:
    """The ``mixed`` generator over ``bases`` (the samples as ``corpus._base_records`` reads
    them); :meth:`record` makes document ``index``."""

    def __init__(self, bases: list[dict[str, Any]], seed: int = 0) -> None:
        self.bases = bases
        self.seed = seed
        self.titles = [_clause(b["title"]) for b in bases]
        self.abstracts = [_clauses(b["abstract"]) for b in bases]
        self.claims = [[_clauses(text) for text in b["claims"]] for b in bases]
        words: dict[str, Counter[str]] = {}
        pools: dict[str, tuple[list[Clause], list[Clause]]] = {}
        for base, title, abstract, claims in zip(bases, self.titles, self.abstracts,
                                                 self.claims, strict=True):
            counter = words.setdefault(base["lang"], Counter())
            abstracts, claim_pool = pools.setdefault(base["lang"], ([], []))
            abstracts.extend(abstract)
            claim_clauses = [c for clauses in claims for c in clauses]
            claim_pool.extend(claim_clauses)
            for tokens, content in [title, *abstract, *claim_clauses]:
                counter.update(tokens[i] for i in content)
        self.vocabulary = {lang: _Vocabulary(counter) for lang, counter in words.items()}
        self.pools = pools

    def _text(self, clauses: Iterable[Clause], pool: list[Clause], lang: str,
              rng: random.Random, join: str = " ") -> str:
        chosen = [c if rng.random() < TOPIC_SHARE else pool[rng.randrange(len(pool))]
                  for c in clauses]
        rng.shuffle(chosen)
        return join.join(self._mutated(c, lang, rng) for c in chosen)

    def _mutated(self, clause: Clause, lang: str, rng: random.Random) -> str:
        tokens, content = clause
        if not content:
            return "".join(tokens)
        out = list(tokens)
        vocabulary = self.vocabulary[lang]
        for i in content:
            if rng.random() < MUTATE:
                word = vocabulary.draw(rng)
                out[i] = word.capitalize() if tokens[i][0].isupper() else word
        return "".join(out)

    def record(self, index: int) -> dict[str, Any]:
        topic = index % len(self.bases)
        base = self.bases[topic]
        lang = base["lang"]
        rng = random.Random((self.seed << 32) | index)
        abstracts, claim_pool = self.pools[lang]
        record = _shell(base, index)
        record["title"] = self._mutated(self.titles[topic], lang, rng)
        record["abstract"] = self._text(self.abstracts[topic], abstracts, lang, rng)
        record["claims"] = [{"number": n, "text": self._text(clauses, claim_pool, lang, rng)}
                            for n, clauses in enumerate(self.claims[topic], start=1)]
        return record


def record_maker(kind: str, bases: list[dict[str, Any]],
                 seed: int = 0) -> Callable[[int], dict[str, Any]]:
    """Document ``index`` of the ``kind`` generator (``templates`` ignores ``seed``)."""
    if kind == "templates":
        return lambda index: template_record(bases[index % len(bases)], index)
    if kind == "mixed":
        return MixedGenerator(bases, seed).record
    raise ValueError(f"--synthetic: unknown generator {kind!r} (expected one of {KINDS})")
