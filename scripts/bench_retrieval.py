"""Retrieval benchmark: recall of dense, sparse and hybrid search, latency, index build time.

    PYTHONPATH=. .venv/bin/python scripts/bench_retrieval.py                  # base + 2,000 synthetic chunks
    PYTHONPATH=. .venv/bin/python scripts/bench_retrieval.py --synthetic 100000   # ~5-10 min on 2 cores

Part 1 scores the query set (tests/retrieval/queries.yaml) on the knowledge base, each query
under its own profile, by split (`tune` was looked at while tuning, `heldout` never). Part 2
hides the base among N synthetic passages of realistic-looking text and measures build time,
latency and the recall of the same queries against that haystack.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import knowledge  # noqa: E402
from retrieval import Embedder, Retriever, chunk_documents, resolve_embedder  # noqa: E402
from retrieval.evaluation import LabelledQuery, Scores, evaluate  # noqa: E402

MODES = ("dense", "sparse", "hybrid")
ROOT = Path(__file__).resolve().parents[1]


def load_queries(path: Path) -> list[LabelledQuery]:
    rows = yaml.safe_load(path.read_text())["queries"]
    return [LabelledQuery(r["q"], r["id"], r.get("split", "tune"), r.get("profile")) for r in rows]


def pooled(scores: list[Scores]) -> dict[str, float]:
    n = sum(s.n for s in scores)
    lat = [x for s in scores for x in s.latencies_ms]
    return {
        "n": n,
        "recall@1": sum(s.recall_at_1 * s.n for s in scores) / n,
        "recall@3": sum(s.recall_at_k * s.n for s in scores) / n,
        "p50_ms": float(np.percentile(lat, 50)),
        "p99_ms": float(np.percentile(lat, 99)),
    }


def bench_base(queries: list[LabelledQuery], cache_dir: Path) -> dict:
    """Build time from a cold process state, cached reload, recall and latency per mode and split."""
    out: dict = {}
    t0 = time.perf_counter()
    embedder = resolve_embedder("minilm")
    embedder.embed(["warm up"])  # imports sentence-transformers, loads the weights, runs once
    out["model_load_s"] = time.perf_counter() - t0
    profiles = sorted({q.profile or knowledge.DEFAULT_PROFILE for q in queries})
    retrievers, builds = {}, {}
    for profile in profiles:
        base = knowledge.load_base(profile)
        retriever = Retriever(base, cache_dir=cache_dir, embedder=embedder, query_cache=0)
        stats = retriever.build()
        again = Retriever(base, cache_dir=cache_dir, embedder=embedder).build()
        builds[profile] = {
            "entries": len(base),
            "chunks": stats.chunks,
            "build_s": stats.seconds,
            "embed_s": stats.embed_seconds,
            "cached_reload_s": again.seconds,
        }
        retriever.warm_up()
        retrievers[profile] = retriever
    out["builds"] = builds
    out["recall"] = {}
    for split in ("tune", "heldout", "all"):
        chosen = [q for q in queries if split == "all" or q.split == split]
        for mode in MODES:
            scores = [
                evaluate(retrievers[p], [q for q in chosen if (q.profile or knowledge.DEFAULT_PROFILE) == p], mode)
                for p in profiles
            ]
            out["recall"][f"{split}/{mode}"] = pooled([s for s in scores if s.n])
            if split == "all":
                out.setdefault("misses", {})[mode] = [m for s in scores for m in s.misses]
    return out


@dataclass(frozen=True)
class SyntheticDoc:
    """A passage of random but plausible radiology prose."""

    id: str
    title: str
    body: str
    citation: str = "synthetic"

    def render(self) -> str:
        return f"{self.title}\n{self.body}"


ORGANS = [
    "liver",
    "spleen",
    "pancreas",
    "left kidney",
    "right kidney",
    "gallbladder",
    "adrenal gland",
    "colon",
    "stomach",
    "aorta",
    "portal vein",
    "lung base",
    "bladder",
    "prostate",
    "uterus",
    "lymph node",
]
FINDINGS = [
    "hypodense lesion",
    "cyst",
    "calcification",
    "enhancing mass",
    "nodule",
    "wall thickening",
    "fluid collection",
    "stone",
    "area of fat stranding",
    "ill-defined region",
    "septated cyst",
    "focal fatty sparing",
    "hemangioma",
    "metastasis",
    "post-surgical change",
    "ductal dilatation",
]
QUALIFIERS = [
    "stable compared with prior",
    "new since the last study",
    "slightly increased",
    "decreased",
    "unchanged",
    "not seen previously",
    "of uncertain significance",
    "likely benign",
    "suspicious for malignancy",
    "partly obscured by artifact",
]
ACTIONS = [
    "Follow-up imaging in six months is suggested.",
    "Correlate with laboratory values.",
    "No further imaging is needed.",
    "MRI may help characterise it.",
    "Consider tissue sampling.",
    "Recommend comparison with outside studies.",
    "Clinical correlation is advised.",
]
PHASES = ["arterial phase", "portal venous phase", "delayed phase", "unenhanced images", "coronal reformats"]


def synthetic_docs(n: int, seed: int = 0) -> list[SyntheticDoc]:
    """`n` passages of 3-5 templated sentences with random organs, numbers and units."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        organ = rng.choice(ORGANS)
        sentences = []
        for _ in range(rng.randint(3, 5)):
            finding, other = rng.choice(FINDINGS), rng.choice(ORGANS)
            sentences.append(
                rng.choice(
                    [
                        f"The {organ} shows a {rng.randint(3, 80)} mm {finding} on the {rng.choice(PHASES)}, {rng.choice(QUALIFIERS)}.",
                        f"Mean attenuation of the {other} is {rng.randint(-20, 90)} HU with a volume of {rng.randint(20, 2500)} mL.",
                        f"A {finding} near the {other} measures {rng.uniform(0.3, 9.0):.1f} cm, {rng.choice(QUALIFIERS)}.",
                        rng.choice(ACTIONS),
                    ]
                )
            )
        docs.append(SyntheticDoc(f"synthetic-{i}", f"Report excerpt {i}: {organ}", " ".join(sentences)))
    return docs


