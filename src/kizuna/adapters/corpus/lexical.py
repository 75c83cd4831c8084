"""The corpus's full-text index: tantivy BM25 over title, abstract and claims.

Each text field is indexed twice:

- ``title``, ``abstract``, ``claims``: tantivy's ``en_stem`` analyser (lower
  case, Porter stemming), stored for snippets; the English side;
- ``title_ja``, ``abstract_ja``, ``claims_ja``: Japanese pre-tokenised by
  Sudachi into normalised forms (:func:`~kizuna.adapters.text.search_tokens.search_tokens`,
  short units plus the compound), indexed with the ``whitespace`` tokenizer.
  Queries go through the same function, so サーバ finds サーバー and 配線 finds
  立体配線構造体.

Per-field boosts (:data:`FIELD_BOOSTS`): title 3, abstract 2, claims 1; phrase
queries (``"wireless terminal"``, ``"配線パターン"``) need the words adjacent.

Plain English words (no quotes, operators or ``field:`` syntax, each one token)
skip tantivy's query parser: their boosted term queries go straight into one
flat disjunction, the form for which tantivy's top-k collector prunes with
block-max WAND (the parser nests a disjunction per word, which it cannot
prune); the scores are the parser's, the result list the same (a word typed
twice counts once, as the parser counts it).
Filter fields: ``cpc`` and ``ipc`` (each code indexed as its class ``H04``,
subclass ``H04W``, main group ``H04W72`` and whole symbol ``H04W72/04``),
``applicant`` (normalised name keys), ``country``, ``lang``, ``kind``, ``year``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import tantivy

__all__ = [
    "FIELD_BOOSTS",
    "TEXT_FIELDS",
    "add_documents",
    "classification_terms",
    "lexical_schema",
    "new_writer",
    "open_index",
    "text_query",
]

TEXT_FIELDS = ("title", "abstract", "claims")
FIELD_BOOSTS: Mapping[str, float] = {"title": 3.0, "abstract": 2.0, "claims": 1.0}
_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]+")
_PHRASE = re.compile(r'"([^"]*)"')
_HEAP_BYTES = 100_000_000
_PLAIN_WORD = re.compile(r"[^\W_]+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "IN"})


def lexical_schema() -> tantivy.Schema:
    """The corpus index's fields (see the module docstring)."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("row", stored=True, indexed=True, fast=True)
    builder.add_text_field("number", stored=True, tokenizer_name="raw")
    builder.add_text_field("numbers", tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name="en_stem")
        builder.add_text_field(f"{name}_ja", tokenizer_name="whitespace")
    for name in ("cpc", "ipc", "applicant", "country", "lang", "kind"):
        builder.add_text_field(name, tokenizer_name="raw")
    builder.add_integer_field("year", indexed=True, fast=True)
    return builder.build()


def open_index(path: Path, *, create: bool = False) -> tantivy.Index:
    """The index at ``path`` (a folder), made empty with ``create``."""
    if create:
        path.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(lexical_schema(), path=str(path), reuse=False)
    return tantivy.Index.open(str(path))


def classification_terms(codes: Iterable[str]) -> list[str]:
    """``H04W 72/04`` → ``H04``, ``H04W``, ``H04W72``, ``H04W72/04`` (the filter terms)."""
    terms: dict[str, None] = {}
    for code in codes:
        compact = code.replace(" ", "").upper()
        if len(compact) >= 3:
            terms[compact[:3]] = None
        if len(compact) >= 4:
            terms[compact[:4]] = None
        terms[compact.split("/", 1)[0]] = None
        terms[compact] = None
    return list(terms)


