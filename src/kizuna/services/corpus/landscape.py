"""``kizuna corpus landscape SEEDS``: expand a seed set into a landscape of the corpus.

Seeds are patent numbers the corpus holds or, failing that, the portfolio
database holds. Each corpus document gets a relevance score in [0, 1] from
its parts (all shown in the result):

- **classification** ``c``: the share of the document's IPC/CPC main groups
  (``H04W72``) that a seed also has; where none is shared, half the share of its
  subclasses (``H04W``) that a seed has. 0 for a document without symbols;
- **text** ``t``: for each seed, the mean of (a) the document's BM25 score for
  the seed's title and start of abstract as the query, divided by the seed's
  own score for that query (the top score when the seed is not in the corpus),
  capped at 1, and (b) the cosine similarity of the two dense vectors, clipped
  to [0, 1] (without a dense index, (a) alone); the best seed counts. Each
  ranking is cut at :data:`TEXT_DEPTH` documents (the rest score 0);
- **citation** ``k``: ``1 - 0.5 ** n`` for ``n`` distinct citation links between
  the document and the seeds, backward (a seed cites it) or forward (it cites a
  seed), found in the corpus's citations table
  (:mod:`kizuna.services.corpus.citation_links`). ``None`` for a corpus built
  before citations were stored (no ``citations/`` table): then unused.

``relevance = 0.4 c + 0.4 t + 0.2 k`` (:data:`WEIGHTS`; ``0.5 c + 0.5 t`` for a
corpus without citations, :data:`WEIGHTS_WITHOUT_CITATIONS`), so a document
that only a citation links enters with 0.1 (one link) to 0.2. Each document
lists its links (``citations``: seed, direction, who cited). Documents with
relevance 0 and the seeds themselves are left out; the best ``top`` (ties by
number) form the landscape, grouped by WIPO field, sector and JSIC industry
with the same report as ``kizuna landscape fields``. Classification and
citations are scored partition by partition (:class:`PartitionScorer`: Ray
runs them in parallel, ``use_ray=False`` in a loop; the same result). A
landscape is a lead for a person to read, not a finding about any patent's scope.

    >>> expand_landscape(corpus=Path("c"), seeds=["US8930553B2"], top=50)  # doctest: +SKIP
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from kizuna.adapters.corpus.lexical import TEXT_FIELDS, text_query
from kizuna.adapters.corpus.store import CorpusLayout
from kizuna.adapters.text.search_tokens import search_tokens
from kizuna.errors import InvalidValueError, KizunaError, NotFoundError
from kizuna.services.corpus.citation_links import (
    citation_part,
    has_citations,
    key_text,
    number_keys,
    partition_links,
    published,
    seed_citations,
)
from kizuna.services.corpus.landscape_plot import landscape_plot
from kizuna.services.corpus.search import Corpus, dense_rows, open_corpus
from kizuna.services.corpus.similar import find_row, vector_of

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["MAX_SEEDS", "MAX_TOP", "TEXT_DEPTH", "WEIGHTS", "WEIGHTS_WITHOUT_CITATIONS",
           "LandscapeResult", "PartitionScorer", "expand_landscape", "landscape_plot"]

MAX_SEEDS = 100
MAX_TOP = 10_000
TEXT_DEPTH = 200
WEIGHTS = {"classification": 0.4, "text": 0.4, "citation": 0.2}
WEIGHTS_WITHOUT_CITATIONS = {"classification": 0.5, "text": 0.5}
NOTICE = ("A landscape by shared classification, text similarity and citation links: leads "
          "for a person to read, not a finding about any patent's scope, validity or "
          "infringement.")
_COLUMNS = ["number", "numbers", "title", "country", "year", "applicants", "ipc", "cpc"]
_QUERY_CHARS = 400


@dataclass(frozen=True, kw_only=True)
class Seed:
    number: str
    source: str  # "corpus" | "portfolio"
    groups: frozenset[str]
    subclasses: frozenset[str]
    query: str
    vector: Any = None
    row: int | None = None
    keys: frozenset[str] = frozenset()  # its published numbers' keys (forward links)
    cites: tuple[tuple[str, str], ...] = ()  # (key, who cited) of its citations (backward)
    numbers: tuple[str, ...] = ()  # corpus seeds: its compact numbers (rows citing for it)


@dataclass(kw_only=True)
class LandscapeResult:
    """The expanded landscape; :meth:`to_json` is the ``--json`` shape."""

    seeds: list[dict[str, str]]
    patents: list[dict[str, Any]] = field(default_factory=list)
    landscape: dict[str, Any] = field(default_factory=dict)
    documents: int = 0
    runner: str = "ray"
    weights: dict[str, float] = field(default_factory=lambda: dict(WEIGHTS))

    def to_json(self) -> dict[str, Any]:
        return {"seeds": self.seeds, "weights": self.weights, "documents": self.documents,
                "patents": self.patents, "landscape": self.landscape,
                "runner": self.runner, "notice": NOTICE}


def _groups(codes: Sequence[str]) -> tuple[set[str], set[str]]:
    compact = [c.replace(" ", "").upper() for c in codes]
    return {c.split("/", 1)[0] for c in compact}, {c[:4] for c in compact if len(c) >= 4}


def classification_share(codes: Sequence[str], groups: frozenset[str],
                         subclasses: frozenset[str]) -> tuple[float, list[str]]:
    """The classification part ``c`` of one document and the groups it shares."""
    own_groups, own_subclasses = _groups(codes)
    if not own_groups:
        return 0.0, []
    shared = sorted(own_groups & groups)
    if shared:
        return len(shared) / len(own_groups), shared
    near = sorted(own_subclasses & subclasses)
    return (0.5 * len(near) / len(own_subclasses) if own_subclasses else 0.0), near


class PartitionScorer:
    """Scores one partition's documents: classification part, joined with the text part."""

    def __init__(self, *, corpus: str, groups: list[str], subclasses: list[str],
                 text: dict[str, float], seeds: list[str], first_rows: dict[str, int],
                 top: int = MAX_TOP, cited: dict[str, list[list[str]]] | None = None,
                 seed_keys: dict[str, str] | None = None,
                 weights: dict[str, float] | None = None) -> None:
        self.layout = CorpusLayout(Path(corpus))
        self.groups, self.subclasses = frozenset(groups), frozenset(subclasses)
        self.text, self.seeds, self.first_rows = text, set(seeds), first_rows
        self.top = top
        self.cited, self.seed_keys = cited or {}, seed_keys or {}
        self.weights = weights or WEIGHTS_WITHOUT_CITATIONS

    def __call__(self, name: str) -> Iterator[list[dict[str, Any]]]:
        """One result per partition: its scored rows (Ray returns them together)."""
        yield best_rows(self.score(name), self.top)

    def score(self, name: str) -> Iterator[dict[str, Any]]:
        """The partition's documents with relevance above 0 (seeds left out)."""
        rows = pq.read_table(self.layout.document_part(name), columns=_COLUMNS).to_pylist()
        start = self.first_rows[name]
        weights = self.weights
        links = (partition_links(self.layout, name, rows, cited=self.cited,
                                 seed_keys=self.seed_keys) if "citation" in weights else {})
        for offset, row in enumerate(rows):
            if row["number"] in self.seeds:
                continue
            share, shared = classification_share(
                [*(row["ipc"] or ()), *(row["cpc"] or ())], self.groups, self.subclasses)
            text = self.text.get(str(start + offset), 0.0)
            found = links.get(row["number"], [])
            cited = citation_part(found) if "citation" in weights else None
            relevance = (weights["classification"] * share + weights["text"] * text
                         + weights.get("citation", 0.0) * (cited or 0.0))
            if relevance <= 0:
                continue
            yield {"number": row["number"], "title": row["title"] or "",
                   "country": row["country"] or "", "year": row["year"],
                   "applicants": list(row["applicants"] or ()),
                   "ipc": list(row["ipc"] or ()), "cpc": list(row["cpc"] or ()),
                   "relevance": round(relevance, 6),
                   "parts": {"classification": round(share, 6), "text": round(text, 6),
                             "citation": None if cited is None else round(cited, 6)},
                   "shared": shared, "citations": found}


