"""The same corpus with and without Ray (one small local Ray for the module: slow to start)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kizuna.services.corpus.build import build_corpus
from tests.services.corpus.support import SOURCES, snapshot

pytestmark = [
    pytest.mark.slow,
    # Ray Data's own DataContext warns about its deprecated settings on first use
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*"),
]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    from kizuna.adapters.scale.ray_jobs import start_ray

    started = start_ray(workers=2, address=None)
    yield
    if started:
        import ray

        ray.shutdown()


def test_ray_and_in_process_builds_write_identical_files(local_ray: None, tmp_path: Path) -> None:
    options = {"embedder": "hashing", "partition_size": 2}
    with_ray = build_corpus(sources=SOURCES, out=tmp_path / "ray", use_ray=True, workers=2,
                            **options)  # type: ignore[arg-type]
    plain = build_corpus(sources=SOURCES, out=tmp_path / "plain", use_ray=False,
                         **options)  # type: ignore[arg-type]
    assert with_ray.runner == "ray" and plain.runner == "in-process"
    assert with_ray.documents == plain.documents == 11
    assert with_ray.failed == plain.failed
    assert snapshot(tmp_path / "ray") == snapshot(tmp_path / "plain")
    assert (tmp_path / "ray" / "index" / "meta.json").read_text("utf-8") == \
        (tmp_path / "plain" / "index" / "meta.json").read_text("utf-8")


def test_applicant_counts_are_the_same_with_and_without_ray(local_ray: None,
                                                            tmp_path: Path) -> None:
    from kizuna.services.corpus.applicants import applicant_activity

    build_corpus(sources=SOURCES, out=tmp_path / "c", embedder="none", use_ray=False,
                 partition_size=2)
    with_ray = applicant_activity(corpus=tmp_path / "c", use_ray=True, workers=2)
    plain = applicant_activity(corpus=tmp_path / "c", use_ray=False)
    assert with_ray.to_json() == plain.to_json() and plain.documents > 5


def test_landscape_is_the_same_with_and_without_ray(local_ray: None, tmp_path: Path) -> None:
    from kizuna.services.corpus.landscape import expand_landscape

    build_corpus(sources=SOURCES, out=tmp_path / "c", embedder="hashing", use_ray=False,
                 partition_size=2)
    seen: list[tuple[int, int]] = []
    with_ray = expand_landscape(corpus=tmp_path / "c", seeds=["US9999001B2", "JP2099000001A"],
                                use_ray=True, workers=2, progress=lambda d, t: seen.append((d, t)))
    plain = expand_landscape(corpus=tmp_path / "c", seeds=["US9999001B2", "JP2099000001A"],
                             use_ray=False)
    assert with_ray.runner == "ray" and plain.runner == "in-process"
    assert with_ray.patents == plain.patents and len(plain.patents) > 3
    assert with_ray.landscape == plain.landscape
    assert seen[-1][0] == seen[-1][1] > 1  # one progress step per partition


def test_screening_is_the_same_with_and_without_ray(local_ray: None, tmp_path: Path) -> None:
    from kizuna.services.corpus.screen import screen_corpus
    from tests.services.corpus.support import DATA

    build_corpus(sources=SOURCES, out=tmp_path / "c", embedder="hashing", use_ray=False,
                 partition_size=3)
    products = [DATA / "evidence" / "magseal-cap-38", DATA / "evidence" / "flipview-console"]
    options = {"corpus": tmp_path / "c", "products": products, "embedder": "hashing",
               "top_k": 2}
    with_ray = screen_corpus(use_ray=True, workers=2, **options)  # type: ignore[arg-type]
    plain = screen_corpus(use_ray=False, **options)  # type: ignore[arg-type]
    assert with_ray.pairs == plain.pairs and len(plain.pairs) >= 2
    assert with_ray.products == plain.products
