"""Kinds reviewer set 25p showed the reviewer misjudging at the start of session 38, each varied here in our own words
on the set's saved results (suite AN: another author's phantoms, clinorch's own right answers rewritten).

Correct answers it flagged: a grade answering "Fatty liver? If so, what degree?" (the later part read as asking an HU);
a distance said between its two ends ("the stomach - the lesion sits 1.3 mm from it"); "nothing can be an outlier"
read as stating one; "a cyst rather than a solid mass" read as the solid label. Wrong answers it approved: an organ
named as the heaviest lesion burden where no organ compared has a lesion; a perforation with free air beside a colon
tumour no measurement reports; "can neither be confirmed nor excluded" of a question the evidence decides.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# r25p_011 mild fatty liver (no choices); r25p_024 stomach 1.3 mm from the largest liver lesion; r25p_112 no liver lesion,
# outlier asked (A No / B Yes); r25p_197 one pancreatic lesion of 4.4 HU, PDAC asked (A Yes / B No); r25p_041 no lesion
# in liver, kidneys or pancreas (A none / B pancreas / C liver / D kidneys); r25p_103 a colon tumour (yes); r25p_226 no
# PDAC (a cyst).
RIGHT = [
    ("r25p_011", None, "Yes - mild."),
    ("r25p_011", None, "Mild steatosis of the liver."),
    ("r25p_024", None, "The stomach: the largest liver lesion lies 1.3 mm from it."),
    ("r25p_024", None, "Stomach (1.3 mm between the stomach and the dominant liver lesion)."),
    ("r25p_112", "A", "A - no liver lesions were found, so nothing qualifies as an outlier."),
    ("r25p_112", "A", "No. With a lesion count of 0 nothing could be an outlier."),
    ("r25p_197", "B", "B - the single pancreatic lesion measures 4.4 HU: a cyst, rather than a solid mass."),
    ("r25p_197", "B", "No; fluid density (4.4 HU), i.e. a cyst instead of a solid tumour."),
    ("r25p_041", "A", "A - none of these organs has a lesion (all counts 0)."),
]
WRONG = [
    ("r25p_011", None, "Severe fatty liver."),
    ("r25p_041", "D", "D. Kidneys"),
    ("r25p_041", "B", "B — the pancreas carries the most tumour."),
    ("r25p_103", None, "Yes: a colon tumour, with a perforation."),
    ("r25p_103", None, "Yes, colonic tumour; pneumoperitoneum noted."),
    ("r25p_103", None, "Yes - colon tumour with a pericolic abscess."),
    ("r25p_226", None, "PDAC can neither be confirmed nor ruled out on this study."),
    ("r25p_226", None, "Neither confirmed nor excluded."),
    ("r25p_197", "A", "A - the single pancreatic lesion measures 4.4 HU: a solid mass rather than a cyst."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25p", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25p", base, text, choice)).consistent