def _seed_from_corpus(handle: Corpus, number: str) -> Seed | None:
    with suppress(NotFoundError):
        row = find_row(handle, number)
        doc = handle.documents_by_row([row])[row]
        title = doc["title"][0] if doc["title"] else ""
        abstract = doc["abstract"][0] if doc["abstract"] else ""
        found = _seed_row(handle, row)
        groups, subclasses = _groups([*(found.get("ipc") or ()), *(found.get("cpc") or ())])
        canonical = doc["number"][0]
        numbers = [canonical, *(found.get("numbers") or ())]
        return Seed(number=canonical, source="corpus", groups=frozenset(groups),
                    subclasses=frozenset(subclasses), query=_query(title, abstract),
                    vector=vector_of(handle, row) if handle.dense is not None else None,
                    row=row, keys=frozenset(number_keys(numbers)),
                    numbers=tuple(dict.fromkeys(numbers)))
    return None


def _seed_row(handle: Corpus, row: int) -> dict[str, Any]:
    """The seed's Parquet row (the index stores filter terms only)."""
    for name, start, count in handle.meta["partitions"]:
        if start <= row < start + count:
            table = pq.read_table(handle.layout.document_part(name),
                                  columns=["numbers", "ipc", "cpc"])
            return dict(table.slice(row - start, 1).to_pylist()[0])
    return {}


