"""Kinds reviewer set 21 (session 22, an independent author) found, each varied in wordings of our own over set 21's
saved results (tests/data/fresh/reviewer21): correct rewrites the attending must pass (a difference worded after its
number, a place said after a value, a lay unit named after its scale, a value rounded one place further first, "in"
before a band, a bulleted list with its answer line last, a quoted normal limit or category band, the prior value of
a change, a ratio of two cited values set beside them) and wrong ones it must flag (the same sentences made wrong; a
hedge that commits to the wrong letter; one term given for a sum).
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten


def _item(base: str, text: str, choice: str | None = None) -> CaseResult:
    return rewritten("reviewer21", base, text, choice)


# left kidney 164.85 / right 159.83 mL (r21_035); pancreas 66 HU, spleen 112 HU, P/S 0.589 (r21_066); spleen 204.9 ->
# 257.2 mL (+52.3 mL, +25.5 %) (r21_204); no kidney lesion, options A=Yes B=No (r21_159); liver 1137.3 + spleen
# 156.5 = 1293.8 mL (r21_282); L/S 0.705 (r21_149); spleen about 560 mL (r21_237); spleen 354.0 mL (r21_075)
RIGHT = [
    ("r21_035", None, "Left, narrowly: 164.8 mL against 159.8 mL, a 5 mL difference."),
    ("r21_035", None, "The left kidney (164.8 vs 159.8 mL; about 5 mL larger)."),
    ("r21_035", None, "Left by roughly 5.0 mL (164.8 mL left, 159.8 mL right)."),
    ("r21_066", None, "0.59: 66 HU in the pancreas divided by 112 HU in the spleen."),
    ("r21_066", None, "P/S ≈ 0.59 (66 HU for the pancreas vs 112 HU for the spleen)."),
    ("r21_204", None, "It increased from 204.9 mL to 257.2 mL (+52.3 mL, +25.5 %)."),
    ("r21_204", None, "Up from 204.9 mL on the prior to 257.2 mL now: +52.3 mL (+25.5 %)."),
    ("r21_149", None, "About 0.71."),
    ("r21_149", None, "Liver-to-spleen ratio of 0.71."),
    ("r21_237", None, "Yes: the spleen is bigger than it should be (about 560 mL; normal is below about 315 mL)."),
    ("r21_075", None, "- Spleen volume: 354.0 mL\n- Mild splenomegaly range: 314.5–500 mL"),
    ("r21_075", None, "* Spleen: 354 mL\n* Normal is under 314.5 mL"),
    ("r21_159", "B", "- Kidney lesions counted: 0\n- **Answer: B (No)**"),
    ("r21_282", None, "1293.8 mL in total (liver 1137.3 mL plus spleen 156.5 mL)."),
]
WRONG = [
    ("r21_035", None, "Left, narrowly: 164.8 mL against 159.8 mL, a 9 mL difference."),
    ("r21_035", None, "The left kidney (164.8 vs 159.8 mL; about 15 mL larger)."),
    ("r21_066", None, "0.59: 112 HU in the pancreas divided by 66 HU in the spleen."),
    ("r21_204", None, "It increased from 204.9 mL to 257.2 mL (+62.3 mL)."),
    ("r21_204", None, "Up from 184.9 mL on the prior to 257.2 mL now: +52.3 mL."),
    ("r21_149", None, "About 0.75."),
    ("r21_237", None, "No: the spleen is not bigger than it should be (about 560 mL; normal is below about 315 mL)."),
    ("r21_075", None, "- Spleen volume: 454.0 mL\n- Mild splenomegaly range: 314.5–500 mL"),
    ("r21_159", "A", "Cannot entirely exclude one; leaning towards A — Yes."),
    ("r21_159", "A", "Hard to be sure. On balance A (Yes)."),
    ("r21_159", "A", "- Kidney lesions counted: 0\n- **Answer: A (Yes)**"),
    ("r21_282", None, "1137.3 mL (liver and spleen together)."),
    ("r21_282", None, "156.5 mL combined."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_rewrite_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_rewrite_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(base, text, choice)).consistent
