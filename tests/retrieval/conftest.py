"""Retrieval fixtures: the real MiniLM model loaded once per session, a fake embedder for unit tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import yaml

import knowledge
from retrieval import Embedder, Retriever, resolve_embedder
from retrieval.evaluation import LabelledQuery

QUERIES = Path(__file__).with_name("queries.yaml")


class HashingEmbedder:
    """Deterministic bag-of-words vectors: fast, no model, enough to test plumbing."""

    def __init__(self, dimension: int = 64, name: str = "hashing-test") -> None:
        self.dimension = dimension
        self.name = name
        self.calls: list[int] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


@pytest.fixture
def hashing() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    """The shipped model, loaded once for the whole session."""
    embedder = resolve_embedder("minilm", device="cpu")
    embedder.embed(["warm up"])
    return embedder


@pytest.fixture(scope="session")
def queries() -> list[LabelledQuery]:
    rows = yaml.safe_load(QUERIES.read_text())["queries"]
    return [LabelledQuery(r["q"], r["id"], r.get("split", "tune"), r.get("profile")) for r in rows]


@pytest.fixture(scope="session")
def retrievers(
    minilm: Embedder, queries: list[LabelledQuery], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Retriever]:
    """One retriever per profile the query set uses, built once on the real model."""
    root = tmp_path_factory.mktemp("index-cache")
    profiles = {q.profile or knowledge.DEFAULT_PROFILE for q in queries}
    built = {p: Retriever(knowledge.load_base(p), cache_dir=root, embedder=minilm) for p in sorted(profiles)}
    for profile, retriever in built.items():  # one batch per profile instead of one forward pass per query
        retriever.prefetch([q.query for q in queries if (q.profile or knowledge.DEFAULT_PROFILE) == profile])
    return built
