"""Real models: a product that does not practise JP7533889B2 claim 1 is not charted as shown.

JP7533889B2 claim 1 (立体配線構造体の製造方法, a method of making a 3D wiring
structure) against the fictitious evidence in tests/data/evidence: MID-Form 3D
practises it; TwistGuard CR 38 (child-resistant bottle caps) and LaserTrace
LDS (laser direct structuring, a neighbouring technique) do not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kizuna.adapters.storage.db import Database
from kizuna.domain.evidence import ClaimChart
from kizuna.services.charts import build_chart
from kizuna.services.evidence import add_evidence
from kizuna.services.ingest import ingest_paths
from kizuna.services.screening import ScreenReport

DATA = Path(__file__).parents[2] / "data"
EVIDENCE = DATA / "evidence"
PRODUCTS = {
    "MID-Form 3D": EVIDENCE / "mid-form-3d",
    "TwistGuard CR 38": EVIDENCE / "distractors" / "twistguard-cr",
    "LaserTrace LDS": EVIDENCE / "distractors" / "lasertrace-lds",
}


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ClaimChart]:
    import os

    from kizuna.adapters.storage.db import open_database

    root = tmp_path_factory.mktemp("distractors")
    os.environ["KIZUNA_CACHE_DIR"] = str(root / "cache")
    database: Database = open_database(f"sqlite:///{root / 'kizuna.db'}")
    files = [
        DATA / "jpo" / "2020123456-progress.json",
        DATA / "jpo" / "2020123456-A523-amendment.xml",
    ]
    report = ingest_paths(paths=files, database=database, max_file_bytes=10**8)
    assert not report.failed, report.failed
    built = {}
    for product, folder in PRODUCTS.items():
        add_evidence(database, sorted(p for p in folder.iterdir() if p.is_file()), product=product)
        built[product] = build_chart(database, "JP7533889B2", claim=1, product=product)
    del os.environ["KIZUNA_CACHE_DIR"]
    database.engine.dispose()
    return built


def _mean(chart: ClaimChart) -> float:
    return sum(e.score for e in chart.elements) / len(chart.elements)


@pytest.mark.slow
def test_off_topic_distractor_is_not_shown_and_scores_below_the_true_product(
    charts: dict[str, ClaimChart],
) -> None:
    true, distractor = charts["MID-Form 3D"], charts["TwistGuard CR 38"]
    assert true.verdict == "shown"
    assert distractor.verdict != "shown"
    assert distractor.coverage <= true.coverage - 0.5
    assert _mean(distractor) < _mean(true) - 0.3


@pytest.mark.slow
def test_same_topic_distractor_scores_below_the_true_product(
    charts: dict[str, ClaimChart],
) -> None:
    true, neighbour = charts["MID-Form 3D"], charts["LaserTrace LDS"]
    assert _mean(neighbour) < _mean(true) - 0.05
    assert all(n.score < t.score for n, t in zip(neighbour.elements, true.elements, strict=True))


@pytest.mark.slow
def test_same_topic_distractor_is_not_shown_and_the_true_product_is(
    charts: dict[str, ClaimChart],
) -> None:
    """Laser direct structuring has no moulded grooves, no ink and no insert-moulded lead frame."""
    assert charts["MID-Form 3D"].verdict == "shown"
    assert charts["LaserTrace LDS"].verdict == "not shown"


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> ScreenReport:
    """Three patents x six products, screened once for the module."""
    import os

    from kizuna.adapters.storage.db import open_database
    from kizuna.services.screening import screen

    root = tmp_path_factory.mktemp("screen")
    os.environ["KIZUNA_CACHE_DIR"] = str(root / "cache")
    database = open_database(f"sqlite:///{root / 'kizuna.db'}")
    files = [DATA / "jpo" / "2020123456-progress.json",
             DATA / "jpo" / "2020123456-A523-amendment.xml",
             DATA / "epo" / "grant-v1-5-1-B1.xml", DATA / "epo" / "application-v1-5-A1.xml"]
    assert not ingest_paths(paths=files, database=database, max_file_bytes=10**8).failed
    products = {**PRODUCTS, "MagSeal Cap 38": EVIDENCE / "magseal-cap-38",
                "FlipView Console": EVIDENCE / "flipview-console",
                "DashView 12": EVIDENCE / "distractors" / "dashview-fixed"}
    for product, folder in products.items():
        add_evidence(database, sorted(p for p in folder.iterdir() if p.is_file()), product=product)
    report = screen(database, patents=["JP7533889B2", "EP3383757B1", "EP3782854A1"])
    del os.environ["KIZUNA_CACHE_DIR"]
    database.engine.dispose()
    return report


@pytest.mark.slow
def test_screen_ranks_the_true_pairs_above_unrelated_and_same_topic_products(
    screened: ScreenReport,
) -> None:
    """Three patents x six products: each patent's true product ranks first among its pairs."""
    true = {"JP7533889B2": "MID-Form 3D", "EP3383757B1": "MagSeal Cap 38",
            "EP3782854A1": "FlipView Console"}
    order = [(p.patent, p.product) for p in screened.pairs if p.claim == 1]
    for patent, product in true.items():
        mine = [prod for pat, prod in order if pat == patent]
        assert mine[0] == product, (patent, mine)
    first_false = min(n for n, pair in enumerate(order) if pair not in true.items())
    assert all(order.index(pair) < first_false for pair in true.items()), order


