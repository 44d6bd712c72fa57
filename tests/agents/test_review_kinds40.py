"""Kinds reviewer set 26q showed the reviewer misjudging at the start of session 40, each varied here in our own words
on the set's saved results (clinorch's own right answers on a `bench make-suite` suite, rewritten).

Correct answers it flagged: numbered steps ("1) Measured: ... / 2) Conclusion: No."), whose step numbers it read as
values and whose first step as the headline (`presentation.unnumbered`); an answer given in a courtesy sentence
("Okay, ..., I'd say: Right kidney. The numbers behind that: ...", `presentation.COURTESY`, `base.ANSWER_LEAD`); an
answer line over a list of other organs' values ("Pancreas / - liver lesion tumor burden 1.9 % / ..."), read as the
list's heading; a percentage also given as its fraction of one ("7.04 % (a fraction of 0.0704)"); a cut spleen's lower
bound held against the splenomegaly cut-off. Wrong answer it approved: the lesion's own mean HU chosen for its
difference from the organ ("A - 19.0 HU: largest liver lesion mean attenuation about 20 HU" where the difference is
34 HU, option B: `choices._difference_option`).
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# r26q_135 no PNET (pancreas lesion count 0); r26q_111 pancreatic T2 (26.8 mm); r26q_047 no colon lesion; r26q_086 /
# r26q_238 the right kidney carries the lesion volume (left 0.0 mL); r26q_032 liver/spleen ratio 0.60; r26q_048 the
# pancreas has the largest share (44.7 %; liver 1.9 %); r26q_092 kidney burden 7.04 % (A 17.60 / B 4.93 / C 7.04 /
# D 3.87 %); r26q_204 portal hypertension, spleen cut at >= 974.6 mL; r26q_258 lesion-liver difference 34.0 HU (A 19.0 /
# B 34.0 / C 26.0 / D 9.0 HU), the lesion itself 19.9 HU.
RIGHT = [
    ("r26q_135", None, "1) Pancreas lesions counted: 0.\n2) Answer: No."),
    ("r26q_111", None, "1. Largest pancreas lesion diameter 26.8 mm.\n2. Conclusion: T2."),
    ("r26q_047", None, "1) colon lesion count 0\n2) verdict: No"),
    ("r26q_086", None, "Okay, having looked at it, I would say: Right kidney. The values behind it: kidney lesion volume "
                       "in kidney left 0.0 mL; kidney lesion volume in kidney right 5.6 mL."),
    ("r26q_032", None, "Alright, I'd say: 0.60. liver/spleen attenuation ratio."),
    ("r26q_048", None, "Pancreas\n* liver lesion tumor burden 1.9 %\n* pancreas lesion tumor burden 44.7 %"),
    ("r26q_238", None, "Right kidney\n- kidney lesion volume in kidney left: 0.0 mL\n- kidney lesion volume in kidney right: "
                       "14.9 mL"),
    ("r26q_092", "C", "C — 7.04 % (as a decimal fraction, 0.0704)."),
    ("r26q_204", None, "Yes. The spleen is cut by the scan's edge; its measured part alone, at least 974.6 mL, is above the "
                       "314.5 mL cut-off of dtvqa-portal-hypertension."),
    ("r26q_258", "B", "B — 34.0 HU: the mass is about 34 HU below the liver."),
]
WRONG = [
    ("r26q_135", None, "1) Measured: pancreas lesion count 0.\n2) Conclusion: Yes."),
    ("r26q_111", None, "1) Measured: largest pancreas lesion diameter 26.8 mm.\n2) Conclusion: T3."),
    ("r26q_086", None, "Okay, having gone through it all, I'd say: Left kidney. The numbers behind that: kidney lesion "
                       "volume in kidney left 0.0 mL; kidney lesion volume in kidney right 5.6 mL."),
    ("r26q_032", None, "Okay, I'd say: 0.70. liver/spleen attenuation ratio."),
    ("r26q_048", None, "Liver\n- liver lesion tumor burden 1.9 %\n- pancreas lesion tumor burden 44.7 %"),
    ("r26q_238", None, "Left kidney\n- kidney lesion volume in kidney left: 0.0 mL\n- kidney lesion volume in kidney right: "
                       "14.9 mL"),
    ("r26q_092", "C", "C — 7.04 % (a fraction of 0.0804)."),
    ("r26q_258", "A", "A — 19.0 HU: the lesion's own mean attenuation."),
    ("r26q_258", "D", "D — 9.0 HU difference from the liver."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer26q", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer26q", base, text, choice)).consistent