def add_documents(writer: tantivy.IndexWriter, rows: Sequence[Mapping[str, Any]],
                  first_row: int) -> None:
    """Add one partition's document rows; their row ids start at ``first_row``."""
    for offset, row in enumerate(rows):
        doc = tantivy.Document()
        doc.add_integer("row", first_row + offset)
        doc.add_text("number", row["number"])
        for number in row["numbers"] or ():
            doc.add_text("numbers", number)
        for name, column in (("title", "title"), ("abstract", "abstract"),
                             ("claims", "claims_text")):
            doc.add_text(name, row[column] or "")
            doc.add_text(f"{name}_ja", row[f"{name}_terms"] or "")
        for name, values in (("cpc", classification_terms(row["cpc"] or ())),
                             ("ipc", classification_terms(row["ipc"] or ())),
                             ("applicant", row["applicant_keys"] or ()),
                             ("country", [row["country"]] if row["country"] else []),
                             ("lang", [row["lang"]] if row["lang"] else []),
                             ("kind", [row["kind"]] if row["kind"] else [])):
            for value in values:
                doc.add_text(name, value)
        if row["year"] is not None:
            doc.add_integer("year", int(row["year"]))
        writer.add_document(doc)


def new_writer(index: tantivy.Index) -> tantivy.IndexWriter:
    """A writer with a bounded heap, one indexing thread (the machine is shared)."""
    return index.writer(heap_size=_HEAP_BYTES, num_threads=1)


def text_query(index: tantivy.Index, text: str, *, fields: Sequence[str],
               ja_tokens: Any) -> tantivy.Query | None:
    """The scoring part of a search: English words via tantivy's parser, Japanese via Sudachi.

    ``ja_tokens`` is the tokeniser of the Japanese side (``search_tokens``).
    A quoted part is a phrase that must occur (its words adjacent, in any of
    ``fields``); other words are optional and rank by BM25. None when nothing
    searchable is left.
    """
    schema = index.schema
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    phrases = _PHRASE.findall(text)
    rest = _PHRASE.sub(" ", text)
    latin = _JA_CHAR.sub(" ", rest) + " ".join(
        f'+"{p}"' for p in phrases if not _JA_CHAR.search(p) and re.search(r"\w", p))
    plain = _plain_terms(latin, fields, schema)
    if plain is not None:
        clauses.extend(plain)
    elif re.search(r"\w", latin):
        boosts = {f: FIELD_BOOSTS[f] for f in fields}
        query, _errors = index.parse_query_lenient(latin, default_field_names=list(fields),
                                                   field_boosts=boosts)
        clauses.append((tantivy.Occur.Should, query))
    for phrase in (p for p in phrases if _JA_CHAR.search(p)):
        tokens = ja_tokens(phrase)
        either = [(tantivy.Occur.Should, tantivy.Query.boost_query(
            tantivy.Query.phrase_query(schema, f"{f}_ja", tokens) if len(tokens) > 1
            else tantivy.Query.term_query(schema, f"{f}_ja", tokens[0]), FIELD_BOOSTS[f]))
            for f in fields] if tokens else []
        if either:
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(either)))
    for token in dict.fromkeys(ja_tokens(_PHRASE.sub(r" \1 ", text)) if _JA_CHAR.search(text)
                               else ()):
        if _JA_CHAR.search(token):
            for field in fields:
                term = tantivy.Query.term_query(schema, f"{field}_ja", token)
                clauses.append((tantivy.Occur.Should,
                                tantivy.Query.boost_query(term, FIELD_BOOSTS[field])))
    if not clauses:
        return None
    return tantivy.Query.boolean_query(clauses)


@cache
def _english_analyser() -> Any:
    """tantivy's ``en_stem``: simple tokenizer, long tokens (> 40 bytes) dropped, lower case,
    English Snowball stemmer."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("english")).build())


def _plain_terms(latin: str, fields: Sequence[str],
                 schema: tantivy.Schema) -> list[tuple[tantivy.Occur, tantivy.Query]] | None:
    """Boosted term clauses of plain words (each analysed to one term), in the parser's
    order; None when the text needs the parser (syntax, phrases, a word of several terms)."""
    words = latin.split()
    if not words or any(w in _OPERATORS or not _PLAIN_WORD.fullmatch(w) for w in words):
        return None
    analyser = _english_analyser()
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for word in dict.fromkeys(words):
        terms = analyser.analyze(word)
        if len(terms) != 1:
            return None
        for field in fields:
            term = tantivy.Query.term_query(schema, field, terms[0])
            boost = FIELD_BOOSTS[field]
            clauses.append((tantivy.Occur.Should,
                            term if boost == 1.0 else tantivy.Query.boost_query(term, boost)))
    return clauses
