"""Capabilities as protocols, and a registry by name for each.

An embedder turns texts into unit-length vectors; an index stores vectors and returns nearest
neighbours by inner product; a re-ranker scores (query, passage) pairs. Configuration names a
backend; `resolve_*` builds it. Heavy models load on first use, never at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.registry import Registry


class RetrievalError(RuntimeError):
    """A retrieval backend cannot be built or used (e.g. a model is not installed)."""


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to an `(n, d)` float32 array of L2-normalised rows; same text, same vector."""

    name: str
    """Identifies the model and its version: part of the index cache key."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class VectorIndex(Protocol):
    """Exact or approximate inner-product search over added vectors, persisted to one file."""

    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and row ids, each `(len(queries), k)`; ids are -1 where fewer than k exist."""
        ...

    def save(self, path: Path) -> None: ...

    def __len__(self) -> int: ...


class IndexFactory(Protocol):
    """Builds an empty index of a dimension, or loads a saved one."""

    def create(self, dimension: int) -> VectorIndex: ...

    def load(self, path: Path) -> VectorIndex: ...


@runtime_checkable
class Reranker(Protocol):
    """Scores each passage for the query; higher is more relevant."""

    name: str

    def score(self, query: str, passages: Sequence[str]) -> list[float]: ...


EMBEDDERS: Registry[Embedder] = Registry(
    "embedder", builtin={"minilm": "retrieval.backends:MiniLMEmbedder"}, error=RetrievalError)
INDEXES: Registry[IndexFactory] = Registry(
    "index", builtin={"faiss": "retrieval.backends:FlatFactory", "faiss-hnsw": "retrieval.backends:HNSWFactory"},
    error=RetrievalError)
RERANKERS: Registry[Reranker] = Registry(
    "reranker", builtin={"cross-encoder": "retrieval.backends:CrossEncoderReranker"}, error=RetrievalError)
"""Retrieval backends by name (`core.registry.Registry`, the one registry style; shipped ones load lazily)."""


def resolve_embedder(spec: str | Embedder, **options: Any) -> Embedder:
    """An embedder from a registered name (default backends: `minilm`) or an instance."""
    return EMBEDDERS.create(spec, **options) if isinstance(spec, str) else spec


def resolve_index(spec: str | IndexFactory, **options: Any) -> IndexFactory:
    """An index factory from a registered name (`faiss`, `faiss-hnsw`) or an instance."""
    return INDEXES.create(spec, **options) if isinstance(spec, str) else spec


def resolve_reranker(spec: str | Reranker | None, **options: Any) -> Reranker | None:
    """A re-ranker from a registered name (`cross-encoder`, needs `model_path=`), an instance, or None."""
    return RERANKERS.create(spec, **options) if isinstance(spec, str) else spec

