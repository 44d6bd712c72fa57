"""Kinds left from reviewer set 21 (session 22's independent author), each varied in wordings of our own over set 21's
saved results (tests/data/fresh/reviewer21): correct rewrites the attending must pass (a report's organ section label,
a list field naming the organ asked, a count word heading what it lists, a bare number on the "density scale
(Hounsfield units)", a category's cut-off named beside the chosen option, "normal" to a question asked as "within the
normal range?", two lesions' volumes added) and the same sentences made wrong, which it must flag; every lesion called
a cyst where one measures outside the simple-cyst band.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten


def _item(base: str, text: str, choice: str | None = None) -> CaseResult:
    return rewritten("reviewer21", base, text, choice)


# no liver lesion (r21_127); spleen 118 HU (r21_028); left kidney 2 lesions (r21_134); liver 43 HU (r21_008); spleen
# 798 mL, options A=Severe B=Moderate C=Mild D=Normal (r21_264); pancreas 69 mL normal, A=Yes, normal B=No, enlarged
# C=No, atrophic (r21_018); liver lesions 14.9 + 2.4 = 17.3 mL (r21_257); kidney lesions 2, one of 62 HU (r21_325);
# pancreas 66 HU, spleen 112 HU (r21_202); 4 liver lesions, 2 in segment 7, the top two segments hold 3, options
# A=Highly clustered B=Somewhat clustered C=Widely distributed (r21_229);
# left kidney 2 lesions (47.7 HU solid, 3.8 HU cyst), right 1 (7.3 HU) (r21_275); left 1 cyst, right 1 of 62 HU (r21_288)
RIGHT = [
    ("r21_127", None, "Hepatic: No focal lesion is seen."),
    ("r21_127", None, "Liver - no lesion identified."),
    ("r21_028", None, "* Structure: Spleen\n* Mean HU: 118"),
    ("r21_028", None, "Spleen: 118 HU."),
    ("r21_134", None, "Two, a cyst and a solid lesion."),
    ("r21_134", None, "Two - one solid, one cystic."),
    ("r21_008", None, "Roughly 43 on the Hounsfield scale."),
    ("r21_264", "B", "B: Moderate - 798 mL sits just below the 800 mL threshold for severe."),
    ("r21_264", "B", "Moderate (B); 798 mL is under the severe cut-off of 800 mL."),
    ("r21_018", "A", "A: Normal, 69 mL."),
    ("r21_257", None, "17.3 mL: 14.9 mL in the bigger lesion + 2.4 mL in the other one."),
    ("r21_275", None, "Two. The left kidney holds 1 solid tumour and 1 cyst."),
    ("r21_202", None, "Pancreas 66 HU, roughly 0.59 of the spleen's 112 HU."),
    ("r21_229", "B", "B: Somewhat clustered - the two most involved segments hold 3 of 4."),
    ("r21_275", None, "2 - one solid mass and one simple cyst, in the left kidney."),
    ("r21_288", None, "Two kidney lesions.\n* Right kidney: 1 (62 HU, indeterminate)\n* Left kidney: 1 (cyst)"),
]
WRONG = [
    ("r21_127", None, "Hepatic: a focal lesion is seen."),
    ("r21_127", None, "Spleen: no lesion identified; liver lesions present."),
    ("r21_028", None, "* Structure: Spleen\n* Mean HU: 148"),
    ("r21_028", None, "* Structure: Liver\n* Mean HU: 118"),
    ("r21_134", None, "Three, two cysts and a solid lesion."),
    ("r21_134", None, "One - a cyst."),
    ("r21_008", None, "Roughly 53 on the Hounsfield scale."),
    ("r21_264", "A", "A: Severe - 798 mL sits just below the 800 mL threshold for severe."),
    ("r21_018", "B", "B: Normal, 69 mL."),
    ("r21_257", None, "27.3 mL: 24.9 mL in the bigger lesion + 2.4 mL in the other one."),
    ("r21_325", None, "Two lesions, both cysts."),
    ("r21_325", None, "2 kidney lesions; all simple cysts."),
    ("r21_275", None, "Three. The left kidney holds 2 solid tumours and 1 cyst."),
    ("r21_202", None, "Pancreas 66 HU, roughly 0.69 of the spleen's 112 HU."),
    ("r21_229", "B", "B: Somewhat clustered - the two most involved segments hold 4 of 4."),
    ("r21_229", "B", "B: Somewhat clustered - the two most involved segments hold 3 of 5."),
    ("r21_202", None, "Pancreas 66 HU, roughly 0.59 of the spleen's 122 HU."),
    ("r21_288", None, "Two kidney lesions.\n* Right kidney: 1 (72 HU, indeterminate)\n* Left kidney: 1 (cyst)"),
    ("r21_288", None, "Two kidney lesions.\n* Right kidney: 2\n* Left kidney: 1 (cyst)"),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_rewrite_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_rewrite_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(base, text, choice)).consistent