def bench_synthetic(n: int, queries: list[LabelledQuery], cache_dir: Path) -> dict:
    """Build and query a corpus of the default base plus `n` synthetic passages."""
    base = knowledge.load_base()
    in_base = [q for q in queries if q.expected in base]
    t0 = time.perf_counter()
    docs = [*base, *synthetic_docs(n)]
    retriever = Retriever(docs, cache_dir=cache_dir, query_cache=0)
    retriever.embedder.embed(["warm up"])  # the model is loaded before the build is timed
    prep_s = time.perf_counter() - t0
    stats = retriever.build()
    t1 = time.perf_counter()
    retriever._bm25()
    bm25_s = time.perf_counter() - t1
    retriever.warm_up()
    out = {
        "chunks": stats.chunks,
        "prepare_s": prep_s,
        "dense_build_s": stats.seconds,
        "embed_s": stats.embed_seconds,
        "embed_per_s": stats.chunks / max(stats.embed_seconds, 1e-9),
        "bm25_build_s": bm25_s,
        "cached_reload_s": Retriever(docs, cache_dir=cache_dir).build().seconds,
    }
    for mode in MODES:
        out[mode] = pooled([evaluate(retriever, in_base, mode)])
    return out


class RandomForSynthetic:
    """MiniLM for real passages and queries, seeded random unit vectors for synthetic passages.

    Times the index and the search at a size whose embedding would take too long here; dense
    recall against random vectors says nothing and is not reported.
    """

    def __init__(self, real: Embedder, synthetic: set[str]) -> None:
        self.real, self.synthetic = real, synthetic
        self.name = f"{real.name}+random"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), 384), dtype=np.float32)
        real = [i for i, t in enumerate(texts) if t not in self.synthetic]
        if real:
            out[real] = self.real.embed([texts[i] for i in real])
        fake = [i for i, t in enumerate(texts) if t in self.synthetic]
        rng = np.random.default_rng(len(fake))
        vectors = rng.standard_normal((len(fake), 384)).astype(np.float32)
        out[fake] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return out