@pytest.mark.slow
def test_screen_skips_a_product_met_only_through_dictionary_drift(
    screened: ScreenReport,
) -> None:
    """EP3383757B1 (a container closure) x FlipView Console (a centre console with a flip-up
    display) was ``review`` at 50 %: "closure" -> 閉鎖 -> "closing" met 側 and 開閉, "container"
    -> 器 -> "capacity" met 容量. The true pairs stay ``chart``."""
    pairs = {(p.patent, p.product): p for p in screened.pairs if p.claim == 1}
    assert pairs[("EP3383757B1", "FlipView Console")].recommendation == "skip"
    assert pairs[("EP3383757B1", "MagSeal Cap 38")].recommendation == "chart"
    assert pairs[("JP7533889B2", "MID-Form 3D")].recommendation == "chart"
    assert pairs[("EP3782854A1", "FlipView Console")].recommendation == "chart"


@pytest.mark.slow
def test_chart_terms_are_whole_words_as_written_and_never_reference_signs(
    charts: dict[str, ClaimChart],
) -> None:
    """"matched: …; missing: …" names 導電性 and リードフレーム, never 性, 導 or (44)."""
    chart = charts["LaserTrace LDS"]
    shown = {t for e in chart.elements for m in e.matches
             for t in (*m.explanation.matched_terms, *m.explanation.missing_terms)}
    assert {"リードフレーム", "配線溝"} <= shown
    assert not shown & {"性", "導", "リード", "フレーム", "44", "４４", "1", "2"}
    assert not any(t.isdigit() or "(" in t or "（" in t for t in shown)
    element_1b = next(e for e in chart.elements if e.element_id == "1B")
    top = element_1b.matches[0].explanation
    assert "導電性" in (*top.matched_terms, *top.missing_terms)  # one unit, as written


@pytest.mark.slow
def test_the_preamble_of_a_true_pair_is_supported_by_a_whole_product_passage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """EP3383757B1 claim 1 x MagSeal Cap 38: "A container-closure system comprising:" is
    stated by "The system consists of a bottle … and a two-piece closure", so the true pair
    is shown; the child-resistant cap without magnets is not."""
    from kizuna.adapters.storage.db import open_database

    monkeypatch.setenv("KIZUNA_CACHE_DIR", str(tmp_path / "cache"))
    database = open_database(f"sqlite:///{tmp_path / 'kizuna.db'}")
    files = [DATA / "epo" / "grant-v1-5-1-B1.xml"]
    assert not ingest_paths(paths=files, database=database, max_file_bytes=10**8).failed
    for product, folder in (("MagSeal Cap 38", EVIDENCE / "magseal-cap-38"),
                            ("TwistGuard CR 38", EVIDENCE / "distractors" / "twistguard-cr")):
        add_evidence(database, sorted(p for p in folder.iterdir() if p.is_file()), product=product)
    true = build_chart(database, "EP3383757B1", claim=1, product="MagSeal Cap 38")
    other = build_chart(database, "EP3383757B1", claim=1, product="TwistGuard CR 38")
    database.engine.dispose()
    preamble = true.elements[0]
    assert preamble.element_id == "1A" and preamble.label == "supported"
    assert "The system consists of a bottle" in preamble.matches[0].text
    assert true.verdict == "shown"
    assert other.verdict == "not shown"
