"""Claim dependencies, categories and English/German/French elements.

Real claim texts come from tests/data/claims/real_claims.json (copied verbatim
from the US and EP sample files; see tests/data/claims/SOURCES.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.domain.claim_parsing import find_references
from kizuna.domain.claims import (
    ClaimCategory,
    ElementKind,
    RawClaim,
    build_claims,
)
from kizuna.errors import ClaimStructureError

DATA = json.loads((Path(__file__).parents[1] / "data" / "claims" / "real_claims.json").read_text())


def _raw(key: str) -> list[RawClaim]:
    entry: dict[str, Any] = DATA[key]
    return [
        RawClaim(
            number=c["number"], text=c["text"], lang=entry["lang"], segments=tuple(c["segments"])
        )
        for c in entry["claims"]
    ]


def _by_number(key: str) -> dict[int, Any]:
    return {c.number: c for c in build_claims(_raw(key), source=key)}


# --- real claims ------------------------------------------------------------


def test_us7272630_method_claim_elements() -> None:
    claims = _by_number("uspto/US07272630B2.xml")
    one = claims[1]
    assert one.independent and one.category is ClaimCategory.METHOD
    assert [(e.id, e.kind) for e in one.elements][:2] == [
        ("1A", ElementKind.PREAMBLE),
        ("1B", ElementKind.LIMITATION),
    ]
    assert one.elements[0].text == "A method implemented in a computer, the method comprising:"
    assert one.elements[1].text == (
        "generating an imprint identification code for an object stored at the computer"
    )
    assert one.elements[2].kind is ElementKind.WHEREIN
    assert one.elements[2].text.startswith("wherein the imprint identification code comprises")
    assert one.elements[-1].text == (
        "sending the object information to each of the identified one or more additional computers"
    )
    assert not any(e.text.endswith((";", " and")) for e in one.elements)


def test_us7272630_dependent_claims() -> None:
    claims = _by_number("uspto/US07272630B2.xml")
    two = claims[2]
    assert (two.independent, two.depends_on, two.category) == (False, (1,), ClaimCategory.METHOD)
    assert [(e.id, e.kind, e.text) for e in two.elements] == [
        (
            "2A",
            ElementKind.WHEREIN,
            "wherein the object comprises a file and the object information comprises file"
            " information",
        )
    ]
    assert [e.kind for e in claims[3].elements] == [ElementKind.WHEREIN, ElementKind.WHEREIN]
    six = claims[6].elements  # "…, further comprising storing …": the connective is dropped
    assert [e.text for e in six] == [
        "storing the object information in an object information database stored at the computer"
    ]
    seven = [e.text for e in claims[7].elements]
    assert (
        seven[0]
        == "receiving object information corresponding to an object stored on another computer"
    )
    assert len(seven) == 4
    assert claims[10].category is ClaimCategory.PROGRAM  # "One or more computer storage media"
    assert claims[12].depends_on == (10,) and claims[12].category is ClaimCategory.PROGRAM


def test_us8930553_system_and_program_product() -> None:
    claims = _by_number("uspto/US08930553.xml")
    assert claims[1].category is ClaimCategory.PRODUCT
    assert claims[8].category is ClaimCategory.PROGRAM  # "A computer program product …"
    assert claims[2].depends_on == (1,)  # "The system according to claim 1 wherein …"
    four = claims[4]  # "… according to claim 1 and further comprising a SIP container …"
    assert four.elements[0].text.startswith("a SIP container configured to provide")
    assert claims[1].elements[0].text == (
        "A system for processing mid-dialog SIP messages, the system comprising:"
    )


def test_ep_grant_english_dependencies_and_characterising_part() -> None:
    claims = _by_number("epo/grant-v1-5-B1.xml#en")
    assert claims[3].depends_on == (1, 2)  # "according to claim 1 or 2"
    assert claims[4].depends_on == (1, 2, 3)  # "according to any one of the preceding claims"
    assert claims[5].depends_on == (1, 2, 3, 4)  # "according to any preceding claim"
    assert claims[10].depends_on == (7, 8, 9)  # "of claim 7, 8 or 9"
    assert claims[11].depends_on == (7, 8, 9, 10)  # "any one of claims 7 to 10"
    assert claims[12].depends_on == (8, 9, 10, 11)  # "any one of the claims 8 to 11"
    assert (
        claims[7].category is ClaimCategory.METHOD and claims[1].category is ClaimCategory.PRODUCT
    )
    kinds = [e.kind for e in claims[1].elements]
    assert kinds[0] is ElementKind.PREAMBLE
    assert ElementKind.CHARACTERISING in kinds
    first_char = next(e for e in claims[1].elements if e.kind is ElementKind.CHARACTERISING)
    assert first_char.text.startswith("characterized in that the pipe arrangement (16)")
    assert claims[1].elements[0].text == "A high voltage assembly (2) comprising:"


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_ep_grant_german_and_french_dependencies(lang: str) -> None:
    claims = _by_number(f"epo/grant-v1-5-B1.xml#{lang}")
    expected = {
        1: (),
        2: (1,),
        3: (1, 2),
        4: (1, 2, 3),
        5: (1, 2, 3, 4),
        6: (5,),
        7: (),
        8: (7,),
        9: (8,),
        10: (7, 8, 9),
        11: (7, 8, 9, 10),
        12: (8, 9, 10, 11),
    }
    assert {n: c.depends_on for n, c in claims.items()} == expected
    assert claims[7].category is ClaimCategory.METHOD  # Verfahren / Procédé
    assert claims[1].category is ClaimCategory.PRODUCT
    assert claims[2].elements[0].kind is ElementKind.WHEREIN  # wobei / dans lequel
    assert "Anspruch" not in claims[2].elements[0].text
    assert "revendication" not in claims[2].elements[0].text


# --- reference wording ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The method of claim 3, wherein x.", (3,)),
        ("A device as claimed in claim 1, wherein x.", (1,)),
        ("A device according to any one of claims 1 to 4, wherein x.", (1, 2, 3, 4)),
        ("The device of claim 1 or 2, wherein x.", (1, 2)),
        ("The device of any of claims 1-3, wherein x.", (1, 2, 3)),
        ("The device of claims 1, 2 or 5, wherein x.", (1, 2, 5)),
        ("The device of claim 1 or claim 4, wherein x.", (1, 4)),
        ("The device of any preceding claim, wherein x.", (1, 2, 3, 4, 5)),
        ("Vorrichtung nach Anspruch 1, wobei x.", (1,)),
        ("Vorrichtung nach einem der Ansprüche 1 bis 3, wobei x.", (1, 2, 3)),
        ("Dispositif selon la revendication 1, dans lequel x.", (1,)),
        (
            "Dispositif selon l'une quelconque des revendications 1 à 4, dans lequel x.",
            (1, 2, 3, 4),
        ),
        ("A device comprising a nib.", ()),
    ],
)
def test_english_german_french_references(text: str, expected: tuple[int, ...]) -> None:
    assert find_references(text, number=6, japanese=False) == expected


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("A method of using the device of claim 1, comprising: heating it.", ClaimCategory.METHOD),
        ("Use of compound X for treating Y.", ClaimCategory.USE),
        (
            "A non-transitory computer-readable storage medium storing instructions that x.",
            ClaimCategory.PROGRAM,
        ),
        ("A process for making a widget, comprising: x.", ClaimCategory.METHOD),
        ("A composition comprising x.", ClaimCategory.PRODUCT),
    ],
)
def test_categories(text: str, category: ClaimCategory) -> None:
    raw = [RawClaim(number=1, text="A device comprising: a part.", lang="en")]
    raw.append(RawClaim(number=2, text=text, lang="en"))
    assert build_claims(raw, source="x.xml")[1].category is category


def test_dependent_claim_with_new_subject_keeps_it_as_preamble() -> None:
    raw = [
        RawClaim(number=1, text="A device comprising: a part.", lang="en"),
        RawClaim(
            number=2,
            text="A method of using the device of claim 1, comprising: heating the part; and"
            " cooling the part.",
            lang="en",
        ),
    ]
    two = build_claims(raw, source="x.xml")[1]
    assert two.depends_on == (1,) and two.category is ClaimCategory.METHOD
    assert [(e.kind, e.text) for e in two.elements] == [
        (ElementKind.PREAMBLE, "A method of using the device of claim 1, comprising:"),
        (ElementKind.LIMITATION, "heating the part"),
        (ElementKind.LIMITATION, "cooling the part"),
    ]


# --- structure errors -------------------------------------------------------


def test_missing_claim_is_an_error() -> None:
    raw = [
        RawClaim(number=1, text="A pen comprising: a nib.", lang="en"),
        RawClaim(number=2, text="The pen of claim 1, wherein x.", lang="en"),
        RawClaim(number=3, text="The pen of claim 9, wherein x.", lang="en"),
    ]
    with pytest.raises(ClaimStructureError) as error:
        build_claims(raw, source="/data/US08930553.xml")
    assert str(error.value) == "US08930553.xml: claim 3 refers to claim 9, which does not exist"


def test_cycle_is_an_error() -> None:
    raw = [
        RawClaim(number=1, text="A pen comprising: a nib.", lang="en"),
        RawClaim(number=2, text="The pen of claim 3, wherein x.", lang="en"),
        RawClaim(number=3, text="The pen of claim 2, wherein y.", lang="en"),
    ]
    with pytest.raises(ClaimStructureError, match=r"claims 2 -> 3 -> 2 form a cycle"):
        build_claims(raw, source="x.xml")


def test_forward_reference_without_cycle_is_allowed() -> None:
    raw = [
        RawClaim(number=1, text="The pen of claim 2, wherein the nib is gold.", lang="en"),
        RawClaim(number=2, text="A pen comprising: a nib.", lang="en"),
    ]
    claims = build_claims(raw, source="x.xml")
    assert claims[0].depends_on == (2,) and claims[1].independent


def test_duplicate_claim_number_is_an_error() -> None:
    raw = [
        RawClaim(number=1, text="A pen.", lang="en"),
        RawClaim(number=1, text="A nib.", lang="en"),
    ]
    with pytest.raises(ClaimStructureError, match="claim 1 appears twice"):
        build_claims(raw, source="x.xml")


# --- properties -------------------------------------------------------------

_WORDS = st.sampled_from(
    ["lever", "spring", "housing", "sensor", "valve", "rotor", "magnet", "blade", "shaft", "gear"]
)


def _reference_text(refs: list[int]) -> str:
    if len(refs) == 1:
        return f"claim {refs[0]}"
    if refs == list(range(refs[0], refs[-1] + 1)) and len(refs) > 2:
        return f"any one of claims {refs[0]} to {refs[-1]}"
    return "claims " + ", ".join(str(r) for r in refs[:-1]) + f" or {refs[-1]}"


@st.composite
def _backward_claim_sets(draw: st.DrawFn) -> list[tuple[int, list[int]]]:
    size = draw(st.integers(min_value=1, max_value=15))
    result: list[tuple[int, list[int]]] = [(1, [])]
    for number in range(2, size + 1):
        refs = draw(st.lists(st.integers(1, number - 1), max_size=4, unique=True))
        result.append((number, sorted(refs)))
    return result


@settings(max_examples=80, deadline=None)
@given(_backward_claim_sets(), st.booleans())
def test_backward_references_are_read_exactly(
    spec: list[tuple[int, list[int]]], japanese: bool
) -> None:
    raw = []
    for number, refs in spec:
        if japanese:
            ref = "又は".join(str(r) for r in refs)
            text = f"部品を備え、請求項{ref}に記載の装置。" if refs else "部品を備える装置。"
            raw.append(RawClaim(number=number, text=text, lang="ja"))
        else:
            text = (
                f"The device of {_reference_text(refs)}, wherein the lever is red."
                if refs
                else "A device comprising: a lever."
            )
            raw.append(RawClaim(number=number, text=text, lang="en"))
    claims = build_claims(raw, source="gen.xml")
    for claim, (_, refs) in zip(claims, spec, strict=True):
        assert claim.depends_on == tuple(refs)
        assert claim.independent is (not refs)
        assert all(ref < claim.number for ref in claim.depends_on)  # acyclic by construction


@settings(max_examples=80, deadline=None)
@given(st.integers(3, 12), st.data())
def test_cycles_are_always_detected(size: int, data: st.DataObject) -> None:
    members = data.draw(st.lists(st.integers(2, size), min_size=1, max_size=5, unique=True))
    refs: dict[int, int] = {}
    for index, member in enumerate(members):  # member -> next member -> … -> first member
        refs[member] = members[(index + 1) % len(members)]
    raw = [
        RawClaim(
            number=number,
            text=f"The device of claim {refs[number]}, wherein x."
            if number in refs
            else "A device.",
            lang="en",
        )
        for number in range(1, size + 1)
    ]
    with pytest.raises(ClaimStructureError, match="form a cycle"):
        build_claims(raw, source="gen.xml")


def _words(text: str) -> list[str]:
    ignored = {"and", "wherein"}
    return [w for w in re.findall(r"[A-Za-z0-9]+", text) if w.lower() not in ignored]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(_WORDS, min_size=1, max_size=5), min_size=1, max_size=6),
    st.lists(st.lists(_WORDS, min_size=1, max_size=4), max_size=2),
)
def test_english_splitting_keeps_every_word(
    limitations: list[list[str]], wherein: list[list[str]]
) -> None:
    body = "; ".join("a " + " ".join(words) for words in limitations)
    clauses = "".join(", wherein the " + " ".join(words) + " is fixed" for words in wherein)
    text = f"1. A machine comprising: {body}{clauses}."
    claim = build_claims([RawClaim(number=1, text=text, lang="en")], source="gen.xml")[0]
    joined = " ".join(e.text for e in claim.elements)
    assert _words(joined) == _words(text)[1:]  # all but the claim number "1"
    dependent = f"2. The machine of claim 1, further comprising: {body}{clauses}."
    raw = [RawClaim(number=1, text=text, lang="en"), RawClaim(number=2, text=dependent, lang="en")]
    two = build_claims(raw, source="gen.xml")[1]
    assert _words(" ".join(e.text for e in two.elements)) == _words(body + clauses)
