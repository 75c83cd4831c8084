"""Element specificity: an element's distinguishing terms, and whether a passage states them.

Terms live in one bilingual *concept space*: an English token stands for
itself; a Japanese token stands for itself and its JMdict English equivalents
(:func:`kizuna.adapters.text.jmdict.english_equivalents`). A term of the element
is *stated* by a passage when the term's concepts meet the passage's concepts,
so 溝 is stated by "grooves" and "spring" by ばね, in either direction.

- **Weights**: a term's weight is its BM25 IDF over the product's passages plus
  the off-topic background sentences (``kizuna/data/eou_background.json``), so
  vocabulary every page of this product uses (the product's own field) weighs
  little; terms that also appear in the element's ``context`` (the preamble and
  the element before it: the antecedents of 前記 / "said") count half.
- **Distinguishing terms**: the element's terms with at least half the top
  weight, at most :data:`MAX_DISTINGUISHING`.
- **Coverage** (the cross-lingual lexical signal): weighted share of all the
  element's terms a passage states; **specificity**: the same over the
  distinguishing terms only; **direct specificity**: the same, counting only
  terms stated within two dictionary steps (:func:`written_word`), which
  screening's review decision reads.
- **Alternative**: a sentence of the passage states one of the element's terms
  next to a negation or substitution cue (no / not / without / instead of,
  ません / ない / なし / 不要 / 代わりに …): the passage describes the product doing
  without the feature or doing something else ("There is no spring", 溝は設けません).

Example::

    >>> from kizuna.adapters.text.specificity import negated
    >>> negated("There is no spring: the shell drops under its own weight.")
    ['There is no spring']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kizuna.adapters.text.jmdict import english_equivalents
from kizuna.adapters.text.tokenise import tokenise

__all__ = [
    "MAX_DISTINGUISHING",
    "WORD_MARK",
    "ElementTerms",
    "PassageCheck",
    "concepts",
    "document_frequencies",
    "element_terms",
    "negated",
    "negation_concepts",
    "written_word",
    "written_words",
]

MAX_DISTINGUISHING = 4
#: Marks a concept that only a word *written* in a passage carries (see :func:`written_word`).
WORD_MARK = "\x01"
CONTEXT_DISCOUNT = 0.5
_SENTENCE = re.compile(r"(?<=[。！？!?;；:：、，,])\s*|(?<=\.)\s+")
_NEGATION_EN = re.compile(
    r"\b(no|not|without|never|none|instead|rather than|cannot|can't|isn't|doesn't|don't|"
    r"aren't|neither|nor)\b",
    re.IGNORECASE,
)
_NEGATION_JA = re.compile(
    r"ません|(?<![少危])ない|(?<![少危])なく|なし|無し|不要|せず|代わり|ではなく"
)


def written_word(token: str) -> str:
    """The concept "``token`` is written here", met only by a Latin token of the text itself.

    An English word's round trip through the dictionary ("internal" -> 内部 ->
    "inside") already takes two dictionary steps; as a written word it meets a
    passage's own words ("inside"), not the glosses of the passage's Japanese
    words, which would be a third step: "closure" -> 閉鎖 -> "closing" <- 側
    ("side; close to") is how an unrelated product's 側 stated "closure". Two steps
    are what a Japanese element gets against a Japanese passage (ばね -> "spring" <-
    スプリング).
    """
    return WORD_MARK + token


def written_words(tokens: Iterable[str]) -> frozenset[str]:
    """The :func:`written_word` concepts of a passage's Latin tokens (its own English words)."""
    return frozenset(WORD_MARK + token for token in tokens if token.isascii())


def concepts(tokens: Iterable[str]) -> frozenset[str]:
    """The concept set of analysed tokens: each token plus its English equivalents."""
    out: set[str] = set()
    for token in tokens:
        out.add(token)
        out.update(english_equivalents(token))
    return frozenset(out)


@lru_cache(maxsize=200_000)
def _term_concepts(token: str) -> frozenset[str]:
    """One term's concept set, memoised (screening weighs the same claims per product)."""
    return concepts([token])


def negation_concepts(text: str, lang: str) -> list[frozenset[str]]:
    """The concept sets of the negated clauses of ``text`` (see :func:`negated`)."""
    return [concepts(tokenise(clause, lang)) for clause in negated(text)]


def negated(text: str) -> list[str]:
    """The sentences (or clauses) of ``text`` that carry a negation or substitution cue."""
    parts = [p.strip(" 。.;；:：、，,") for p in _SENTENCE.split(text) if p.strip()]
    return [p for p in parts if _NEGATION_EN.search(p) or _NEGATION_JA.search(p)]


@dataclass(frozen=True, kw_only=True)
class PassageCheck:
    """What one passage states of an element: coverage, specificity and the terms."""

    coverage: float  # weighted share of all element terms stated, in [0, 1]
    specificity: float  # weighted share of the distinguishing terms stated, in [0, 1]
    matched: tuple[str, ...]  # distinguishing terms stated (as written in the element)
    missing: tuple[str, ...]  # distinguishing terms not stated (as written in the element)
    alternative: bool  # a stated term sits in a negated sentence
    # weighted share of the distinguishing terms stated within two dictionary steps
    direct_specificity: float = 0.0