def _seed_from_portfolio(handle: Corpus, database: Database, number: str) -> Seed:
    from kizuna.domain.landscape import field_codes
    from kizuna.services.patents import get_patent

    patent = get_patent(database=database, number=number)
    groups, subclasses = _groups(field_codes(patent))
    query = _query(patent.title or "", patent.abstract or "")
    vector = handle.embed(query) if handle.dense is not None and query else None
    keys = {key_text(n) for n in patent.numbers if published(n)}
    cites = [(key_text(c.number), c.source) for c in patent.citations if c.number is not None]
    return Seed(number=patent.number.compact, source="portfolio", groups=frozenset(groups),
                subclasses=frozenset(subclasses), query=query, vector=vector,
                keys=frozenset(keys), cites=tuple(dict.fromkeys(cites)))


def _query(title: str, abstract: str) -> str:
    words = " ".join(f"{title} {abstract}".split())
    return re.sub(r'["+\-:()\[\]{}^~*?\\/!]', " ", words)[:_QUERY_CHARS].strip()


def _seeds(handle: Corpus, numbers: Sequence[str], database: Database | None) -> list[Seed]:
    seeds: list[Seed] = []
    for number in numbers:
        seed = _seed_from_corpus(handle, number)
        if seed is None:
            if database is None:
                raise NotFoundError(f"seed {number}: not in the corpus, and no portfolio "
                                    "database to look in")
            try:
                seed = _seed_from_portfolio(handle, database, number)
            except KizunaError as exc:
                raise NotFoundError(f"seed {number}: neither in the corpus nor in the "
                                    f"portfolio ({exc})") from exc
        seeds.append(seed)
    return seeds


def text_scores(handle: Corpus, seeds: Sequence[Seed]) -> dict[int, float]:
    """Row -> text part ``t`` (see the module docstring); rows of no ranking are absent."""
    best: dict[int, float] = {}
    for seed in seeds:
        parts: list[dict[int, float]] = []
        scoring = text_query(handle.index, seed.query, fields=TEXT_FIELDS,
                             ja_tokens=search_tokens) if seed.query else None
        if scoring is not None:
            ranked = handle.rows_of(scoring, TEXT_DEPTH + 1)
            own = next((s for r, s in ranked if r == seed.row), None)
            ceiling = own if own else max((s for _, s in ranked), default=0.0)
            if ceiling > 0:
                parts.append({r: min(1.0, s / ceiling) for r, s in ranked if r != seed.row})
        if seed.vector is not None:
            nearest = dense_rows(handle, seed.vector, None, TEXT_DEPTH, exclude=seed.row)
            parts.append({r: min(1.0, max(0.0, s)) for r, s in nearest})
        for row in {r for part in parts for r in part}:
            value = sum(part.get(row, 0.0) for part in parts) / len(parts)
            best[row] = max(best.get(row, 0.0), value)
    return best


def _check(seeds: Sequence[str], top: int) -> list[str]:
    numbers = list(dict.fromkeys(s.strip() for s in seeds if s.strip()))
    if not numbers:
        raise InvalidValueError("SEEDS: give at least one patent number")
    if len(numbers) > MAX_SEEDS:
        raise InvalidValueError(f"SEEDS: {len(numbers)} seeds, over the limit of {MAX_SEEDS}")
    if not 1 <= top <= MAX_TOP:
        raise InvalidValueError(f"--top: {top} is not between 1 and {MAX_TOP:,}")
    return numbers


