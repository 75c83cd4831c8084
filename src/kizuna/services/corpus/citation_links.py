"""Citation links between a landscape's seeds and the corpus documents.

A document links to a seed **backward** when the seed cites it (the document
is in the seed's citations: prior art the seed builds on) and **forward** when
it cites the seed (later work building on the seed). Numbers meet by
:attr:`~kizuna.domain.ids.PatentNumber.key` (office, document space, number),
so ``US20070204872A1``, ``US 2007/0204872`` and a kind-less EP B561 entry meet
the corpus document they name. Only a document's published numbers (with a
kind code, or of a form only grants and publications have, such as
``US9600001``) are matched: an application number's compact form
(``JP2020123456``) cannot be told from a publication number's.

The seeds' own citations are gathered first (:func:`seed_citations`: one pass
over the ``citing`` column of the citations tables, so the citations of every
document bearing a seed's number count, e.g. a JPO notice's). Links are then
found partition by partition (:func:`partition_links`): backward from the
partition's documents' numbers, forward from its citations table (citations
are stored beside their citing documents). Non-patent literature never links.

The citation part of a document's relevance is ``1 - 0.5 ** n`` for ``n``
distinct (seed, direction) links: 0.5 for one link, 0.75 for two, 0.875 for
three — more independent links, more confidence, never above 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from kizuna.adapters.corpus.store import CorpusLayout
from kizuna.domain.ids import NumberType, PatentNumber, parse_number
from kizuna.errors import InvalidNumberError

__all__ = ["BACKWARD", "FORWARD", "citation_part", "has_citations", "key_text", "number_keys",
           "partition_links", "published", "seed_citations"]

BACKWARD = "backward"  # the seed cites the document
FORWARD = "forward"  # the document cites the seed
_KIND = re.compile(r"[A-Z]\d?$")
MAX_SEED_CITATIONS = 5_000  # citations read per seed (a grant lists at most a few hundred)


def key_text(number: PatentNumber) -> str:
    """``US|document|20070204872``: the form the citations table's ``cited_key`` uses."""
    return "|".join(number.key)


def number_keys(numbers: Iterable[str]) -> set[str]:
    """Keys of the published numbers among ``numbers`` (compact forms), see the module doc."""
    keys: set[str] = set()
    for text in numbers:
        try:
            parsed = parse_number(text)
        except InvalidNumberError:
            continue
        if published(parsed):
            keys.add(key_text(parsed))
    return keys


def published(number: PatentNumber) -> bool:
    """A grant or publication number (with a kind code, or of a form only they have).

    ``JP2020123456`` (no kind) may be an application: it is left out, so that an
    application's own documents never link to the publication of the same digits.
    """
    return number.type in (NumberType.GRANT, NumberType.PUBLICATION)


def has_citations(layout: CorpusLayout, partitions: Sequence[str]) -> bool:
    """True when every partition has its citations table (corpora built before have none)."""
    return all(layout.citation_part(name).is_file() for name in partitions)


def seed_citations(layout: CorpusLayout, partitions: Sequence[str],
                   citing: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Seed -> ``[(cited key, who cited)]``: the patent citations of every corpus document
    whose number is a seed's (``citing``: document number -> seed), across all partitions.

    An application's documents are rows of their own (a JPO notice of reasons for refusal,
    which holds the examiner's citations, has the application's number), so one pass over
    the ``citing`` column of every citations table finds them all; at most
    :data:`MAX_SEED_CITATIONS` per seed.
    """
    import pyarrow as pa

    found: dict[str, list[tuple[str, str]]] = {}
    values = pa.array(sorted(citing), type=pa.string())
    for name in partitions:
        path = layout.citation_part(name)
        if not path.is_file():
            continue
        table = pq.read_table(path, columns=["citing", "cited_key", "source", "npl"])
        mask = pc.and_(pc.is_in(table["citing"], value_set=values), pc.invert(table["npl"]))
        for row in table.filter(mask).to_pylist():
            kept = found.setdefault(citing[row["citing"]], [])
            if row["cited_key"] and len(kept) < MAX_SEED_CITATIONS:
                kept.append((row["cited_key"], row["source"]))
    return {seed: list(dict.fromkeys(pairs)) for seed, pairs in found.items()}


def _base_key_candidates(number: str) -> set[str]:
    """Cheap pre-filter: the compact number without a trailing kind code."""
    return {number, _KIND.sub("", number)}


def partition_links(
    layout: CorpusLayout, name: str, rows: Sequence[dict[str, Any]], *,
    cited: dict[str, list[list[str]]], seed_keys: dict[str, str],
) -> dict[str, list[dict[str, str]]]:
    """Document number -> its links ``[{"seed", "direction", "source"}]`` in one partition.

    ``cited``: key -> ``[[seed, source], …]`` of the seeds' own citations (backward);
    ``seed_keys``: key -> seed number (forward). ``rows`` are the partition's document
    rows with ``number`` and ``numbers``.
    """
    links: dict[str, list[dict[str, str]]] = {}
    if cited:
        bases = {k.split("|", 2)[0] + k.split("|", 2)[2] for k in cited}
        for row in rows:
            numbers = [row["number"], *(row["numbers"] or ())]
            if not any(_base_key_candidates(n) & bases for n in numbers):
                continue  # most documents: no parse needed
            for key in number_keys(numbers):
                for seed, source in cited.get(key, ()):
                    _add(links, row["number"], seed, BACKWARD, source)
    if seed_keys and layout.citation_part(name).is_file():
        table = pq.read_table(layout.citation_part(name),
                              columns=["citing", "cited_key", "source"])
        hits = table.filter(pc.is_in(table["cited_key"], value_set=_array(seed_keys)))
        for row in hits.to_pylist():
            _add(links, row["citing"], seed_keys[row["cited_key"]], FORWARD, row["source"])
    return links


def _array(keys: dict[str, str]) -> Any:
    import pyarrow as pa

    return pa.array(sorted(keys), type=pa.string())


def _add(links: dict[str, list[dict[str, str]]], number: str, seed: str, direction: str,
         source: str) -> None:
    if number == seed:
        return
    found = links.setdefault(number, [])
    for link in found:
        if link["seed"] == seed and link["direction"] == direction:
            return  # one link per seed and direction (the first source stands)
    found.append({"seed": seed, "direction": direction, "source": source})


def citation_part(links: Sequence[dict[str, str]]) -> float:
    """``1 - 0.5 ** n`` for ``n`` distinct (seed, direction) links; 0 without links."""
    return 1.0 - 0.5 ** len(links) if links else 0.0