@dataclass(frozen=True, kw_only=True)
class ElementTerms:
    """An element's weighted terms in the concept space of one pool of passages."""

    terms: tuple[str, ...]
    weights: tuple[float, ...]
    term_concepts: tuple[frozenset[str], ...]
    distinguishing: tuple[int, ...]  # indexes into terms
    display: tuple[str, ...] = ()  # each term as written in the element (default: the term)
    # each term's concepts within two dictionary steps (default: term_concepts)
    direct_concepts: tuple[frozenset[str], ...] = ()

    @property
    def distinguishing_terms(self) -> tuple[str, ...]:
        """The distinguishing terms, heaviest first."""
        return tuple(self.terms[i] for i in self.distinguishing)

    def written(self, stated: Sequence[bool]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The distinguishing terms as written units, heaviest first: (stated, not stated).

        Terms written as one unit (導電 and 性 of 導電性) are shown once; the unit
        is stated when every term written in it is (活性化 states 性, not 導電性).
        """
        display = self.display or self.terms
        units = dict.fromkeys(display[i] for i in self.distinguishing)
        ok = {u: all(s for d, s in zip(display, stated, strict=True) if d == u) for u in units}
        return (tuple(u for u in units if ok[u]), tuple(u for u in units if not ok[u]))

    def check(
        self, passage_concepts: frozenset[str], negations: Sequence[frozenset[str]],
        words: frozenset[str] = frozenset(),
    ) -> PassageCheck:
        """Which terms ``passage_concepts`` states, and whether a negated clause states one.

        ``negations`` are the concept sets of the passage's negated clauses
        (:func:`negation_concepts`); ``words`` its :func:`written_words`, which only
        ``direct_specificity`` reads.
        """
        stated = [bool(c & passage_concepts) for c in self.term_concepts]
        total = sum(self.weights) or 1.0
        coverage = sum(w for w, s in zip(self.weights, stated, strict=True) if s) / total
        key = sum(self.weights[i] for i in self.distinguishing) or 1.0
        specificity = sum(self.weights[i] for i in self.distinguishing if stated[i]) / key
        matched, missing = self.written(stated)
        direct = self.direct_concepts or self.term_concepts
        direct_specificity = sum(
            self.weights[i] for i in self.distinguishing
            if direct[i] & passage_concepts or direct[i] & words) / key
        alternative = any(
            c & clause
            for clause in negations
            for c, s in zip(self.term_concepts, stated, strict=True) if s
        )
        return PassageCheck(coverage=round(coverage, 4), specificity=round(specificity, 4),
                            matched=matched, missing=missing, alternative=alternative,
                            direct_specificity=round(direct_specificity, 4))


def document_frequencies(pool: Iterable[frozenset[str]]) -> tuple[Counter[str], int]:
    """How many concept sets of ``pool`` hold each concept, and the pool's size."""
    df: Counter[str] = Counter()
    n = 0
    for concept_set in pool:
        df.update(concept_set)
        n += 1
    return df, n


def element_terms(
    tokens: Sequence[str],
    context_tokens: Sequence[str],
    df: Mapping[str, int],
    n: int,
    expansions: Mapping[str, frozenset[str]] | None = None,
    display: Mapping[str, str] | None = None,
) -> ElementTerms:
    """Weigh an element's ``tokens`` by IDF over a pool (:func:`document_frequencies`).

    A term's document frequency is the largest of its concepts' (a close
    approximation of "passages stating the term" that costs one lookup per concept).
    ``expansions`` adds concepts to terms (English words' Japanese equivalents,
    :func:`kizuna.adapters.text.query_terms.expansions`); a term's
    ``direct_concepts`` keep of them only the Japanese headwords and the
    :func:`written_word` concepts (within two dictionary steps). ``display`` maps terms to
    the words they were written as (:func:`kizuna.adapters.text.term_display.term_display`).
    """
    unique = list(dict.fromkeys(tokens))
    extra = expansions or {}
    term_concepts = [_term_concepts(t) | extra.get(t, frozenset()) for t in unique]
    direct = [_direct_concepts(t, extra.get(t, frozenset())) for t in unique]
    # rarity is read on the term's own concepts (itself, its glosses, its Japanese headwords),
    # not on the English synonyms an expansion adds: those widen matching, not weight
    core = [_term_concepts(t) | {c for c in extra.get(t, ()) if not c.isascii()} for t in unique]
    context = concepts(context_tokens)
    weights = []
    for term, group in zip(unique, core, strict=True):
        df_term = min(n, max((df.get(c, 0) for c in group), default=0))
        idf = math.log(1 + (n - df_term + 0.5) / (df_term + 0.5))
        weights.append(idf * (CONTEXT_DISCOUNT if term in context else 1.0))
    top = max(weights, default=0.0)
    order = sorted(range(len(unique)), key=lambda i: (-weights[i], unique[i]))
    distinguishing = tuple(i for i in order if top > 0 and weights[i] >= top / 2)
    return ElementTerms(
        terms=tuple(unique),
        weights=tuple(weights),
        term_concepts=tuple(term_concepts),
        distinguishing=distinguishing[:MAX_DISTINGUISHING],
        display=tuple((display or {}).get(t, t) for t in unique),
        direct_concepts=tuple(direct),
    )


@lru_cache(maxsize=200_000)
def _direct_concepts(token: str, expansion: frozenset[str]) -> frozenset[str]:
    """A term's concepts within two dictionary steps: its own, its Japanese headwords and the
    written-word glosses of its expansion (memoised: screening weighs each claim per product)."""
    return _term_concepts(token) | {
        c for c in expansion if not c.isascii() or c.startswith(WORD_MARK)}
