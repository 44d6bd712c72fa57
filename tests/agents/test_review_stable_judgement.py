""""Essentially stable" beside a small measured change is a judgement against measurement noise, not the number zero
(reviewer set 14: "The spleen volume increased by 0.9 % (136.0 mL to 137.3 mL), essentially stable" was refused as
"'stable' (+0)"); a bare "unchanged" / "stable" still states zero."""

from __future__ import annotations

import pytest

from agents.review_checks.change_words import worded_changes
from agents.review_checks.meaning import UNCHANGED


@pytest.mark.parametrize("text", [
    "The spleen volume increased by 0.9 % (136.0 mL to 137.3 mL), essentially stable.",
    "Liver volume 1520 mL versus 1507 mL: largely unchanged.",
    "The lesion measures 21 mm (20 mm before), virtually stable.",
    "Roughly stable at 412 mL (prior 405 mL).",
])
def test_a_qualified_stable_is_no_zero_change(text: str) -> None:
    assert not [w for w in worded_changes(text) if w.value == 0.0]
    assert UNCHANGED.search(text) is None


@pytest.mark.parametrize("text", ["Unchanged: two lesions on both studies.", "The cyst is stable.",
                                  "No interval change in the spleen."])
def test_a_bare_unchanged_still_states_zero(text: str) -> None:
    assert [w for w in worded_changes(text) if w.value == 0.0]
    assert UNCHANGED.search(text) is not None


@pytest.mark.parametrize(("text", "contradicted"), [
    ("the largest (5.4 mL) is less than three times the second largest (1.9 mL).", False),
    ("the largest (8.8 mL) is more than twice the second (1.3 mL).", False),
    ("the largest (5.4 mL) is less than the second largest (1.9 mL).", True),
    ("the spleen (420 mL) is smaller than 314.5 mL.", True),
])
def test_a_comparison_with_a_multiple_is_not_read_as_with_the_number(text: str, contradicted: bool) -> None:
    from agents.review_checks.comparisons import false_comparisons

    assert bool(false_comparisons(text)) is contradicted
