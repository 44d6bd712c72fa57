"""Recall of the free-text scrubber on 400 sentences written by someone who never saw it
(a copy of the fresh de-identification set), and the clinical words it must keep."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = ROOT / "tests" / "data" / "fresh" / "deid_sentences.jsonl"


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from deid_recall import score

    return score(SENTENCES)


def test_overall_recall(report: dict[str, object]) -> None:
    assert report["overall"] >= 0.9, report


@pytest.mark.parametrize(
    ("kind", "floor"),
    [("name", 0.88), ("date", 0.95), ("id", 0.93), ("phone", 0.88), ("email", 1.0), ("url", 1.0),
     ("age", 0.95), ("institution", 0.9), ("address", 0.7)],
)  # fmt: skip
def test_recall_per_kind(report: dict[str, object], kind: str, floor: float) -> None:
    assert report["recall"][kind] >= floor, report["counts"]


def test_clinical_words_survive(report: dict[str, object]) -> None:
    lost, total = (int(n) for n in str(report["keep_destroyed"]).split("/"))
    assert total == 299 and lost <= 8, report["keep_destroyed"]
