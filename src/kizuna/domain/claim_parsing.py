"""Claim parsing: dependencies, category and elements of a document's claims.

:func:`build_claims` is what :func:`kizuna.domain.claims.build_claims` calls. It

1. finds the claims each claim refers to (English, German, French and
   Japanese wording, full- or half-width digits; see :func:`find_references`),
2. checks that every referred claim exists and that the references form no
   cycle (forward references are allowed, a cycle never is),
3. decides the category from the claim's own subject (see :func:`classify`),
4. splits the claim into elements (``claim_text_en`` / ``claim_text_ja``).

Example::

    claims = build_claims(
        [RawClaim(number=1, text="A pen comprising: a nib.", lang="en"),
         RawClaim(number=2, text="The pen of claim 1, wherein the nib is gold.", lang="en")],
        source="US1.xml",
    )
    claims[1].depends_on  # (1,)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from kizuna.domain.claim_text_en import folded, split_english
from kizuna.domain.claim_text_ja import split_japanese
from kizuna.domain.claims import Claim, ClaimCategory, ClaimElement, RawClaim
from kizuna.errors import ClaimStructureError

__all__ = ["build_claims", "classify", "find_references", "is_japanese", "to_ascii_digits"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９－～〜", "0123456789-~~")
_FULLWIDTH_CHAR = re.compile("[０-９－～〜]")
_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with full-width digits, dash and wave dash made ASCII (same length)."""
    if text.isascii() or _FULLWIDTH_CHAR.search(text) is None:
        return text
    return text.translate(_FULLWIDTH)


def is_japanese(raw: RawClaim) -> bool:
    """Tell whether a raw claim is Japanese, from its language or its script."""
    if raw.lang.lower().startswith("ja"):
        return True
    if raw.text[:200].isascii():
        return False
    return _JAPANESE_SCRIPT.search(raw.text, 0, 200) is not None


# --- references -------------------------------------------------------------

# "1 to 4", "1-3", "1, 2 or 5", "1 bis 3", "1 à 4"; also "claim 1 or claim 2".
_NUM_LIST = (
    r"\d+(?:\s*(?:,|-|–|to|through|or|and|and/or|bis|oder|und|à|a|ou|et)\s*"
    r"(?:(?:claims?|Anspr(?:u|ü|ue)chen?|Anspruchs?|revendications?)\s+)?\d+)*"
)
_EN_REF = re.compile(
    r"\b(?:claims?|Anspr(?:u|ü|ue)ch(?:e|en|s)?|revendications?)\s+(?P<nums>" + _NUM_LIST + r")",
    re.IGNORECASE,
)
_EN_ALL_PRECEDING = re.compile(
    r"\b(?:any|one|all|each)\b[^.;:]{0,30}?\b(?:preceding|previous|foregoing|prior|above)"
    r"(?:[- ]mentioned)?\s+claims?\b"
    r"|\b(?:vorhergehenden|vorangehenden|vorstehenden)\s+Anspr(?:u|ü|ue)ch(?:e|s)?\b"
    r"|\brevendications?\s+pr[ée]c[ée]dentes?\b",
    re.IGNORECASE,
)
_RANGE_WORDS = {"-", "–", "to", "through", "bis", "à", "a", "~"}
# A literal every English/German/French reference contains; claims without one skip both patterns.
_EN_REF_HINTS = ("claim", "anspr", "revendication")
_ALL_PRECEDING_HINTS = ("preceding", "previous", "foregoing", "prior", "above", "vorhergehenden",
                        "vorangehenden", "vorstehenden", "revendication")
# _EN_REF for lower-cased ASCII text, without its leading \b (checked by hand in
# _ascii_references): a literal-led pattern lets the regex engine skip ahead.
_EN_REF_LOWER = re.compile(
    r"(?:claims?|anspr(?:u|ü|ue)ch(?:e|en|s)?|revendications?)\s+(?P<nums>"
    + _NUM_LIST.lower()
    + r")"
)

