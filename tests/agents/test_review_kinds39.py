"""Kinds reviewer set 25q showed the reviewer misjudging at the start of session 39, each varied here in our own words
on the set's saved results (clinorch's own right answers on a `bench make-suite` suite, rewritten).

Correct answers it flagged: the question restated before the answer ("Q: ... A: 28"); the answer introduced ("Looking
at the measurements, my answer is No. Here is why: ..."); findings that only name the quantity and an impression that
gives its value ("FINDINGS: (kidney lesion count) / IMPRESSION: 1."); a labelled answer line over its per-segment basis;
the heavier side named before a bracket giving both sides' values; a text that refers to its option by the letter
chosen ("..., which is option D (0)"). Wrong answers it approved: a verdict on the liver's size resting on the spleen's
volume only; the caudate lobe (segment 1) named where segment 6 holds the lesions; a letter whose text begins with
another option's label ("D - Segment 6" where D is Segment 2).
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# r25q_055 liver lesion-organ HU difference 0.43 HU; r25q_077 largest liver lesion slice 28; r25q_290 one kidney lesion;
# r25q_099 no kidney tumour (one cyst); r25q_131 portal hypertension (spleen 398.0 mL); r25q_137 two liver lesions, both
# in segment 7; r25q_060 kidney lesion volume left 0, right 14.7 mL; r25q_184 no lesion in segment 1 (A 1 / B 3 / C 2 /
# D 0); r25q_115 pancreas 38.4 mL, not enlarged (A Yes / B No); r25q_015 liver 989.1 mL, spleen 398.0 mL, liver not
# enlarged; r25q_164 / r25q_296 liver lesions most in segment 6 (r25q_296: A Segment 6 / B Segment 1 / C Segment 4 /
# D Segment 2).
RIGHT = [
    ("r25q_055", None, "Q: What is the HU difference between the largest liver lesion and the liver? A: 0.4 HU."),
    ("r25q_077", None, "Q: On which slice is the largest liver lesion widest. A: slice 28"),
    ("r25q_099", None, "Having gone through the numbers, my answer is No. The reason: kidney tumour count 0."),
    ("r25q_131", None, "After review, the answer would be Yes. Because: spleen volume 398.0 mL."),
    ("r25q_290", None, "FINDINGS: (number of renal lesions)\nIMPRESSION: 1 lesion."),
    ("r25q_077", None, "FINDINGS: slice of the greatest diameter of the largest liver lesion\nIMPRESSION: 28"),
    ("r25q_137", None, "- Answer: segment 7\n- Basis: segment 1: 0; segment 2: 0; segment 6: 0; segment 7: 2"),
    ("r25q_137", None, "\n* Final answer: Segment 7\n* Reasoning: segment 1: 0; segment 7: 2"),
    ("r25q_060", None, "Right kidney (left 0.0 mL of lesion volume, right 14.7 mL)."),
    ("r25q_184", "D", "D. Segment 1 holds 0 liver lesions, which is option D."),
    ("r25q_115", "B", "B. Pancreas 38.4 mL, below the enlargement limit - that is option B, No."),
]
WRONG = [
    ("r25q_015", None, "No. The spleen measures 398.0 mL."),
    ("r25q_015", None, "Not enlarged (spleen volume 398 mL)."),
    ("r25q_164", None, "The caudate lobe."),
    ("r25q_164", None, "Caudate segment of the liver."),
    ("r25q_296", "D", "D — Segment 6: two lesions there."),
    ("r25q_296", "B", "B. Segment 4 (one lesion)."),
    ("r25q_184", "A", "A. Segment 1 holds 0 liver lesions, which is option D."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25q", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25q", base, text, choice)).consistent


def test_the_liver_volume_itself_passes() -> None:
    """The organ asked measured: the verdict rests on its own volume."""
    verdict = review_result(rewritten("reviewer25q", "r25q_015", "No: liver 989.1 mL.", None))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
