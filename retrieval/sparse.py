"""Sparse lexical search: BM25 (rank-bm25) over a clinical-aware tokenisation.

Numbers, units and abbreviations carry much of the meaning of a clinical query ("34.8 HU",
"L/S", "LR-5", "T1a"), so tokens keep decimal points, slashes and hyphens, and also yield
their parts ("lr-5" -> "lr-5", "lr", "5").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[./-][a-z0-9]+)*")
_SPLIT = re.compile(r"[./-]")
STOPWORDS = frozenset(
    "a an and are as at be by do does for from has have how i if in is it its of on or the this to was "
    "what when which with would you your there than then that these those can should".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-case tokens, compounds plus their parts, stop words dropped."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if token in STOPWORDS:
            continue
        tokens.append(_stem(token))
        if _SPLIT.search(token) and not _is_number(token):
            tokens += [_stem(p) for p in _SPLIT.split(token) if p and p not in STOPWORDS]
    return tokens


def _is_number(token: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", token))


def _stem(token: str) -> str:
    # Plural folding only: "cysts" -> "cyst", "lesions" -> "lesion"; leaves "mass", "bosniak", "status".
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")) and not token[-2].isdigit():
        return token[:-1]
    return token


class BM25Index:
    """Okapi BM25 over pre-tokenised passages."""

    def __init__(self, texts: Sequence[str]) -> None:
        from rank_bm25 import BM25Okapi

        self.size = len(texts)
        self._bm25 = BM25Okapi([tokenize(t) or ["<empty>"] for t in texts]) if texts else None

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per passage (zeros when the query has no known token)."""
        tokens = tokenize(query)
        if self._bm25 is None or not tokens:
            return np.zeros(self.size, dtype=np.float64)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
