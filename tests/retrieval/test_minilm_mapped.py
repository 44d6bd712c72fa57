"""The MiniLM runtime's memory-mapped weights: the same arrays safetensors reads, the same embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from retrieval import minilm
from retrieval.backends import default_minilm_path


def _raw_file(path: Path, entries: dict[str, tuple[str, list[int], bytes]], shift: int = 0) -> None:
    """A safetensors file written by hand (dtypes and offsets numpy's writer would not produce)."""
    header, data = {}, b""
    for name, (dtype, shape, payload) in entries.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8 + shift)  # the data starts `shift` bytes past 8-byte alignment
    path.write_bytes(len(text).to_bytes(8, "little") + text + data)


def test_mapped_weights_equal_safetensors_own_reading_of_the_bundled_model() -> None:
    path = default_minilm_path() / "model.safetensors"
    weights, read = minilm._mapped_safetensors(path), load_file(str(path))
    assert weights is not None and weights.tensors.keys() == read.keys()
    mapped = weights.tensors
    for name, array in read.items():
        assert mapped[name].dtype == array.dtype and np.array_equal(mapped[name], array), name
        assert not mapped[name].flags.writeable  # a read-only map: nothing can change the model's weights


@pytest.mark.parametrize("shapes", [[(3, 5)], [(7,), (2, 3, 4)], [(1,), (0, 4), (9, 1)]])
def test_mapped_tensors_of_every_supported_dtype_equal_load_file(tmp_path: Path,
                                                                 shapes: list[tuple[int, ...]]) -> None:
    rng = np.random.default_rng(len(shapes))
    dtypes = [np.float32, np.float64, np.float16, np.int64, np.int32]
    tensors = {f"t{i}.{np.dtype(d).name}": (rng.normal(size=shape) * 100).astype(d)
               for i, shape in enumerate(shapes) for d in dtypes}
    save_file(tensors, str(tmp_path / "m.safetensors"))
    weights = minilm._mapped_safetensors(tmp_path / "m.safetensors")
    assert weights is not None
    mapped = weights.tensors
    for name, array in load_file(str(tmp_path / "m.safetensors")).items():
        assert mapped[name].dtype == array.dtype and mapped[name].shape == array.shape
        assert np.array_equal(mapped[name], array)


def test_a_dtype_without_numpy_equivalent_or_misaligned_data_falls_back(tmp_path: Path) -> None:
    _raw_file(tmp_path / "bf16.safetensors", {"w": ("BF16", [2], b"\0" * 4)})
    assert minilm._mapped_safetensors(tmp_path / "bf16.safetensors") is None
    _raw_file(tmp_path / "odd.safetensors", {"b": ("I64", [1], b"\0" * 8), "w": ("F32", [1], b"\0" * 4)}, shift=4)
    assert minilm._mapped_safetensors(tmp_path / "odd.safetensors") is None  # data starts off 8-byte alignment
    _raw_file(tmp_path / "ok.safetensors", {"b": ("I64", [1], (5).to_bytes(8, "little")), "w": ("F32", [1], b"\0" * 4)})
    ok = minilm._mapped_safetensors(tmp_path / "ok.safetensors")
    assert ok is not None and int(ok.tensors["b"][0]) == 5


def test_embeddings_from_mapped_weights_are_bit_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = ["spleen volume", "What is the longest axial diameter of the largest pancreatic tumor, in mm?",
                 "Is the liver lesion in segment IVa hypodense compared with the surrounding parenchyma " * 4]
    mapped = minilm.NumpySentenceEncoder(default_minilm_path())
    batch, single = mapped.encode(sentences), [mapped.encode(s) for s in sentences]
    monkeypatch.setattr(minilm, "_mapped_safetensors", lambda path: None)  # safetensors' load_file instead
    read = minilm.NumpySentenceEncoder(default_minilm_path())
    assert np.array_equal(batch, read.encode(sentences))
    assert all(np.array_equal(a, read.encode(s)) for a, s in zip(single, sentences, strict=True))


def _resident_mb(weights: minilm._MappedWeights) -> float:
    """Resident memory of the encoder's own map of its weights (/proc/self/smaps), in MB."""
    start, inside = np.frombuffer(weights.map, dtype=np.uint8).ctypes.data, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5:  # a mapping's header line: its address range first
            inside = int(fields[0].split("-")[0], 16) == start
        elif inside and fields and fields[0] == "Rss:":
            return int(fields[1]) / 1024
    raise AssertionError("the encoder's map is not among this process's mappings")


@pytest.mark.skipif(not Path("/proc/self/smaps").exists() or not hasattr(__import__("mmap"), "MADV_DONTNEED"),
                    reason="needs Linux's /proc and madvise")
@pytest.mark.parametrize("texts", [["spleen volume"], ["Is the liver lesion hypodense? " * 30, "kidney cyst", "x"]])
def test_weights_read_by_an_encoding_leave_resident_memory_and_the_next_encoding_is_equal(texts: list[str]) -> None:
    encoder = minilm.NumpySentenceEncoder(default_minilm_path())
    first = encoder.encode(texts, batch_size=2)
    assert encoder._mapped is not None
    layers = sum(a.nbytes for name, a in encoder._mapped.tensors.items() if ".layer." in name) / 2**20
    assert layers > 40  # what one encoding reads of the map: every layer's weights
    assert _resident_mb(encoder._mapped) < 2, "the layers' pages stayed resident after the encoding"
    assert np.array_equal(encoder.encode(texts, batch_size=2), first)  # read back from the page cache: same values
    assert _resident_mb(encoder._mapped) < 2
