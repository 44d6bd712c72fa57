"""The sentence embedder question understanding uses, and the on-disk cache of exemplar matrices.

The MiniLM model is the one process-wide copy retrieval also uses
(`retrieval.backends.load_sentence_transformer`); exemplar matrices are keyed by the normalised
exemplar texts and the model, so a changed library or model rebuilds them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MATRIX_VERSION = 1
"""Bump when the way exemplars are encoded changes (the cached matrices then rebuild)."""

class Embedder(Protocol):
    """What understanding needs of a sentence embedder (sentence-transformers' `encode`)."""

    def encode(self, sentences: Sequence[str], **kwargs: Any) -> np.ndarray: ...


@contextlib.contextmanager
def one_thread(enabled: bool) -> Iterator[None]:
    """One short sentence encodes fastest on one thread (no contention on small, busy machines)."""
    torch = sys.modules.get("torch")  # the NumPy runtime limits its own BLAS threads; torch only if loaded
    if not enabled or torch is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def default_embedder() -> Embedder:
    """The shipped MiniLM sentence embedder, offline: the process-wide copy retrieval also uses."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from retrieval.backends import load_sentence_transformer

    return load_sentence_transformer(None, "auto")


def default_model_key() -> str:
    from retrieval.backends import default_minilm_path

    return str(default_minilm_path().resolve())


def cache_dir() -> Path:
    """Where exemplar matrices are kept: `$CLINORCH_CACHE_DIR` (default `~/.cache/clinorch`)/understanding."""
    from retrieval.cache import cache_root

    return cache_root() / "understanding"


def matrix_key(texts: Sequence[str], model_key: str) -> str:
    digest = hashlib.sha256(f"{MATRIX_VERSION}\n{model_key}\n".encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:24]


def load_matrix(path: Path, rows: int) -> np.ndarray | None:
    try:
        matrix = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if matrix.ndim != 2 or matrix.shape[0] != rows or matrix.dtype != np.float32:
        return None
    return matrix


def save_matrix(path: Path, matrix: np.ndarray) -> None:
    """Writes atomically; an unwritable cache folder only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npy")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            np.save(stream, matrix, allow_pickle=False)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)