def expand_landscape(
    *, corpus: Path, seeds: Sequence[str], top: int = 100, database: Database | None = None,
    as_of: date | None = None, use_ray: bool = True, workers: int | None = None,
    ray_address: str | None = None, progress: Callable[[int, int], None] | None = None,
) -> LandscapeResult:
    """The landscape around ``seeds`` in ``corpus``; see the module docstring."""
    numbers = _check(seeds, top)
    handle = open_corpus(corpus)
    chosen = _seeds(handle, numbers, database)
    text = text_scores(handle, chosen)
    partitions = [str(p[0]) for p in handle.meta["partitions"]]
    weights = (dict(WEIGHTS) if has_citations(handle.layout, partitions)
               else dict(WEIGHTS_WITHOUT_CITATIONS))
    if "citation" in weights:
        chosen = _with_corpus_citations(handle, partitions, chosen)
    args: dict[str, Any] = {
        "corpus": str(corpus), "groups": sorted({g for s in chosen for g in s.groups}),
        "subclasses": sorted({g for s in chosen for g in s.subclasses}),
        "text": {str(row): value for row, value in text.items()},
        "seeds": [s.number for s in chosen],
        "first_rows": {str(p[0]): int(p[1]) for p in handle.meta["partitions"]}, "top": top,
        "weights": weights, **_link_args(chosen)}
    rows = _run(args, partitions, use_ray=use_ray, workers=workers, address=ray_address,
                progress=progress)
    ranked = best_rows(rows, top)
    result = LandscapeResult(seeds=[{"number": s.number, "source": s.source} for s in chosen],
                             patents=ranked, documents=handle.documents,
                             runner="ray" if use_ray else "in-process", weights=weights)
    result.landscape = landscape_views(ranked, as_of=as_of or date.today())
    return result


def _with_corpus_citations(handle: Corpus, partitions: list[str],
                           seeds: list[Seed]) -> list[Seed]:
    """Corpus seeds with the citations of every document bearing one of their numbers."""
    citing = {n: s.number for s in seeds if s.source == "corpus" for n in s.numbers}
    found = seed_citations(handle.layout, partitions, citing) if citing else {}
    return [replace(s, cites=tuple(found.get(s.number, ()))) if s.source == "corpus" else s
            for s in seeds]


def _link_args(seeds: Sequence[Seed]) -> dict[str, Any]:
    """What the scorers need to find citation links: the seeds' cited keys and own keys."""
    cited: dict[str, list[list[str]]] = {}
    for seed in seeds:
        for key, source in seed.cites:
            cited.setdefault(key, []).append([seed.number, source])
    seed_keys = {key: seed.number for seed in seeds for key in sorted(seed.keys)}
    return {"cited": cited, "seed_keys": seed_keys}


def _run(args: dict[str, Any], partitions: list[str], *, use_ray: bool, workers: int | None,
         address: str | None, progress: Callable[[int, int], None] | None,
         ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if use_ray:
        from kizuna.adapters.scale.ray_jobs import ray_map

        batches: Iterator[list[dict[str, Any]]] = (
            json.loads(r["json"]) for r in ray_map(
                PartitionScorer, args, partitions, workers=workers or 2, address=address,
                encode=_encode))
    else:
        scorer = PartitionScorer(**args)
        batches = (best_rows(scorer.score(name), scorer.top) for name in partitions)
    for done, batch in enumerate(batches, start=1):
        rows.extend(batch)
        if progress is not None:
            progress(done, len(partitions))
    return rows


def best_rows(rows: Iterable[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """One row per number (an application's documents share it: the best stands), the
    ``top`` most relevant, ties by number. A partition keeps only its own ``top``: a number
    outside them has ``top`` better ones already, so the merged result is the same."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept = best.get(row["number"])
        if kept is None or row["relevance"] > kept["relevance"]:
            best[row["number"]] = row
    return heapq.nsmallest(top, best.values(), key=lambda r: (-r["relevance"], r["number"]))


def _encode(result: Any) -> dict[str, Any]:
    return {"json": json.dumps(result, ensure_ascii=False)}


def landscape_views(patents: Sequence[dict[str, Any]], *, as_of: date) -> dict[str, Any]:
    """The ``kizuna landscape fields`` report (fields, sectors, industries) of the landscape."""
    from kizuna.adapters.landscape_data import landscape_map
    from kizuna.adapters.reference import field_concordance
    from kizuna.domain.landscape import Factor, PatentProfile
    from kizuna.services.landscape import build_report

    lmap, concordance = landscape_map(), field_concordance()
    unknown = Factor(value=0.0, detail="not computed for corpus documents")
    profiles = []
    for row in patents:
        codes = row["ipc"] or row["cpc"]
        fields = concordance.fields_for(codes)
        profiles.append(PatentProfile(
            number=row["number"], numbers=(row["number"],), country=row["country"],
            title=row["title"], fields=fields, sectors=lmap.sector_weights(fields, codes),
            jsic=lmap.jsic_for(fields), expiry=None, term=unknown, live_jp=unknown,
            breadth=unknown))
    report = build_report(sorted(profiles, key=lambda p: p.number), as_of=as_of).to_json()
    return {key: report[key] for key in ("fields", "sectors", "industries", "unclassified",
                                         "data")}
