"""corpus screen: candidate claims from the corpus index, screened against product documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.errors import InvalidValueError, NotFoundError
from kizuna.services.corpus.build import build_corpus
from kizuna.services.corpus.screen import screen_corpus, screen_stored
from kizuna.services.evidence import add_evidence
from tests.services.corpus.support import DATA, SOURCES

EVIDENCE = DATA / "evidence"
TRUE_PAIRS = {"magseal-cap-38": {"EP3383757B1"}, "flipview-console": {"EP3782854A1"},
              "mid-form-3d": {"JP7533889B2", "JP2020123456"}}  # the JP publication and grant


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("screen") / "corpus"
    build_corpus(sources=SOURCES, out=out, embedder="hashing", use_ray=False, partition_size=3)
    return out


def _first_pair(pairs: list[dict[str, object]], product: str) -> dict[str, object]:
    return next(p for p in pairs if p["product"] == product)


def test_the_true_claim_product_pair_ranks_first(corpus: Path) -> None:
    products = [EVIDENCE / name for name in TRUE_PAIRS] + \
        [EVIDENCE / "distractors" / "twistguard-cr"]
    result = screen_corpus(corpus=corpus, products=products, embedder="hashing",
                           use_ray=False, top_k=3)
    for product, patents in TRUE_PAIRS.items():
        first = _first_pair(result.pairs, product)
        assert first["patent"] in patents and first["claim"] == 1, (product, first)
        assert first["recommendation"] in {"chart", "review"}
    assert result.pairs[0]["recommendation"] == "chart"
    assert all(p["recommendation"] == "skip" for p in result.pairs
               if p["product"] == "twistguard-cr")  # the distractor practises no claim
    assert _first_pair(result.pairs, "mid-form-3d")["lang"] == "ja"  # Japanese claims found
    data = result.to_json()
    assert data["pairs_screened"] == len(result.pairs) and data["runner"] == "in-process"
    assert [p["product"] for p in data["products"]] == sorted(
        [*TRUE_PAIRS, "twistguard-cr"])
    assert all(len(p["candidates"]) <= 3 for p in data["products"])


def test_stored_evidence_is_screened_too(corpus: Path, database: Database) -> None:
    add_evidence(database, [EVIDENCE / "flipview-console" / "product-en.html"],
                 product="FlipView Console")
    url = database.engine.url.render_as_string(hide_password=False)
    result = screen_corpus(corpus=corpus, stored=["FlipView Console"], database_url=url,
                           embedder="hashing", use_ray=False, top_k=2)
    assert result.pairs[0]["patent"] == "EP3782854A1"
    assert result.pairs[0]["product"] == "FlipView Console"


def test_pairs_and_inputs_are_bounded_before_work(corpus: Path, tmp_path: Path) -> None:
    products = [EVIDENCE / "magseal-cap-38", EVIDENCE / "flipview-console"]
    with pytest.raises(InvalidValueError, match="2 products x 20 claims = 40 pairs"):
        screen_corpus(corpus=corpus, products=products, max_pairs=39, use_ray=False)
    with pytest.raises(InvalidValueError, match="named 'product-en'"):
        screen_corpus(corpus=corpus, products=[EVIDENCE / "magseal-cap-38" / "product-en.html",
                                               EVIDENCE / "flipview-console" / "product-en.html"],
                      use_ray=False)
    with pytest.raises(NotFoundError, match="no such file"):
        screen_corpus(corpus=corpus, products=[tmp_path / "missing.html"], use_ray=False)
    with pytest.raises(InvalidValueError, match="--top-k"):
        screen_corpus(corpus=corpus, products=products, top_k=0, use_ray=False)
    with pytest.raises(NotFoundError, match="not a built corpus"):
        screen_corpus(corpus=tmp_path, products=products, use_ray=False)


def test_an_unreadable_file_is_listed_and_the_others_screened(corpus: Path,
                                                                tmp_path: Path) -> None:
    import shutil

    product = tmp_path / "flipview"
    product.mkdir()
    shutil.copy(EVIDENCE / "flipview-console" / "product-en.html", product / "page.html")
    shutil.copy(EVIDENCE / "bad" / "corrupt.pdf", product / "broken.pdf")
    result = screen_corpus(corpus=corpus, products=[product], embedder="hashing",
                           use_ray=False, top_k=2)
    assert [f["file"] for f in result.failed] == [str(product / "broken.pdf")]
    assert "broken.pdf" in result.failed[0]["error"]
    assert result.pairs[0]["patent"] == "EP3782854A1"
    assert result.to_json()["failed"] == result.failed


def test_screen_stored_checks_names_and_bounds_before_work(corpus: Path,
                                                           database: Database) -> None:
    with pytest.raises(NotFoundError, match="no product evidence is stored"):
        screen_stored(corpus=corpus, database=database, names=None, max_products=20)
    add_evidence(database, [EVIDENCE / "flipview-console" / "product-en.html"],
                 product="FlipView Console")
    add_evidence(database, [EVIDENCE / "magseal-cap-38"], product="MagSeal Cap 38")
    with pytest.raises(NotFoundError, match="'FlipView'") as unknown:
        screen_stored(corpus=corpus, database=database, names=["FlipView"], max_products=20)
    assert unknown.value.candidates == ("FlipView Console",)
    with pytest.raises(InvalidValueError, match="2 products, over the limit of 1 per request"):
        screen_stored(corpus=corpus, database=database, names=None, max_products=1)
    result = screen_stored(corpus=corpus, database=database, names=["FlipView Console"],
                           max_products=1, top_k=2, embedder="hashing")
    assert result.runner == "in-process" and result.pairs[0]["patent"] == "EP3782854A1"
