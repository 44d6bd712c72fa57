"""Scoring a retriever on a labelled query set: recall@k and per-query latency."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from retrieval.retriever import Mode, Retriever


@dataclass(frozen=True)
class LabelledQuery:
    """A query and the document id it should find."""

    query: str
    expected: str
    split: str = "tune"
    profile: str | None = None


@dataclass
class Scores:
    """Recall at 1 and k, latencies, and the queries missed at k."""

    n: int
    recall_at_1: float
    recall_at_k: float
    k: int
    latencies_ms: list[float] = field(repr=False)
    misses: list[tuple[str, str, list[str]]] = field(repr=False)
    """(query, expected id, ids returned) for every query whose id is not in the top k."""

    @property
    def p50_ms(self) -> float:
        return float(np.percentile(self.latencies_ms, 50)) if self.latencies_ms else float("nan")

    @property
    def p99_ms(self) -> float:
        return float(np.percentile(self.latencies_ms, 99)) if self.latencies_ms else float("nan")


def evaluate(retriever: Retriever, queries: Sequence[LabelledQuery], mode: Mode, k: int = 3) -> Scores:
    """Runs every query once in `mode` and scores recall@1 and recall@k."""
    if not queries:
        raise ValueError("no queries to evaluate")
    at1 = atk = 0
    latencies: list[float] = []
    misses = []
    for item in queries:
        start = time.perf_counter()
        hits = retriever.search(item.query, k=k, mode=mode)
        latencies.append((time.perf_counter() - start) * 1000)
        ids = [h.id for h in hits]
        at1 += bool(ids) and ids[0] == item.expected
        if item.expected in ids:
            atk += 1
        else:
            misses.append((item.query, item.expected, ids))
    n = len(queries)
    return Scores(n=n, recall_at_1=at1 / n, recall_at_k=atk / n, k=k, latencies_ms=latencies, misses=misses)
