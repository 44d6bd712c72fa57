"""Kinds of answer reviewer set 25l (session 34) first showed the reviewer misjudging, each varied here in our own
words on 25l's saved results (suite AJ: another author's phantoms and questions).

Correct answers it flagged: a letter followed by a comma ("B, no ..."); one value said of several organs listed
("kidneys, pancreas and colon 0 %") beside an organ whose value rounds to it; one lesion called the threshold of
"present"; a side said larger than the other with the volumes in brackets between; "more than 180°" after the SMA's
contact where another vessel of the criterion has none; "The left kidney has no lesions" as a count; "Renal cysts
present"; "the scan does not show any ..." as a no; "relative size" read as a size asked; a share worked as "4/6 =
67 %"; a sum said before its parts in brackets ("389.9 mL (200.7 + 189.2)"); a vessel named whose measured contact
the answer did not cite; JSON keys naming their own organ beside an "organ" field; the segment set against after "vs".
Wrong answers it missed: an option equal to one part of a sum asked ("the spleen volume" for the combined volume),
"Both kidneys are about the same size" of unequal kidneys, "several additional satellite nodules" beside one lesion.
Wrong answers of the same shapes stay flagged.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25l: r25l_010 no colon lesion (A Yes / B No); r25l_024 burden: liver 0.24 %, kidneys, pancreas and colon 0 %
# (C Liver); r25l_066 two liver lesions; r25l_102 right kidney 175.2 mL, left 94.7 mL; r25l_115 pancreatic tumour, SMA
# 360 degrees, celiac 0 (A Unresectable); r25l_134 left kidney: no lesion (a count asked); r25l_164 three kidney cysts
# among four lesions; r25l_196 six liver lesions, busiest segment 2, top two 4 (widely distributed); r25l_236 kidney
# lesions 33.6 mL in 200.7 + 189.2 mL, 8.62 % (C); r25l_238 pancreatic mass, no vessel contact (resectable);
# r25l_242 lesion volume kidneys 12.3 mL, pancreas 1.5 mL, liver 0 (C Kidneys); r25l_270 no kidney lesion; r25l_299
# liver lesion volume segment VII 3.0 mL, segment III 0.9 mL (C segment VII, B segment III); r25l_240 liver 561.3 +
# spleen 650.2 = 1211.5 mL (C 1211.5 mL, D 647.0 mL); r25l_252 right kidney 175.2 mL, left 94.7 mL; r25l_307 one liver
# lesion (D 1).
RIGHT = [
    ("r25l_010", "B", "B, the colon holds no lesion."),
    ("r25l_024", "C", "C. The liver (0.24 %); the kidneys, the pancreas and the colon are all at 0 %."),
    ("r25l_066", None, "Yes. Two liver lesions, above the threshold of 1 lesion for calling one present."),
    ("r25l_102", None, "Asymmetric: the right kidney (175.2 mL) is clearly larger than the left (94.7 mL)."),
    ("r25l_115", "A", "A - the mass wraps the SMA through 360°, more than 180°, so it is locally advanced."),
    ("r25l_134", None, "The left kidney shows no lesions."),
    ("r25l_164", None, "Kidney cysts are present: three of the four renal lesions."),
    ("r25l_270", None, "The CT does not show any kidney lesion."),
    ("r25l_196", None, "Widely distributed: 2/6 = 33 % in the busiest segment and 4/6 = 67 % in the top two."),
    ("r25l_236", "C", "C. 33.6 mL of lesion over 389.9 mL of kidney (200.7 + 189.2) = 8.62 %."),
    ("r25l_238", None, "Resectable: no contact with the SMA, the celiac trunk or the portal vein (0° each)."),
    ("r25l_242", "C", '{"answer": "C", "organ": "Kidneys", "kidney_lesion_mL": 12.3, "pancreas_lesion_mL": 1.5}'),
    ("r25l_299", "C", "C. Segment VII holds 3.0 mL of lesion, vs 0.9 mL in segment III."),
]
WRONG = [
    ("r25l_024", "C", "C. The liver (0.24 %); the kidneys, the pancreas and the colon are all at 5 %."),
    ("r25l_066", None, "No. Two liver lesions, below the threshold of 1 lesion for calling one present."),
    ("r25l_102", None, "Asymmetric: the left kidney (94.7 mL) is clearly larger than the right (175.2 mL)."),
    ("r25l_134", None, "The right kidney shows no lesions, the left has 2."),
    ("r25l_270", None, "The CT shows a kidney lesion."),
    ("r25l_196", None, "Widely distributed: 2/6 = 33 % in the busiest segment and 5/6 = 67 % in the top two."),
    ("r25l_236", "C", "C. 33.6 mL of lesion over 412.9 mL of kidney (200.7 + 189.2) = 8.62 %."),
    ("r25l_299", "B", "B. Segment III holds 0.9 mL of lesion, vs 3.0 mL in segment VII."),
    ("r25l_240", "D", "D. 647.0 mL, which is the spleen's volume."),
    ("r25l_252", None, "Both kidneys are roughly the same size."),
    ("r25l_307", "D", "D. One liver lesion, with multiple further small nodules around it."),
]


BULLETED = "* Liver mean attenuation: 34.0 HU\n* Below 40 HU → moderate to severe steatosis\n* Answer: {}"


@pytest.mark.parametrize(("choice", "right"), [("B", True), ("C", False), ("A", False)])
def test_a_bulleted_letter_is_held_to_the_verdict_drawn_before_it(choice: str, right: bool) -> None:
    """reviewer25k r25k_002: liver 34.0 HU, options "No fatty liver / Fatty liver, moderate to severe / Fatty liver,
    mild": the verdict after the arrow names option B in other words (25j's r25j_191 kind)."""
    verdict = review_result(rewritten("reviewer25k", "r25k_002", BULLETED.format(choice), choice))
    assert verdict.consistent is right, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25l", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25l", base, text, choice)).consistent
