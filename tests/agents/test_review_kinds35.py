"""Kinds of answer reviewer set 25m (session 35) first showed the reviewer misjudging, each varied here in our own
words on 25m's saved results (suite AK: another author's phantoms and questions).

Correct answers it flagged: parts added up before the total they make ("166.9 mL (left) + 129.7 mL (right) = 296.6
mL"); normal as the reference of a comparison ("bigger than normal", "when normal is under 314.5 mL"); what a rule would
take ("short of the 3x needed for an outlier"); a bulleted value above a bulleted cut-off line, read as one quote; a
label naming a cut-off ("the 34.8 HU cyst/solid cut-off") or denied by "too dense to be a cyst"; a distance said "from
the stomach"; a unit identity ("1 mL = 1 cm³"); two lesions' volumes divided ("3.66 mL ÷ 2.17 mL").
Wrong answers it missed: "the liver is free of focal lesions" beside measured lesions; one organ's lesion volume said
of another organ's mass ("a 10.6 mL pancreatic mass" of the colon lesion's 10.6 mL).
Wrong answers of the same shapes stay flagged.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25m: r25m_000 kidneys left 166.9 + right 129.7 = 296.6 mL (A 109.4, B 296.6, C 212.7, D 152.6); r25m_022 spleen
# 855.1 mL, enlarged asked; r25m_035 liver lesions 1.36 / 0.89 mL, five lesions, outlier asked (A Yes, B No); r25m_054
# spleen 855.1 mL graded; r25m_091 three liver lesions, one each in VII, II and IV; r25m_190 largest liver lesion 1.1 mm
# from the stomach (D Stomach); r25m_233 spleen 341.5 + pancreas 76.4 = 417.9 mL (B 417.9 cm³); r25m_238 kidney lesion
# 88.0 HU (D Solid tumour, B Cyst); r25m_247 liver lesions 3.66 / 2.17 mL; r25m_034 liver 1194.1 mL with five lesions;
# r25m_237 lesion volume liver 357.7, kidneys 20.8, colon 10.6 mL, pancreas none.
RIGHT = [
    ("r25m_000", "B", "B: left 166.9 mL + right 129.7 mL = 296.6 mL for both kidneys"),
    ("r25m_022", None, "Yes. At 855 mL the spleen is far larger than normal; normal is below 314.5 mL."),
    ("r25m_035", "B", "B - 1.36 mL against the next 0.89 mL is only 1.5-fold, short of the 3x required for an "
                      "outlier."),
    ("r25m_054", None, "Severe splenomegaly\n- spleen volume 855.1 mL\n- severe cut-off: above 800 mL"),
    ("r25m_091", None, "Widely distributed\n* three lesions, in segments VII, II and IV\n* top segment 33.3 %\n"
                       "* clustered threshold: >50 %"),
    ("r25m_190", "D", "D - the biggest liver lesion sits 1.1 mm away from the stomach."),
    ("r25m_233", "B", "B. 341.5 mL + 76.4 mL = 417.9 mL, and since 1 cm³ = 1 mL that is 417.9 cm³."),
    ("r25m_238", "D", "D. Solid: 88.0 HU is well above the 34.8 HU cyst/solid threshold."),
    ("r25m_238", "D", "D. A solid tumour - 88 HU is too dense for a simple cyst."),
    ("r25m_247", None, "No outlier: 3.66 mL / 2.17 mL = 1.68, under 3."),
]
WRONG = [
    ("r25m_000", "D", "D: left 166.9 mL + right 129.7 mL = 152.6 mL for both kidneys"),
    ("r25m_022", None, "No. At 855 mL the spleen is normal; normal is below 314.5 mL."),
    ("r25m_054", None, "Moderate splenomegaly\n- spleen volume 855.1 mL\n- moderate cut-off: above 800 mL"),
    ("r25m_190", "A", "A - the biggest liver lesion sits 1.1 mm away from the spleen."),
    ("r25m_238", "B", "B. Cyst: 88.0 HU, below the 34.8 HU cyst/solid threshold."),
    ("r25m_034", None, "1194.1 mL, and the liver is lesion-free."),
    ("r25m_034", None, "Liver volume 1194.1 mL; the liver is clear of lesions."),
    ("r25m_237", None, "The liver (357.7 mL of lesion), then a 20.8 mL pancreatic tumour and the 10.6 mL colon lesion."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25m", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25m", base, text, choice))
    assert not verdict.consistent


def test_a_liver_said_free_of_lesions_passes_when_none_was_measured() -> None:
    """The denial stands where the count is 0 (reviewer25l r25l_270: no kidney lesion)."""
    verdict = review_result(rewritten("reviewer25l", "r25l_270", "No - the kidneys are free of lesions.", None))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
