"""Recall of the free-text scrubber on two sets of sentences written by people who never saw it
(copies of /work/fresh/deid, 400 sentences, and /work/fresh/deid2, 496 sentences), and the clinical
words it must keep. Floors are the figures measured (docs/triage.md); a rule that loses recall fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    "deid": ROOT / "tests" / "data" / "fresh" / "deid_sentences.jsonl",
    "deid2": ROOT / "tests" / "data" / "fresh" / "deid2_sentences.jsonl",
}
FLOORS = {  # measured: strict recall per kind (every distinctive word of the identifier gone)
    "deid": {"overall": 0.932, "name": 0.893, "date": 0.982, "id": 0.978, "phone": 1.0, "email": 1.0, "url": 1.0,
             "age": 1.0, "institution": 0.937, "address": 0.951, "other": 0.875},
    "deid2": {"overall": 0.936, "name": 0.857, "date": 0.978, "id": 0.959, "phone": 1.0, "email": 1.0, "url": 1.0,
              "age": 0.96, "institution": 0.945, "address": 1.0, "other": 0.8},
}  # fmt: skip
KEEP = {"deid": (299, 3), "deid2": (452, 23)}
"""Keep strings in the set, and how many the scrubber destroys at most (measured)."""


@pytest.fixture(scope="module", params=sorted(SETS))
def report(request: pytest.FixtureRequest) -> tuple[str, dict[str, object]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from deid_recall import score

    return request.param, score(SETS[request.param])


def test_recall_per_kind_and_overall(report: tuple[str, dict[str, object]]) -> None:
    name, figures = report
    below = {kind: (figures["recall"].get(kind, figures["overall"]) if kind != "overall" else figures["overall"], floor)
             for kind, floor in FLOORS[name].items()}
    assert not {k: v for k, v in below.items() if v[0] < v[1]}, figures["counts"]


def test_clinical_words_survive(report: tuple[str, dict[str, object]]) -> None:
    name, figures = report
    lost, total = (int(n) for n in str(figures["keep_destroyed"]).split("/"))
    assert total == KEEP[name][0] and lost <= KEEP[name][1], figures["keep_destroyed"]