def bench_index_only(n: int, queries: list[LabelledQuery], cache_dir: Path) -> dict:
    """Index build and search latency for the base plus `n` synthetic passages with random vectors."""
    base = knowledge.load_base()
    in_base = [q for q in queries if q.expected in base]
    docs = [*base, *synthetic_docs(n)]
    real = resolve_embedder("minilm")
    real.embed(["warm up"])
    synthetic = {c.text for c in chunk_documents(docs[len(base) :])}
    retriever = Retriever(docs, cache_dir=cache_dir, embedder=RandomForSynthetic(real, synthetic), query_cache=0)
    stats = retriever.build()
    t1 = time.perf_counter()
    retriever._bm25()
    out = {
        "chunks": stats.chunks,
        "dense_build_s": stats.seconds,
        "bm25_build_s": time.perf_counter() - t1,
        "cached_reload_s": Retriever(docs, cache_dir=cache_dir, embedder=retriever.embedder).build().seconds,
    }
    for mode in MODES:
        out[mode] = pooled([evaluate(retriever, in_base, mode)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=Path, default=ROOT / "tests/retrieval/queries.yaml")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic passages in part 2 (0 skips it)")
    parser.add_argument(
        "--index-only",
        type=int,
        default=0,
        help="part 3: time index build and search over N synthetic passages with random vectors",
    )
    parser.add_argument("--cache-dir", type=Path, default=None, help="default: a fresh temporary folder (cold build)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args()
    queries = load_queries(args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = args.cache_dir or Path(tmp)
        result = {"base": bench_base(queries, cache_dir)}
        if args.synthetic:
            result["synthetic"] = bench_synthetic(args.synthetic, queries, cache_dir)
        if args.index_only:
            result["index_only"] = bench_index_only(args.index_only, queries, cache_dir)
    report(result, args.synthetic, args.index_only)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))


def report(result: dict, n_synthetic: int, n_index_only: int = 0) -> None:
    base = result["base"]
    print(f"model import + load: {base['model_load_s']:.2f} s")
    for profile, b in base["builds"].items():
        print(
            f"index build [{profile}]: {b['entries']} entries, {b['chunks']} chunks, {b['build_s']:.2f} s "
            f"(embedding {b['embed_s']:.2f} s); cached reload {b['cached_reload_s'] * 1000:.1f} ms"
        )
    print(f"\n{'split/mode':<16}{'n':>5}{'R@1':>8}{'R@3':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for key, r in base["recall"].items():
        print(f"{key:<16}{r['n']:>5}{r['recall@1']:>8.3f}{r['recall@3']:>8.3f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}")
    for query, expected, got in base["misses"]["hybrid"]:
        print(f"  hybrid miss: {query!r} -> expected {expected}, got {got}")
    if "synthetic" in result:
        s = result["synthetic"]
        print(
            f"\nsynthetic: base + {n_synthetic} passages = {s['chunks']} chunks; dense build {s['dense_build_s']:.1f} s "
            f"(embedding {s['embed_s']:.1f} s, {s['embed_per_s']:.0f} chunks/s); BM25 build {s['bm25_build_s']:.1f} s; "
            f"cached reload {s['cached_reload_s']:.2f} s"
        )
        for mode in MODES:
            r = s[mode]
            print(
                f"  {mode:<8} n={r['n']} R@1 {r['recall@1']:.3f} R@3 {r['recall@3']:.3f} "
                f"p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms"
            )

    if "index_only" in result:
        s = result["index_only"]
        print(
            f"\nindex only (random vectors for {n_index_only} synthetic passages): {s['chunks']} chunks; "
            f"FAISS build {s['dense_build_s']:.1f} s; BM25 build {s['bm25_build_s']:.1f} s; "
            f"cached reload {s['cached_reload_s']:.2f} s"
        )
        for mode in MODES:
            r = s[mode]
            recall = f"R@3 {r['recall@3']:.3f}" if mode == "sparse" else "R@3 n/a (random vectors)"
            print(f"  {mode:<8} {recall} p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms (query embedding + search)")


if __name__ == "__main__":
    main()
