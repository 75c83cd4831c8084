"""``kizuna corpus screen``: which corpus claims read on which product documents, at scale.

For each product (its evidence files, or a product stored with ``kizuna
evidence add``):

1. **candidates**: the corpus is searched (hybrid BM25 + dense, as ``corpus
   search``) with the product's text as the query, once per language its
   passages are in (the first :data:`QUERY_CHARS` characters of each); the
   rankings are merged by rank and the best ``top_k`` patents kept;
2. **claims**: their independent claims, with the elements the build split,
   are read from the claims side table (only the partitions holding them), at
   most ``claims`` per product in candidate order, in the product's main
   language where the patent has claims in it, else English, else Japanese;
3. **screening**: each claim against the product's passages with the
   element-level method of ``kizuna screen`` (:func:`kizuna.services.screening.screen_product`:
   the eou retriever, the first three passages per element, chart labels and
   recommendation ``chart``/``review``/``skip``).

Pairs are bounded before any work: products × ``claims`` ≤ ``max_pairs``. Each
product is one Ray task (local by default, a cluster with ``ray_address``;
every node must see the corpus and the files); ``use_ray=False`` runs the same
steps here. The worklist is sorted as ``kizuna screen`` sorts (recommendation,
coverage, evidence score). An evidence file that cannot be read is listed in
``failed`` and the product's other files are still screened. A lead for a
person to chart, not a finding of infringement.

    >>> screen_corpus(corpus=Path("c"), products=[Path("evidence/magseal")])  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from kizuna.adapters.corpus.store import CorpusLayout
from kizuna.domain.claims import Claim, ClaimCategory, ClaimElement
from kizuna.domain.evidence import EvidenceDoc, Passage
from kizuna.domain.ids import parse_number
from kizuna.domain.patent import Patent
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.corpus.search import Corpus, open_corpus, search_corpus
from kizuna.services.corpus.similar import find_row

if TYPE_CHECKING:
    from kizuna.adapters.storage.db import Database

__all__ = ["MAX_PAIRS", "MAX_PRODUCTS", "NOTICE", "QUERY_CHARS", "ProductScreener",
           "ScreenResult", "product_items", "screen_corpus", "screen_stored"]

QUERY_CHARS = 1_000
MAX_PRODUCTS = 1_000
MAX_PAIRS = 10_000  # the default of the CLI's --max-pairs, and the web's bound per request
MAX_FILES = 100  # evidence files per product
NOTICE = ("A worklist of claim-product pairs worth charting, from text similarity and the "
          "element-level screening: not a finding of infringement.")
_SYNTAX = re.compile(r'["+\-:()\[\]{}^~*?\\/!<>=]')


@dataclass(kw_only=True)
class ScreenResult:
    """The ranked pairs; :meth:`to_json` is the ``--json`` shape."""

    pairs: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)  # {product, file, error}
    products: list[dict[str, Any]] = field(default_factory=list)
    method: str = "hybrid"
    runner: str = "ray"

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "runner": self.runner, "products": self.products,
                "failed": self.failed, "pairs_screened": len(self.pairs),
                "worth_charting": sum(p["worth_charting"] for p in self.pairs),
                "pairs": self.pairs, "notice": NOTICE}


def product_items(paths: Sequence[Path] = (), stored: Sequence[str] = ()) -> list[str]:
    """Each product as a JSON item: a file (named by its stem), a folder of files (named by
    the folder), or a stored product name; checked before any work starts."""
    from kizuna.adapters.sources.evidence.read import media_type_for

    items: list[dict[str, Any]] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and media_type_for(p))
            if not files:
                raise InvalidValueError(f"--products {path}: no evidence file (HTML, PDF, "
                                        "text, Markdown, DOCX) in the folder")
            if len(files) > MAX_FILES:
                raise InvalidValueError(f"--products {path}: {len(files)} files, over the "
                                        f"limit of {MAX_FILES} per product")
            items.append({"product": path.name, "files": [str(f) for f in files]})
        elif path.is_file():
            if media_type_for(path) is None:
                raise InvalidValueError(f"--products {path}: not an evidence file (HTML, PDF, "
                                        "text, Markdown, DOCX)")
            items.append({"product": path.stem, "files": [str(path)]})
        else:
            raise NotFoundError(f"--products {path}: no such file or folder")
    items.extend({"product": name, "files": []} for name in stored)
    if not items:
        raise InvalidValueError("give products: --products FILE|DIR or --evidence NAME")
    names = [str(item["product"]) for item in items]
    twice = sorted(n for n, k in Counter(names).items() if k > 1)
    if twice:
        raise InvalidValueError(f"--products: two products are named {twice[0]!r}; give each "
                                "product's files in a folder of its own name")
    if len(items) > MAX_PRODUCTS:
        raise InvalidValueError(f"{len(items):,} products, over the limit of {MAX_PRODUCTS:,}")
    return [json.dumps(item, ensure_ascii=False) for item in items]


def _file_evidence(product: str, files: Sequence[str],
                   failed: list[dict[str, str]]) -> list[tuple[EvidenceDoc, Passage]]:
    """The passages of ``files``; a file that cannot be read goes to ``failed``, the rest on."""
    from kizuna.adapters.sources.evidence.read import read_evidence
    from kizuna.errors import SourceError

    pairs: list[tuple[EvidenceDoc, Passage]] = []
    for name in files:
        try:
            extracted = read_evidence(Path(name))
        except SourceError as exc:
            failed.append({"product": product, "file": name, "error": str(exc)})
            continue
        doc = EvidenceDoc(id=None, product=product, company=None, source=name, url=None,
                          media_type=extracted.media_type, sha256=extracted.sha256,
                          captured_at=datetime.now(UTC), lang=extracted.lang,
                          title=extracted.title, version=1)
        pairs.extend((doc, passage) for passage in extracted.passages)
    return pairs


class ProductScreener:
    """Screens one product (a JSON item of :func:`product_items`) against the corpus."""

    def __init__(self, *, corpus: str, top_k: int, claims: int, method: str, embedder: str,
                 database_url: str | None = None, database: Database | None = None) -> None:
        from kizuna.services.charts import make_retriever

        self.corpus: Corpus = open_corpus(Path(corpus))
        self.top_k, self.claims, self.method = top_k, claims, method
        self.ranker = make_retriever(method, embedder)
        self.database_url = database_url
        self.database = database  # in this process: read stored products from it, not the URL

    def __call__(self, item: str) -> Iterator[dict[str, Any]]:
        """One result per product: its candidates and screened pairs."""
        yield self.screen(json.loads(item))

    def _evidence(self, item: dict[str, Any],
                  failed: list[dict[str, str]]) -> list[tuple[EvidenceDoc, Passage]]:
        if item["files"]:
            return _file_evidence(item["product"], item["files"], failed)
        from kizuna.services.evidence import product_passages

        if self.database is not None:
            return product_passages(self.database, item["product"])
        if self.database_url is None:
            raise InvalidValueError(f"--evidence {item['product']}: no database to read from")
        from kizuna.adapters.storage.db import open_database

        database = open_database(self.database_url)
        try:
            return product_passages(database, item["product"])
        finally:
            database.dispose()

    def screen(self, item: dict[str, Any]) -> dict[str, Any]:
        from kizuna.services.screening import screen_product

        failed: list[dict[str, str]] = []
        evidence = self._evidence(item, failed)
        if not evidence:
            return {"product": item["product"], "candidates": [], "pairs": [],
                    "failed": failed}
        langs = [p.lang for _, p in evidence]
        preferred = [*sorted(set(langs), key=lambda lang: (-langs.count(lang), lang)),
                     "en", "ja"]
        hits = self._candidates(evidence, preferred)
        candidates = [{"number": h.number, "score": h.score, "title": h.title} for h in hits]
        targets = self._targets([h.number for h in hits], preferred)
        pairs = screen_product(targets, evidence, self.ranker) if targets else []
        rank = {h.number: i for i, h in enumerate(hits, start=1)}
        return {"product": item["product"], "candidates": candidates, "failed": failed,
                "pairs": [{**p.to_json(), "retrieval_rank": rank[p.patent]} for p in pairs]}

    def _candidates(self, evidence: Sequence[tuple[EvidenceDoc, Passage]],
                    langs: Sequence[str]) -> list[Any]:
        """The best ``top_k`` patents for the product's text, one query per language it has
        (a Japanese page finds Japanese claims), merged by rank."""
        best: dict[str, tuple[int, float, Any]] = {}
        for lang in dict.fromkeys(lang for lang in langs if lang in ("en", "ja", "mixed")):
            text = " ".join(" ".join(p.text for _, p in evidence if p.lang == lang).split())
            query = _SYNTAX.sub(" ", text)[:QUERY_CHARS].strip()
            if not query:
                continue
            hits = search_corpus(corpus=self.corpus, query=query, limit=self.top_k).hits
            for rank, hit in enumerate(hits, start=1):
                if hit.number not in best or (rank, -hit.score) < best[hit.number][:2]:
                    best[hit.number] = (rank, -hit.score, hit)
        ranked = sorted(best.values(), key=lambda item: (item[0], item[1], item[2].number))
        return [hit for _, _, hit in ranked[: self.top_k]]

    def _targets(self, numbers: Sequence[str],
                 preferred: Sequence[str]) -> list[tuple[Patent, Claim, str]]:
        """Independent claims of ``numbers``, in their order, at most ``self.claims``; in the
        product's language where the patent has claims in it, else English, else Japanese."""
        layout: CorpusLayout = self.corpus.layout
        targets: list[tuple[Patent, Claim, str]] = []
        for number in numbers:
            row = find_row(self.corpus, number)
            part = next(name for name, start, count in self.corpus.meta["partitions"]
                        if start <= row < start + count)
            rows = pq.read_table(layout.claim_part(part),
                                 filters=[("number", "=", number)]).to_pylist()
            patent = Patent(number=parse_number(number), numbers=(parse_number(number),))
            langs = {r["lang"] for r in rows}
            lang = next((x for x in preferred if x in langs), min(langs, default=""))
            for claim in (r for r in rows if r["independent"] and r["lang"] == lang):
                if len(targets) == self.claims:
                    return targets
                targets.append((patent, _claim(claim), lang))
        return targets


