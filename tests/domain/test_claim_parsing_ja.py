"""Japanese claims (請求項): references, category and elements (構成要件).

The real test set is the 5 claims of 特願2020-123456's amendment
(samples/jpo/2020123456-A523-amendment.xml, Shift_JIS), copied verbatim into
tests/data/claims/real_claims.json (see tests/data/claims/SOURCES.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.domain.claim_parsing import find_references
from kizuna.domain.claims import Claim, ClaimCategory, ElementKind, RawClaim, build_claims

DATA = json.loads((Path(__file__).parents[1] / "data" / "claims" / "real_claims.json").read_text())


def _jpo_claims() -> tuple[Claim, ...]:
    entry = DATA["jpo/2020123456-A523-amendment.xml"]
    raw = [RawClaim(number=c["number"], text=c["text"], lang="ja") for c in entry["claims"]]
    return build_claims(raw, source="2020123456-A523-amendment.xml")


def test_jpo_claim_1_elements() -> None:
    one = _jpo_claims()[0]
    assert one.independent and one.category is ClaimCategory.METHOD
    assert [(e.id, e.kind, e.text) for e in one.elements] == [
        (
            "1A",
            ElementKind.PREAMBLE,
            "金型のキャビティ内に溶融樹脂を射出することにより所定の配線パターンに対応する"
            "複数の配線溝（２）を有するベース基材（１）を成形するベース基材成形工程と、",
        ),
        (
            "1B",
            ElementKind.PREAMBLE,
            "導電性インクを塗布して前記配線溝（２）の底部に導電路（４）を形成する導電路形成工程と、",
        ),
        (
            "1C",
            ElementKind.PREAMBLE,
            "前記導電路（４）の表面にレジストインクを塗布して前記導電路（４）を被覆する"
            "絶縁層（５）を積層する絶縁層形成工程と、を有する立体配線構造体の製造方法であって、",
        ),
        (
            "1D",
            ElementKind.CHARACTERISING,
            "前記ベース基材成形工程が、前記ベース基材（１）に、前記配線溝（２）を形成すると"
            "同時に、前記配線溝（２）を貫通するリードフレーム（４４）を取り付けるインサート"
            "成形を行う工程を含むことを特徴する立体配線構造体の製造方法。",  # sic: 特徴する
        ),
    ]
    joined = "".join(e.text for e in one.elements)
    assert joined == "".join(one.text.split())  # verbatim, nothing lost


def test_jpo_dependent_claims() -> None:
    claims = _jpo_claims()
    assert [c.depends_on for c in claims] == [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)]
    assert all(c.category is ClaimCategory.METHOD for c in claims)
    two = claims[1]
    assert [(e.id, e.kind, e.text) for e in two.elements] == [
        (
            "2A",
            ElementKind.LIMITATION,
            "導電路形成工程が、配線溝（２）内の導電路（４）とリードフレーム（４４）とを"
            "導通接続する工程を含む",
        )
    ]
    for claim in claims[1:]:
        assert len(claim.elements) == 1
        assert "請求項" not in claim.elements[0].text
        assert not claim.elements[0].text.endswith("製造方法。")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前記Ａが赤い請求項１記載の装置。", (1,)),
        ("前記Ａが赤い請求項１又は２に記載の装置。", (1, 2)),
        ("前記Ａが赤い請求項１乃至３のいずれか一項に記載の装置。", (1, 2, 3)),
        ("前記Ａが赤い請求項１～４のいずれか１項に記載の装置。", (1, 2, 3, 4)),
        ("前記Ａが赤い請求項1から3のいずれかに記載の装置。", (1, 2, 3)),
        ("前記Ａが赤い請求項１、２または３に記載の装置。", (1, 2, 3)),
        ("前記Ａが赤い請求項１０又は請求項１１に記載の装置。", (10, 11)),
        ("Ａを備える装置。", ()),
    ],
)
def test_japanese_references(text: str, expected: tuple[int, ...]) -> None:
    assert find_references(text, number=12, japanese=True) == expected


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Ａと、Ｂと、を備える立体配線構造体の製造方法。", ClaimCategory.METHOD),
        ("Ａする工程を含む方法。", ClaimCategory.METHOD),
        ("Ａと、Ｂと、を備える半導体装置。", ClaimCategory.PRODUCT),
        ("Ａと、Ｂと、を備える通信システム。", ClaimCategory.PRODUCT),
        ("Ａを含有する樹脂組成物。", ClaimCategory.PRODUCT),
        ("Ａを有する立体配線構造体。", ClaimCategory.PRODUCT),
        ("コンピュータをＡとして機能させるためのプログラム。", ClaimCategory.PROGRAM),
        ("Ａを記録したコンピュータ読み取り可能な記録媒体。", ClaimCategory.PROGRAM),
    ],
)
def test_japanese_categories(text: str, category: ClaimCategory) -> None:
    claim = build_claims([RawClaim(number=1, text=text, lang="ja")], source="x.xml")[0]
    assert claim.category is category


def _texts(text: str, *, lang: str = "ja") -> list[tuple[ElementKind, str]]:
    claim = build_claims([RawClaim(number=1, text=text, lang=lang)], source="x.xml")[0]
    return [(e.kind, e.text) for e in claim.elements]


def test_pairs_inside_a_limitation_are_not_split() -> None:
    text = (
        "第１部材と、第２部材と、前記第１部材と、前記第２部材とを接続する接続部と、を備える装置。"
    )
    assert [t for _, t in _texts(text)] == [
        "第１部材と、",
        "第２部材と、",
        "前記第１部材と、前記第２部材とを接続する接続部と、を備える装置。",
    ]
    assert [t for _, t in _texts("ＡとＢとを備える装置。")] == ["ＡとＢとを備える装置。"]


def test_body_after_sonaeru_is_split_and_characterising_marked() -> None:
    text = (
        "ハウジングと、センサと、を備え、"
        "前記センサは前記ハウジング内に配置されることを特徴とする検出装置。"
    )
    assert _texts(text) == [
        (ElementKind.LIMITATION, "ハウジングと、"),
        (ElementKind.LIMITATION, "センサと、を備え、"),
        (
            ElementKind.CHARACTERISING,
            "前記センサは前記ハウジング内に配置されることを特徴とする検出装置。",
        ),
    ]


def test_dependent_claim_opening_with_the_reference() -> None:
    raw = [
        RawClaim(number=1, text="ハウジングと、センサと、を備える検出装置。", lang="ja"),
        RawClaim(
            number=2,
            text="請求項１に記載の検出装置であって、前記センサは光センサであることを特徴とする検出装置。",
            lang="ja",
        ),
    ]
    two = build_claims(raw, source="x.xml")[1]
    assert two.depends_on == (1,)
    assert [(e.kind, e.text) for e in two.elements] == [
        (ElementKind.CHARACTERISING, "前記センサは光センサであることを特徴とする検出装置。")
    ]


_NOUNS = st.sampled_from(
    ["ハウジング", "センサ（２）", "制御部", "第１部材", "配線溝（２ａ）", "電源回路", "表示部"]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_NOUNS, min_size=1, max_size=7), st.booleans())
def test_japanese_splitting_keeps_every_character(nouns: list[str], preamble: bool) -> None:
    listed = "".join(f"{noun}と、" for noun in nouns)
    text = (
        f"{listed}を有する装置であって、前記制御部が前記センサを制御することを特徴とする装置。"
        if preamble
        else f"{listed}を備える装置。"
    )
    elements = _texts(text)
    assert "".join(t for _, t in elements) == text
    assert len(elements) == len(nouns) + (1 if preamble else 0)