# 請求項１, 請求項１又は２, 請求項１乃至３, 請求項１～４, 請求項1から3, 請求項１、２または３
_JA_SEP = (
    r"(?:、|,|，|・|又は|または|もしくは|若しくは|及び|および|並びに|ならびに|乃至|ないし|~|-|から)"
)
_JA_REF = re.compile(r"請求項\s*(?P<nums>\d+(?:\s*" + _JA_SEP + r"\s*(?:請求項)?\s*\d+)*)")
_JA_ALL_PRECEDING = re.compile(
    r"(?:前記|上記|先行する|前)(?:いずれか(?:の|一つの|１つの|1つの)?)?請求項"
)
_JA_RANGE_WORDS = {"乃至", "ないし", "~", "-", "から"}


def _expand(nums_text: str, range_words: set[str]) -> list[int]:
    """Turn "1, 2 or 5" / "1 to 4" into numbers, expanding ranges."""
    tokens = re.findall(r"\d+|[^\d\s]+", nums_text)
    numbers: list[int] = []
    pending_range = False
    for token in tokens:
        if token.isdigit():
            value = int(token)
            if pending_range and numbers:
                start = numbers[-1]
                numbers.extend(range(start + 1, value + 1) if value >= start else [value])
            else:
                numbers.append(value)
            pending_range = False
        elif token.lower().strip(",") in range_words or token.lower() in range_words:
            pending_range = True
    return numbers


def _ascii_references(lowered: str) -> set[int]:
    """The numbers _EN_REF finds in ``lowered`` (ASCII, lower-cased), found faster."""
    found: set[int] = set()
    pos = 0
    while (match := _EN_REF_LOWER.search(lowered, pos)) is not None:
        start = match.start()
        if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
            pos = start + 1  # not at a word start: the leading \b of _EN_REF fails here
            continue
        found.update(_expand(match.group("nums"), _RANGE_WORDS))
        pos = match.end()
    return found


def find_references(text: str, *, number: int, japanese: bool) -> tuple[int, ...]:
    """Return the claims ``text`` (claim ``number``) refers to, sorted, without repeats.

    "any preceding claim" / 「前記いずれかの請求項」 means every earlier claim.
    """
    text = to_ascii_digits(text)
    found: set[int] = set()
    if japanese:
        for match in _JA_REF.finditer(text):
            found.update(_expand(match.group("nums"), _JA_RANGE_WORDS))
        if _JA_ALL_PRECEDING.search(text):
            found.update(range(1, number))
    else:
        # Every English/German/French reference holds a hint word (IGNORECASE).
        lowered = folded(text)
        if not any(hint in lowered for hint in _EN_REF_HINTS):
            return ()
        if text.isascii():
            found = _ascii_references(lowered)
        else:
            for match in _EN_REF.finditer(text):
                found.update(_expand(match.group("nums"), _RANGE_WORDS))
        if any(hint in lowered for hint in _ALL_PRECEDING_HINTS) and _EN_ALL_PRECEDING.search(
            text
        ):
            found.update(range(1, number))
    return tuple(sorted(found))


def _check_graph(graph: Mapping[int, tuple[int, ...]], source: str) -> None:
    """Raise ClaimStructureError for a reference to a missing claim or a cycle."""
    for number, refs in graph.items():
        for ref in refs:
            if ref not in graph:
                raise ClaimStructureError(
                    source, f"claim {number} refers to claim {ref}, which does not exist"
                )
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: int, path: list[int]) -> None:
        state[node] = 1
        path.append(node)
        for ref in graph[node]:
            if state.get(ref) == 1:
                cycle = [*path[path.index(ref) :], ref]
                chain = " -> ".join(str(n) for n in cycle)
                raise ClaimStructureError(source, f"claims {chain} form a cycle")
            if ref not in state:
                visit(ref, path)
        path.pop()
        state[node] = 2

    for number in sorted(graph):
        if number not in state:
            visit(number, [])


# --- category ---------------------------------------------------------------

