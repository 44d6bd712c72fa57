"""Retriever plumbing: hits, modes, the on-disk cache, re-ranking, registries, chunking, BM25."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import knowledge
from retrieval import (
    EMBEDDERS,
    Hit,
    RetrievalError,
    Retriever,
    chunk_documents,
    reciprocal_rank_fusion,
    resolve_embedder,
    resolve_index,
    resolve_reranker,
    tokenize,
)
from retrieval.chunking import split_text

BASE = knowledge.load_base()


def test_real_search_returns_cited_hits(retrievers: dict[str, Retriever]) -> None:
    hits = retrievers["deeptumorvqa"].search("is the spleen enlarged at 420 cc", k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert len({h.id for h in hits}) == 3
    assert {"dtvqa-splenomegaly-detection", "dtvqa-spleen-volume-grade"} & {h.id for h in hits}
    top = hits[0]
    assert top.source == BASE.get(top.id).citation and top.title == BASE.get(top.id).title
    assert top.text and top.score > 0 and top.mode == "hybrid"
    assert Hit.model_validate_json(top.model_dump_json()) == top
    assert set(top.model_dump()) >= {"id", "title", "text", "source", "score", "rank"}


def test_modes_and_k(retrievers: dict[str, Retriever]) -> None:
    r = retrievers["deeptumorvqa"]
    for mode in ("dense", "sparse", "hybrid"):
        hits = r.search("RECIST progression threshold", k=5, mode=mode)
        assert len(hits) == 5 and all(h.mode == mode for h in hits)
        assert "recist11-response" in [h.id for h in hits[:3]]
    with pytest.raises(ValueError, match="mode"):
        r.search("x", mode="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        r.search("   ")
    with pytest.raises(ValueError, match="k must"):
        r.search("spleen", k=0)


def test_index_is_cached_and_a_changed_entry_rebuilds(tmp_path: Path, hashing) -> None:
    first = Retriever(BASE, cache_dir=tmp_path, embedder=hashing)
    assert first.build().cached is False
    assert (first.cache_path / "meta.json").is_file() and first.cache_path.parent == tmp_path / "index"
    calls = len(hashing.calls)
    again = Retriever(BASE, cache_dir=tmp_path, embedder=hashing)
    assert again.build().cached is True and len(hashing.calls) == calls  # nothing re-embedded
    assert again.search("pancreatic cyst resection", k=1)[0].id == first.search("pancreatic cyst resection", k=1)[0].id

    entries = list(BASE)
    entries[0] = entries[0].model_copy(update={"text": entries[0].text + " Edited."})
    changed = Retriever(entries, cache_dir=tmp_path, embedder=hashing)
    assert changed.key != first.key
    assert changed.build().cached is False
    assert len(list((tmp_path / "index").iterdir())) == 2


def test_cache_dir_defaults_to_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hashing) -> None:
    monkeypatch.setenv("CLINORCH_CACHE_DIR", str(tmp_path / "env"))
    assert Retriever(BASE, embedder=hashing).cache_path.is_relative_to(tmp_path / "env" / "index")
    monkeypatch.delenv("CLINORCH_CACHE_DIR")
    assert Retriever(BASE, embedder=hashing).root == Path.home() / ".cache" / "clinorch"


def test_sparse_mode_never_embeds(tmp_path: Path) -> None:
    class Refusing:
        name = "refusing"

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            raise AssertionError("sparse search must not embed")

    hits = Retriever(BASE, cache_dir=tmp_path, mode="sparse", embedder=Refusing()).search("Bosniak IIF septa", k=2)
    assert hits[0].id == "bosniak-2019-cystic-mass"


def test_reranker_reorders_candidates(tmp_path: Path, hashing) -> None:
    class PrefersRecist:
        name = "prefers-recist"

        def score(self, query: str, passages: Sequence[str]) -> list[float]:
            return [1.0 if "RECIST" in p else 0.0 for p in passages]

    r = Retriever(BASE, cache_dir=tmp_path, embedder=hashing, reranker=PrefersRecist())
    assert r.search("spleen volume", k=1)[0].id.startswith("recist11")


def test_registries_resolve_and_fail_clearly(tmp_path: Path) -> None:
    assert {"minilm"} <= set(EMBEDDERS.names())
    assert resolve_embedder("minilm").name.startswith("minilm")
    assert resolve_index("faiss") is not None and resolve_index("faiss-hnsw") is not None
    with pytest.raises(RetrievalError, match="no embedder named 'bert'"):
        resolve_embedder("bert")
    with pytest.raises(RetrievalError, match="does not exist"):
        resolve_reranker("cross-encoder", model_path=tmp_path / "absent")
    assert resolve_reranker(None) is None
    with pytest.raises(RetrievalError, match="modules.json"):
        resolve_embedder("minilm", model_path=tmp_path).embed(["x"])


def test_hnsw_index_finds_the_same_top_hit(tmp_path: Path, hashing) -> None:
    flat = Retriever(BASE, cache_dir=tmp_path, embedder=hashing, mode="dense")
    hnsw = Retriever(BASE, cache_dir=tmp_path, embedder=hashing, mode="dense", index="faiss-hnsw")
    assert flat.key != hnsw.key
    query = "caudate to right lobe ratio portal hypertension"
    assert flat.search(query, k=1)[0].id == hnsw.search(query, k=1)[0].id


def test_chunks_fit_and_repeat_the_title() -> None:
    chunks = chunk_documents(knowledge.load_base("all"), max_chars=400)
    assert all(len(c.text) <= 400 + 120 for c in chunks)  # a passage may exceed only by its title line
    by_doc: dict[str, list] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    long = by_doc["lirads-2018-diagnostic-table"]
    assert len(long) > 1 and all(c.text.startswith(long[0].title) for c in long)
    assert [c.chunk_id for c in long] == [f"lirads-2018-diagnostic-table#{i}" for i in range(len(long))]
    assert split_text("T\n" + "word " * 300, "T", 100)[1].startswith("T\n")


def test_tokenize_keeps_clinical_tokens() -> None:
    tokens = tokenize("L/S ratio < 1.0; LR-5 and T1a lesions, 34.8 HU")
    assert {"l/s", "l", "ratio", "1.0", "lr-5", "lr", "5", "t1a", "lesion", "34.8", "hu"} <= set(tokens)
    assert "and" not in tokens


def test_reciprocal_rank_fusion() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert [doc for doc, _ in fused] == ["b", "a", "c"] or [doc for doc, _ in fused][0] == "b"
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_search_many_and_json(tmp_path: Path, hashing) -> None:
    import json

    from retrieval import hits_to_json

    r = Retriever(BASE, cache_dir=tmp_path, embedder=hashing)
    results = r.search_many(["Bosniak IIF septa", "RECIST lymph node short axis"], k=2)
    assert [len(x) for x in results] == [2, 2]
    assert hashing.calls[-1] == 2  # both queries embedded in one batch
    rows = json.loads(hits_to_json(results[0]))
    assert rows[0]["id"] == results[0][0].id and {"id", "title", "text", "source", "score"} <= set(rows[0])


def test_damaged_cache_is_rebuilt(tmp_path: Path, hashing) -> None:
    first = Retriever(BASE, cache_dir=tmp_path, embedder=hashing)
    first.build()
    (first.cache_path / "vectors.faiss").write_bytes(b"not an index")
    again = Retriever(BASE, cache_dir=tmp_path, embedder=hashing)
    assert again.build().cached is False
    assert again.search("adrenal washout", k=1)[0].id == first.search("adrenal washout", k=1)[0].id
    assert Retriever(BASE, cache_dir=tmp_path, embedder=hashing).build().cached is True


def test_unwritable_cache_still_searches(tmp_path: Path, hashing) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    r = Retriever(BASE, cache_dir=blocker, embedder=hashing)
    assert r.build().cached is False
    assert len(r.search("adrenal washout", k=2)) == 2


def test_large_k_returns_every_document(tmp_path: Path, hashing) -> None:
    hits = Retriever(BASE, cache_dir=tmp_path, embedder=hashing).search("liver", k=100, mode="dense")
    assert len(hits) == len(BASE) and len({h.id for h in hits}) == len(BASE)
