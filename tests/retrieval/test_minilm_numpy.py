"""The NumPy MiniLM runtime gives sentence-transformers' embeddings, so nothing downstream changes."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from retrieval.backends import default_minilm_path, load_sentence_transformer
from retrieval.minilm import NumpySentenceEncoder, UnsupportedModel

pytestmark = pytest.mark.slow


def _texts() -> list[str]:
    from pathlib import Path

    from knowledge import load_base

    root = Path(__file__).resolve().parents[2]
    library = yaml.safe_load((root / "questions/intents/subtypes.yaml").read_text())["tasks"]
    exemplars = [e for task in library for e in task.get("exemplars", [])]
    chunks = [f"{entry.title}. {entry.text}" for entry in load_base(profile="deeptumorvqa")]
    edge = ["", "a " * 600, "Ünïcödé spleen?? 314.5 cm³ — ≥ 1.0", "HU"]
    return exemplars + chunks + edge


def test_embeddings_match_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    texts = _texts()
    reference = SentenceTransformer(str(default_minilm_path()), device="cpu").encode(
        texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    ours = NumpySentenceEncoder(default_minilm_path()).encode(texts, batch_size=64, normalize_embeddings=True)
    assert ours.shape == reference.shape and ours.dtype == np.float32
    assert np.abs(ours - reference).max() < 1e-5
    # The ranking every caller relies on: nearest neighbours are the same.
    assert (np.argsort(-(ours @ ours[:20].T), axis=0)[:5] == np.argsort(-(reference @ reference[:20].T), axis=0)[:5]).all()


def test_default_cpu_runtime_is_numpy_and_shared() -> None:
    first = load_sentence_transformer(None, "cpu")
    assert isinstance(first.numpy, NumpySentenceEncoder)
    assert load_sentence_transformer(None, "cpu") is first
    single = first.encode("Is the spleen enlarged?")
    few = first.encode(["Is the spleen enlarged?"] * 3)
    assert np.abs(few[0] - single).max() < 1e-6
    assert single.shape == (384,) and abs(float(np.linalg.norm(single)) - 1.0) < 1e-5


def test_unsupported_models_are_refused(tmp_path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "mpnet", "hidden_act": "gelu"}')
    with pytest.raises(UnsupportedModel):
        NumpySentenceEncoder(tmp_path)


def test_the_erf_of_the_gelu_equals_scipys_to_one_ulp() -> None:
    from scipy.special import erf

    from retrieval.minilm import _erf

    rng = np.random.default_rng(0)
    x = np.concatenate([np.linspace(-40, 40, 400_001), rng.normal(0, 3, 100_000), [np.inf, -np.inf, 0.0, -0.0, 1.0, 8.0]])
    assert np.abs(_erf(x) - erf(x)).max() <= 2.3e-16
    assert np.isnan(_erf(np.array([np.nan])))[0]


def test_first_encodings_from_two_threads_at_once_load_the_model_once_and_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two requests' first encode at once (two browser tabs running the demo) once found the weights loaded and the
    tokenizer not yet: "'NoneType' object has no attribute 'encode_batch'". The load is slowed here so both threads
    are inside it together."""
    import threading
    import time

    encoder = NumpySentenceEncoder(default_minilm_path())
    real_load, loads = encoder._load, []

    def slow_load() -> None:
        loads.append(1)
        real_load()
        time.sleep(0.2)

    monkeypatch.setattr(encoder, "_load", slow_load)
    texts = ["liver volume in mL", "splenomegaly grading"]
    results: list[np.ndarray] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(encoder.encode(texts))
        except BaseException as err:  # noqa: BLE001 - the failure is what the test reports
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert loads == [1] and len(results) == 2
    np.testing.assert_array_equal(results[0], results[1])