def _claim(row: dict[str, Any]) -> Claim:
    elements = tuple(ClaimElement(id=e["id"], text=e["text"]) for e in row["elements"] or ())
    return Claim(number=row["claim"], lang=row["lang"], text=row["text"], independent=True,
                 depends_on=tuple(row["depends_on"] or ()),
                 category=ClaimCategory(row["category"]),
                 elements=elements or (ClaimElement(id=f"{row['claim']}A", text=row["text"]),))


def _check(top_k: int, claims: int, products: int, max_pairs: int) -> None:
    if not 1 <= top_k <= 100:
        raise InvalidValueError(f"--top-k: {top_k} is not between 1 and 100")
    if not 1 <= claims <= 1_000:
        raise InvalidValueError(f"--claims: {claims} is not between 1 and 1,000")
    if products * claims > max_pairs:
        raise InvalidValueError(
            f"{products:,} products x {claims:,} claims = {products * claims:,} pairs, over "
            f"the limit of {max_pairs:,} (--max-pairs); name fewer products or claims")


def screen_corpus(
    *, corpus: Path, products: Sequence[Path] = (), stored: Sequence[str] = (),
    database_url: str | None = None, database: Database | None = None, top_k: int = 5,
    claims: int = 20, max_pairs: int = MAX_PAIRS, method: str = "hybrid",
    embedder: str = "auto", use_ray: bool = True, workers: int | None = None,
    ray_address: str | None = None, progress: Callable[[int, int], None] | None = None,
) -> ScreenResult:
    """Screen the corpus's claims against ``products``; see the module docstring.

    ``stored`` products are read from ``database_url`` (each Ray task opens it) or, run in
    this process, from the open ``database`` when one is given.
    """
    from kizuna.services.screening import pair_order

    items = product_items(products, stored)
    _check(top_k, claims, len(items), max_pairs)
    open_corpus(corpus)  # a corpus that is not built is refused here, before any task
    args = {"corpus": str(corpus), "top_k": top_k, "claims": claims, "method": method,
            "embedder": embedder, "database_url": database_url}
    if use_ray:
        from kizuna.adapters.scale.ray_jobs import ray_map

        results: Iterator[dict[str, Any]] = (json.loads(r["json"]) for r in ray_map(
            ProductScreener, args, items, workers=workers or 2, address=ray_address,
            encode=_encode))
    else:
        screener = ProductScreener(**args, database=database)  # type: ignore[arg-type]
        results = (screener.screen(json.loads(item)) for item in items)
    result = ScreenResult(method=method, runner="ray" if use_ray else "in-process")
    for done, found in enumerate(results, start=1):
        result.products.append({"product": found["product"], "candidates": found["candidates"]})
        result.failed.extend(found["failed"])
        result.pairs.extend(found["pairs"])
        if progress is not None:
            progress(done, len(items))
    result.products.sort(key=lambda p: str(p["product"]))
    result.pairs.sort(key=lambda p: pair_order(cast(Any, _Pair(p))))
    return result


