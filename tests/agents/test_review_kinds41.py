"""Kinds reviewer set 26r showed the reviewer misjudging at the start of session 41, each varied here in our own words
on the set's saved results (clinorch's own right answers on a `bench make-suite` suite, rewritten).

Correct answers it flagged: a percentage also given after it as a share of the organ ("roughly 0.017 of the liver
volume", `numbers.FRACTION_OF`); a slice answered beside the lesion's size and its index base ("slice 12 (counting from
0), where the lesion spans 17.9 mm": the slice is the answer, `numbers.INDEX_BASE`); "lesion 1 in segment 7" read as
a count (now a lesion's name, held to its own place); "2 of 3 liver lesions (66.7 %)" cut at the decimal point; a
table reading each input against its own band ("G0 (≥ 1.0)") beside the grade; the bands a value sits between ("the
simple-cyst range and the hyperattenuating range", `presentation.BAND_NAMED`); "No sign of a fatty liver"; a question
restated before its answer ("Q: ...? / A: ..."); a worked difference "|20.1 - 54.0| ≈ 33.9 HU" read by its first
operand. Wrong answers it approved: a kidney comparison answered with no side ("The kidneys differ in volume by 1.1
mL."); a colon question answered about the kidneys ("No - no renal lesion"), which a rule of every organ's lesions does
not vouch for; a criterion id that is no entry of the knowledge base.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# r26r_093 liver burden 1.73 %; r26r_106 pancreatic lesion's widest slice 12 (A 12 / B 17 / C 23 / D 9), longest
# diameter 17.9 mm; r26r_120 three liver lesions in segments 7, 6, 7 (66.7 % in segment 7), highly clustered; r26r_067
# hepatic steatosis G1 (liver 54.0 HU, L/S 1.08); r26r_162 renal lesion 59.9 HU, indeterminate (B); r26r_215 no fatty
# liver (L/S 1.08); r26r_217 no kidney lesion on either side, symmetric; r26r_291 lesion 20.1 HU, liver 54.0 HU,
# difference 33.9 HU (D); r26r_066 right kidney 106.52 mL, left 105.4 mL; r26r_111 no colon lesion; r26r_080 spleen
# 398.2 mL, portal hypertension.
RIGHT = [
    ("r26r_093", None, "Roughly 1.7 %, i.e. about 0.017 of the liver volume is lesion."),
    ("r26r_106", "A", "A: slice 12 (0-based, from the feet up); the tumour is 17.9 mm across there."),
    ("r26r_120", None, "Highly clustered: lesion 1 lies in segment 7, lesion 3 also in segment 7, lesion 2 in segment 6."),
    ("r26r_120", None, "Highly clustered - 2 of the 3 lesions (66.7 %) sit in segment 7."),
    ("r26r_067", None, "- liver 54.0 HU -> G1 (51–57)\n- L/S 1.08 -> G0 (≥ 1.0)\nFinal: G1 (mild), the worse arm."),
    ("r26r_162", "B", "B. Indeterminate: at 59.9 HU it lies above the simple-cyst band and below the hyperattenuating band."),
    ("r26r_215", None, "No evidence of a fatty liver; liver-to-spleen ratio 1.08."),
    ("r26r_217", None, "Question: Is the renal lesion burden asymmetric, and if so, which side is worse?\nAnswer: Neither - "
                       "symmetric, 0 mL of lesion on each side."),
    ("r26r_291", "D", "D: 54.0 − 20.1 = 33.9 HU, the lesion being darker."),
]
WRONG = [
    ("r26r_093", None, "Roughly 1.7 %, i.e. about 0.027 of the liver volume is lesion."),
    ("r26r_106", "A", "A: slice 12 (0-based, from the feet up); the tumour is 27.9 mm across there."),
    ("r26r_120", None, "Highly clustered: lesion 1 lies in segment 6, lesion 2 in segment 6, lesion 3 in segment 7."),
    ("r26r_120", None, "Highly clustered - 3 of the 3 lesions (66.7 %) sit in segment 7."),
    ("r26r_067", None, "- liver 54.0 HU -> G1 (51–57)\n- L/S 1.08 -> G0 (≥ 1.0)\nFinal: G0, no steatosis."),
    ("r26r_162", "B", "B. Indeterminate: at 59.9 HU it is a simple cyst."),
    ("r26r_215", None, "Evidence of a fatty liver; liver-to-spleen ratio 1.08."),
    ("r26r_217", None, "Question: Is the renal lesion burden asymmetric, and if so, which side is worse?\nAnswer: The left "
                       "side is worse."),
    ("r26r_291", "D", "D: 54.0 − 20.1 = 43.9 HU, the lesion being darker."),
    ("r26r_066", None, "Their volumes are 1.1 mL apart."),
    ("r26r_066", None, "The two kidneys measure 105.4 mL and 106.5 mL."),
    ("r26r_111", None, "No, the liver shows no lesion."),
    ("r26r_111", None, "No pancreatic mass is seen."),
    ("r26r_080", None, "Yes: spleen 398.2 mL, over the cut-off of criterion dtvqa-splenic-portal-index."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer26r", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer26r", base, text, choice)).consistent
