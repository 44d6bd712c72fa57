"""A torch-free runtime for BERT-family sentence embedders such as all-MiniLM-L6-v2.

The bundled MiniLM is small (6 layers, 384 dimensions, 22 M parameters): on a CPU its forward
pass is a handful of matrix products that NumPy does as fast as torch does, while importing
torch and sentence-transformers costs 5-10 s of every cold start. This module reads the same
files sentence-transformers reads (`config.json`, `tokenizer.json`, `model.safetensors`,
`sentence_bert_config.json`, `1_Pooling/config.json`), tokenises with Hugging Face `tokenizers`
and runs the encoder with NumPy. Embeddings agree with sentence-transformers' to float32
rounding (tests/retrieval/test_minilm_numpy.py measures it on the intent library and the
knowledge base).

Supported: BERT encoders (absolute positions, GELU) with mean pooling and an optional Normalize
module — what `all-MiniLM-L6-v2` and most sentence-transformers MiniLM/MPNet-free models are.
Anything else raises `UnsupportedModel`, and the caller falls back to sentence-transformers.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

SMALL_BATCH_TOKENS = 2048
"""Below this many tokens in a batch the forward pass runs on one BLAS thread."""


def _blas_threads(limit: int | None) -> Any:
    """A context that caps the BLAS threads (threadpoolctl), or changes nothing."""
    if limit is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=limit, user_api="blas")


class UnsupportedModel(ValueError):
    """The folder holds a model this runtime does not implement."""


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU that BERT's `hidden_act: gelu` means."""
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


# Cephes' erf (ndtr.c), the rational approximations scipy.special.erf evaluates: the same values to
# 1 ulp of float64, without importing scipy.special (0.2 s and 27 MB of a cold `clinorch review`).
_ERF_T = (9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3,
          5.55923013010394962768e4)
_ERF_U = (1.0, 3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3,
          2.26290000613890934246e4, 4.92673942608635921086e4)
_ERFC_P = (2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1,
           1.96520832956077098242e2, 5.26445194995477358631e2, 9.34528527171957607540e2, 1.02755188689515710272e3,
           5.57535335369399327526e2)
_ERFC_Q = (1.0, 1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2,
           9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3,
           5.57535340817727675546e2)
_ERFC_R = (5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0,
           7.40974269950448939160e0, 2.97886665372100240670e0)
_ERFC_S = (1.0, 2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1,
           1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516050e0)


