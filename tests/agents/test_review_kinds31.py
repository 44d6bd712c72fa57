"""Kinds of answer reviewer set 25h showed the reviewer misjudging (session 31), each varied here in our own words on
25h's saved results (suite AF: another author's phantoms and questions).

Wrong answers it approved: the question's cut-off said as the measured value ("liver volume 1800 mL", "relative
difference 10%"); a number called a cut-off that neither a criterion nor the question states (the ratio rounded to
0.9); "3 liver lesions" read as the ratio 3.19 rounded; the deciding value cited away (the spleen's volume cited for
the liver's); "Both equal" of two unequal kidneys; a number whose label after it names another quantity or structure
("-47.3 HU is the mean attenuation of the lesion", "71.4 cm³ is the volume of the pancreatic tumour"); a tumour's
values said of a cyst; a lesion's size put in the other kidney.
Correct answers it flagged: an impression on the findings' line; "Pancreas not fatty"; "the count is zero"; a slice
index for a question worded "... where the lesion is widest"; per-part zeros "(head 0, body 0, tail 0)"; a total of
rounded addends; a margin "exceeds ... by 319 mL"; a worked subtraction; an HU ratio's option read without a unit; an
organ's values beside its lesion count; each lesion's size in its own kidney; "L/S 1.07 ≥ 1.0 and liver 110.0 HU".
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25h: r25_221 liver 2119.1 mL, question's cut-off 1800 cm³ (D Yes); r25_187 left kidney 190.2, right 165.0 mL,
# difference 13.2 %, question's cut-off 10 % (A right smaller); r25_224 4 liver lesions, 11.19 / 3.51 mL, ratio 3.19;
# r25_222 left 199.9 mL, right 171.7 mL (C left; D "Both equal"); r25_242 pancreatic lesion 52.3 HU, pancreas 99.6 HU,
# difference -47.3 HU; r25_255 pancreas 71.4 mL (A); r25_185 P/S 0.884 (A 0.88), steatosis below 0.7; r25_005 a right
# kidney tumour 42.4 mm, 134 HU and a left kidney cyst 24.0 mm, 14 HU (B Yes); r25_163 liver volume (spleen's cited);
# r25_082 no colonic lesion; r25_145 P/S 0.90: not fatty; r25_051 no pancreatic lesion; r25_069 largest kidney lesion
# widest on slice 24; r25_045 liver 2119.1 + spleen 197.8 mL (2316.96 mL); r25_267 pancreas 49.9 mL, 100.0 HU, no
# lesion; r25_030 kidney lesions 42.4 mm right, 24.0 mm left; r25_043 L/S 1.07, liver 110.0 HU (D no fatty liver);
# r25_124 one 32 HU pancreatic body lesion: no PNET; r25_260 P/S ratio options A 0.88 ... (no unit).
WRONG = [
    ("r25_221", "D", "D. Yes, hepatomegaly: the liver volume is 1800 cm³."),
    ("r25_187", "A", "A: the right kidney is smaller, the difference being 10%."),
    ("r25_224", None, "Yes - 3 lesions in the liver, the biggest 3.19 times the next."),
    ("r25_222", "D", "D. The two kidneys are the same size."),
    ("r25_242", None, "The lesion's mean attenuation is... -47.3 HU was the mean density of the pancreatic lesion."),
    ("r25_255", "A", "A. 71.4 cm³ represents the volume of the pancreatic mass."),
    ("r25_185", "A", "A (0.88) - the ratio 0.884 sits under a 0.9 threshold, so fatty pancreas."),
    ("r25_005", "B", "B. Yes - a renal cyst in the right kidney measuring 42.4 mm (134 HU)."),
    ("r25_030", None, "Yes: a 42.4 mm lesion in the left kidney and a 24.0 mm one in the right kidney."),
]
RIGHT = [
    ("r25_082", None, "FINDINGS: No focal colonic lesion (count 0). IMPRESSION: No colonic mass."),
    ("r25_145", None, "The pancreas is not fatty (P/S 0.90, above 0.7)."),
    ("r25_051", None, "The number is zero: no pancreatic lesion was found."),
    ("r25_069", None, "24 (0-based axial index)"),
    ("r25_044", None, "0 lesions (head 0; body 0; tail 0)."),
    ("r25_045", None, "2119.1 + 197.8 = 2316.9 mL"),
    ("r25_137", "D", "D — yes; the liver (2119.1 mL) is above the 1800 cm³ limit by about 319 mL."),
    ("r25_202", "C", "C. Left kidney: 199.9 - 171.7 = 28.2 mL more than the right."),
    ("r25_260", "A", "A"),
    ("r25_267", None, "No pancreatic lesion (count 0); the pancreas measures 49.9 mL with a mean of 100.0 HU."),
    ("r25_030", None, "Yes. Two kidney lesions: 42.4 mm (right kidney) and a 24.0 mm lesion in the left kidney."),
    ("r25_043", "D", "D: not fatty - L/S 1.07 and liver 110.0 HU, both above their cut-offs."),
    ("r25_124", None, "No\n- pancreatic lesions: 1 (body)\n- 32.0 HU against 100.1 HU for the pancreas"),
]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25h", base, text, choice)).consistent


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25h", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


# reviewer25i (suite AG): r25_062 spleen 126.518 HU, options A 164.3 / B 126.4 / C 189.6 / D 94.8 HU (another author's
# rounding); r25_004 |lesion - liver| 53.051 HU, option C 53.0 HU; r25_107 liver/spleen ratio 0.874 (B fatty liver);
# r25_136 largest-to-second 14.11 / 6.42 mL = 2.197 (D no outlier); r25_230 left 145.1, right 137.2 mL (C left);
# r25_185 / r25_087 pancreas/spleen 0.938, no steatosis below 0.70; r25_220 spleen 595.3 mL (splenomegaly > 314.5 mL);
# r25_083 cyst 13.5 HU: mucinous, not a pseudocyst (> 14.5 HU).
WRONG_25I = [
    ("r25_107", "B", "B. Fatty liver: the spleen-to-liver ratio is 0.874."),
    ("r25_136", "D", "D, no: the second/largest volume ratio is 2.197."),
    ("r25_230", "C", "C: the left is larger (right:left volume ratio 1.06)."),
    ("r25_185", None, "No - the pancreas to spleen attenuation ratio is 0.70, so no steatosis."),
    ("r25_220", None, "Yes, the spleen volume is 314.5 mL: splenomegaly."),
    ("r25_062", "B", "B - the spleen measures 130.0 HU."),
]
RIGHT_25I = [
    ("r25_062", "B", "B"),
    ("r25_062", "B", "Option B: 126.4 HU"),
    ("r25_004", "C", "C (53.0 HU)"),
    ("r25_107", "B", "B: liver/spleen attenuation ratio 0.874, below 1.0."),
    ("r25_230", "C", "C - left/right volume ratio 1.06."),
    ("r25_185", None, "No: the pancreas/spleen ratio of 0.938 is above the 0.70 cut-off."),
    ("r25_087", None, "The pancreas is not fatty (ratio 0.938 to the spleen)."),
    ("r25_083", None, "The cyst's attenuation (13.5 HU) does not favour a pseudocyst."),
]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG_25I)
def test_a_wrong_answer_of_set_25is_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25i", base, text, choice)).consistent


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT_25I)
def test_a_correct_answer_of_set_25is_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25i", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
