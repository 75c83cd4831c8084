"""Split an English (or German/French) claim into claim-chart elements.

Rules, in order:

* A leading claim number ("1. ") is dropped; whitespace is collapsed.
* Dependent claims: the subject and reference phrase ("The method of claim 1,",
  "A method as recited in claim 1,") are not an element, and neither is a
  following "further comprising:" connective. When the reference phrase is
  followed by a plain transition ("A method of using the device of claim 1,
  comprising:"), the claim names a new subject, which is kept as the preamble.
* Independent claims: the preamble runs up to and including the transition —
  the first colon when there is one early in the claim, otherwise the first
  "comprising" / "consisting (essentially) of" / "including" / "having".
* "characterised in that" / "characterized by" (and German "dadurch
  gekennzeichnet", French "caractérisé") starts the CHARACTERISING part.
* The body is split on top-level ";" (outside brackets), on the starts of the
  nested ``<claim-text>`` segments when given, and before "wherein" /
  "whereby" clauses, which become WHEREIN elements. A trailing "and" and the
  separating punctuation are removed; nothing else is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kizuna.domain.claims import ElementKind

__all__ = ["split_english"]

Part = tuple[str, ElementKind]

_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*[.)]\s*")
_CLAIM_WORD = r"(?:claims?|Anspr(?:u|ü|ue)ch(?:e|en|s)?|revendications?)"
_NUMS = (
    r"\d+(?:\s*(?:,|-|–|to|through|or|and|and/or|bis|oder|und|à|a|ou|et)\s*"
    r"(?:" + _CLAIM_WORD + r"\s+)?\d+)*"
)
_HEADER = re.compile(
    r"^[^:;]{0,250}?(?:\b"
    + _CLAIM_WORD
    + r"\s+"
    + _NUMS
    + r"|\bpreceding\s+claims?|\bprevious\s+claims?"
    r"|\bforegoing\s+claims?|\b(?:vorhergehenden|vorangehenden|vorstehenden)\s+Anspr\w+"
    r"|\brevendications?\s+pr\w+)"
    r"(?:\s*\([^)]*\))?\s*[,:]?\s*",
    re.IGNORECASE,
)
_FURTHER = re.compile(
    r"^(?:and\s+|und\s+|et\s+)?(?:(?:the|said|le|la|les|das|der|die)\s+(?P<noun>[^,:;]{1,60}?)\s+)?"
    r"(?:further\s+|weiter\s+)?(?:comprising|comprises|including|includes|having|umfassend"
    r"|umfasst|comprenant|comprend)(?:\s+en\s+outre|\s+further)?\s*:?\s*",
    re.IGNORECASE,
)
_PLAIN_TRANSITION = re.compile(
    r"^(?:the\s+\w+\s+)?(?:comprising|consisting|including|which\s+comprises)\b", re.IGNORECASE
)
_CHARACTERISED = re.compile(
    r"[,;]?\s*(?=\b(?:characteri[sz]ed\s+(?:in\s+that|by)|dadurch\s+gekennzeichnet|"
    r"gekennzeichnet\s+durch|caract[ée]ris[ée]e?s?\s+(?:en\s+ce|par))\b)",
    re.IGNORECASE,
)
_TRANSITION = re.compile(
    r"\b(?:comprising|comprises|consisting(?:\s+essentially)?\s+of|consists(?:\s+essentially)?\s+of"
    r"|including|includes|umfassend|aufweisend|comprenant)\b\s*:?",
    re.IGNORECASE,
)
_WHEREIN_WORDS = r"(?:wherein|whereby|wobei|dans\s+le(?:s)?quel(?:le)?s?|dans\s+laquelle)\b"
_WHEREIN = re.compile(r"(?<=\S)[,;]?\s+(?:and\s+)?(?=" + _WHEREIN_WORDS + ")")
_WHEREIN_START = re.compile(_WHEREIN_WORDS, re.IGNORECASE)
_LEADING = re.compile(r"^(?:[\s,;]+|(?:and|und|et)\s+(?!wherein))+", re.IGNORECASE)
_LEADING_FIRST = frozenset(",;aAuUeE")  # the first characters _LEADING can match, but spaces
# Cheap tests of a literal every match needs, so the slow patterns run only where they can match.
_CHARACTERISED_HINTS = ("characteri", "gekennzeichnet", "caract")
# The words that start a wherein clause; _wherein_split finds the separator before each by hand.
_WHEREIN_WORD = re.compile(_WHEREIN_WORDS)
# _TRANSITION for lower-cased ASCII text, without its leading \b (checked by _word_search):
# a literal-led pattern lets the regex engine skip ahead, which \b and IGNORECASE prevent.
_TRANSITION_LOWER = re.compile(_TRANSITION.pattern.removeprefix(r"\b").lower())
# The non-ASCII characters that IGNORECASE matches to ASCII letters, and those letters.
_CASE_ODD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))
# Words every _TRANSITION match holds (IGNORECASE).
_TRANSITION_HINTS = ("compris", "consist", "includ", "umfassend", "aufweisend", "comprenant")
_BRACKET_OR_SEMICOLON = re.compile(r"[()\[\]{};]")
_DANGLING = re.compile(r"\b(?:to|for|of|by|that|the|a|an)$")
_TRAILING_WORDS = ("and/or", "and", "or")
_TRAILING_LAST = frozenset("dDrR")  # the last letters of _TRAILING_WORDS, either case


def folded(text: str) -> str:
    """``text`` lower-cased for hint tests: holds every literal an IGNORECASE pattern finds.

    ASCII letters only match their two cases under IGNORECASE, plus the four
    characters of ``_CASE_ODD``, which are mapped first.
    """
    if not text.isascii():
        for odd, letter in _CASE_ODD:
            if odd in text:
                text = text.replace(odd, letter)
    return text.lower()


def _word_search(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """``pattern.search`` that only accepts a match at a word start (a leading ``\\b``)."""
    while (match := pattern.search(text, pos)) is not None:
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return match
        pos = start + 1
    return None


def _strip_trailing(text: str) -> str:
    """Drop a tail of whitespace, ",", ";", "." and whitespace-led "and", "and/or", "or".

    Looks at the end only, so the cost is that of the tail, not of the whole text.
    """
    while True:
        length = -1
        while length != len(text):
            length = len(text)
            text = text.rstrip().rstrip(",;.")
        if text[-1:] not in _TRAILING_LAST:
            return text  # no trailing word: the common case
        tail = text[-6:].lower()
        word = next((w for w in _TRAILING_WORDS if tail.endswith(w)), None)
        start = len(text) - len(word) if word else 0
        if word is None or start < 1 or not text[start - 1].isspace():
            return text
        text = text[:start]


def _clean(text: str) -> str:
    """Strip separating punctuation, a trailing "and" and a leading "and"."""
    text = _strip_trailing(text)
    if text and (text[0] in _LEADING_FIRST or text[0].isspace()):  # _LEADING can match
        text = _LEADING.sub("", text)
    return text.strip()


def _characterised_split(text: str) -> list[str]:
    """``text`` split once before "characterised in that" (and its German/French forms)."""
    lowered = folded(text)
    if not any(hint in lowered for hint in _CHARACTERISED_HINTS):
        return [text]
    return _CHARACTERISED.split(text, maxsplit=1)


def _wherein_split(text: str) -> list[str]:
    """``text`` split before each "wherein" / "whereby" clause."""
    if "where" not in text and "wobei" not in text and "dans" not in text:  # no _WHEREIN_WORD
        return [text]
    # Same as _WHEREIN.split(text): each separator ends at a wherein word and starts
    # as early as `(?<=\S)[,;]?\s+(?:and\s+)?` allows.
    pieces: list[str] = []
    start = 0
    for word in _WHEREIN_WORD.finditer(text):
        cut = _separator_start(text, word.start(), start)
        if cut is not None:
            pieces.append(text[start:cut])
            start = word.start()
    pieces.append(text[start:])
    return pieces


def _run_start(text: str, end: int) -> int:
    """Start of the run of whitespace that ends at ``end`` (``end`` when there is none)."""
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _separator_start(text: str, end: int, floor: int) -> int | None:
    """Earliest start >= ``floor`` of a _WHEREIN separator ending at ``end``, or None.

    The separator is ``(?<=\\S)[,;]?\\s+(?:and\\s+)?``: its candidate starts, earliest
    first, are ", and ", " and ", ", " and " ".
    """
    space = _run_start(text, end)
    if space == end:
        return None  # `\s+` needs a space right before the word
    candidates: list[int] = []
    if text[space - 3 : space] == "and" and space >= 4 and text[space - 4].isspace():
        before = _run_start(text, space - 3)
        candidates += [before - 1, before] if text[before - 1 : before] in {",", ";"} else [before]
    candidates += [space - 1, space] if text[space - 1 : space] in {",", ";"} else [space]
    for start in candidates:
        if start >= max(floor, 1) and not text[start - 1].isspace():
            return start
    return None


def _split_top(text: str, cuts: Sequence[int]) -> list[str]:
    """Split ``text`` at top-level ";" and at the given cut positions."""
    positions = set(cuts)
    depth = 0
    for found in _BRACKET_OR_SEMICOLON.finditer(text):
        char = found[0]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0:  # ";"
            positions.add(found.end())
    pieces: list[str] = []
    start = 0
    for position in sorted(p for p in positions if 0 < p < len(text)):
        pieces.append(text[start:position])
        start = position
    pieces.append(text[start:])
    return pieces


def _segment_cuts(text: str, segments: Sequence[str]) -> list[int]:
    """Positions where the nested ``<claim-text>`` segments start in ``text``."""
    cuts: list[int] = []
    cursor = 0
    for segment in segments:
        probe = " ".join(segment.split())[:60]
        if len(probe) < 8:
            continue
        found = text.find(probe, cursor)
        if found > 0:
            cuts.append(found)
            cursor = found + len(probe)
    return cuts


def _body_parts(body: str, *, kind: ElementKind, segments: Sequence[str]) -> list[Part]:
    """Split a claim body into limitations and wherein clauses."""
    parts: list[Part] = []
    for piece in _split_top(body, _segment_cuts(body, segments)):
        for index, clause in enumerate(_wherein_split(piece)):
            text = _clean(clause)
            if not text:
                continue
            is_wherein = index > 0 or _WHEREIN_START.match(text)
            parts.append(
                (
                    text,
                    ElementKind.WHEREIN if is_wherein and kind is ElementKind.LIMITATION else kind,
                )
            )
    return _merge_dangling(parts)


def _merge_dangling(parts: list[Part]) -> list[Part]:
    """Join a piece that ends mid-phrase ("configured to") with the next piece."""
    merged: list[Part] = []
    for text, kind in parts:
        if merged and _DANGLING.search(merged[-1][0], max(0, len(merged[-1][0]) - 6)):
            previous, previous_kind = merged.pop()
            merged.append((f"{previous} {text}", previous_kind))
        else:
            merged.append((text, kind))
    return merged


def _preamble_end(main: str) -> int:
    """Index just after the transition that closes the preamble, or 0 for none."""
    colon = main.find(":")
    if main.isascii():  # the same match, found faster in lower-cased text
        transition = _word_search(_TRANSITION_LOWER, main.lower())
    else:
        lowered = folded(main)
        hinted = any(hint in lowered for hint in _TRANSITION_HINTS)
        transition = _TRANSITION.search(main) if hinted else None
    if colon != -1 and (transition is None or colon <= transition.end() + 120):
        return colon + 1
    return transition.end() if transition else 0


def split_english(
    text: str, *, segments: Sequence[str] = (), dependent: bool = False
) -> list[Part]:
    """Split one claim into ``(text, kind)`` parts, in order (see the module docstring)."""
    body = " ".join(_NUMBER_PREFIX.sub("", text, count=1).split())
    parts: list[Part] = []
    if dependent:
        header = _HEADER.match(body)
        if header is None:  # the reference sits in the body ("…the material of claim 1")
            return split_english(text, segments=segments, dependent=False)
        if header:
            rest = body[header.end() :]
            if _PLAIN_TRANSITION.match(rest) and not re.match(r"(?:and\s+)?further", rest, re.I):
                end = _preamble_end(rest)
                parts.append(
                    (_clean_preamble(body[: header.end()] + rest[:end]), ElementKind.PREAMBLE)
                )
                rest = rest[end:]
            else:
                rest = _strip_further(rest, header=body[: header.end()])
            body = rest
    else:
        end = _preamble_end(_characterised_split(body)[0])
        if end:
            parts.append((_clean_preamble(body[:end]), ElementKind.PREAMBLE))
            body = body[end:]
    main, *characterising = _characterised_split(body)
    parts.extend(_body_parts(main, kind=ElementKind.LIMITATION, segments=segments))
    for rest in characterising:
        parts.extend(_body_parts(rest, kind=ElementKind.CHARACTERISING, segments=segments))
    if not parts:
        parts.append((_clean(body) or text.strip(), ElementKind.LIMITATION))
    return parts


def _clean_preamble(text: str) -> str:
    """A preamble keeps its closing colon but loses trailing spaces and commas."""
    return text.strip().rstrip(",").strip()


def _strip_further(rest: str, *, header: str) -> str:
    """Drop a "(the method) further comprising:" connective after the reference phrase.

    A named subject is dropped only when it is the claim's own subject ("The
    method of claim 7, the method further comprising:"); "the transferring
    further comprising:" is a limitation and stays.
    """
    match = _FURTHER.match(rest)
    if match is None:
        return rest
    noun = match.group("noun")
    if noun and noun.lower() not in header.lower():
        return rest
    return rest[match.end() :]