def _polynomial(coefficients: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    out = np.full_like(x, coefficients[0])
    for c in coefficients[1:]:
        out *= x
        out += c
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float64: a ratio of polynomials below 1, else 1 - erfc with erfc's two ranges (split at 8).

    Each range is evaluated only on its own values (a GELU's inputs are mostly below 1).
    """
    x = np.asarray(x, dtype=np.float64)
    inside = np.minimum(x * x, 1.0)  # the first ratio is kept only below 1 (inf would make it nan)
    out = x * _polynomial(_ERF_T, inside) / _polynomial(_ERF_U, inside)
    outer = np.abs(x) >= 1.0
    if outer.any():
        magnitude = np.minimum(np.abs(x[outer]), 10.0)  # erfc(10) < 1e-44: 1 - erfc is 1.0 from there on (and for inf)
        ratio = _polynomial(_ERFC_P, magnitude) / _polynomial(_ERFC_Q, magnitude)
        far = magnitude >= 8.0
        if far.any():
            ratio[far] = _polynomial(_ERFC_R, magnitude[far]) / _polynomial(_ERFC_S, magnitude[far])
        with np.errstate(under="ignore"):
            erfc = np.exp(-magnitude * magnitude) * ratio
        out[outer] = np.copysign(1.0 - erfc, x[outer])
    return out


_SAFETENSORS_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4"}


class _MappedWeights:
    """A safetensors file's tensors as read-only arrays over a memory map of it (see `_mapped_safetensors`).

    Pages of a map that the forward pass has read count in the process's resident memory until
    they are dropped: all of MiniLM's layers (43 MB) stayed resident after one question was
    encoded, a fifth of a small case's peak RSS. `release` drops a group of tensors' pages once a
    forward pass is done with them; they stay in the kernel's page cache, and the next read maps
    the same bytes back (a few ms per encoding), so values never change.
    """

    def __init__(self, mapped: mmap.mmap, tensors: dict[str, np.ndarray], spans: dict[str, tuple[int, int]]) -> None:
        self.map, self.tensors, self.spans = mapped, tensors, spans

    def release(self, names: Sequence[str]) -> None:
        """Drops from resident memory the pages of the named tensors (and of any tensor between them)."""
        spans = [self.spans[name] for name in names]
        if not spans or not hasattr(mmap, "MADV_DONTNEED"):  # not Linux/BSD: the pages stay, nothing else changes
            return
        start = min(s for s, _ in spans) // mmap.PAGESIZE * mmap.PAGESIZE
        self.map.madvise(mmap.MADV_DONTNEED, start, max(e for _, e in spans) - start)


def _mapped_safetensors(path: Path) -> _MappedWeights | None:
    """The tensors of a safetensors file as read-only arrays over a memory map of it, or None.

    safetensors' own `load_file` reads the whole file into fresh memory (90 MB, 60 ms for MiniLM);
    mapped, a question's encoding touches the layers and only its own tokens' rows of the 47 MB
    word-embedding table. Same bytes, so the same values. The format (an 8-byte little-endian
    header length, a JSON header of dtypes, shapes and byte ranges, then the data) is read here;
    a dtype without a NumPy equivalent (BF16) or data off its item alignment returns None, and
    the caller falls back to `load_file`.
    """
    with path.open("rb") as file:
        length = int.from_bytes(file.read(8), "little")
        header = json.loads(file.read(length))
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    start = 8 + length
    tensors, spans = {}, {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_SAFETENSORS_DTYPES.get(entry["dtype"], "V1"))
        begin, end = entry["data_offsets"]
        if dtype.kind == "V" or (start + begin) % dtype.itemsize or (end - begin) % dtype.itemsize:
            return None
        array = np.frombuffer(mapped, dtype=dtype, count=(end - begin) // dtype.itemsize, offset=start + begin)
        tensors[name] = array.reshape(entry["shape"])
        spans[name] = (start + begin, start + end)
    return _MappedWeights(mapped, tensors, spans)


class NumpySentenceEncoder:
    """`encode()` like sentence-transformers' for a BERT encoder with mean pooling, in NumPy.

    Args:
        folder: a sentence-transformers model folder (the bundled MiniLM by default elsewhere).

    Raises:
        UnsupportedModel: not a BERT encoder with mean pooling, or weights not in safetensors.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        config = json.loads((self.folder / "config.json").read_text())
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu" \
                or config.get("position_embedding_type", "absolute") != "absolute":
            raise UnsupportedModel(f"{self.folder}: not a BERT encoder with GELU and absolute positions")
        pooling = self._read_json("1_Pooling/config.json", {"pooling_mode_mean_tokens": True})
        if not pooling.get("pooling_mode_mean_tokens") or any(
                pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                         "pooling_mode_mean_sqrt_len_tokens")):
            raise UnsupportedModel(f"{self.folder}: pooling other than mean tokens")
        if not (self.folder / "model.safetensors").is_file() or not (self.folder / "tokenizer.json").is_file():
            raise UnsupportedModel(f"{self.folder}: needs model.safetensors and tokenizer.json")
        modules = self._read_json("modules.json", [])
        self.normalize = any(m.get("type", "").endswith("Normalize") for m in modules)
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_length = int(self._read_json("sentence_bert_config.json", {}).get("max_seq_length", 512))
        self._weights: dict[str, np.ndarray] | None = None
        self._mapped: _MappedWeights | None = None
        self._tokenizer = None
        self._loading = threading.Lock()  # two requests' first encode at once (two browser tabs) load once

    def _read_json(self, name: str, default: object) -> object:
        path = self.folder / name
        return json.loads(path.read_text()) if path.is_file() else default

    def _load(self) -> None:
        from tokenizers import Tokenizer

        self._mapped = _mapped_safetensors(self.folder / "model.safetensors")
        if self._mapped is not None:
            weights = self._mapped.tensors
        else:
            from safetensors.numpy import load_file

            weights = load_file(str(self.folder / "model.safetensors"))
        self._weights = {k.removeprefix("bert."): v.astype(np.float32, copy=False) for k, v in weights.items()}
        tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=self.max_length)
        tokenizer.no_padding()
        self._tokenizer = tokenizer

    def encode(self, sentences: str | Sequence[str], batch_size: int = 32, normalize_embeddings: bool = False,
               convert_to_numpy: bool = True, show_progress_bar: bool = False, **_: object) -> np.ndarray:
        """Sentence embeddings, shape (n, hidden) float32 (a 1-D vector for one string)."""
        if self._tokenizer is None:  # set last by `_load`: seen set, the weights are there too
            with self._loading:
                if self._tokenizer is None:
                    self._load()
        single = isinstance(sentences, str)
        texts = [sentences] if single else list(sentences)
        encodings = self._tokenizer.encode_batch(texts)  # type: ignore[union-attr]
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), self._weights["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        for start in range(0, len(texts), max(1, batch_size)):
            batch = [encodings[i] for i in order[start:start + batch_size]]
            tokens = sum(len(e.ids) for e in batch)
            # BLAS threads cost more than they give on a few hundred tokens (and far more on a busy
            # machine, where they wait for each other): one thread for small batches.
            with _blas_threads(1 if tokens < SMALL_BATCH_TOKENS else None):
                out[order[start:start + batch_size]] = self._forward(batch)
        if normalize_embeddings or self.normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out[0] if single else out

    def _forward(self, batch: list) -> np.ndarray:
        w = self._weights
        assert w is not None
        length = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), length), np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(batch), length), np.float32)
        for row, enc in enumerate(batch):
            n = len(enc.ids)
            ids[row, :n], types[row, :n], mask[row, :n] = enc.ids, enc.type_ids, 1.0
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        self._release("embeddings.")
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{layer}.")
            self._release(f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled.astype(np.float32)

    def _release(self, group: str) -> None:
        """Drops a group of mapped weights from resident memory once the forward pass has used them."""
        if self._mapped is not None:
            self._mapped.release([k for k in self._mapped.tensors if k.removeprefix("bert.").startswith(group)])

    def _layer(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        w = self._weights
        assert w is not None
        n, length, hidden = x.shape
        head = hidden // self.heads

        def linear(t: np.ndarray, name: str) -> np.ndarray:
            return t @ w[f"{p}{name}.weight"].T + w[f"{p}{name}.bias"]

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(n, length, self.heads, head).transpose(0, 2, 1, 3)

        q, k, v = (split(linear(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(n, length, hidden)
        x = _layer_norm(linear(context, "attention.output.dense") + x, w[f"{p}attention.output.LayerNorm.weight"],
                        w[f"{p}attention.output.LayerNorm.bias"], self.eps)
        inner = _gelu(linear(x, "intermediate.dense"))
        return _layer_norm(linear(inner, "output.dense") + x, w[f"{p}output.LayerNorm.weight"],
                           w[f"{p}output.LayerNorm.bias"], self.eps)
