"""Split a Japanese claim (請求項) into claim-chart elements (構成要件).

Rules, in order:

* Whitespace is dropped, except that a line break the drafter put after 「、」
  (``<br/>`` in the XML) is kept as a split hint.
* Dependent claims: the reference phrase 「請求項１記載の」 / 「請求項１乃至３のいずれか
  一項に記載の」 is not an element. When it stands at the end (「…を含む請求項１記載の
  立体配線構造体の製造方法。」) the restated subject after it goes with it; when the
  claim opens with it (「請求項１に記載の装置であって、…」) the opening up to
  「であって、」 / 「において、」 goes with it.
* The part up to the first top-level 「…であって、」 / 「…において、」 is the preamble;
  when it lists steps or parts (「Aと、Bと、を有する…であって、」) each is its own
  PREAMBLE element, so a chart has one row per step.
* The body is split at top-level 「と、」 that end a limitation, and after
  「を備え、」 / 「を有し、」 / 「を含み、」. A 「と、」 is not a split point when a
  particle follows it (the closing 「…と、を備える」 stays with the last item), nor
  when it opens a pair that the next item closes (「Aと、Bとを接続する部材」), nor
  in 「こと、」.
* The element holding 「ことを特徴とする」 (or the typo 「ことを特徴する」 found in
  real filings) is CHARACTERISING.
* The closing subject of an independent claim (「…立体配線構造体の製造方法。」) is
  kept with the last element, as it is written; element texts are verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kizuna.domain.claims import ElementKind

__all__ = ["REFERENCE_PHRASE", "split_japanese"]

Part = tuple[str, ElementKind]

_DIGIT = r"[0-9０-９]"
_SEP = (
    r"(?:、|,|，|・|又は|または|もしくは|若しくは|及び|および|並びに|ならびに"
    r"|乃至|ないし|～|〜|~|－|-|から)"
)
REFERENCE_PHRASE = re.compile(
    r"(?:前記|上記)?請求項\s*" + _DIGIT + r"+(?:\s*" + _SEP + r"\s*(?:請求項)?\s*" + _DIGIT + r"+)*"
    r"(?:まで)?(?:の)?(?:(?:うち)?の?いずれか(?:[一１1]|ひとつ|一つ|１つ|1つ)?(?:項|つ)?(?:の)?)?"
    r"(?:に|で)?(?:記載|規定|定義)(?:の|された|した|する)?"
)
_OPEN = "(（「『［[【〔{｛"
_CLOSE = ")）」』］]】〕}｝"
_PREAMBLE_END = re.compile(r"(?:であって|において|にあって)、")
_HEADER_END = re.compile(r"^[^、。]*?(?:であって|において|にあって)、")
_HAVE_SPLIT = re.compile(r"(?:を|と)?(?:備え|備えて|有し|含み|具備し|具え)、")
_PARTICLE_AFTER = re.compile(r"(?:を|が|に|で|の|は|も|から|より|によ|とを|と[、をが])")
_PAIR_CLOSE = re.compile(r"(?<![こごひもあさ])と(?:を|が|に|の|は|も|で|から|へ|よ|する|なる)")
_CHARACTERISING = re.compile(r"を特徴と?(?:する|し)")


def _normalise(text: str) -> str:
    """Drop whitespace; keep drafter line breaks after 「、」 as ``\\n``."""
    text = re.sub(r"(?<=、)\s+(?=\S)", "\n", text.strip())
    return re.sub(r"[ \t\r\f\v\u3000]+", "", text)


def _depths(text: str) -> list[int]:
    """Bracket depth at each character (reference signs like （２） are depth 1)."""
    depth = 0
    result: list[int] = []
    for char in text:
        if char in _OPEN:
            depth += 1
        result.append(depth)
        if char in _CLOSE:
            depth = max(0, depth - 1)
    return result


def _is_boundary(text: str, index: int) -> bool:
    """Tell whether the 「と、」 at ``index`` ends a limitation."""
    if index > 0 and text[index - 1] in "こごひもあさ":
        return False
    after = text[index + 2 :].lstrip("\n")
    if _PARTICLE_AFTER.match(after):
        return False
    following = re.split(r"と、|、", after, maxsplit=1)[0]
    return not _PAIR_CLOSE.search(following)


def _cut_points(text: str) -> list[int]:
    """Top-level positions after which a new element starts."""
    depths = _depths(text)
    cuts: list[int] = []
    for index, char in enumerate(text):
        if depths[index]:
            continue
        if char == "\n":
            cuts.append(index + 1)
        elif text.startswith("と、", index) and _is_boundary(text, index):
            cuts.append(index + 2)
        else:
            match = _HAVE_SPLIT.match(text, index)
            if match and index > 0:
                cuts.append(match.end())
    return sorted(set(cuts))


def _pieces(text: str) -> list[str]:
    """Split ``text`` at its cut points; drop the line-break markers and empties."""
    pieces: list[str] = []
    start = 0
    for cut in [*_cut_points(text), len(text)]:
        piece = text[start:cut].replace("\n", "")
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _strip_reference(text: str) -> str:
    """Remove the reference phrase (and the restated subject) from a dependent claim."""
    match = REFERENCE_PHRASE.search(text)
    if match is None:
        return text
    tail = text[match.end() :]
    if re.fullmatch(r"[^、，,。\n]*。?", tail.replace("\n", "")):
        return text[: match.start()].rstrip("、，,\n")
    header = _HEADER_END.match(tail)
    if header and not text[: match.start()].strip():
        return tail[header.end() :].lstrip("\n")
    return text[: match.start()] + tail


def split_japanese(
    text: str, *, segments: Sequence[str] = (), dependent: bool = False
) -> list[Part]:
    """Split one Japanese claim into ``(text, kind)`` parts (see the module docstring).

    ``segments`` is accepted for symmetry with the English splitter; JPO claim
    XML has no nested claim texts, its line breaks are used instead.
    """
    del segments  # JPO XML has no nested <claim-text>; line breaks serve instead
    body = _normalise(text)
    parts: list[Part] = []
    if dependent:
        body = _strip_reference(body)
    else:
        depths = _depths(body)
        for match in _PREAMBLE_END.finditer(body):
            if not depths[match.start()]:
                parts.extend(
                    (piece, ElementKind.PREAMBLE) for piece in _pieces(body[: match.end()])
                )
                body = body[match.end() :]
                break
    for piece in _pieces(body):
        kind = (
            ElementKind.CHARACTERISING if _CHARACTERISING.search(piece) else ElementKind.LIMITATION
        )
        parts.append((piece, kind))
    if not parts:
        parts.append((_normalise(text).replace("\n", ""), ElementKind.LIMITATION))
    return parts
