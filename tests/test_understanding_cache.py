"""Exemplar matrix cache on disk and the process-wide sentence-transformer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from questions.intents import load_library
from questions.understanding import Understanding, cache_dir


class CountingEmbedder:
    """A deterministic fake embedder that counts the texts it encodes."""

    name_or_path = "fake-embedder"

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, sentences: Any, **kwargs: Any) -> np.ndarray:
        self.encoded += len(sentences)
        rows = []
        for text in sentences:
            vector = np.zeros(16, dtype=np.float32)
            for word in text.split():
                vector[hash(word) % 16] += 1.0
            rows.append(vector / max(float(np.linalg.norm(vector)), 1e-6))
        return np.asarray(rows, dtype=np.float32)


def _library() -> list[dict[str, Any]]:
    return load_library()


def test_matrix_is_cached_and_a_changed_library_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINORCH_CACHE_DIR", str(tmp_path))
    library = _library()
    first = CountingEmbedder()
    built = Understanding(first, library, cache=True)
    assert not built.cache_hit and first.encoded > 100
    assert built.cache_path is not None and built.cache_path.parent == cache_dir() == tmp_path / "understanding"
    second = CountingEmbedder()
    reused = Understanding(second, library, cache=True)
    assert reused.cache_hit and second.encoded == 0
    assert np.array_equal(reused._matrix, built._matrix)
    changed = [dict(r) for r in library]
    changed[0] = {**changed[0], "exemplars": [*changed[0]["exemplars"], "One more way to ask it?"]}
    third = CountingEmbedder()
    rebuilt = Understanding(third, changed, cache=True)
    assert not rebuilt.cache_hit and third.encoded == first.encoded + 1
    assert rebuilt.cache_path != built.cache_path


def test_unwritable_cache_dir_only_skips_caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLINORCH_CACHE_DIR", str(blocker))
    reader = Understanding(CountingEmbedder(), _library(), cache=True)
    assert not reader.cache_hit
    assert reader.understand("Is the spleen enlarged?").task


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINORCH_CACHE_DIR", str(tmp_path))
    built = Understanding(CountingEmbedder(), _library(), cache=True)
    assert built.cache_path is not None
    built.cache_path.write_bytes(b"garbage")
    again = CountingEmbedder()
    assert not Understanding(again, _library(), cache=True).cache_hit and again.encoded > 100


def test_retrieval_and_understanding_share_one_model() -> None:
    from questions.understanding import default_embedder
    from retrieval.backends import MiniLMEmbedder

    assert MiniLMEmbedder(device="auto").model is default_embedder()