def screen_stored(
    *, corpus: Path, database: Database, names: Sequence[str] | None, max_products: int,
    top_k: int = 5, claims: int = 20, method: str = "hybrid", embedder: str = "auto",
) -> ScreenResult:
    """Screen products stored with ``kizuna evidence add`` (``names``; None: every one) in this
    process, as ``kizuna corpus screen --evidence NAMES --no-ray`` does; at most
    ``max_products`` of them and :data:`MAX_PAIRS` pairs (the web's bounds per request).

    An unknown name is a NotFoundError with the close stored names, before any work.

        >>> screen_stored(corpus=Path("c"), database=db, names=None,  # doctest: +SKIP
        ...               max_products=20)
    """
    from kizuna.services.evidence import list_products, stored_products

    if names is None:
        names = [p.product for p in list_products(database)]
        if not names:
            raise NotFoundError("no product evidence is stored: add some with kizuna evidence "
                                "add or on the evidence page first")
    if len(names) > max_products:
        raise InvalidValueError(f"{len(names):,} products, over the limit of {max_products} "
                                "per request; choose fewer (the CLI takes more)")
    return screen_corpus(corpus=corpus, stored=stored_products(database, names),
                         database=database, top_k=top_k, claims=claims, max_pairs=MAX_PAIRS,
                         method=method, embedder=embedder, use_ray=False)


def _encode(result: dict[str, Any]) -> dict[str, Any]:
    return {"json": json.dumps(result, ensure_ascii=False)}


class _Pair:
    """A pair's JSON seen as the attributes :func:`pair_order` reads."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.recommendation, self.coverage = data["recommendation"], data["coverage"]
        self.evidence_score, self.patent = data["evidence_score"], data["patent"]
        self.claim, self.product = data["claim"], data["product"]
