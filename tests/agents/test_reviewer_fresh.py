"""Regression on independent material: saved results from a challenge set written by someone who never
saw the code (tests/data/fresh/reviewer). Wrong answers of several kinds must be flagged, correct ones not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult

FRESH = Path(__file__).parents[1] / "data" / "fresh" / "reviewer"
LABELS = json.loads((FRESH / "labels.json").read_text())
FRESH2 = FRESH.parent / "reviewer2"
LABELS2 = json.loads((FRESH2 / "labels.json").read_text())


@pytest.mark.parametrize("item", LABELS, ids=[item["id"] for item in LABELS])
def test_independent_wrong_answers_are_flagged_and_correct_ones_pass(item: dict) -> None:
    result = CaseResult.model_validate_json((FRESH / item["id"] / "result.json").read_text())
    verdict = review_result(result)
    correct = item["kind"] == "correct" or item["kind"].startswith("correct_")
    failed = [(c.name, c.reason) for c in verdict.checks if not c.passed]
    assert verdict.consistent is correct, (item["kind"], item["note"], failed)
    for check in verdict.checks:
        assert check.passed or check.clinical, check.name  # every failure also said in clinical words


@pytest.mark.parametrize("item", LABELS2, ids=[item["id"] for item in LABELS2])
def test_second_independent_set_holds(item: dict) -> None:
    """Set 2 (tests/data/fresh/reviewer2): every kind the final run handled right stays handled right."""
    result = CaseResult.model_validate_json((FRESH2 / item["id"] / "result.json").read_text())
    verdict = review_result(result)
    correct = item["kind"].startswith("correct")
    assert verdict.consistent is correct, (item["kind"], item["note"],
                                           [(c.name, c.reason) for c in verdict.checks if not c.passed])


FRESH34 = [(FRESH.parent / f"reviewer{n}", item) for n in (3, 4, 5, 6, 7, 8)
           for item in json.loads((FRESH.parent / f"reviewer{n}" / "labels.json").read_text())]


@pytest.mark.parametrize(("folder", "item"), FRESH34, ids=[f"{f.name}:{i['id']}" for f, i in FRESH34])
def test_third_to_eighth_independent_sets_hold(folder: Path, item: dict) -> None:
    """Sets 3 to 8: every item missed or falsely flagged at this round's first try, now handled right, stays so."""
    result = CaseResult.model_validate_json((folder / item["id"] / "result.json").read_text())
    verdict = review_result(result)
    correct = item["kind"].startswith("correct")
    assert verdict.consistent is correct, (item["kind"], item["note"],
                                           [(c.name, c.reason) for c in verdict.checks if not c.passed])
