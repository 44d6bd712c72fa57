"""Search over documents: embedding, FAISS and BM25 indexes, fusion, chunking, an on-disk cache.

Knows nothing of agents or the graph. Documents are anything with `id`, `title`, `citation`
and `render()` (a `knowledge.KnowledgeEntry` is one).
"""

from retrieval.cache import cache_root
from retrieval.chunking import Chunk, Document, chunk_documents
from retrieval.registry import (
    EMBEDDERS,
    INDEXES,
    RERANKERS,
    Embedder,
    IndexFactory,
    Registry,
    Reranker,
    RetrievalError,
    VectorIndex,
    resolve_embedder,
    resolve_index,
    resolve_reranker,
)
from retrieval.retriever import BuildStats, Hit, Mode, Retriever, hits_to_json, reciprocal_rank_fusion
from retrieval.sparse import BM25Index, tokenize

__all__ = [
    "EMBEDDERS",
    "INDEXES",
    "RERANKERS",
    "BM25Index",
    "BuildStats",
    "Chunk",
    "Document",
    "Embedder",
    "Hit",
    "IndexFactory",
    "Mode",
    "Registry",
    "Reranker",
    "RetrievalError",
    "Retriever",
    "VectorIndex",
    "cache_root",
    "hits_to_json",
    "chunk_documents",
    "reciprocal_rank_fusion",
    "resolve_embedder",
    "resolve_index",
    "resolve_reranker",
    "tokenize",
]
