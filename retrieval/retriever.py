"""Hybrid search over a set of documents: dense (embedder + vector index), sparse (BM25), fused.

    >>> from retrieval import Retriever
    >>> hits = Retriever(knowledge.load_base()).search("is the spleen enlarged at 420 cc", k=3)
    >>> hits[0].id, hits[0].source

The passages' vectors are built once and cached on disk, keyed by their content; BM25 is
rebuilt in memory (milliseconds for a knowledge base). Nothing heavy loads before it is needed:
`sparse` mode never loads the embedder.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from retrieval import cache
from retrieval.chunking import Chunk, Document, chunk_documents
from retrieval.registry import Embedder, IndexFactory, Reranker, VectorIndex, resolve_embedder, resolve_index
from retrieval.sparse import BM25Index

Mode = Literal["hybrid", "dense", "sparse"]
_log = logging.getLogger(__name__)


class Hit(BaseModel):
    """One search result: a document, the passage that matched, its citation and score."""

    model_config = ConfigDict(extra="forbid")

    id: str
    """Document (knowledge entry) id."""
    title: str
    text: str
    """The best-matching passage of the document."""
    source: str
    """Citation: guideline or paper, year, section."""
    score: float
    """Cosine similarity (dense), BM25 score (sparse), reciprocal-rank sum (hybrid) or re-ranker score."""
    rank: int
    """1 for the best hit."""
    chunk_id: str
    mode: Mode


@dataclass(frozen=True)
class BuildStats:
    """What building (or loading) the index cost."""

    chunks: int
    cached: bool
    """True when the dense index came from the disk cache."""
    seconds: float
    embed_seconds: float
    path: Path | None


class Retriever:
    """Dense, sparse or hybrid (reciprocal-rank fusion) search over documents.

    Args:
        documents: the documents to search, e.g. a `knowledge.KnowledgeBase`.
        cache_dir: clinorch cache root (the index goes to `<root>/index/`); default
            `$CLINORCH_CACHE_DIR` or `~/.cache/clinorch`.
        mode: default search mode.
        embedder: registered name (`minilm`) or an `Embedder`.
        index: registered name (`faiss`, `faiss-hnsw`) or an `IndexFactory`.
        reranker: optional `Reranker` applied to the fused candidates (only when configured).
        rrf_k: reciprocal-rank-fusion constant; larger flattens the contribution of top ranks.
        depth: candidates taken from each ranking before fusion and re-ranking.
        max_chars: passage size for chunking.
        query_cache: how many recent query vectors to keep (0 embeds every query afresh).
    """

    def __init__(
        self,
        documents: Iterable[Document],
        cache_dir: str | Path | None = None,
        mode: Mode = "hybrid",
        *,
        embedder: str | Embedder = "minilm",
        index: str | IndexFactory = "faiss",
        reranker: Reranker | None = None,
        rrf_k: int = 60,
        depth: int = 50,
        max_chars: int = 800,
        query_cache: int = 512,
    ) -> None:
        if mode not in ("hybrid", "dense", "sparse"):
            raise ValueError(f"mode must be 'hybrid', 'dense' or 'sparse', got {mode!r}")
        self.chunks: list[Chunk] = chunk_documents(documents, max_chars=max_chars)
        if not self.chunks:
            raise ValueError("no documents to search")
        self.mode: Mode = mode
        self.embedder = resolve_embedder(embedder)
        self._index_name = index if isinstance(index, str) else type(index).__name__
        self._index_factory = resolve_index(index)
        self.reranker = reranker
        self.rrf_k = rrf_k
        self.depth = depth
        self.root = cache.cache_root(cache_dir)
        self.key = cache.index_key(self.chunks, self.embedder.name, self._index_name)
        self._dense: VectorIndex | None = None
        self._sparse: BM25Index | None = None
        self._queries: dict[str, np.ndarray] = {}
        self.query_cache = query_cache
        self.stats: BuildStats | None = None

    @property
    def cache_path(self) -> Path:
        return cache.index_dir(self.root, self.key)

    def build(self) -> BuildStats:
        """Loads the dense index from the cache, or embeds the passages and caches them. Idempotent."""
        if self.stats is not None and self._dense is not None:
            return self.stats
        start = time.perf_counter()
        folder, embed_s, cached = self.cache_path, 0.0, True
        if cache.is_complete(folder, self.key):
            try:
                self._dense = self._index_factory.load(folder / "vectors.faiss")
            except (RuntimeError, OSError) as err:  # a damaged cache is rebuilt, not fatal
                _log.warning("index cache %s unreadable (%s); rebuilding", folder, err)
                shutil.rmtree(folder, ignore_errors=True)
        if self._dense is None:
            cached = False
            t0 = time.perf_counter()
            vectors = _embed_memoised(self.embedder, [c.text for c in self.chunks])
            embed_s = time.perf_counter() - t0
            self._dense = self._index_factory.create(vectors.shape[1])
            self._dense.add(vectors)
            self._write(folder)
        self.stats = BuildStats(len(self.chunks), cached, time.perf_counter() - start, embed_s, folder)
        return self.stats

    def _write(self, folder: Path) -> None:
        try:
            self._write_files(folder)
        except OSError as err:  # a read-only or full disk costs the cache, not the search
            _log.warning("could not write the index cache under %s: %s", self.root, err)

    def _write_files(self, folder: Path) -> None:
        assert self._dense is not None
        tmp = cache.new_tmp(self.root)
        self._dense.save(tmp / "vectors.faiss")
        (tmp / "chunks.json").write_text(json.dumps([c.model_dump() for c in self.chunks]))
        meta = {"key": self.key, "embedder": self.embedder.name, "index": self._index_name, "chunks": len(self.chunks)}
        (tmp / "meta.json").write_text(json.dumps(meta))
        if folder.exists() and not cache.is_complete(folder, self.key):
            shutil.rmtree(folder, ignore_errors=True)
        cache.publish(tmp, folder)

    def warm_up(self) -> BuildStats:
        """Builds everything a first search needs (index, BM25, embedder) so that search is fast."""
        stats = self.build()
        self._bm25()
        self.embedder.embed(["warm up"])
        return stats

    def search(self, query: str, k: int = 3, mode: Mode | None = None) -> list[Hit]:
        """The `k` best documents for `query` (one hit per document, best passage)."""
        if not query.strip():
            raise ValueError("empty query")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k!r}")
        mode = mode or self.mode
        depth = max(self.depth, 3 * k)  # passages, several per document
        if mode == "dense":
            ranked = self._dense_ranking(query, depth)
        elif mode == "sparse":
            ranked = self._sparse_ranking(query, depth)
        elif mode == "hybrid":
            ranked = self._hybrid_ranking(query, depth)
        else:
            raise ValueError(f"mode must be 'hybrid', 'dense' or 'sparse', got {mode!r}")
        if self.reranker is not None:
            ranked = self._rerank(query, ranked[:depth])
        return [self._hit(i, score, rank, mode) for rank, (i, score) in enumerate(ranked[:k], start=1)]

    def search_many(self, queries: Sequence[str], k: int = 3, mode: Mode | None = None) -> list[list[Hit]]:
        """`search` for several queries, embedding them in one batch (e.g. all the needs of one case)."""
        if (mode or self.mode) != "sparse":
            self.prefetch(queries)
        return [self.search(q, k=k, mode=mode) for q in queries]

    def prefetch(self, queries: Sequence[str]) -> None:
        """Embeds queries in one batch into the query cache, so their dense search skips the model."""
        todo = (
            [q for q in dict.fromkeys(queries) if q not in self._queries][-self.query_cache :]
            if self.query_cache
            else []
        )
        if todo:
            for query, vector in zip(todo, self.embedder.embed(todo), strict=True):
                self._remember(query, vector[None, :])

    def _dense_ranking(self, query: str, depth: int) -> list[tuple[int, float]]:
        self.build()
        assert self._dense is not None
        scores, ids = self._dense.search(self._query_vector(query), depth)
        return best_per_document(
            self.chunks, [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        )

    def _query_vector(self, query: str) -> np.ndarray:
        vector = self._queries.get(query)
        if vector is None:
            vector = self.embedder.embed([query])
            self._remember(query, vector)
        return vector

    def _remember(self, query: str, vector: np.ndarray) -> None:
        if self.query_cache > 0:
            if len(self._queries) >= self.query_cache:  # keep the most recent queries only
                self._queries.pop(next(iter(self._queries)))
            self._queries[query] = vector

    def _sparse_ranking(self, query: str, depth: int) -> list[tuple[int, float]]:
        scores = self._bm25().scores(query)
        top = np.argsort(-scores, kind="stable")[:depth]
        return best_per_document(self.chunks, [(int(i), float(scores[i])) for i in top if scores[i] > 0])

    def _hybrid_ranking(self, query: str, depth: int) -> list[tuple[int, float]]:
        rankings = [self._dense_ranking(query, depth), self._sparse_ranking(query, depth)]
        passage: dict[str, int] = {}
        for ranking in rankings:  # a document is shown with its best dense passage, else its best sparse one
            for i, _ in ranking:
                passage.setdefault(self.chunks[i].doc_id, i)
        fused = reciprocal_rank_fusion([[self.chunks[i].doc_id for i, _ in r] for r in rankings], self.rrf_k)
        return [(passage[doc], score) for doc, score in fused]

    def _bm25(self) -> BM25Index:
        if self._sparse is None:
            self._sparse = BM25Index([c.text for c in self.chunks])
        return self._sparse

    def _rerank(self, query: str, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        assert self.reranker is not None
        scores = self.reranker.score(query, [self.chunks[i].text for i, _ in ranked])
        return sorted(((i, s) for (i, _), s in zip(ranked, scores, strict=True)), key=lambda p: -p[1])

    def _hit(self, i: int, score: float, rank: int, mode: Mode) -> Hit:
        c = self.chunks[i]
        return Hit(
            id=c.doc_id,
            title=c.title,
            text=c.text,
            source=c.citation,
            score=round(score, 6),
            rank=rank,
            chunk_id=c.chunk_id,
            mode=mode,
        )


_MEMO: dict[tuple[str, str], np.ndarray] = {}
_MEMO_LIMIT = 20_000


def _embed_memoised(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Embeds only passages this process has not embedded before (e.g. one edited entry)."""
    todo = [t for t in dict.fromkeys(texts) if (embedder.name, t) not in _MEMO]
    fresh = dict(zip(todo, embedder.embed(todo), strict=True)) if todo else {}
    if len(_MEMO) + len(fresh) <= _MEMO_LIMIT:  # a large corpus is embedded once and not kept
        _MEMO.update({(embedder.name, t): v for t, v in fresh.items()})
    return np.stack([fresh[t] if t in fresh else _MEMO[(embedder.name, t)] for t in texts])


def hits_to_json(hits: Sequence[Hit], indent: int | None = 2) -> str:
    """Hits as a JSON list of objects (`id`, `title`, `text`, `source`, `score`, `rank`, ...), for the CLI."""
    return json.dumps([h.model_dump() for h in hits], indent=indent, ensure_ascii=False)


def best_per_document(chunks: Sequence[Chunk], ranked: Iterable[tuple[int, float]]) -> list[tuple[int, float]]:
    """Keeps the first (best) passage of each document in an ordered list of (chunk index, score)."""
    seen: set[str] = set()
    out = []
    for i, score in ranked:
        if chunks[i].doc_id not in seen:
            seen.add(chunks[i].doc_id)
            out.append((i, score))
    return out


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> list[tuple[str, float]]:
    """Fuses ranked lists of ids by summing 1 / (k + rank); ties keep the order of first appearance."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda p: -p[1])