_EN_PROGRAM = re.compile(
    r"\b(?:computer[- ]program|program(?:me)?\s+product|software|"
    r"(?:computer|machine|processor)[- ]readable|storage\s+medi|recording\s+medi|"
    r"memory\s+(?:device\s+)?storing\s+instructions|Computerprogramm|programme\s+d'ordinateur)",
    re.IGNORECASE,
)
_EN_USE = re.compile(r"^\s*(?:the\s+|a\s+)?(?:use|Verwendung|utilisation)\b", re.IGNORECASE)
_EN_METHOD = re.compile(
    r"^\s*(?:\w+\s+){0,6}?(?:method|process|procedure|Verfahren|proc[ée]d[ée]|m[ée]thode)\b",
    re.IGNORECASE,
)
_JA_PROGRAM = re.compile(r"(?:プログラム|記録媒体|記憶媒体|プログラム製品)(?:製品)?。?\s*$")
_JA_METHOD = re.compile(r"(?:方法|工程|プロセス|製法)。?\s*$")
_JA_USE = re.compile(r"(?:使用|用途)。?\s*$")


_SUBJECT_END = re.compile(
    r"\b(?:comprising|consisting|including|having|according|as claimed|of claim|"
    r"in claim|of any|characteri[sz]ed|wherein|which|that|for|umfassend|gemäß|nach|"
    r"selon|comprenant)\b|[,:;]",
    re.IGNORECASE,
)
_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*[.)]\s*")


def _subject(text: str) -> str:
    """The English claim subject: the words before the first transition or reference."""
    return _SUBJECT_END.split(text, maxsplit=1)[0]


def classify(text: str, *, japanese: bool) -> ClaimCategory:
    """Decide a claim's category from its own subject.

    Japanese: the final noun phrase (…方法。 → METHOD, …プログラム/記録媒体 → PROGRAM,
    otherwise PRODUCT). English/German/French: the subject before the transition
    ("A method…" → METHOD, "Use of…" → USE, "A non-transitory computer-readable
    medium…" → PROGRAM, otherwise PRODUCT).
    """
    if japanese:
        tail = re.sub(r"[\s。．.]+$", "", text)[-40:] + "。"
        if _JA_PROGRAM.search(tail):
            return ClaimCategory.PROGRAM
        if _JA_METHOD.search(tail):
            return ClaimCategory.METHOD
        if _JA_USE.search(tail):
            return ClaimCategory.USE
        return ClaimCategory.PRODUCT
    subject = _subject(_NUMBER_PREFIX.sub("", text, count=1))
    if _EN_USE.search(subject):
        return ClaimCategory.USE
    if _EN_PROGRAM.search(subject):
        return ClaimCategory.PROGRAM
    if _EN_METHOD.search(subject):
        return ClaimCategory.METHOD
    return ClaimCategory.PRODUCT


# --- assembly ---------------------------------------------------------------


def build_claims(raw: Sequence[RawClaim], *, source: str) -> tuple[Claim, ...]:
    """Resolve dependencies, classify and split the raw claims of one document.

    Raises :class:`ClaimStructureError` (naming ``source``) for a reference to a
    claim that does not exist, a duplicated claim number, or a cycle.
    """
    graph: dict[int, tuple[int, ...]] = {}
    for item in raw:
        if item.number in graph:
            raise ClaimStructureError(source, f"claim {item.number} appears twice")
        graph[item.number] = find_references(
            item.text, number=item.number, japanese=is_japanese(item)
        )
    _check_graph(graph, source)
    claims: list[Claim] = []
    for item in raw:
        japanese = is_japanese(item)
        depends_on = graph[item.number]
        split = split_japanese if japanese else split_english
        parts = split(item.text, segments=item.segments, dependent=bool(depends_on))
        elements = tuple(
            ClaimElement(id=f"{item.number}{_letters(index)}", text=text, kind=kind)
            for index, (text, kind) in enumerate(parts)
        )
        claims.append(
            Claim(
                number=item.number,
                lang=item.lang,
                text=item.text,
                independent=not depends_on,
                depends_on=depends_on,
                category=classify(item.text, japanese=japanese),
                elements=elements,
            )
        )
    return tuple(claims)


def _letters(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA" (spreadsheet column style)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
